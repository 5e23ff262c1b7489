"""`salescoach calendar export`: the upcoming 1:1s as an .ics file."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar

from salescoach.cadence import UpcomingMeeting
from salescoach.models import Manager, Settings
from salescoach.render.calendar import build_calendar, event_uid, organisation_slug
from tests.conftest import Run, write

TODAY = "2026-11-27"


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_export_parses_with_one_event_per_meeting(cli: Run, example: Path) -> None:
    schedule = cli("--repo", example, "--today", TODAY, "schedule", "-f", "json")
    assert schedule.exit_code == 0
    result = cli("--repo", example, "--today", TODAY, "calendar", "export", "--weeks", "4")
    assert result.exit_code == 0, result.output
    found = events(result.stdout_bytes)
    got = sorted((str(e["uid"]), e.decoded("dtstart").date()) for e in found)
    # to 2026-12-24: Anna and Gábor weekly, 4 each; Zsófia 12-09 and 12-23; Péter 12-10,
    # then 12-24 is Christmas Eve (a holiday in HU) and 12-28 is beyond the four weeks
    assert len(found) == 11
    assert len({uid for uid, _ in got}) == 11
    anna = [(u, d) for u, d in got if "anna-kovacs" in u]
    assert anna == [
        ("salescoach-anna-kovacs-13@acme-components", date(2026, 11, 30)),
        ("salescoach-anna-kovacs-14@acme-components", date(2026, 12, 7)),
        ("salescoach-anna-kovacs-15@acme-components", date(2026, 12, 14)),
        ("salescoach-anna-kovacs-16@acme-components", date(2026, 12, 21)),
    ]
    first = next(e for e in found if str(e["uid"]) == anna[0][0])
    assert first.decoded("dtstart") == datetime(2026, 11, 30, 9, 0)
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(minutes=60)
    assert str(first["summary"]) == "1:1 with Anna Kovács"
    text = str(first["description"])
    assert "1. The manager's routine" in text
    assert "4. The manager's own performance" in text
    review = next(e for e in found if "zsofia-toth" in str(e["uid"]))
    assert str(review["summary"]) == "1:1 with Zsófia Tóth + funnel review"
    assert review.decoded("dtend") - review.decoded("dtstart") == timedelta(minutes=90)


def test_second_export_gives_the_same_uids_and_bytes(cli: Run, example: Path) -> None:
    one = cli("--repo", example, "--today", TODAY, "calendar", "export").stdout_bytes
    two = cli("--repo", example, "--today", TODAY, "calendar", "export").stdout_bytes
    assert one == two
    assert [str(e["uid"]) for e in events(one)] == [str(e["uid"]) for e in events(two)]


def test_a_moved_meeting_keeps_its_uid(cli: Run, example: Path) -> None:
    write(example, "meetings/anna-kovacs/2026-11-30.yaml", "date: 2026-11-30\nstatus: planned\n")
    before = {
        str(e["uid"]): e.decoded("dtstart").date()
        for e in events(cli("--repo", example, "--today", TODAY, "calendar", "export").stdout_bytes)
    }
    (example / "meetings/anna-kovacs/2026-11-30.yaml").unlink()
    write(
        example,
        "meetings/anna-kovacs/2026-12-01.yaml",
        "date: 2026-12-01\nstatus: planned\nmoved_from: 2026-11-30\nmoved_because: fair\n",
    )
    after_events = events(
        cli("--repo", example, "--today", TODAY, "calendar", "export").stdout_bytes
    )
    after = {str(e["uid"]): e.decoded("dtstart").date() for e in after_events}
    uid = "salescoach-anna-kovacs-13@acme-components"
    assert (before[uid], after[uid]) == (date(2026, 11, 30), date(2026, 12, 1))
    assert set(before) == set(after)
    moved = next(e for e in after_events if str(e["uid"]) == uid)
    assert "Moved from 2026-11-30: fair." in str(moved["description"])
    assert str(moved["status"]) == "CONFIRMED"


def test_export_to_a_file_with_time_and_zone(cli: Run, repo: Path, tmp_path: Path) -> None:
    write(
        repo,
        "salescoach.yaml",
        "organisation: Test Co\ncalendar: {meeting_time: '14:30', timezone: Europe/Budapest}\n",
    )
    write(repo, "managers/anna.yaml", "name: Anna\nlevel: experienced\nreps: []\n")
    target = tmp_path / "out.ics"
    result = cli(
        "--repo", repo, "--today", TODAY, "calendar", "export", "-o", target, "--weeks", "2"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote 1 1:1 of the next 2 weeks to {target}\n"
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert len(list(cal.walk("VTIMEZONE"))) == 1
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (date(2026, 11, 27), 14, 30)
    assert str(start.tzinfo) == "Europe/Budapest"
    assert str(event["uid"]) == "salescoach-anna-1@test-co"


def test_export_refuses_a_folder(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "calendar", "export", "-o", repo)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --output {repo} is a folder")


def test_build_calendar_directly() -> None:
    settings = Settings(organisation="Ácme & Co.")
    anna = Manager(name="Anna", reps=[])
    anna._id = "anna"
    meeting = UpcomingMeeting("anna", date(2026, 12, 1), 90, True, True, None, None, 7)
    data = build_calendar([meeting], {"anna": anna}, settings, date(2026, 11, 27))
    (event,) = events(data)
    assert organisation_slug("Ácme & Co.") == "cme-co"
    assert str(event["uid"]) == event_uid(meeting, settings) == "salescoach-anna-7@cme-co"
    assert event.decoded("dtstamp") == datetime.fromisoformat("2026-11-27T00:00:00+00:00")
