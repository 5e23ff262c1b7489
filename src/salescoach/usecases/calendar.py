"""Exporting the upcoming 1:1s as an iCalendar file (``calendar export``): which 1:1s, and
writing the file. ``render.calendar`` turns an export into the .ics bytes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from salescoach import store
from salescoach.cadence import UpcomingMeeting, upcoming_meetings
from salescoach.errors import UsageError
from salescoach.models import Manager, Settings
from salescoach.store import Layout
from salescoach.usecases.schedule import load_managers_with_meetings
from salescoach.workdays import WorkCalendar
from salescoach.writer import write_new_or_same


@dataclass(frozen=True)
class CalendarExport:
    """The 1:1s of the next weeks, with their managers and the settings that place them."""

    meetings: list[UpcomingMeeting]
    managers: dict[str, Manager]
    settings: Settings
    stamp: date
    """The export day: the events' DTSTAMP, so one day's export gives the same bytes."""
    weeks: int

    @property
    def count(self) -> int:
        return len(self.meetings)


def export_calendar(layout: Layout, today: date, weeks: int) -> CalendarExport:
    """Every manager's next 1:1 and the following ones at the cadence interval, up to
    ``weeks`` weeks from today (each on a working day)."""
    settings, managers = load_managers_with_meetings(layout, today)
    calendar = WorkCalendar.from_settings(settings.calendar)
    until = today + timedelta(weeks=weeks, days=-1)
    events: list[UpcomingMeeting] = []
    for manager, meetings in managers:
        dates = store.meeting_dates(layout, manager.id)
        events += upcoming_meetings(
            manager, meetings, settings, today, until, calendar, file_dates=dates
        )
    return CalendarExport(events, {m.id: m for m, _ in managers}, settings, today, weeks)


def write_calendar(target: Path, data: bytes) -> None:
    """Write the .ics to ``target`` (an existing file is replaced); a folder is refused."""
    if target.is_dir():
        raise UsageError(f"--output {target} is a folder; give a file name such as 1-1s.ics")
    write_new_or_same(target, data)
