"""The pipeline changes of every team from two imports keyed once (issue 18) are the changes
that one call per team computes: against the per-team computation written out here, over
deals handed between reps, renamed, without IDs (``line-N``), in the imports between, with
names twice for one owner; and ``team_changes``, whose keyed imports are kept per span."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from salescoach import store
from salescoach.funnel import Source
from salescoach.funnel.changes import (
    PipelineChanges,
    RepChanges,
    _change,
    _keyed,
    _untraced,
    compare_imports,
    pipeline_changes,
)
from salescoach.models import LOST, WON, Deal, FunnelSettings, Settings
from salescoach.usecases.funnel_sources import ImportChain, Sources, StoredDeals, team_changes

FUNNEL = FunnelSettings(stages=["prospects", "meetings", "proposals"])
BEFORE = date(2026, 9, 1)
AFTER = date(2026, 10, 13)
REPS = ["ann", "bob", "cy", "dee", ""]
DAY = st.none() | st.integers(-60, 60).map(lambda n: BEFORE + timedelta(days=n))
DEAL = st.builds(
    Deal,
    id=st.sampled_from([f"D{i}" for i in range(8)] + ["line-2", "line-3"]),
    rep=st.sampled_from(REPS),
    owner=st.sampled_from(["Ann", "Bob", ""]),
    stage=st.sampled_from(["prospects", "meetings", "proposals", WON, LOST, "unknown"]),
    amount=st.none() | st.sampled_from([0.0, 5000.0, 5000.004, 12000.0]),
    created=DAY,
    closed=DAY,
    name=st.sampled_from(["", "Acme", "Birch", "Cedar"]),
    expected=DAY,
)


def _lines(deals: list[Deal]) -> list[Deal]:
    """The deals as an export without an ID column stores them: IDs are lines of the file."""
    return [d._replace(id=f"line-{n + 2}") for n, d in enumerate(deals)]


IMPORT = st.tuples(st.lists(DEAL, max_size=14), st.booleans()).map(
    lambda t: _lines(t[0]) if t[1] else t[0]
)
SHIFT = st.integers(-10, 30)


def _pushed(deals: list[Deal], days: int) -> list[Deal]:
    """The deals of an import some days later, each close date moved by ``days``."""
    return [
        d._replace(expected=d.expected + timedelta(days=days)) if d.expected else d for d in deals
    ]


TEAM = st.none() | st.lists(st.sampled_from([*REPS, "zed"]), max_size=4)


def _per_team(
    before: Sequence[Deal],
    after: Sequence[Deal],
    between: Sequence[Sequence[Deal]],
    reps: Collection[str] | None,
) -> PipelineChanges:
    """One team's changes as ``pipeline_changes`` computed them before the imports were keyed
    once: every import keyed again, the team's keys picked from all of them."""
    out = PipelineChanges("b", BEFORE, "a", AFTER)
    out.reps = {r: RepChanges() for r in reps or ()}
    by_name = _untraced(before) or _untraced(after)
    old, old_left = _keyed(before, by_name)
    new, new_left = _keyed(after, by_name)
    if (before and not old) or (after and not new):
        out.traceable = False
        return out
    out.untraced = sum(1 for d in (*old_left, *new_left) if reps is None or d.rep in reps)
    steps = [_keyed(deals, by_name)[0] for deals in between]
    stages = {stage: i for i, stage in enumerate(FUNNEL.stages)}
    keys: list[Hashable]
    if reps is None:
        keys = list(old.keys() | new.keys())
    else:
        keys = [k for k, a in new.items() if a.rep in reps]
        keys += [k for k, b in old.items() if b.rep in reps and k not in new]
    for key in keys:
        b, a = old.get(key), new.get(key)
        rep = a.rep if a is not None else b.rep if b is not None else ""
        change = _change(b, a, stages, BEFORE, [s.get(key) for s in steps])
        if change is None:
            continue
        target = out.reps.setdefault(rep, RepChanges())
        if change.kinds:
            target.add(change)
            out.team.add(change)
            out.deals.append(change)
        else:
            target.unchanged += 1
            out.team.unchanged += 1
    out.deals.sort(key=lambda c: (-c.value, c.rep, c.name, c.id))
    return out


def _same(got: PipelineChanges, want: PipelineChanges) -> None:
    assert got == want
    assert list(got.reps) == list(want.reps)


@settings(max_examples=400, deadline=None)
@given(
    before=IMPORT,
    after=IMPORT,
    between=st.lists(IMPORT, max_size=2),
    shifts=st.tuples(st.lists(SHIFT, max_size=2), st.none() | SHIFT),
    teams=st.lists(TEAM, min_size=1, max_size=5),
)
def test_every_team_from_imports_keyed_once_is_its_own_call(
    before: list[Deal],
    after: list[Deal],
    between: list[list[Deal]],
    shifts: tuple[list[int], int | None],
    teams: list[list[str] | None],
) -> None:
    between = [*between, *(_pushed(before, n) for n in shifts[0])]  # the same deals, pushed
    after = after if shifts[1] is None else _pushed(before, shifts[1])
    labels = {"before_label": "b", "before_as_of": BEFORE, "after_label": "a", "after_as_of": AFTER}
    compared = compare_imports(before, after, FUNNEL, between=between, **labels)
    for reps in teams:
        want = _per_team(before, after, between, reps)
        _same(compared.for_reps(reps), want)
        _same(pipeline_changes(before, after, FUNNEL, between=between, reps=reps, **labels), want)


@settings(max_examples=150, deadline=None)
@given(
    imports=st.lists(IMPORT, min_size=1, max_size=4),
    asked=st.lists(
        st.tuples(st.none() | st.integers(0, 4), st.lists(st.sampled_from(REPS), max_size=3)),
        min_size=1,
        max_size=5,
    ),
)
def test_team_changes_keeps_the_keyed_imports_of_each_span(
    imports: list[list[Deal]], asked: list[tuple[int | None, list[str]]]
) -> None:
    days = [BEFORE + timedelta(days=14 * i) for i in range(len(imports))]
    chain = ImportChain(
        store.Layout(Path("/nonexistent")),
        Settings(organisation="Acme", funnel=FUNNEL),
        [(day, Path(f"funnel/imports/{day}.csv")) for day in days],
        {i: StoredDeals(f"i{i}", days[i], deals) for i, deals in enumerate(imports)},
    )
    sources = Sources(Source("import", "now", days[-1], None, {}), None, chain=chain)
    for review, reps in asked:
        last_review = None if review is None else days[0] + timedelta(days=14 * review + 1)
        got = team_changes(sources, reps, last_review)
        span = chain.since_review(last_review)
        if not span:
            assert got is None
            continue
        base, now = imports[span[0]], imports[-1]
        want = pipeline_changes(
            base,
            now,
            FUNNEL,
            before_label=f"i{span[0]}",
            before_as_of=days[span[0]],
            after_label=f"i{chain.current}",
            after_as_of=days[-1],
            between=[imports[i] for i in span[1:]],
            reps=reps,
        )
        assert got is not None
        _same(got, want)
