"""A rhythm that holds (issue 14): the anchor weekday, moving the projected 1:1, and the
warnings of `check` about an overdue 1:1 and a 1:1 with notes still marked planned."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from salescoach.cadence import next_meeting, upcoming_meetings
from salescoach.cadence_checks import check_cadence
from salescoach.models import Manager, Meeting, Rating, Repo, Settings
from tests.conftest import Run, write

PLAIN = Settings(organisation="Test")
HU = Settings(organisation="Test", calendar={"holidays": "HU"})  # type: ignore[arg-type]
ACME_TODAY = "2026-11-27"


def manager(**fields: Any) -> Manager:
    m = Manager(name="Anna", reps=[], **fields)
    m._id = "anna"
    return m


def held(day: date, **fields: Any) -> Meeting:
    return Meeting(date=day, status="held", **fields)


def mondays(start: date, count: int, every: int = 7) -> list[date]:
    """``count`` days from ``start`` at ``every`` days (the test's own count of the series)."""
    return [start + timedelta(days=every * i) for i in range(count)]


# ---------------------------------------------------------------- must show


def test_a_weekly_monday_1on1_moved_to_tuesday_once_the_next_one_is_again_on_a_monday() -> None:
    anna = manager(level="new", in_role_since=date(2026, 6, 1))
    history = [held(day) for day in mondays(date(2026, 10, 19), 3)]  # 19 Oct, 26 Oct, 2 Nov
    history.append(
        held(date(2026, 11, 10), moved_from=date(2026, 11, 9), moved_because="trade fair")
    )
    nxt = next_meeting(anna, history, PLAIN, date(2026, 11, 11))
    assert nxt.date == date(2026, 11, 16)
    assert nxt.date.weekday() == 0
    got = upcoming_meetings(anna, history, PLAIN, date(2026, 11, 11), date(2026, 12, 14))
    assert [u.date for u in got] == mondays(date(2026, 11, 16), 5)


def test_the_same_through_the_cli(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\nlevel: new\nreps: []\n")
    for day in ("2026-10-26", "2026-11-02"):
        write(repo, f"meetings/anna/{day}.yaml", f"date: {day}\nstatus: held\n")
    write(repo, "meetings/anna/2026-11-10.yaml", "date: 2026-11-10\nstatus: held\n")
    result = cli("--repo", repo, "--today", "2026-11-11", "schedule", "next", "anna", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["last_held"], data["next_date"]) == ("2026-11-10", "2026-11-16")


def test_meeting_move_moves_the_date_schedule_next_shows_with_no_file_beforehand(
    cli: Run, example: Path
) -> None:
    folder = example / "meetings" / "anna-kovacs"
    before = sorted(p.name for p in folder.iterdir())
    assert "2026-11-30.yaml" not in before
    shown = cli("--repo", example, "--today", ACME_TODAY, "schedule", "next", "anna-kovacs")
    assert shown.stdout.splitlines()[0] == (
        "Anna Kovács (anna-kovacs): next 1:1 on Mon 2026-11-30, in 3 days"
    )
    result = cli(
        "--repo", example, "--today", ACME_TODAY, "meeting", "move", "anna-kovacs",
        "--to", "2026-12-01", "--because", "trade fair",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "moved the 1:1 with Anna Kovács from Mon 2026-11-30 to Tue 2026-12-01: "
        "meetings/anna-kovacs/2026-12-01.yaml\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        {*before, ".salescoach-lock", "2026-12-01.yaml"}
    )
    assert (folder / "2026-12-01.yaml").read_bytes() == (
        b"# yaml-language-server: $schema=../../schemas/meeting.json\n"
        b"date: 2026-12-01\n"
        b"status: planned\n"
        b"moved_from: 2026-11-30\n"
        b'moved_because: "trade fair"\n'
    )
    after = cli("--repo", example, "--today", ACME_TODAY, "schedule", "next", "anna-kovacs")
    assert after.stdout.splitlines()[0] == (
        "Anna Kovács (anna-kovacs): next 1:1 on Tue 2026-12-01, in 4 days"
    )
    assert "  moved from 2026-11-30: trade fair" in after.stdout.splitlines()
    assert cli("--repo", example, "--today", ACME_TODAY, "check", "--strict").exit_code == 0
    # held on the Tuesday, the series stays on Mondays: the one after is Mon 7 Dec
    moved = folder / "2026-12-01.yaml"
    moved.write_bytes(moved.read_bytes().replace(b"status: planned", b"status: held"))
    week = cli("--repo", example, "--today", "2026-12-02", "schedule", "next", "anna-kovacs")
    assert week.stdout.splitlines()[0].startswith(
        "Anna Kovács (anna-kovacs): next 1:1 on Mon 2026-12-07"
    )


# ---------------------------------------------------------------- the anchor weekday


def test_the_anchor_is_the_first_1on1s_weekday_or_the_managers_weekday() -> None:
    # first 1:1 on a Tuesday, the latest held early on a Monday (not recorded as a move)
    history = [held(date(2026, 11, 3)), held(date(2026, 11, 9))]
    today = date(2026, 11, 10)
    assert next_meeting(manager(level="new"), history, PLAIN, today).date == date(2026, 11, 10)
    set_to_monday = manager(level="new", weekday="mon")
    assert next_meeting(set_to_monday, history, PLAIN, today).date == date(2026, 11, 16)
    thursday = manager(level="new", weekday="thu")
    assert next_meeting(thursday, history, PLAIN, today).date == date(2026, 11, 12)


def test_a_moved_first_1on1_gives_the_day_it_was_planned_for() -> None:
    history = [held(date(2026, 11, 4), moved_from=date(2026, 11, 2)), held(date(2026, 11, 9))]
    assert next_meeting(manager(level="new"), history, PLAIN, date(2026, 11, 10)).date == date(
        2026, 11, 16
    )


def test_two_weekly_keeps_its_parity_after_a_move() -> None:
    peter = manager(level="experienced")
    history = [
        held(date(2026, 11, 2)),
        held(date(2026, 11, 17), moved_from=date(2026, 11, 16), moved_because="fair"),
    ]
    got = upcoming_meetings(peter, history, PLAIN, date(2026, 11, 18), date(2027, 1, 31))
    assert [u.date for u in got] == mondays(date(2026, 11, 30), 5, every=14)


def test_a_holiday_moves_one_1on1_not_the_series() -> None:
    thursdays = manager(level="new")
    history = [held(date(2026, 12, 10)), held(date(2026, 12, 17))]
    got = upcoming_meetings(thursdays, history, HU, date(2026, 12, 18), date(2027, 1, 15))
    # Thu 24 Dec is Christmas Eve (25, 26 holidays, 27 Sunday): Mon 28 Dec; then Thursdays
    assert [u.date for u in got] == [
        date(2026, 12, 28),
        date(2026, 12, 31),
        date(2027, 1, 7),
        date(2027, 1, 14),
    ]
    history.append(held(date(2026, 12, 28)))
    assert next_meeting(thursdays, history, HU, date(2026, 12, 29)).date == date(2026, 12, 31)


def test_a_planned_file_moved_later_takes_its_slot_once() -> None:
    anna = manager(level="new")
    history = [
        held(date(2026, 11, 2)),
        Meeting(date=date(2026, 11, 9), status="planned"),
        Meeting(date=date(2026, 11, 17), status="planned", moved_from=date(2026, 11, 16)),
    ]
    got = upcoming_meetings(anna, history, PLAIN, date(2026, 11, 3), date(2026, 11, 30))
    assert [u.date for u in got] == [
        date(2026, 11, 9),
        date(2026, 11, 17),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]


# ---------------------------------------------------------------- meeting move


def move(cli: Run, root: Path, *args: str, today: str = ACME_TODAY) -> Any:
    return cli("--repo", root, "--today", today, "meeting", "move", "anna-kovacs", *args)


def test_a_later_projected_1on1_is_moved_by_its_date(cli: Run, example: Path) -> None:
    result = move(cli, example, "2026-12-07", "--because", "offsite")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "moved the 1:1 with Anna Kovács from Mon 2026-12-07 to Tue 2026-12-08: "
        "meetings/anna-kovacs/2026-12-08.yaml\n"
    )
    text = (example / "meetings/anna-kovacs/2026-12-08.yaml").read_text(encoding="utf-8")
    assert text.endswith("date: 2026-12-08\nstatus: planned\nmoved_from: 2026-12-07\n"
                         "moved_because: offsite\n")  # fmt: skip


def test_a_date_that_is_neither_a_file_nor_projected_is_refused(cli: Run, example: Path) -> None:
    result = move(cli, example, "2026-12-09", "--because", "x")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: no 1:1 with anna-kovacs on 2026-12-09 (no file "
        "meetings/anna-kovacs/2026-12-09.yaml)\n"
        "hint: see the dates with `salescoach schedule next anna-kovacs`\n"
    )
    assert not (example / "meetings/anna-kovacs/2026-12-09.yaml").exists()


def test_an_overdue_projected_1on1_moves_to_today_from_its_due_date(
    cli: Run, example: Path
) -> None:
    result = move(cli, example, "--because", "was ill", today="2026-12-03")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "moved the 1:1 with Anna Kovács from Mon 2026-11-30 to Thu 2026-12-03: "
        "meetings/anna-kovacs/2026-12-03.yaml\n"
    )
    shown = cli("--repo", example, "--today", "2026-12-03", "schedule", "next", "anna-kovacs")
    assert shown.stdout.splitlines()[0] == (
        "Anna Kovács (anna-kovacs): next 1:1 on Thu 2026-12-03, today"
    )


def test_refusals_write_no_file(cli: Run, example: Path) -> None:
    folder = example / "meetings" / "anna-kovacs"
    before = sorted(p.name for p in folder.iterdir())
    result = move(cli, example, "--to", "2026-12-05", "--because", "x")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: 2026-12-05 is not a working day: it is a Saturday\n"
        "hint: the next working day is 2026-12-07; or pass --force to move it to "
        "2026-12-05 anyway\n"
    )
    result = move(cli, example, "--to", "2026-11-30", "--because", "x")
    assert result.stderr == "error: the 1:1 is already on 2026-11-30\n"
    assert sorted(p.name for p in folder.iterdir()) == before


# ---------------------------------------------------------------- check


def _weekly(root: Path) -> None:
    write(root, "managers/anna.yaml", "name: Anna\nlevel: new\nreps:\n  - {id: rep-a, name: A}\n")
    for day in ("2026-11-09", "2026-11-16"):
        write(root, f"meetings/anna/{day}.yaml", f"date: {day}\nstatus: held\n")


def test_check_warns_today_of_an_overdue_1on1(cli: Run, repo: Path) -> None:
    _weekly(repo)
    assert cli("--repo", repo, "--today", "2026-11-23", "check", "--strict").exit_code == 0
    result = cli("--repo", repo, "--today", "2026-12-02", "check")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "meetings/anna/2026-11-16.yaml: overdue-meeting (warning) the 1:1 due 2026-11-23 is "
        "9 days overdue: hold it or move it with `salescoach meeting move anna --to "
        "YYYY-MM-DD --because TEXT`",
        "checked 4 files: 0 errors, 1 warning",
    ]
    assert cli("--repo", repo, "--today", "2026-12-02", "check", "--strict").exit_code == 1
    one = cli("--repo", repo, "--today", "2026-11-24", "check")
    assert "the 1:1 due 2026-11-23 is 1 day overdue" in one.stderr


def test_check_says_to_mark_held_a_past_planned_1on1_with_ratings(cli: Run, repo: Path) -> None:
    _weekly(repo)
    write(
        repo,
        "meetings/anna/2026-11-23.yaml",
        "date: 2026-11-23\nstatus: planned\nratings:\n  rep-a: {score: 3}\n",
    )
    result = cli("--repo", repo, "--today", "2026-11-25", "check")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "meetings/anna/2026-11-23.yaml:2:9: not-marked-held (warning) the 1:1 of 2026-11-23 "
        "has ratings but is still `status: planned`: set `status: held` (moving it would "
        "re-date the ratings)",
        "checked 5 files: 0 errors, 1 warning",
    ]
    assert cli("--repo", repo, "--today", "2026-11-25", "check", "--strict").exit_code == 1


def test_a_graded_goal_counts_too_but_a_blank_goal_does_not(cli: Run, repo: Path) -> None:
    _weekly(repo)
    path = "meetings/anna/2026-11-23.yaml"
    graded = "goals:\n  - {rep: rep-a, goal: 5 demos, due: 2026-12-20, result: met}\n"
    write(repo, path, "date: 2026-11-23\nstatus: planned\n" + graded)
    result = cli("--repo", repo, "--today", "2026-11-25", "check")
    assert "not-marked-held (warning) the 1:1 of 2026-11-23 has goals but is still" in (
        result.stderr
    )
    blank = "goals:\n  - {rep: rep-a, goal: '', due: 2026-12-20}\n"
    write(repo, path, "date: 2026-11-23\nstatus: planned\n" + blank)
    result = cli("--repo", repo, "--today", "2026-11-25", "check")
    assert "not-recorded (warning) the 1:1 planned for 2026-11-23" in result.stderr
    assert "not-marked-held" not in result.stderr
    assert "overdue-meeting" not in result.stderr


def test_a_goal_with_text_counts_in_a_whole_meeting() -> None:
    anna = Manager(name="Anna", level="new", reps=[])
    anna._id = "anna"
    meetings = [
        held(date(2026, 11, 16)),
        Meeting(date=date(2026, 11, 23), status="planned", goals=[{"rep": "rep-a", "goal": "x"}]),
        Meeting(date=date(2026, 11, 24), status="planned", ratings={"rep-a": Rating(score=2)}),
    ]
    repo = Repo(settings=PLAIN, managers={"anna": anna}, meetings={"anna": meetings})
    found = check_cadence(repo, date(2026, 11, 25))
    assert [(d.path, d.code, d.message.split(":")[0]) for d in found] == [
        ("meetings/anna/2026-11-23.yaml", "not-marked-held", "the 1"),
        ("meetings/anna/2026-11-24.yaml", "not-marked-held", "the 1"),
    ]
    assert found[0].message.startswith("the 1:1 of 2026-11-23 has goals but is still")
    assert found[1].message.startswith("the 1:1 of 2026-11-24 has ratings but is still")


def test_a_manager_who_left_is_not_overdue(cli: Run, repo: Path) -> None:
    _weekly(repo)
    write(repo, "managers/anna.yaml", "name: Anna\nlevel: new\nleft: 2026-11-20\nreps: []\n")
    result = cli("--repo", repo, "--today", "2026-12-02", "check", "--strict")
    assert result.exit_code == 0, result.stderr


def test_agenda_write_fills_in_the_file_a_move_created_and_keeps_the_move(
    cli: Run, example: Path
) -> None:
    moved = cli(
        "--repo", example, "--today", ACME_TODAY, "meeting", "move", "anna-kovacs",
        "--to", "2026-12-01", "--because", 'trade "fair" #2',
    )  # fmt: skip
    assert moved.exit_code == 0, moved.output
    path = example / "meetings/anna-kovacs/2026-12-01.yaml"
    result = cli(
        "--repo", example, "--today", ACME_TODAY, "agenda", "next", "anna-kovacs", "--write"
    )
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "date: 2026-12-01\nstatus: planned\nmoved_from: 2026-11-30\n" in text
    assert 'moved_because: "trade \\"fair\\" #2"\n' in text
    assert "ratings:\n" in text
    shown = cli("--repo", example, "--today", ACME_TODAY, "schedule", "next", "anna-kovacs")
    assert '  moved from 2026-11-30: trade "fair" #2' in shown.stdout.splitlines()
    # the filled-in file is notes now: a second --write refuses and changes nothing
    before = path.read_bytes()
    again = cli(
        "--repo", example, "--today", ACME_TODAY, "agenda", "next", "anna-kovacs", "--write"
    )
    assert again.exit_code == 1
    assert "meetings/anna-kovacs/2026-12-01.yaml already exists; it was left as it is" in (
        again.stderr
    )
    assert path.read_bytes() == before
