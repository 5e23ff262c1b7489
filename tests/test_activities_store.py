"""Stored activities imports read back (``activities.load_latest``, ``check_activities``),
each rep's done activities of a window (``funnel.activity.count_activities``), and an .xlsx
activity export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescoach import activities, store
from salescoach.errors import InvalidRepo
from salescoach.funnel.activity import ActivityCount, count_activities
from salescoach.models import ACTIVITY_KINDS, Activity
from tests.conftest import Run, write
from tests.test_activities import DATA, MANAGER

HEADER = "id,rep,owner,kind,date,done,subject,deal\n"


def _repo(cli: Run, tmp_path: Path) -> Path:
    root = tmp_path / "fresh"
    assert cli("init", root).exit_code == 0
    write(root, *MANAGER)
    return root


def _store(root: Path, name: str, rows: str, as_of: str) -> None:
    write(root, f"funnel/activities/{name}", f"# as_of: {as_of}\n{HEADER}{rows}")


def test_load_latest_reads_every_file_of_the_latest_date_up_to_a_day(tmp_path: Path) -> None:
    root = tmp_path / "r"
    _store(root, "2026-10-01-calls.csv", "c0,petra-nagy,P,call,2026-09-30,yes,,\n", "2026-10-01")
    _store(root, "2026-11-30-calls.csv", "c1,petra-nagy,P,call,2026-11-02,yes,,\n", "2026-11-30")
    _store(root, "2026-11-30-meetings.csv", "m1,tom-reed,T,meeting,2026-11-03,no,Demo,D\n", "x")
    layout = store.Layout(root)
    latest = activities.load_latest(layout, on_or_before=None)
    assert latest == (
        "funnel/activities/2026-11-30-calls.csv, funnel/activities/2026-11-30-meetings.csv",
        date(2026, 11, 30),
        [
            Activity("c1", "petra-nagy", "P", "call", date(2026, 11, 2), True),
            Activity("m1", "tom-reed", "T", "meeting", date(2026, 11, 3), False, "Demo", "D"),
        ],
    )
    earlier = activities.load_latest(layout, on_or_before=date(2026, 11, 29))
    assert earlier is not None
    assert earlier[:2] == ("funnel/activities/2026-10-01-calls.csv", date(2026, 10, 1))
    assert activities.load_latest(layout, on_or_before=date(2026, 9, 1)) is None
    assert activities.load_latest(store.Layout(tmp_path / "none"), on_or_before=None) is None


def test_a_damaged_stored_file_is_refused_and_checked_line_by_line(tmp_path: Path) -> None:
    root = tmp_path / "r"
    rows = "a,petra-nagy,P,visit,2026-11-02,yes,,\nb,petra-nagy,P,call,2026-11-31,yes,,\n"
    rows += "c,petra-nagy,P,call,2026-11-02,maybe,,\nd,petra-nagy\n"
    _store(root, "2026-11-30-calls.csv", rows, "2026-11-30")
    problems = activities.check_activities(store.Layout(root))
    assert [str(p) for p in problems] == [
        "funnel/activities/2026-11-30-calls.csv:3:1: bad-import kind 'visit' is not one of "
        "call, meeting, email, task, other",
        "funnel/activities/2026-11-30-calls.csv:4:1: bad-import date '2026-11-31' is not a date "
        "(YYYY-MM-DD)",
        "funnel/activities/2026-11-30-calls.csv:5:1: bad-import done 'maybe' is not yes or no",
        "funnel/activities/2026-11-30-calls.csv:6:1: bad-import wrong number of fields",
    ]
    with pytest.raises(InvalidRepo) as refused:
        activities.load_latest(store.Layout(root), on_or_before=None)
    assert refused.value.diagnostics == problems


def test_the_stored_import_reads_back_as_it_was_imported(cli: Run, tmp_path: Path) -> None:
    root = _repo(cli, tmp_path)
    export = DATA / "hubspot-calls.csv"
    result = cli("--repo", root, "funnel", "import", export, "-f", "json")
    assert result.exit_code == 0, result.stderr
    latest = activities.load_latest(store.Layout(root), on_or_before=None)
    assert latest is not None
    rel, as_of, stored = latest
    assert (rel, as_of) == ("funnel/activities/2026-11-26-hubspot-calls.csv", date(2026, 11, 26))
    with export.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(a.id, a.day.isoformat(), a.subject, a.deal) for a in stored] == [
        (r["Record ID"], r["Activity date"][:10], r["Call title"], r["Associated Deal"])
        for r in rows
    ]
    counts = count_activities(stored, start=date(2026, 11, 1), end=date(2026, 11, 30))
    report = json.loads(result.stdout)
    assert {rep: c.calls for rep, c in counts.items()} == {
        rep: c["call"] for rep, c in report["reps"].items()
    }


# ---------------------------------------------------------------- count_activities

REPS = ("petra-nagy", "tom-reed", "")
activity = st.builds(
    Activity,
    id=st.just("x"),
    rep=st.sampled_from(REPS),
    owner=st.just("o"),
    kind=st.sampled_from(ACTIVITY_KINDS),
    day=st.dates(date(2026, 10, 1), date(2026, 12, 31)),
    done=st.booleans(),
)


@given(st.lists(activity, max_size=40), st.dates(date(2026, 10, 1), date(2026, 12, 31)))
def test_count_activities_counts_each_reps_done_activities_of_the_window(
    found: list[Activity], start: date
) -> None:
    end = start + timedelta(days=41)
    counts = count_activities(found, start=start, end=end)
    expected: dict[str, Counter[str]] = {}
    for a in found:
        if a.rep and a.done and start <= a.day <= end:
            expected.setdefault(a.rep, Counter())[a.kind] += 1
    assert set(counts) == set(expected)
    for rep, kinds in expected.items():
        c = counts[rep]
        assert (c.start, c.end) == (start, end)
        assert (c.calls, c.meetings, c.emails, c.tasks, c.other) == tuple(
            kinds[k] for k in ACTIVITY_KINDS
        )
        assert c.total == sum(kinds.values())


def test_an_activity_count_gives_weekly_rates() -> None:
    count = ActivityCount(date(2026, 11, 2), date(2026, 12, 13), calls=30)
    assert (count.weeks, count.per_week(count.calls)) == (6.0, 5.0)


# ---------------------------------------------------------------- an Excel workbook


def test_an_xlsx_activity_export_imports_like_its_csv(cli: Run, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    root = _repo(cli, tmp_path)
    export = DATA / "pipedrive-activities.csv"
    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(export.read_text(encoding="utf-8"))):
        book.active.append(row)
    workbook = tmp_path / "activities.xlsx"
    book.save(workbook)
    result = cli("--repo", root, "funnel", "import", workbook, "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    csv_root = _repo(cli, tmp_path / "csv")
    from_csv = json.loads(cli("--repo", csv_root, "funnel", "import", export, "-f", "json").stdout)
    assert report["sha256"] == hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert (report["profile"], report["done"], report["reps"]) == (
        "pipedrive",
        from_csv["done"],
        from_csv["reps"],
    )


def test_check_reports_a_damaged_stored_activities_file(cli: Run, tmp_path: Path) -> None:
    root = _repo(cli, tmp_path)
    assert cli("--repo", root, "check").exit_code == 0
    _store(root, "2026-11-30-calls.csv", "a,petra-nagy,P,visit,2026-11-02,yes,,\n", "2026-11-30")
    result = cli("--repo", root, "check")
    assert result.exit_code == 1
    assert (
        "funnel/activities/2026-11-30-calls.csv:3:1: bad-import kind 'visit' is not one "
        "of call, meeting, email, task, other\nchecked 3 files: 1 error, 0 warnings\n"
    ) in result.output
