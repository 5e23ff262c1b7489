"""funnel.changes: what changed in the pipeline between two imports six weeks apart, per rep
and for the team, against a computation written here in plain Python."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from salescoach.funnel.changes import CHANGE_KINDS, DealChange, pipeline_changes
from salescoach.models import Deal, FunnelSettings

SETTINGS = FunnelSettings()
STAGES = ["prospects", "meetings", "proposals"]
REPS = ["alice", "bob", "cara"]
BEFORE = date(2026, 9, 1)
BETWEEN = date(2026, 9, 22)
AFTER = date(2026, 10, 13)  # six weeks after BEFORE


def _pipeline(seed: int) -> tuple[list[Deal], list[Deal], list[Deal]]:
    """Three imports of one pipeline (before, three weeks later, six weeks later): every deal
    meets a random fate, some several at once."""
    rng = random.Random(seed)
    before: list[Deal] = []
    between: list[Deal] = []
    after: list[Deal] = []
    for n in range(120):
        rep = rng.choice(REPS)
        stage = rng.choice([*STAGES, "won", "lost"] if n % 10 == 0 else STAGES)
        amount = float(rng.choice([None, 5000, 12000, 40000, 80000]) or 0) or None
        created = BEFORE - timedelta(days=rng.randint(10, 200))
        closed = BEFORE - timedelta(days=3) if stage in ("won", "lost") else None
        expected = None if closed or n % 7 == 0 else BEFORE + timedelta(days=rng.randint(5, 90))
        owner = rep.title()
        deal = Deal(f"D{n}", rep, owner, stage, amount, created, closed, f"Deal {n}", expected)
        before.append(deal)
        fate = rng.choice(["same", "won", "lost", "gone", "move", "push", "amount", "mixed"])
        mid, end = deal, deal
        if stage in ("won", "lost"):
            fate = rng.choice(["same", "gone"])
        if fate == "won" or fate == "lost":
            end = deal._replace(stage=fate, closed=AFTER - timedelta(days=2), expected=None)
        elif fate in ("move", "mixed"):
            end = end._replace(stage=rng.choice(STAGES))
        if fate in ("push", "mixed") and deal.expected:
            mid = deal._replace(expected=deal.expected + timedelta(days=rng.choice([-5, 0, 14])))
            end = end._replace(expected=mid.expected + timedelta(days=rng.choice([-3, 0, 30])))
        if fate in ("amount", "mixed") and deal.amount:
            end = end._replace(amount=deal.amount + rng.choice([-2000, 0, 15000]))
        if rng.random() < 0.1:
            end = end._replace(rep=rng.choice(REPS))  # handed to another rep
        if fate != "gone":
            between.append(mid)
            after.append(end)
    for n in range(120, 140):
        rep = rng.choice(REPS)
        stage = rng.choice([*STAGES, "won"])
        closed = AFTER - timedelta(days=1) if stage == "won" else None
        after.append(Deal(f"D{n}", rep, rep, stage, 9000.0, BEFORE, closed, f"Deal {n}"))
    after.append(Deal("OLD", "bob", "Bob", "lost", 100.0, BEFORE, BEFORE - timedelta(days=40)))
    return before, between, after


def _expected_counts(
    before: list[Deal], between: list[Deal], after: list[Deal]
) -> tuple[dict[str, dict[str, int]], dict[str, int], dict[str, int]]:
    """Per rep: the count of every kind, the pushes and the unchanged, as docs/funnel.md
    defines them, by plain loops."""
    old = {d.id: d for d in before}
    mid = {d.id: d for d in between}
    new = {d.id: d for d in after}
    counts = {r: dict.fromkeys(CHANGE_KINDS, 0) for r in REPS}
    pushes = dict.fromkeys(REPS, 0)
    unchanged = dict.fromkeys(REPS, 0)
    closed = ("won", "lost")
    for deal_id in set(old) | set(new):
        b, a = old.get(deal_id), new.get(deal_id)
        if b is None:
            assert a is not None
            if a.stage in closed and a.closed and a.closed <= BEFORE:
                continue
            counts[a.rep]["new"] += 1
            continue
        if b.stage in closed:
            continue
        if a is None:
            counts[b.rep]["gone"] += 1
            continue
        c = counts[a.rep]
        if a.stage in closed:
            c[a.stage] += 1
            continue
        changed = False
        if STAGES.index(a.stage) != STAGES.index(b.stage):
            c["forward" if STAGES.index(a.stage) > STAGES.index(b.stage) else "back"] += 1
            changed = True
        if b.expected and a.expected and a.expected > b.expected:
            c["pushed"] += 1
            changed = True
            m = mid.get(deal_id)
            chain = [x.expected for x in (b, m, a) if x is not None and x.expected]
            pushes[a.rep] += sum(1 for i in range(1, len(chain)) if chain[i] > chain[i - 1])
        if b.amount is not None and a.amount is not None and a.amount != b.amount:
            c["grown" if a.amount > b.amount else "shrunk"] += 1
            changed = True
        if not changed:
            unchanged[a.rep] += 1
    return counts, pushes, unchanged


@pytest.mark.parametrize("seed", [1, 2, 3, 13])
def test_counts_per_rep_and_team_equal_an_independent_computation(seed: int) -> None:
    before, between, after = _pipeline(seed)
    got = pipeline_changes(
        before,
        after,
        SETTINGS,
        before_label="b",
        before_as_of=BEFORE,
        after_label="a",
        after_as_of=AFTER,
        between=[between],
    )
    counts, pushes, unchanged = _expected_counts(before, between, after)
    assert {r: got.reps[r].counts for r in REPS} == counts
    assert {r: got.reps[r].pushes for r in REPS} == pushes
    assert {r: got.reps[r].unchanged for r in REPS} == unchanged
    assert got.team.counts == {k: sum(counts[r][k] for r in REPS) for k in CHANGE_KINDS}
    assert got.team.pushes == sum(pushes.values())
    assert all(got.team.counts[k] for k in CHANGE_KINDS), "the fixture has every kind"
    assert len(got.deals) == len({d.id for d in got.deals})
    values = [d.value for d in got.deals]
    assert values == sorted(values, reverse=True)
    assert got.traceable
    assert got.untraced == 0


def _one(before: Deal | None, after: Deal | None, *between: Deal) -> list[DealChange]:
    return pipeline_changes(
        [before] if before else [],
        [after] if after else [],
        SETTINGS,
        before_label="b",
        before_as_of=BEFORE,
        after_label="a",
        after_as_of=AFTER,
        between=[[d] for d in between],
    ).deals


DEAL = Deal("X1", "alice", "Alice", "proposals", 40000.0, BEFORE, None, "Acme", date(2026, 10, 1))


def test_a_deal_pushed_twice_and_grown_is_one_change_of_two_kinds() -> None:
    mid = DEAL._replace(expected=date(2026, 10, 20))
    after = DEAL._replace(expected=date(2026, 11, 15), amount=55000.0)
    (change,) = _one(DEAL, after, mid)
    assert change.kinds == ("pushed", "grown")
    assert change.pushes == 2
    assert (change.expected_before, change.expected_after) == (date(2026, 10, 1), after.expected)
    assert change.value == 55000.0


def test_a_date_pulled_in_and_pushed_back_later_counts_the_later_moves_only() -> None:
    mid = DEAL._replace(expected=date(2026, 9, 20))
    after = DEAL._replace(expected=date(2026, 10, 5))
    (change,) = _one(DEAL, after, mid)
    assert (change.kinds, change.pushes) == (("pushed",), 1)


def test_value_of_each_kind() -> None:
    (grown,) = _one(DEAL, DEAL._replace(amount=46000.0))
    (shrunk,) = _one(DEAL, DEAL._replace(amount=30000.0))
    (lost,) = _one(DEAL, DEAL._replace(stage="lost", closed=AFTER, amount=None))
    (gone,) = _one(DEAL, None)
    (moved,) = _one(DEAL, DEAL._replace(stage="meetings", amount=30000.0))
    assert [grown.value, shrunk.value, lost.value, gone.value, moved.value] == [
        6000.0,
        10000.0,
        40000.0,
        40000.0,
        30000.0,
    ]
    assert moved.kinds == ("back", "shrunk")


def test_closed_in_both_and_unchanged_are_no_deal_change() -> None:
    won = DEAL._replace(stage="won", closed=BEFORE)
    assert _one(won, won) == []
    assert _one(won, None) == []
    got = pipeline_changes(
        [DEAL],
        [DEAL],
        SETTINGS,
        before_label="b",
        before_as_of=BEFORE,
        after_label="a",
        after_as_of=AFTER,
        reps=["alice", "bob"],
    )
    assert got.deals == []
    assert got.reps["alice"].unchanged == 1
    assert got.reps["bob"].counts == dict.fromkeys(CHANGE_KINDS, 0)


def test_reps_keeps_only_their_deals_by_the_rep_after() -> None:
    handed = DEAL._replace(rep="bob", stage="meetings")
    got = pipeline_changes(
        [DEAL],
        [handed],
        SETTINGS,
        before_label="b",
        before_as_of=BEFORE,
        after_label="a",
        after_as_of=AFTER,
        reps=["alice"],
    )
    assert got.deals == []
    assert got.team.changed == 0
    assert list(got.reps) == ["alice"]


def _lines(deals: list[Deal]) -> list[Deal]:
    """The deals as an export without an ID column stores them: IDs are lines of the file."""
    return [d._replace(id=f"line-{n + 2}") for n, d in enumerate(deals)]


def test_deals_without_ids_are_traced_by_name_and_owner() -> None:
    before = _lines([DEAL, DEAL._replace(name="Birch", stage="meetings")])
    after = _lines(
        [
            DEAL._replace(name="Cedar"),
            DEAL._replace(name="Birch", stage="proposals"),
            DEAL._replace(stage="won", closed=AFTER),
        ]
    )
    got = pipeline_changes(
        before,
        after,
        SETTINGS,
        before_label="b",
        before_as_of=BEFORE,
        after_label="a",
        after_as_of=AFTER,
    )
    assert got.traceable
    assert {(d.name, d.kinds) for d in got.deals} == {
        ("Acme", ("won",)),
        ("Birch", ("forward",)),
        ("Cedar", ("new",)),
    }


def test_a_name_twice_for_one_owner_is_left_out_and_counted() -> None:
    twice = [DEAL._replace(name="Renewal"), DEAL._replace(name="Renewal", amount=1.0)]
    got = pipeline_changes(
        _lines([DEAL, *twice]),
        _lines([DEAL._replace(stage="meetings"), *twice]),
        SETTINGS,
        before_label="b",
        before_as_of=BEFORE,
        after_label="a",
        after_as_of=AFTER,
    )
    assert got.traceable
    assert got.untraced == 4
    assert [(d.name, d.kinds) for d in got.deals] == [("Acme", ("back",))]


def test_deals_without_ids_or_names_cannot_be_traced() -> None:
    nameless = _lines([DEAL._replace(name=""), DEAL._replace(name="", stage="meetings")])
    got = pipeline_changes(
        nameless,
        nameless[:1],
        SETTINGS,
        before_label="b",
        before_as_of=BEFORE,
        after_label="a",
        after_as_of=AFTER,
    )
    assert not got.traceable
    assert got.deals == []
    assert got.team.changed == 0
