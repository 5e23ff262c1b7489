"""The funnel review's loading: the import used at the last review is the baseline of the
pipeline changes, the imports between it and the current one are read for the pushes (and
no other), on CRM exports of one pipeline imported with ``funnel import``."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from salescoach import cadence, store
from salescoach.funnel import TeamReview
from salescoach.funnel.changes import CHANGE_KINDS
from salescoach.usecases.funnel import review_funnel, team_review_for_meeting
from salescoach.usecases.funnel_sources import last_seen, load_sources
from tests.conftest import Run, write

DATA = Path(__file__).resolve().parent / "data" / "changes"
EXPORTS = {
    "2026-08-18": "pipeline-0818.csv",
    "2026-09-01": "pipeline-0901.csv",
    "2026-09-22": "pipeline-0922.csv",
    "2026-10-13": "pipeline-1013.csv",  # six weeks after 2026-09-01
}
TODAY = date(2026, 10, 14)
MANAGER = """\
name: Anna Kovács
level: experienced
style: coaching
reps:
  - {id: alice, name: Alice Smith}
  - {id: bob, name: Bob Jones}
"""
REPS = {"Alice Smith": "alice", "Bob Jones": "bob"}  # Carol Other is no rep
ORDER = {"Prospecting": 0, "Meeting": 1, "Proposal": 2}
CLOSED = {"Closed Won": "won", "Closed Lost": "lost"}


def _import(cli: Run, repo: Path, day: str, folder: Path = DATA) -> None:
    result = cli("--repo", repo, "funnel", "import", folder / EXPORTS[day], "--as-of", day)
    assert result.exit_code == 0, result.stderr


def _held(repo: Path, day: str, *, review: bool) -> None:
    write(repo, f"meetings/anna/{day}.yaml", f"date: {day}\nstatus: held\n")
    if review:
        with open(repo / f"meetings/anna/{day}.yaml", "a", encoding="utf-8") as handle:
            handle.write("funnel_review: true\n")


@pytest.fixture
def pipeline(cli: Run, repo: Path) -> Path:
    """A repository with Anna's team of two and the four exports imported."""
    write(repo, "managers/anna.yaml", MANAGER)
    for day in EXPORTS:
        _import(cli, repo, day)
    return repo


def _rows(day: str, folder: Path = DATA) -> dict[str, dict[str, str]]:
    with open(folder / EXPORTS[day], newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def _independent(
    before_day: str, after_day: str, between: list[str]
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Per rep, the count of every kind and the pushes, from the exports themselves."""
    old, new = _rows(before_day), _rows(after_day)
    mid = [_rows(d) for d in between]
    counts = {r: dict.fromkeys(CHANGE_KINDS, 0) for r in REPS.values()}
    pushes = dict.fromkeys(REPS.values(), 0)
    for deal_id in old.keys() | new.keys():
        b, a = old.get(deal_id), new.get(deal_id)
        rep = REPS.get((a or b or {})["owner"])
        if rep is None:
            continue
        if b is None:
            assert a is not None
            counts[rep]["new"] += 1
        elif b["stage"] in CLOSED:
            continue
        elif a is None:
            counts[rep]["gone"] += 1
        elif a["stage"] in CLOSED:
            counts[rep][CLOSED[a["stage"]]] += 1
        else:
            moved = ORDER[a["stage"]] - ORDER[b["stage"]]
            if moved:
                counts[rep]["forward" if moved > 0 else "back"] += 1
            if a["expected close date"] > b["expected close date"]:
                counts[rep]["pushed"] += 1
                chain = [b] + [m[deal_id] for m in mid if deal_id in m] + [a]
                dates = [x["expected close date"] for x in chain if x["expected close date"]]
                pushes[rep] += sum(dates[i] > dates[i - 1] for i in range(1, len(dates)))
            if int(a["amount"]) != int(b["amount"]):
                counts[rep]["grown" if int(a["amount"]) > int(b["amount"]) else "shrunk"] += 1
    return counts, pushes


def test_changes_since_the_import_of_the_last_review_equal_an_independent_count(
    pipeline: Path,
) -> None:
    _held(pipeline, "2026-09-02", review=True)  # the review used the import of 2026-09-01
    _held(pipeline, "2026-09-30", review=False)
    data = review_funnel(store.Layout(pipeline), today=TODAY)
    (team,) = data.teams
    changes = team.changes
    assert changes is not None
    assert (changes.before, changes.before_as_of) == (
        "funnel/imports/2026-09-01-pipeline-0901.csv",
        date(2026, 9, 1),
    )
    assert changes.after == "funnel/imports/2026-10-13-pipeline-1013.csv"
    counts, pushes = _independent("2026-09-01", "2026-10-13", ["2026-09-22"])
    assert {r: c.counts for r, c in changes.reps.items()} == counts
    assert {r: c.pushes for r, c in changes.reps.items()} == pushes
    assert changes.team.counts == {k: counts["alice"][k] + counts["bob"][k] for k in CHANGE_KINDS}
    assert all(changes.team.counts[k] for k in CHANGE_KINDS), "the fixture has every kind"
    assert {c.rep for c in changes.deals} == {"alice", "bob"}


def test_without_a_review_on_record_the_baseline_is_the_import_before_the_current(
    pipeline: Path,
) -> None:
    _held(pipeline, "2026-09-30", review=False)
    (team,) = review_funnel(store.Layout(pipeline), today=TODAY).teams
    assert team.changes is not None
    assert team.changes.before == "funnel/imports/2026-09-22-pipeline-0922.csv"
    counts, pushes = _independent("2026-09-22", "2026-10-13", [])
    assert {r: c.counts for r, c in team.changes.reps.items()} == counts
    assert {r: c.pushes for r, c in team.changes.reps.items()} == pushes


def test_a_review_after_the_current_import_compares_with_the_import_before(
    pipeline: Path,
) -> None:
    _held(pipeline, "2026-10-13", review=True)
    (team,) = review_funnel(store.Layout(pipeline), today=TODAY).teams
    assert team.changes is not None
    assert team.changes.before == "funnel/imports/2026-09-22-pipeline-0922.csv"


def test_a_review_before_any_import_compares_with_the_import_before(pipeline: Path) -> None:
    _held(pipeline, "2026-08-03", review=True)
    (team,) = review_funnel(store.Layout(pipeline), today=TODAY).teams
    assert team.changes is not None
    assert team.changes.before == "funnel/imports/2026-09-22-pipeline-0922.csv"


def test_as_of_reviews_the_import_of_that_date_against_its_own_baseline(pipeline: Path) -> None:
    _held(pipeline, "2026-08-19", review=True)
    data = review_funnel(store.Layout(pipeline), today=TODAY, as_of=date(2026, 9, 25))
    (team,) = data.teams
    assert team.changes is not None
    assert (team.changes.before, team.changes.after) == (
        "funnel/imports/2026-08-18-pipeline-0818.csv",
        "funnel/imports/2026-09-22-pipeline-0922.csv",
    )
    counts, _pushes = _independent("2026-08-18", "2026-09-22", ["2026-09-01"])
    assert {r: c.counts for r, c in team.changes.reps.items()} == counts


def test_only_the_imports_since_the_review_and_the_previous_are_read(pipeline: Path) -> None:
    _held(pipeline, "2026-09-02", review=True)
    oldest = pipeline / "funnel/imports/2026-08-18-pipeline-0818.csv"
    oldest.write_text("not an import\n", encoding="utf-8")  # read, it would be refused
    (team,) = review_funnel(store.Layout(pipeline), today=TODAY).teams
    assert team.changes is not None
    layout = store.Layout(pipeline)
    settings = store.require_settings(layout)
    sources = load_sources(
        layout, settings, on_or_before=None, last_reviews=[date(2026, 9, 2), None]
    )
    assert sources is not None
    assert sources.chain is not None
    assert sorted(sources.chain.read) == [1, 2, 3]


def test_no_earlier_import_means_no_changes(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", MANAGER)
    _import(cli, repo, "2026-10-13")
    (team,) = review_funnel(store.Layout(repo), today=TODAY).teams
    assert team.changes is None


def test_the_agenda_review_has_the_changes_since_the_last_review(pipeline: Path) -> None:
    _held(pipeline, "2026-09-02", review=True)
    layout = store.Layout(pipeline)
    settings = store.require_settings(layout)
    manager = store.require_manager(layout, "anna")
    meetings = store.require_recent_meetings(layout, "anna", today=TODAY, days=365)
    nm = cadence.next_meeting(manager, meetings, settings, TODAY)
    review = team_review_for_meeting(layout, settings, manager, meetings, nm, TODAY)
    assert review is not None
    assert review.changes is not None
    assert review.changes.before == "funnel/imports/2026-09-01-pipeline-0901.csv"
    counts, _pushes = _independent("2026-09-01", "2026-10-13", ["2026-09-22"])
    assert {r: c.counts for r, c in review.changes.reps.items()} == counts


def test_without_an_id_column_changes_are_traced_by_name_and_owner(
    cli: Run, repo: Path, tmp_path: Path
) -> None:
    write(repo, "managers/anna.yaml", MANAGER)
    folder = tmp_path / "no-ids"
    folder.mkdir()
    for day in ("2026-09-01", "2026-10-13"):
        rows = _rows(day)
        with open(folder / EXPORTS[day], "w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle, lineterminator="\n")
            header = list(next(iter(rows.values())))
            out.writerow(header[1:])
            out.writerows([row[h] for h in header[1:]] for row in reversed(rows.values()))
        _import(cli, repo, day, folder)
    _held(repo, "2026-09-02", review=True)
    (team,) = review_funnel(store.Layout(repo), today=TODAY).teams
    assert team.changes is not None
    assert team.changes.traceable
    counts, pushes = _independent("2026-09-01", "2026-10-13", [])
    assert {r: c.counts for r, c in team.changes.reps.items()} == counts
    assert {r: c.pushes for r, c in team.changes.reps.items()} == pushes
    assert all(c.id.startswith("line-") for c in team.changes.deals)


def test_last_seen_is_the_last_open_stage_of_a_deal_with_an_id() -> None:
    from salescoach.models import Deal

    first = [
        Deal("A", "r", "R", "meetings", 1.0, None, None),
        Deal("line-3", "r", "R", "x", 1, None, None),
    ]
    second = [Deal("A", "r", "R", "proposals", 1.0, None, None)]
    third = [Deal("A", "r", "R", "lost", 1.0, None, date(2026, 1, 1))]
    assert last_seen([first, second, third]) == {"A": "proposals"}


# ---------------------------------------------------------------- how the changes read


def _team(pipeline: Path) -> TeamReview:
    _held(pipeline, "2026-09-02", review=True)
    (team,) = review_funnel(store.Layout(pipeline), today=TODAY).teams
    return team


def test_the_terminal_shows_a_table_per_rep_in_80_columns_and_the_largest_changes(
    pipeline: Path,
) -> None:
    from rich.console import Console

    from salescoach.render.funnel_changes import changes_parts

    team = _team(pipeline)
    console = Console(width=80, record=True, color_system=None)
    for part in changes_parts(team):
        console.print(part)
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == (
        "Pipeline changes since 2026-09-01 (funnel/imports/2026-09-01-pipeline-0901.csv)"
    )
    heading = "Rep New Won Lost Fwd Back Pushed Grown Shrunk Gone"
    assert lines[1].split() == heading.split()
    counts, pushes = _independent("2026-09-01", "2026-10-13", ["2026-09-22"])
    rows = {line.split()[0]: line.split()[-9:] for line in lines[3:6]}
    for name, rep in (("Alice", "alice"), ("Bob", "bob")):
        assert rows[name] == [str(counts[rep][k]) for k in CHANGE_KINDS]
    assert rows["Team"] == [str(counts["alice"][k] + counts["bob"][k]) for k in CHANGE_KINDS]
    total = pushes["alice"] + pushes["bob"]
    assert lines[6] == f"Close dates pushed {total} times in all; 2 open deals unchanged."
    assert lines[7] == "Largest changes"
    text = " ".join(line.strip() for line in lines[8:])
    assert text.count("• ") == 10
    assert text.startswith(
        "• Fjord 11 (OPP-011), Bob Jones: close date pushed 1× (2026-10-02 → 2026-10-23); "
        "amount 85,000 → 93,000 • Acme 45 (OPP-045), Bob Jones: new at proposals (85,000) "
    )
    assert (
        "• Ember 6 (OPP-006), Bob Jones: meetings → prospects; close date pushed 2× "
        "(2026-11-08 → 2026-11-22); amount 60,000 → 68,000 •"
    ) in text
    assert "• Delta 22 (OPP-022), Alice Smith: prospects → lost (68,000) •" in text


def test_markdown_json_and_agenda_lines_of_the_changes(pipeline: Path) -> None:
    from salescoach.render.funnel_changes import changes_json, changes_lines, changes_markdown

    team = _team(pipeline)
    assert team.changes is not None
    counts, pushes = _independent("2026-09-01", "2026-10-13", ["2026-09-22"])
    data = changes_json(team.changes)
    assert data is not None
    assert (data["before"], data["traceable"]) == (
        "funnel/imports/2026-09-01-pipeline-0901.csv",
        True,
    )
    assert {r: {k: c[k] for k in CHANGE_KINDS} for r, c in data["reps"].items()} == counts
    assert data["team"]["pushes"] == pushes["alice"] + pushes["bob"]
    assert data["deals"][0] == {
        "deal": "OPP-011",
        "name": "Fjord 11",
        "rep": "bob",
        "kinds": ["pushed", "grown"],
        "stage_before": "meetings",
        "stage_after": "meetings",
        "amount_before": 85000.0,
        "amount_after": 93000.0,
        "expected_before": "2026-10-02",
        "expected_after": "2026-10-23",
        "pushes": 1,
        "value": 93000.0,
    }
    md = changes_markdown(team)
    assert md[0] == (
        "### Pipeline changes since 2026-09-01 (funnel/imports/2026-09-01-pipeline-0901.csv)"
    )
    total = [counts["alice"][k] + counts["bob"][k] for k in CHANGE_KINDS]
    assert "| **Team** | " + " | ".join(map(str, total)) + " |" in md
    assert md[md.index("Largest changes:") + 2] == (
        "- Fjord 11 (OPP-011), Bob Jones: close date pushed 1× (2026-10-02 → 2026-10-23); "
        "amount 85,000 → 93,000"
    )
    t = team.changes.team.counts
    assert changes_lines(team)[0] == (
        "Since 2026-09-01 (funnel/imports/2026-09-01-pipeline-0901.csv): "
        f"{t['new']} new, {t['won']} won, {t['lost']} lost, {t['forward']} moved forward, "
        f"{t['back']} moved back, {t['pushed']} pushed ({data['team']['pushes']}×), "
        f"{t['grown']} grown, {t['shrunk']} shrunk, {t['gone']} disappeared, 2 unchanged."
    )
    assert len(changes_lines(team)) == 4


def test_changes_that_cannot_be_traced_say_so(cli: Run, repo: Path, tmp_path: Path) -> None:
    from salescoach.render.funnel_changes import changes_lines, changes_markdown

    write(repo, "managers/anna.yaml", MANAGER)
    for day in ("2026-09-01", "2026-10-13"):
        export = tmp_path / f"{day}.csv"
        export.write_text(
            "owner,stage,amount,created,closed\nAlice Smith,Prospecting,100,2026-08-01,\n",
            encoding="utf-8",
        )
        result = cli("--repo", repo, "funnel", "import", export, "--as-of", day)
        assert result.exit_code == 0, result.stderr
    (team,) = review_funnel(store.Layout(repo), today=TODAY).teams
    assert team.changes is not None
    assert not team.changes.traceable
    assert changes_lines(team) == [
        "Since 2026-09-01 (funnel/imports/2026-09-01-2026-09-01.csv): deals have no IDs in "
        "the export: changes cannot be traced."
    ]
    assert "Deals have no IDs in the export: changes cannot be traced." in changes_markdown(team)


# ---------------------------------------------------------------- calls from an activities import

ACTIVITIES = [
    ("a1", "call", "Alice Smith", "2026-08-31", "yes"),  # before the window
    ("a2", "call", "Alice Smith", "2026-09-01", "yes"),  # the window's first day
    ("a3", "call", "Alice Smith", "2026-09-15", "yes"),
    ("a4", "call", "Alice Smith", "2026-09-16", "no"),  # planned, not done
    ("a5", "meeting", "Alice Smith", "2026-09-20", "yes"),
    ("b1", "call", "Bob Jones", "2026-10-01", "yes"),
    ("b2", "call", "Bob Jones", "2026-10-13", "yes"),
    ("b3", "call", "Bob Jones", "2026-10-14", "yes"),  # after the review's date
    ("c1", "call", "Carol Other", "2026-10-02", "yes"),  # no rep
]


def _calls(start: str, end: str) -> dict[str, int]:
    """The done calls per rep dated in [start, end], counted over ``ACTIVITIES``."""
    out = dict.fromkeys(REPS.values(), 0)
    for _id, kind, owner, day, done in ACTIVITIES:
        if kind == "call" and done == "yes" and owner in REPS and start <= day <= end:
            out[REPS[owner]] += 1
    return out


@pytest.fixture
def with_activities(cli: Run, pipeline: Path, tmp_path: Path) -> Path:
    """The pipeline with an activities export as of the current import, and a snapshot with
    calls near it (which the activities win over)."""
    export = tmp_path / "activities.csv"
    rows = "".join(",".join(a) + "\n" for a in ACTIVITIES)
    export.write_text("id,type,owner,date,done\n" + rows, encoding="utf-8")
    result = cli(
        "--repo", pipeline, "funnel", "import", export, "--activities", "--as-of", "2026-10-13"
    )
    assert result.exit_code == 0, result.stderr
    write(
        pipeline,
        "funnel/2026-10-12.yaml",
        "date: 2026-10-12\nreps:\n  alice: {calls: 99}\n  bob: {calls: 98}\n",
    )
    return pipeline


def test_calls_come_from_the_activities_import_in_one_review_interval(
    with_activities: Path,
) -> None:
    (team,) = review_funnel(store.Layout(with_activities), today=TODAY).teams
    assert team.activities_from == "funnel/activities/2026-10-13-activities.csv"
    assert team.calls_from is None
    expected = _calls("2026-09-01", "2026-10-13")  # 42 days (six weeks) before the as-of date
    assert {r.rep: r.figures.calls for r in team.reps} == expected
    assert expected == {"alice": 2, "bob": 2}


def test_since_starts_the_calls_window(with_activities: Path) -> None:
    data = review_funnel(store.Layout(with_activities), today=TODAY, since=date(2026, 9, 16))
    (team,) = data.teams
    assert {r.rep: r.figures.calls for r in team.reps} == _calls("2026-09-16", "2026-10-13")


def test_without_an_activities_import_the_snapshot_calls_stay(pipeline: Path) -> None:
    write(
        pipeline,
        "funnel/2026-10-12.yaml",
        "date: 2026-10-12\nreps:\n  alice: {calls: 99}\n  bob: {calls: 98}\n",
    )
    (team,) = review_funnel(store.Layout(pipeline), today=TODAY).teams
    assert (team.activities_from, team.calls_from) == (None, "funnel/2026-10-12.yaml")
    assert {r.rep: r.figures.calls for r in team.reps} == {"alice": 99, "bob": 98}


def test_a_strategy_recorded_at_the_last_review_comes_back_with_the_deals_movement(
    pipeline: Path,
) -> None:
    write(
        pipeline,
        "meetings/anna/2026-09-02.yaml",
        """\
        date: 2026-09-02
        status: held
        funnel_review: true
        deals:
          - deal: OPP-011
            name: Fjord 11
            rep: bob
            strategy: Bring the CFO in before the proposal.
            resources: Anna joins the call.
            next_step: {do: Book the CFO call, owner: bob, due: 2026-09-10}
        """,
    )
    (team,) = review_funnel(store.Layout(pipeline), today=TODAY).teams
    (view,) = team.strategies
    assert view.strategy.strategy == "Bring the CFO in before the proposal."
    assert view.recorded_on == date(2026, 9, 2)
    assert view.found
    assert view.change is not None
    assert (view.change.id, view.change.kinds) == ("OPP-011", ("pushed", "grown"))
