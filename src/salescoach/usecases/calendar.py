"""Exporting the upcoming 1:1s as an iCalendar file (``calendar export``): which 1:1s, when
each starts in the coach's day, and writing the file. ``render.calendar`` turns an export into
the .ics bytes; ``usecases.calendar_sync`` sends the same events to a CalDAV calendar."""

from __future__ import annotations

import contextlib
import os
import re
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from salescoach import store
from salescoach.cadence import UpcomingMeeting, upcoming_meetings
from salescoach.errors import UsageError
from salescoach.i18n import N_, _
from salescoach.models import Manager, Meeting, Settings
from salescoach.store import Layout
from salescoach.usecases.schedule import load_managers_with_meetings
from salescoach.workdays import WorkCalendar
from salescoach.writer import write_new_or_same

ZONE_HINT = N_("set calendar.timezone in salescoach.yaml, e.g. timezone: Europe/Budapest")


@dataclass(frozen=True)
class CalendarEvent:
    """One 1:1 placed in the coach's day: when it starts (in the coach's time zone) and how
    often it was moved (its SEQUENCE, so a calendar replaces the old version)."""

    meeting: UpcomingMeeting
    start: datetime
    sequence: int

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.meeting.minutes)


@dataclass(frozen=True)
class CalendarExport:
    """The 1:1s of the next weeks, placed in the coach's days, with their managers and the
    settings that place them."""

    events: list[CalendarEvent]
    managers: dict[str, Manager]
    settings: Settings
    stamp: date
    """The export day: the events' DTSTAMP, so one day's export gives the same bytes."""
    weeks: int
    timezone: str
    """The IANA time zone of the start times: ``calendar.timezone`` or the system's."""

    @property
    def meetings(self) -> list[UpcomingMeeting]:
        return [e.meeting for e in self.events]

    @property
    def count(self) -> int:
        return len(self.events)


def export_calendar(
    layout: Layout, today: date, weeks: int, *, environ: Mapping[str, str] | None = None
) -> CalendarExport:
    """Every manager's next 1:1 and the following ones at the cadence interval, up to
    ``weeks`` weeks from today (each on a working day), placed so that none overlaps."""
    settings, managers = load_managers_with_meetings(layout, today)
    zone = coach_timezone(settings, os.environ if environ is None else environ)
    calendar = WorkCalendar.from_settings(settings.calendar)
    until = today + timedelta(weeks=weeks, days=-1)
    found: list[UpcomingMeeting] = []
    files: dict[tuple[str, date], Meeting] = {}
    for manager, meetings in managers:
        dates = store.meeting_dates(layout, manager.id)
        found += upcoming_meetings(
            manager, meetings, settings, today, until, calendar, file_dates=dates
        )
        files.update({(manager.id, m.date): m for m in meetings})
    by_id = {m.id: m for m, _ in managers}
    starts = place_meetings(found, by_id, settings, zoneinfo.ZoneInfo(zone))
    events = [
        CalendarEvent(m, start, move_count(files.get((m.manager, m.date)))) for m, start in starts
    ]
    return CalendarExport(events, by_id, settings, today, weeks, zone)


def organisation_slug(name: str) -> str:
    """``Acme Components`` → ``acme-components``: the domain part of the UIDs."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "salescoach"


def event_uid(meeting: UpcomingMeeting, settings: Settings) -> str:
    """The stable UID of one 1:1 (manager + its number in the manager's history): a move
    keeps it, so a calendar updates the event instead of adding another."""
    return (
        f"salescoach-{meeting.manager}-{meeting.ordinal}@{organisation_slug(settings.organisation)}"
    )


def meeting_time(manager: Manager, settings: Settings) -> time:
    """When the manager's 1:1s start: ``meeting_time`` in the manager's file, else
    ``calendar.meeting_time``."""
    hour, minute = (
        int(part) for part in (manager.meeting_time or settings.calendar.meeting_time).split(":")
    )
    return time(hour, minute)


def place_meetings(
    meetings: Iterable[UpcomingMeeting],
    managers: Mapping[str, Manager],
    settings: Settings,
    zone: zoneinfo.ZoneInfo,
) -> list[tuple[UpcomingMeeting, datetime]]:
    """Each 1:1 with its start: at the manager's time, or right after the coach's previous
    1:1 of that day if that one is not over yet, so no two overlap. Sorted by day, time,
    then manager ID: the same repository always gives the same day."""
    placed: list[tuple[UpcomingMeeting, datetime]] = []
    ordered = sorted(
        meetings, key=lambda m: (m.date, meeting_time(managers[m.manager], settings), m.manager)
    )
    free_from: datetime | None = None
    for meeting in ordered:
        start = datetime.combine(
            meeting.date, meeting_time(managers[meeting.manager], settings), zone
        )
        if free_from is not None and free_from.date() == meeting.date and free_from > start:
            start = free_from
        placed.append((meeting, start))
        free_from = start + timedelta(minutes=meeting.minutes)
    return placed


def move_count(meeting: Meeting | None) -> int:
    """How many times the 1:1 was moved (its SEQUENCE): the file's ``moves`` when it keeps
    the count, else 1 for a moved file, 0 for a file never moved or a projected date."""
    if meeting is None:
        return 0
    moves = getattr(meeting, "moves", None)  # a count ``meeting move`` keeps, when it does
    if isinstance(moves, int) and moves > 0:
        return moves
    return 1 if meeting.moved_from is not None else 0


def coach_timezone(settings: Settings, environ: Mapping[str, str]) -> str:
    """The IANA time zone of the 1:1s: ``calendar.timezone``, else the system's (``$TZ``,
    then /etc/localtime or /etc/timezone); refused when neither names one."""
    if settings.calendar.timezone:
        return settings.calendar.timezone
    for name in (environ.get("TZ", "").lstrip(":"), *_system_zone_names()):
        if _is_zone(name):
            return name
    raise UsageError(_("no time zone for the 1:1s: the system names none"), hint=_(ZONE_HINT))


def _system_zone_names() -> list[str]:
    """The zone /etc/localtime links to, and the one /etc/timezone names (Debian)."""
    names: list[str] = []
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = os.readlink(localtime)
        if "zoneinfo/" in target:
            names.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        names.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    return names


def _is_zone(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def write_calendar(target: Path, data: bytes) -> None:
    """Write the .ics to ``target`` (an existing file is replaced); a folder is refused."""
    if target.is_dir():
        text = _("--output {path} is a folder; give a file name such as 1-1s.ics")
        raise UsageError(text.format(path=target))
    write_new_or_same(target, data)
