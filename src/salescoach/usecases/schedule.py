"""The schedule: when each manager's next 1:1 is due (``schedule``, ``schedule next``), and
the loaders every command about the rhythm shares (every manager, or one, with their recent
meetings)."""

from __future__ import annotations

from datetime import date

from salescoach import store
from salescoach.cadence import NextMeeting, meeting_window_days, next_meeting
from salescoach.diagnostics import Diagnostic
from salescoach.errors import NotFound, refuse_errors
from salescoach.i18n import _
from salescoach.models import Manager, Meeting, Settings
from salescoach.store import Layout
from salescoach.workdays import WorkCalendar


def load_managers_with_meetings(
    layout: Layout, today: date
) -> tuple[Settings, list[tuple[Manager, list[Meeting]]]]:
    """The settings, and every manager still in the role today with their recent meetings
    (oldest first).

    Only the recent meeting files of each manager are read; any error in them, a manager
    file or salescoach.yaml makes the command refuse with ``InvalidRepo``.
    """
    settings = store.require_settings(layout)
    window = meeting_window_days(settings)
    problems: list[Diagnostic] = []
    out = []
    for manager_id in store.manager_ids(layout):
        manager, found = store.load_manager(layout, manager_id)
        problems += found
        meetings, found = store.load_recent_meetings(layout, manager_id, today=today, days=window)
        problems += found
        if manager is not None and manager.active_on(today):
            out.append((manager, meetings))
    refuse_errors(problems)
    return settings, out


def load_manager_with_meetings(
    layout: Layout, manager_id: str, today: date
) -> tuple[Settings, Manager, list[Meeting]]:
    """The settings, one manager and their recent meetings; only their files are read. A
    manager who has left the role has no next 1:1 and is refused."""
    store.require_id(manager_id, "manager")
    settings = store.require_settings(layout)
    manager = store.require_manager(layout, manager_id)
    if not manager.active_on(today) and manager.left is not None:
        left = _("{name} ({manager}) left the role on {day}: there is no next 1:1")
        raise NotFound(
            left.format(name=manager.name, manager=manager.id, day=manager.left.isoformat()),
            hint=_("their past 1:1s stay in meetings/; `salescoach schedule` lists the others"),
        )
    meetings = store.require_recent_meetings(
        layout, manager_id, today=today, days=meeting_window_days(settings)
    )
    return settings, manager, meetings


def build_schedule(layout: Layout, today: date) -> list[tuple[Manager, NextMeeting]]:
    """Every manager with their next 1:1 (in the order of their IDs)."""
    settings, managers = load_managers_with_meetings(layout, today)
    calendar = WorkCalendar.from_settings(settings.calendar)
    return [(m, next_meeting(m, meetings, settings, today, calendar)) for m, meetings in managers]


def next_meeting_for(layout: Layout, manager_id: str, today: date) -> tuple[Manager, NextMeeting]:
    """One manager and their next 1:1; only that manager's files are read."""
    settings, manager, meetings = load_manager_with_meetings(layout, manager_id, today)
    return manager, next_meeting(manager, meetings, settings, today)
