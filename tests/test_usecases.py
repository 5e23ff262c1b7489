"""The daily use cases, called as a library (not through the CLI), on copies of examples/acme:
what each returns, what it writes, and what it refuses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from salescoach import yamlparse
from salescoach.cadence import MoveRefused
from salescoach.errors import InvalidRepo, NotFound, SalescoachError, UsageError
from salescoach.gitops import CommitError
from salescoach.render.calendar import export_ics
from salescoach.store import Layout
from salescoach.usecases import calendar, check, goals, meetings, ratings, schedule
from tests.conftest import write

TODAY = date(2026, 11, 27)  # a Friday; anna-kovacs's last 1:1 was held on Mon 23 Nov
HELD = "meetings/anna-kovacs/2026-11-23.yaml"
PLANNED = "meetings/anna-kovacs/2026-11-30.yaml"


@pytest.fixture
def acme(example: Path) -> Layout:
    """examples/acme, with a planned 1:1 for anna-kovacs on Mon 30 Nov."""
    write(example, PLANNED, "date: 2026-11-30\nstatus: planned\n")
    return Layout(example)


def data(layout: Layout, rel: str) -> dict:  # type: ignore[type-arg]
    node, problems = yamlparse.parse_bytes((layout.root / rel).read_bytes(), rel)
    assert problems == []
    assert node is not None
    return node.plain()  # type: ignore[no-any-return]


# ---------------------------------------------------------------- record_rating


def test_record_rating_goes_to_the_latest_planned_meeting(acme: Layout) -> None:
    recorded = ratings.record_rating(acme, "petra-nagy", 4, note="closed Q4", today=TODAY)
    assert (recorded.rep, recorded.old, recorded.new, recorded.changed) == (
        "petra-nagy",
        None,
        4,
        True,
    )
    assert recorded.manager.id == "anna-kovacs"
    assert recorded.meeting_date == date(2026, 11, 30)
    assert acme.rel(recorded.path) == PLANNED
    assert data(acme, PLANNED)["ratings"] == {"petra-nagy": {"score": 4, "note": "closed Q4"}}


def test_record_rating_again_replaces_the_score_and_keeps_the_note(acme: Layout) -> None:
    day = date(2026, 11, 23)
    recorded = ratings.record_rating(acme, "petra-nagy", 2, day=day, today=TODAY)
    assert (recorded.old, recorded.new, recorded.changed) == (3, 2, True)
    assert data(acme, HELD)["ratings"]["petra-nagy"] == {"score": 2, "note": "96%, steady"}
    same = ratings.record_rating(acme, "petra-nagy", 2, day=day, today=TODAY)
    assert (same.old, same.changed) == (2, False)


def test_record_rating_refusals(acme: Layout) -> None:
    with pytest.raises(UsageError, match="'5' is not a rating"):
        ratings.record_rating(acme, "petra-nagy", 5, today=TODAY)
    with pytest.raises(NotFound, match="no rep 'petra-nagi' in any manager file") as unknown:
        ratings.record_rating(acme, "petra-nagi", 3, today=TODAY)
    assert unknown.value.hint == "did you mean 'petra-nagy'?"
    with pytest.raises(NotFound, match=r"has no 1:1 on 2026-11-24") as missing:
        ratings.record_rating(acme, "petra-nagy", 3, day=date(2026, 11, 24), today=TODAY)
    assert "salescoach agenda next anna-kovacs --write" in (missing.value.hint or "")
    with pytest.raises(NotFound, match="is not a rep of"):
        ratings.record_rating(acme, "petra-nagy", 3, manager_id="gabor-szabo", today=TODAY)
    with pytest.raises(UsageError, match="is not a valid"):
        ratings.record_rating(acme, "../petra", 3, today=TODAY)


def test_record_rating_refuses_a_recent_meeting_with_errors(acme: Layout) -> None:
    write(acme.root, PLANNED, "date: 2026-11-30\nstatus: maybe\n")
    with pytest.raises(InvalidRepo) as caught:
        ratings.record_rating(acme, "petra-nagy", 3, today=TODAY)
    assert {d.path for d in caught.value.diagnostics} == {PLANNED}


def test_commit_rating_outside_git_keeps_the_write(
    acme: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(acme.root.parent))
    recorded = ratings.record_rating(acme, "petra-nagy", 4, today=TODAY)
    with pytest.raises(CommitError, match=r"the rating was written to .*, but it was not"):
        ratings.commit_rating(acme, recorded)
    assert data(acme, PLANNED)["ratings"] == {"petra-nagy": {"score": 4}}


# ---------------------------------------------------------------- ratings_tables


def test_ratings_tables_of_one_manager_one_rep_and_everyone(acme: Layout) -> None:
    (anna,) = ratings.ratings_tables(acme, manager_id="anna-kovacs", last=3, today=TODAY)
    assert anna.manager.id == "anna-kovacs"
    assert anna.dates == [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    petra = next(h for h in anna.reps if h.rep == "petra-nagy")
    assert petra.latest == 3
    (only,) = ratings.ratings_tables(acme, rep_id="petra-nagy", last=3, today=TODAY)
    assert [h.rep for h in only.reps] == ["petra-nagy"]
    assert only.manager.id == "anna-kovacs"
    every = ratings.ratings_tables(acme, today=TODAY)
    assert [t.manager.id for t in every] == [
        "anna-kovacs",
        "gabor-szabo",
        "peter-varga",
        "zsofia-toth",
    ]
    with pytest.raises(NotFound, match="is not a rep of"):
        ratings.ratings_tables(acme, manager_id="gabor-szabo", rep_id="petra-nagy", today=TODAY)


# ---------------------------------------------------------------- goals and actions


def test_grade_goal_then_regrade_then_the_same_again(acme: Layout) -> None:
    graded = goals.grade_goal(acme, "anna-kovacs", "2026-11-23#1", "partly", TODAY)
    assert (graded.rep, graded.old, graded.result, graded.changed) == (
        "kinga-papp",
        None,
        "partly",
        True,
    )
    assert graded.goal == "Recover Balaton Pack volume to last year’s level"
    assert acme.rel(graded.path) == HELD
    assert data(acme, HELD)["goals"][0]["result"] == "partly"
    again = goals.grade_goal(acme, "anna-kovacs", "2026-11-23#1", "met", TODAY)
    assert (again.old, again.result, again.changed) == ("partly", "met", True)
    same = goals.grade_goal(acme, "anna-kovacs", "2026-11-23#1", "met", TODAY)
    assert (same.old, same.changed) == ("met", False)


def test_goal_references_that_name_nothing(acme: Layout) -> None:
    with pytest.raises(UsageError, match="'23 Nov' is not a goal reference") as bad:
        goals.grade_goal(acme, "anna-kovacs", "23 Nov", "met", TODAY)
    assert (bad.value.hint or "").startswith("open goals of anna-kovacs: ")
    assert "2026-11-23#2" in (bad.value.hint or "")
    with pytest.raises(NotFound, match="no goal 2026-11-23#3: the 1:1 of 2026-11-23 has 2 goals"):
        goals.grade_goal(acme, "anna-kovacs", "2026-11-23#3", "met", TODAY)
    with pytest.raises(NotFound, match="has no meeting on 2026-11-24"):
        goals.grade_goal(acme, "anna-kovacs", "2026-11-24#1", "met", TODAY)
    with pytest.raises(NotFound, match="no manager 'anna'"):
        goals.grade_goal(acme, "anna", "2026-11-23#1", "met", TODAY)
    assert data(acme, HELD)["goals"][0].get("result") is None


def test_mark_action_done_once(acme: Layout) -> None:
    done = goals.mark_action_done(acme, "anna-kovacs", "2026-11-23#2", TODAY)
    assert (done.owner, done.action, done.was_done) == (
        "coach",
        "Book a half-day for Q1 territory planning",
        False,
    )
    assert data(acme, HELD)["actions"][1]["done"] is True
    again = goals.mark_action_done(acme, "anna-kovacs", "2026-11-23#2", TODAY)
    assert again.was_done
    with pytest.raises(NotFound, match="the 1:1 of 2026-11-23 has 4 actions"):
        goals.mark_action_done(acme, "anna-kovacs", "2026-11-23#5", TODAY)


def test_open_refs_lists_what_is_still_open(acme: Layout) -> None:
    goals.mark_action_done(acme, "anna-kovacs", "2026-11-23#1", TODAY)
    hint = goals.open_refs(acme, "anna-kovacs", TODAY, "action")
    assert "2026-11-23#1" not in hint
    assert hint.endswith("2026-11-23#2, 2026-11-23#3, 2026-11-23#4")
    path, index = goals.locate(acme, "anna-kovacs", "2026-11-23#4", "action", TODAY)
    assert (acme.rel(path), index) == (HELD, 3)


# ---------------------------------------------------------------- move_meeting


def test_move_meeting_to_the_next_working_day(acme: Layout) -> None:
    moved = meetings.move_meeting(acme, "anna-kovacs", None, None, " fair ", False, TODAY)
    assert (moved.old_day, moved.new_day) == (date(2026, 11, 30), date(2026, 12, 1))
    assert moved.manager.name == "Anna Kovács"
    assert acme.rel(moved.path) == "meetings/anna-kovacs/2026-12-01.yaml"
    assert not (acme.root / PLANNED).exists()
    moved_data = data(acme, acme.rel(moved.path))
    assert moved_data["moved_from"] == "2026-11-30"
    assert moved_data["moved_because"] == "fair"


def test_move_meeting_refusals(acme: Layout) -> None:
    with pytest.raises(UsageError, match="a 1:1 is moved with a reason"):
        meetings.move_meeting(acme, "anna-kovacs", None, None, "  ", False, TODAY)
    with pytest.raises(MoveRefused, match="was held; only a planned 1:1 is moved"):
        meetings.move_meeting(acme, "anna-kovacs", date(2026, 11, 23), None, "x", False, TODAY)
    with pytest.raises(MoveRefused, match="is not a working day: it is a Saturday"):
        meetings.move_meeting(acme, "anna-kovacs", None, date(2026, 12, 5), "x", False, TODAY)
    with pytest.raises(NotFound, match="no 1:1 with anna-kovacs on 2026-12-09"):
        meetings.move_meeting(acme, "anna-kovacs", date(2026, 12, 9), None, "x", False, TODAY)
    projected = meetings.move_meeting(acme, "gabor-szabo", None, None, "x", False, TODAY)
    assert (projected.old_day, projected.new_day) == (date(2026, 12, 1), date(2026, 12, 2))
    assert (acme.root / PLANNED).exists()
    forced = meetings.move_meeting(acme, "anna-kovacs", None, date(2026, 12, 5), "x", True, TODAY)
    assert forced.new_day == date(2026, 12, 5)


# ---------------------------------------------------------------- schedule


def test_build_schedule_and_next_meeting_for_agree(acme: Layout) -> None:
    rows = schedule.build_schedule(acme, TODAY)
    assert [m.id for m, _ in rows] == ["anna-kovacs", "gabor-szabo", "peter-varga", "zsofia-toth"]
    by_id = {m.id: nxt for m, nxt in rows}
    manager, anna = schedule.next_meeting_for(acme, "anna-kovacs", TODAY)
    assert manager.id == "anna-kovacs"
    assert anna == by_id["anna-kovacs"]
    assert anna.date == date(2026, 11, 30)
    with pytest.raises(NotFound, match="no manager 'ana'"):
        schedule.next_meeting_for(acme, "ana", TODAY)


def test_build_schedule_refuses_a_manager_file_with_errors(acme: Layout) -> None:
    write(acme.root, "managers/gabor-szabo.yaml", "name: Gábor\nlevel: wizard\nreps: []\n")
    with pytest.raises(InvalidRepo) as caught:
        schedule.build_schedule(acme, TODAY)
    assert {d.path for d in caught.value.diagnostics} == {"managers/gabor-szabo.yaml"}


# ---------------------------------------------------------------- calendar


def test_export_calendar_and_write_it(acme: Layout, tmp_path: Path) -> None:
    export = calendar.export_calendar(acme, TODAY, 2)
    assert export.count == len(export.meetings) > 0
    assert {m.manager for m in export.meetings} <= set(export.managers)
    assert all(TODAY <= m.date <= date(2026, 12, 10) for m in export.meetings)
    ics = export_ics(export)
    assert ics.count(b"BEGIN:VEVENT") == export.count
    assert export_ics(calendar.export_calendar(acme, TODAY, 2)) == ics  # same day, same bytes
    target = tmp_path / "1-1s.ics"
    calendar.write_calendar(target, ics)
    assert target.read_bytes() == ics
    with pytest.raises(UsageError, match="is a folder"):
        calendar.write_calendar(tmp_path, ics)


# ---------------------------------------------------------------- check


def test_check_repository_of_the_example_is_clean(example: Path) -> None:
    result = check.check_repository(Layout(example), today=TODAY, use_cache=False)
    assert result.errors == []
    assert result.files > 40
    assert sorted(result.repo.managers) == [
        "anna-kovacs",
        "gabor-szabo",
        "peter-varga",
        "zsofia-toth",
    ]


def test_check_repository_collects_every_problem(example: Path) -> None:
    write(example, "managers/anna-kovacs.yaml", "name: Anna\nlevel: wizard\nreps: []\n")
    write(example, "meetings/gabor-szabo/2026-11-24.yaml", "date: 2026-11-24\nstatus: maybe\n")
    result = check.check_repository(Layout(example), today=TODAY)
    paths = {d.path for d in result.errors}
    assert {"managers/anna-kovacs.yaml", "meetings/gabor-szabo/2026-11-24.yaml"} <= paths
    assert result.diagnostics == sorted(result.diagnostics, key=lambda d: (d.path, d.line))


def test_every_use_case_error_is_a_salescoach_error() -> None:
    for error in (InvalidRepo, NotFound, UsageError, MoveRefused, CommitError):
        assert issubclass(error, SalescoachError)
