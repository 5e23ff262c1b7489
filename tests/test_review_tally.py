"""The column-at-a-time paths of `funnel review` (issue 18) give what the plain ones give: the
tallies (amounts of any sign, negative zero, lost deals with a known last stage, deals closed
after the as-of date or on no day, unknown stages, `--since`) against the deal-by-deal
reference of test_funnel_review_speed, the open deals built through their slots against
`OpenItem(...)`, the sorts by one key at a time against one sort by a tuple, the deals' JSON
against one dict per deal, and the JSON of a list of flat dicts against `json.dumps`."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from salescoach import crm, funnel
from salescoach.funnel.deal_findings import BY_AMOUNT, BY_ID, BY_REP, BY_SINCE, sorted_by
from salescoach.funnel.tally import OpenItem, _open_items, levels
from salescoach.models import LOST, WON, Deal, FunnelSettings, Settings
from salescoach.render.funnel_json import deals_json
from salescoach.render.json_dump import dumps_indented
from salescoach.usecases.funnel_sources import last_seen, unmatched_owners
from tests.test_funnel_review_speed import FUNNEL, SEEN, START, as_reference, reference_tallies

DAY = st.none() | st.integers(0, 60).map(lambda n: START + timedelta(days=n))
AMOUNT = st.none() | st.sampled_from([0.0, -0.0, 1.5, -1.5, 1e16, 3]) | st.floats(-1e6, 1e6)
DEAL = st.builds(
    Deal,
    id=st.sampled_from([f"D{i}" for i in range(30)] + ["line-7"]),
    rep=st.sampled_from(["", "ann", "bob", "cy", "dee"]),
    owner=st.just("Owner"),
    stage=st.sampled_from(["prospecting", "engaging", "proposal", WON, LOST, "unknown"]),
    amount=AMOUNT.filter(lambda a: a is None or a == a),
    created=DAY,
    closed=DAY,
    name=st.sampled_from(["", "Acme"]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(DEAL, max_size=80),
    FUNNEL,
    st.integers(0, 60),
    st.none() | st.integers(0, 60),
    SEEN,
)
def test_the_tallies_are_the_deal_by_deal_counts_to_the_last_bit(
    deals: list[Deal], fs: FunnelSettings, as_of_days: int, since_days: int | None, seen: Any
) -> None:
    """Sums of amounts of any sign (and -0.0) are the deal-by-deal sums bit for bit, and the
    created dates are counted in the deals' order."""
    as_of = START + timedelta(days=as_of_days)
    since = None if since_days is None else START + timedelta(days=since_days)
    got = funnel.tally_deals(deals, fs, as_of=as_of, since=since, last_seen=seen)
    want = reference_tallies(deals, fs, as_of, since, seen)
    assert list(got) == list(want)
    for rep, tally in got.items():
        expected = dict(want[rep])
        expected["firsts"] = min(expected["firsts"], default=None)  # type: ignore[type-var]
        assert as_reference(tally, levels(fs)) == expected
        for value in ("won_value", "lost_value", "open_value"):
            assert repr(getattr(tally, value)) == repr(expected[value])
        assert list(tally.created_on.items()) == list(expected["created"].items())  # type: ignore[attr-defined]
        assert all(type(d) is OpenItem for d in tally.open_deals)


def test_every_kind_of_deal_in_one_import() -> None:
    """Won and lost by the as-of date, closed after it and on no day, open at an unknown
    stage, lost with a last stage seen before won, at won, or unknown; with and without since."""
    fs = FunnelSettings(stages=["prospecting", "engaging", "proposal"], lost_stage="engaging")
    d = date(2024, 3, 1)
    deals = [
        Deal("W1", "ann", "A", WON, 10.0, d - timedelta(9), d - timedelta(1), "w"),
        Deal("W2", "ann", "A", WON, None, None, d - timedelta(2)),
        Deal("W3", "ann", "A", WON, 5.0, d - timedelta(3), d + timedelta(3)),
        Deal("W4", "bob", "B", WON, 7.0, d - timedelta(3), None),
        Deal("L1", "bob", "B", LOST, 2.0, d - timedelta(5), d - timedelta(1)),
        Deal("L2", "bob", "B", LOST, None, d - timedelta(5), d - timedelta(40)),
        Deal("L3", "ann", "A", LOST, -0.0, None, d),
        Deal("L4", "cy", "C", LOST, 1.0, d - timedelta(8), d + timedelta(1)),
        Deal("O1", "cy", "C", "negotiation", 3.0, d - timedelta(1), None, "o"),
        Deal("O2", "", "X", "proposal", None, None, None),
        Deal("F1", "dee", "D", "proposal", 9.0, d + timedelta(1), None),
        *(Deal(f"E{i}", "eve", "E", WON, a, None, d) for i, a in enumerate([1e16, 1.0, 1.0])),
    ]
    seen = {"L1": "proposal", "L2": WON, "L3": "nothing"}
    for since in (None, d - timedelta(10)):
        got = funnel.tally_deals(deals, fs, as_of=d, since=since, last_seen=seen)
        want = reference_tallies(deals, fs, d, since, seen)
        assert list(got) == list(want) == ["ann", "bob", "cy", "", "eve"]
        for rep, tally in got.items():
            expected = dict(want[rep])
            expected["firsts"] = min(expected["firsts"], default=None)  # type: ignore[type-var]
            assert as_reference(tally, levels(fs)) == expected
    assert got["eve"].won_value == 1e16  # added one by one, in order (not math.fsum's 1e16 + 2)
    assert got["bob"].lost_known == 1  # since: only L1 (last seen at proposal) is counted
    assert got["bob"].reached == {"prospecting": 1, "engaging": 1, "proposal": 1, WON: 0}


TEXT = st.sampled_from(["", "a", "b", "line-3", "Ő"])
ITEM = st.builds(
    OpenItem,
    id=TEXT,
    rep=TEXT,
    amount=st.none() | st.sampled_from([0.0, 1.0, 2.5, 1e4, 3e4]),
    stage=st.none() | TEXT,
    since=DAY,
    name=TEXT,
)


@given(st.lists(ITEM, max_size=30))
def test_open_items_built_through_their_slots_are_the_items(items: list[OpenItem]) -> None:
    columns = [[getattr(i, f) for i in items] for f in ("id", "rep", "amount", "stage")]
    columns += [[i.since for i in items], [i.name for i in items]]
    built = _open_items(len(items), columns)
    assert built == items
    assert [(b.label, hash(b), repr(b)) for b in built] == [
        (i.label, hash(i), repr(i)) for i in items
    ]


DATED = st.builds(
    OpenItem,
    id=TEXT,
    rep=TEXT,
    amount=st.sampled_from([-1.0, 0.0, 1.0, 2.5, 1e4]),
    stage=st.none() | TEXT,
    since=st.integers(0, 5).map(lambda n: START + timedelta(days=n)),
    name=TEXT,
)


@given(st.lists(DATED, max_size=40))
def test_sorts_by_one_key_at_a_time_are_the_sort_by_a_tuple(items: list[OpenItem]) -> None:
    assert sorted_by(items, BY_SINCE, BY_REP, BY_ID) == sorted(
        items, key=lambda d: (d.since, d.rep, d.id)
    )
    assert sorted_by(items, BY_AMOUNT, BY_REP, BY_ID, reverse=True) == sorted(
        items, key=lambda d: (-(d.amount or 0), d.rep, d.id)
    )
    assert sorted_by(items, BY_SINCE, BY_ID) == sorted(items, key=lambda d: (d.since, d.id))


class _Team:
    as_of = START + timedelta(days=50)


@given(st.lists(ITEM, max_size=30))
def test_the_deals_json_is_one_dict_per_deal(items: list[OpenItem]) -> None:
    team: Any = _Team()
    assert deals_json(items, team) == [
        {
            "deal": d.id,
            "name": d.name,
            "rep": d.rep,
            "amount": d.amount,
            "stage": d.stage,
            "since": d.since.isoformat() if d.since else None,
            "age_days": (team.as_of - d.since).days if d.since else None,
        }
        for d in items
    ]


SCALAR = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
FLAT = st.dictionaries(st.text(max_size=3), SCALAR, max_size=4)


@given(st.lists(FLAT | SCALAR | st.lists(SCALAR, max_size=2), max_size=6), st.integers(0, 3))
def test_lists_of_flat_dicts_are_written_as_json_dumps_writes_them(
    items: list[Any], depth: int
) -> None:
    data: Any = items
    for _ in range(depth):
        data = {"x": data}
    assert dumps_indented(data, str) == json.dumps(data, indent=2, ensure_ascii=False)
    flat = [d for d in items if isinstance(d, dict)]
    assert dumps_indented(flat, str) == json.dumps(flat, indent=2, ensure_ascii=False)


@given(st.lists(st.lists(DEAL, max_size=20), max_size=3))
def test_last_seen_is_the_deal_by_deal_last_open_stage(imports: list[list[Deal]]) -> None:
    want: dict[str, str] = {}
    for deals in imports:
        for d in deals:
            if d.stage not in (WON, LOST) and not d.id.startswith("line-"):
                want[d.id] = d.stage
    got = last_seen(imports)
    assert list(got.items()) == list(want.items())


OWNED = st.builds(
    Deal,
    id=st.just("D1"),
    rep=st.sampled_from(["", "ann"]),
    owner=st.sampled_from(["", "Zed", "Bot", "Ann"]),
    stage=st.just("prospecting"),
    amount=st.none(),
    created=st.none(),
    closed=st.none(),
)


@given(st.lists(OWNED, max_size=20))
def test_unmatched_owners_are_counted_deal_by_deal(deals: list[Deal]) -> None:
    s = Settings.model_validate(
        {
            "organisation": "X",
            "funnel": {"stages": ["prospecting", "engaging"], "ignore_owners": ["Bot"]},
        }
    )
    ignored = crm.owner_index([], ignore=["Bot"])
    want = Counter(
        d.owner or crm.NO_OWNER
        for d in deals
        if not d.rep and not (d.owner and ignored.match(d.owner).ignored)
    )
    assert "Bot" not in want
    got = unmatched_owners(deals, s)
    assert list(got.items()) == list(want.items())
