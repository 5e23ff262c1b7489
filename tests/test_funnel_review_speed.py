"""The fast paths of `funnel review` (issue 18) count and read exactly what the plain ones do:
the tallies against a deal-by-deal computation written out here, the stored rows read column
by column against the same rows read one at a time (every problem on its line), one team's
review from its reps' deals against the review from every deal, and the funnel package that
imports a submodule only when one of its names is used."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from salescoach import crm, funnel, store
from salescoach.crm.stored import CHUNK_ROWS, NORMALISED_COLUMNS, StoredRows, read_normalised
from salescoach.funnel.tally import Tally, levels, lost_level
from salescoach.models import LOST, WON, Deal, FunnelSettings
from salescoach.render.funnel_json import team_json
from salescoach.usecases.funnel import review_team
from salescoach.usecases.funnel_sources import load_sources

STAGES = ["prospecting", "engaging", "proposal"]
START = date(2024, 1, 1)
DAY = st.none() | st.integers(0, 120).map(lambda n: START + timedelta(days=n))
DEAL = st.builds(
    Deal,
    id=st.sampled_from([f"D{i}" for i in range(30)] + ["line-7"]),
    rep=st.sampled_from(["", "ann", "bob", "cy"]),
    owner=st.just("Owner"),
    stage=st.sampled_from([*STAGES, WON, LOST, "unknown"]),
    amount=st.none() | st.floats(0, 1e6, allow_nan=False),
    created=DAY,
    closed=DAY,
    name=st.sampled_from(["", "Acme"]),
)
SEEN = st.dictionaries(
    st.sampled_from([f"D{i}" for i in range(30)]), st.sampled_from([*STAGES, WON, "x"])
)
FUNNEL = st.builds(
    FunnelSettings,
    stages=st.sampled_from([STAGES, [*STAGES, WON], ["prospecting", WON, "proposal"]]),
    lost_stage=st.sampled_from([None, "engaging", "proposal"]),
)


def reference_tallies(
    deals: list[Deal], fs: FunnelSettings, as_of: date, since: date | None, seen: dict[str, str]
) -> dict[str, dict[str, object]]:
    """Deal by deal, as docs/funnel.md defines the counts."""
    lv = levels(fs)
    out: dict[str, dict[str, object]] = {}
    for d in deals:
        closed_stage = d.stage in (WON, LOST)
        if d.created is not None and d.created > as_of:
            continue
        if closed_stage and d.closed is not None and d.closed <= as_of:
            if since is not None and d.closed < since:
                continue
            status = d.stage
        elif closed_stage and d.closed is None and since is not None:
            continue
        else:
            status = "open"
        t = out.setdefault(d.rep, {"reached": Counter(), "won": 0, "lost": 0, "known": 0,
                                   "won_value": 0.0, "lost_value": 0.0, "open": 0,
                                   "open_value": 0.0, "valued": 0, "cycles": [], "open_deals": [],
                                   "firsts": [], "created": Counter()})  # fmt: skip
        if status == WON:
            top = len(lv) - 1
            t["won"] += 1  # type: ignore[operator]
            t["won_value"] += d.amount or 0.0  # type: ignore[operator]
            if d.created and d.closed:
                t["cycles"].append((d.closed - d.created).days)  # type: ignore[attr-defined]
        elif status == LOST:
            last = seen.get(d.id)
            known = last in lv and lv.index(last) < lv.index(WON)
            top = lv.index(last) if known else lv.index(lost_level(fs))  # type: ignore[arg-type]
            t["lost"] += 1  # type: ignore[operator]
            t["known"] += known  # type: ignore[operator]
            t["lost_value"] += d.amount or 0.0  # type: ignore[operator]
        else:
            if d.stage == WON:
                top = max(0, lv.index(WON) - 1)
            elif d.stage == LOST:
                top = lv.index(lost_level(fs))
            else:
                top = lv.index(d.stage) if d.stage in lv else 0
            t["open"] += 1  # type: ignore[operator]
            if d.amount is not None:
                t["open_value"] += d.amount  # type: ignore[operator]
                t["valued"] += 1  # type: ignore[operator]
            t["open_deals"].append((d.id, d.rep, d.amount, lv[top], d.created, d.name))  # type: ignore[attr-defined]
        for level in lv[: top + 1]:
            t["reached"][level] += 1  # type: ignore[index]
        if d.created or d.closed:
            t["firsts"].append(d.created or d.closed)  # type: ignore[attr-defined]
        if d.created:
            t["created"][d.created] += 1  # type: ignore[index]
    return out


def as_reference(t: Tally, lv: list[str]) -> dict[str, object]:
    return {
        "reached": Counter({k: v for k, v in t.reached.items() if v}),
        "won": t.won,
        "lost": t.lost,
        "known": t.lost_known,
        "won_value": t.won_value,
        "lost_value": t.lost_value,
        "open": t.open,
        "open_value": t.open_value,
        "valued": t.open_valued,
        "cycles": t.cycles,
        "open_deals": [(o.id, o.rep, o.amount, o.stage, o.since, o.name) for o in t.open_deals],
        "firsts": t.first_day,
        "created": t.created_on,
    }


@settings(max_examples=300, deadline=None)
@given(
    st.lists(DEAL, max_size=60),
    FUNNEL,
    st.integers(0, 120),
    st.none() | st.integers(0, 120),
    SEEN,
)
def test_the_tallies_are_the_deal_by_deal_counts(
    deals: list[Deal],
    fs: FunnelSettings,
    as_of_days: int,
    since_days: int | None,
    seen: dict[str, str],
) -> None:
    as_of = START + timedelta(days=as_of_days)
    since = None if since_days is None else START + timedelta(days=since_days)
    lv = levels(fs)
    got = funnel.tally_deals(deals, fs, as_of=as_of, since=since, last_seen=seen)
    want = reference_tallies(deals, fs, as_of, since, seen)
    assert list(got) == list(want)  # reps in the order of their first deal
    for rep, tally in got.items():
        expected = dict(want[rep])
        expected["firsts"] = min(expected["firsts"], default=None)  # type: ignore[type-var]
        assert as_reference(tally, lv) == expected
        assert list(tally.reached) == lv


def _stored(rows: list[list[str]], header: tuple[str, ...] = NORMALISED_COLUMNS) -> str:
    out = io.StringIO()
    out.write("# source: x.csv\n")
    csv.writer(out, lineterminator="\n").writerows([list(header), *rows])
    return out.getvalue()


def _row(i: int) -> list[str]:
    stage = ("won", "lost", "engaging", "prospecting")[i % 4]
    closed = f"2024-02-{1 + i % 28:02d}" if stage in ("won", "lost") else ""
    amount = str(100 + i % 977) if stage != "prospecting" else ""
    return [f"D{i}", f"Deal {i % 7}", "ann", "Ann", stage, amount, "2024-01-05", closed, ""]


def _one_by_one(text: str) -> tuple[list[Deal], list[tuple[int, str, str]]]:
    """The deals and problems of the rows read one at a time (``StoredRows.read``)."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines[1:])
    rows = StoredRows("x", ["prospecting", "engaging"], tuple(next(reader)))
    for offset, row in enumerate(reader):
        rows.read(3 + offset, row)
    return rows.deals, [(p.line, p.code, p.message) for p in rows.problems]


def test_a_large_stored_import_reads_as_its_rows_one_by_one() -> None:
    rows = [_row(i) for i in range(2 * CHUNK_ROWS + 500)]
    rows[7] = [*rows[7][:5], "12x", *rows[7][6:]]  # a bad amount in the first chunk
    rows[CHUNK_ROWS + 3][6] = "2024-02-30"  # a bad date in the second
    rows[CHUNK_ROWS + 4] = rows[CHUNK_ROWS + 4][:-1]  # a short row
    rows[-1][4] = "negotiation"  # an unknown stage in the last chunk
    text = _stored(rows)
    stored, problems = read_normalised(text, "x", ["prospecting", "engaging"])
    deals, expected = _one_by_one(text)
    assert stored is not None
    assert stored.deals == deals
    assert len(deals) == len(rows) - 4
    assert [(p.line, p.code, p.message) for p in problems] == expected
    assert [p.line for p in problems] == [3 + 7, 3 + CHUNK_ROWS + 3, 3 + CHUNK_ROWS + 4,
                                          3 + len(rows) - 1]  # fmt: skip
    assert stored.deals[0] == Deal("D0", "ann", "Ann", "won", 100.0, date(2024, 1, 5),
                                   date(2024, 2, 1), "Deal 0", None)  # fmt: skip


def test_an_older_stored_layout_reads_column_by_column_too() -> None:
    older = ("id", "rep", "owner", "stage", "amount", "created", "closed")
    rows = [[r[0], *r[2:8]] for r in (_row(i) for i in range(50))]
    text = _stored(rows, older)
    stored, problems = read_normalised(text, "x", ["prospecting", "engaging"])
    assert problems == []
    assert stored is not None
    assert stored.deals == _one_by_one(text)[0]
    assert {(d.name, d.expected) for d in stored.deals} == {("", None)}


def test_one_team_from_its_reps_deals_is_the_review_from_every_deal(tmp_path: Path) -> None:
    """What `agenda next` counts (the team's reps' deals) gives the review `funnel review`
    gives the team."""
    root = Path(__file__).resolve().parents[1] / "examples" / "crm-sample"
    layout = store.Layout(root)
    settings = store.require_settings(layout)
    manager = store.require_manager(layout, "cara-losch")
    day = date(2018, 1, 2)
    team = {r.id for r in manager.reps_on(day)}
    every = load_sources(layout, settings, on_or_before=day)
    own = load_sources(layout, settings, on_or_before=day, reps=team)
    assert every is not None
    assert own is not None
    assert set(own.current.tallies) == team & set(every.current.tallies)
    reviews = [review_team(settings, manager, s, [], day, team_on=day) for s in (every, own)]
    assert team_json(reviews[0]) == team_json(reviews[1])
    assert reviews[0].figures.won > 0
    assert own.unmatched == every.unmatched


def test_the_cadence_does_not_load_the_funnel() -> None:
    """`cadence` needs `funnel.rules` only: the package's other modules load on first use."""
    code = (
        "import sys, salescoach.cadence; "
        "print(sorted(m for m in sys.modules if m.startswith('salescoach.funnel')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['salescoach.funnel', 'salescoach.funnel.rules']"


def test_every_name_of_the_funnel_package_is_there() -> None:
    code = (
        "import salescoach.funnel.figures, salescoach.funnel.diagnose\n"
        "from salescoach import funnel\n"
        "from salescoach.funnel import *\n"
        "assert callable(funnel.figures) and callable(funnel.diagnose), 'submodule shadows'\n"
        "print(sorted(n for n in funnel.__all__ if getattr(funnel, n) is not None))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(sorted(funnel.__all__))
    assert funnel.figures.__module__ == "salescoach.funnel.figures"
    assert crm.StoredImport is not None
