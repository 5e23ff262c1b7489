"""`salescoach calendar export`: the upcoming 1:1s as an .ics file."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from salescoach.cadence import UpcomingMeeting
from salescoach.models import Manager, Settings
from salescoach.render.calendar import build_calendar, event_uid, organisation_slug
from salescoach.usecases.calendar import CalendarEvent, coach_timezone
from tests.conftest import Run, write

TODAY = "2026-11-27"
BUDAPEST = ZoneInfo("Europe/Budapest")


@pytest.fixture(autouse=True)
def system_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system time zone of these tests: Budapest (the example has no calendar.timezone)."""
    monkeypatch.setenv("TZ", "Europe/Budapest")


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def export(cli: Run, repo: Path, *args: object) -> bytes:
    result = cli("--repo", repo, "--today", TODAY, "calendar", "export", *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_export_parses_with_one_event_per_meeting(cli: Run, example: Path) -> None:
    found = events(export(cli, example, "--weeks", "4"))
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
    assert first.decoded("dtstart") == datetime(2026, 11, 30, 9, 0, tzinfo=BUDAPEST)
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(minutes=60)
    assert str(first["summary"]) == "1:1 with Anna Kovács"
    text = str(first["description"])
    assert "1. The manager's routine" in text
    assert "4. The manager's own performance" in text
    review = next(e for e in found if "zsofia-toth" in str(e["uid"]))
    assert str(review["summary"]) == "1:1 with Zsófia Tóth + funnel review"
    assert review.decoded("dtend") - review.decoded("dtstart") == timedelta(minutes=90)


def unescape(text: str) -> str:
    """An RFC 5545 TEXT value read back (icalendar keeps an X- property as written)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def _intervals_overlap(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The spans that begin before the previous one (by start) has ended."""
    spans = sorted(spans)
    return [b for a, b in itertools.pairwise(spans) if b[0] < a[1]]


def test_must_show_four_weeks_of_the_example_with_a_move(cli: Run, example: Path) -> None:
    """Issue 16: parsed by icalendar and vobject, ORGANIZER present, no two events overlap,
    SEQUENCE grows after `meeting move`, X-WR-CALNAME reads back whole."""
    settings = example / "salescoach.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("organisation: Acme Components", "organisation: 'Globex, Inc; Sales'"),
        encoding="utf-8",
    )
    before = events(export(cli, example, "--weeks", "4"))
    uid = "salescoach-zsofia-toth-8@globex-inc-sales"
    assert {str(e["uid"]): int(e["sequence"]) for e in before}[uid] == 0
    # Zsófia's 90-minute review of Wed 12-09 moves to Mon 12-07, Anna's day (both at 09:00)
    moved = cli(
        "--repo", example, "--today", TODAY, "meeting", "move", "zsofia-toth", "2026-12-09",
        "--to", "2026-12-07", "--because", "trade fair",
    )  # fmt: skip
    assert moved.exit_code == 0, moved.output
    data = export(cli, example, "--weeks", "4")

    cal = icalendar.Calendar.from_ical(data)
    after = list(cal.walk("VEVENT"))
    assert len(after) == len(before) == 11
    assert b"\r\nX-WR-CALNAME:1:1s\\, Globex\\, Inc\\; Sales\r\n" in data
    assert unescape(cal["x-wr-calname"].to_ical().decode()) == "1:1s, Globex, Inc; Sales"
    assert all(str(e["organizer"].params["cn"]) == "Éva Horváth" for e in after)
    spans = [(e.decoded("dtstart"), e.decoded("dtend")) for e in after]
    assert _intervals_overlap(spans) == []
    by_uid = {str(e["uid"]): e for e in after}
    assert int(by_uid[uid]["sequence"]) == 1
    review = (by_uid[uid].decoded("dtstart"), by_uid[uid].decoded("dtend"))
    # Anna (anna-kovacs sorts first) keeps 09:00-10:00; the review follows at 10:00-11:30
    monday = datetime(2026, 12, 7, 10, 0, tzinfo=BUDAPEST)
    assert review == (monday, monday + timedelta(minutes=90))
    assert all(int(e["sequence"]) == 0 for u, e in by_uid.items() if u != uid)

    parsed = vobject.readOne(data.decode("utf-8"))
    assert parsed.x_wr_calname.value == "1:1s, Globex, Inc; Sales"
    vevents = parsed.vevent_list
    assert len(vevents) == 11
    assert all(v.organizer.params["CN"] == ["Éva Horváth"] for v in vevents)
    assert _intervals_overlap([(v.dtstart.value, v.dtend.value) for v in vevents]) == []
    moved_v = next(v for v in vevents if v.uid.value == uid)
    assert (moved_v.sequence.value, moved_v.dtstart.value) == ("1", monday)


def test_meeting_time_per_manager_and_a_shared_day(cli: Run, repo: Path) -> None:
    write(repo, "salescoach.yaml", "organisation: T\ncalendar: {timezone: Europe/Vienna}\n")
    for who, at in (("bea", "'08:30'"), ("ana", "'08:30'"), ("cid", "'14:00'"), ("dan", None)):
        extra = f"meeting_time: {at}\n" if at else ""
        write(repo, f"managers/{who}.yaml", f"name: {who.title()}\nlevel: new\n{extra}reps: []\n")
    got = events(export(cli, repo, "--weeks", "1"))
    vienna = ZoneInfo("Europe/Vienna")
    starts = [(str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend")) for e in got]
    # all four first 1:1s today (Fri 11-27), each with the first funnel review (90 minutes);
    # ana before bea at 08:30 (by ID); dan's 09:00 is taken until 11:30, so he follows; cid
    # keeps 14:00
    day = date(2026, 11, 27)

    def at(hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute), vienna)

    assert starts == [
        ("1:1 with Ana + funnel review", at(8, 30), at(10, 0)),
        ("1:1 with Bea + funnel review", at(10, 0), at(11, 30)),
        ("1:1 with Dan + funnel review", at(11, 30), at(13, 0)),
        ("1:1 with Cid + funnel review", at(14, 0), at(15, 30)),
    ]


def test_organizer_without_an_email_is_a_stable_address_with_the_name(cli: Run, repo: Path) -> None:
    write(repo, "salescoach.yaml", "organisation: T\ncoach: {id: kata, name: 'Nagy, Kata'}\n")
    write(repo, "managers/anna.yaml", "name: Anna\nemail: anna@t.example\nreps: []\n")
    one = export(cli, repo, "--weeks", "1")
    (event,) = events(one)
    organizer = event["organizer"]
    assert str(organizer.params["cn"]) == "Nagy, Kata"
    assert str(organizer).startswith("urn:uuid:")
    assert str(event["attendee"]) == "mailto:anna@t.example"
    assert b'ORGANIZER;CN="Nagy, Kata";ROLE=CHAIR:urn:uuid:' in one
    assert export(cli, repo, "--weeks", "1") == one


def test_text_values_are_escaped(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: 'Anna; Kovács, Jr.'\nreps: []\n")
    data = export(cli, repo, "--weeks", "1")
    assert "SUMMARY:1:1 with Anna\\; Kovács\\, Jr. + funnel review".encode() in data
    (event,) = vobject.readOne(data.decode("utf-8")).vevent_list
    assert event.summary.value == "1:1 with Anna; Kovács, Jr. + funnel review"


def test_second_export_gives_the_same_uids_and_bytes(cli: Run, example: Path) -> None:
    one = export(cli, example)
    two = export(cli, example)
    assert one == two
    assert [str(e["uid"]) for e in events(one)] == [str(e["uid"]) for e in events(two)]


def test_a_moved_meeting_keeps_its_uid(cli: Run, example: Path) -> None:
    write(example, "meetings/anna-kovacs/2026-11-30.yaml", "date: 2026-11-30\nstatus: planned\n")
    before = {str(e["uid"]): e.decoded("dtstart").date() for e in events(export(cli, example))}
    (example / "meetings/anna-kovacs/2026-11-30.yaml").unlink()
    write(
        example,
        "meetings/anna-kovacs/2026-12-01.yaml",
        "date: 2026-12-01\nstatus: planned\nmoved_from: 2026-11-30\nmoved_because: fair\n",
    )
    after_events = events(export(cli, example))
    after = {str(e["uid"]): e.decoded("dtstart").date() for e in after_events}
    uid = "salescoach-anna-kovacs-13@acme-components"
    assert (before[uid], after[uid]) == (date(2026, 11, 30), date(2026, 12, 1))
    assert set(before) == set(after)
    moved = next(e for e in after_events if str(e["uid"]) == uid)
    assert "Moved from 2026-11-30: fair." in str(moved["description"])
    assert str(moved["status"]) == "CONFIRMED"
    assert int(moved["sequence"]) == 1


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


def test_without_calendar_timezone_the_system_zone_is_written(
    cli: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    write(repo, "managers/anna.yaml", "name: Anna\nreps: []\n")
    data = export(cli, repo, "--weeks", "1")
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n" in data
    assert b"DTSTART;TZID=America/New_York:20261127T090000\r\n" in data


def test_the_system_zone_comes_from_tz_then_the_system() -> None:
    settings = Settings(organisation="T")
    assert coach_timezone(settings, {"TZ": ":Asia/Tokyo"}) == "Asia/Tokyo"
    named = Settings.model_validate({"organisation": "T", "calendar": {"timezone": "Europe/Rome"}})
    assert coach_timezone(named, {"TZ": "Asia/Tokyo"}) == "Europe/Rome"
    # a TZ that is no IANA name (POSIX rules) falls back to the system's zone, which exists
    assert coach_timezone(settings, {"TZ": "CET-1CEST"}) != "CET-1CEST"


def test_export_refuses_a_folder(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "calendar", "export", "-o", repo)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --output {repo} is a folder")


def test_build_calendar_directly() -> None:
    settings = Settings(organisation="Ácme & Co.")
    anna = Manager(name="Anna", reps=[])
    anna._id = "anna"
    meeting = UpcomingMeeting("anna", date(2026, 12, 1), 90, True, True, None, None, 7)
    start = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Budapest"))
    data = build_calendar(
        [CalendarEvent(meeting, start, 2)], {"anna": anna}, settings, date(2026, 11, 27)
    )
    (event,) = events(data)
    assert organisation_slug("Ácme & Co.") == "cme-co"
    assert str(event["uid"]) == event_uid(meeting, settings) == "salescoach-anna-7@cme-co"
    assert event.decoded("dtstamp") == datetime.fromisoformat("2026-11-27T00:00:00+00:00")
    assert int(event["sequence"]) == 2
    assert str(event["organizer"].params["cn"]) == "Coach"


def test_a_hungarian_export_has_the_same_events_in_hungarian(cli: Run, example: Path) -> None:
    """`--lang hu`: the SUMMARY and DESCRIPTION in Hungarian; UIDs, times and every other
    property as in English (the .ics structure does not depend on the language)."""
    write(
        example,
        "meetings/anna-kovacs/2026-12-01.yaml",
        "date: 2026-12-01\nstatus: planned\nmoved_from: 2026-11-30\nmoved_because: vásár\n",
    )
    english = events(export(cli, example, "--weeks", "4"))
    result = cli("--repo", example, "--today", TODAY, "--lang", "hu", "calendar", "export")
    hungarian = events(result.stdout_bytes)[: len(english)]
    texts = {"SUMMARY", "DESCRIPTION"}
    for en, hu in zip(english, hungarian, strict=True):
        assert {k: v for k, v in en.items() if k not in texts} == {
            k: v for k, v in hu.items() if k not in texts
        }
    by_uid = {str(e["uid"]): e for e in hungarian}
    anna = by_uid["salescoach-anna-kovacs-13@acme-components"]
    assert str(anna["summary"]) == "Egyéni megbeszélés: Anna Kovács"
    lines = str(anna["description"]).splitlines()
    assert lines[0] == "Napirend:"
    assert lines[1].startswith("1. A vezető napi rutinja:")
    assert lines[-1] == "Áthelyezve, eredetileg: 2026-11-30. Oka: vásár."
    review = next(e for e in hungarian if "zsofia-toth" in str(e["uid"]))
    assert str(review["summary"]) == "Egyéni megbeszélés: Zsófia Tóth + tölcsér-áttekintés"
