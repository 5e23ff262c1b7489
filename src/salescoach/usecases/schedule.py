"""Loading what the schedule needs: every manager (or one) with their recent meetings."""

from __future__ import annotations

from datetime import date

from salescoach import store
from salescoach.cadence import meeting_window_days
from salescoach.diagnostics import errors_in
from salescoach.errors import InvalidRepo
from salescoach.models import Manager, Meeting, Settings
from salescoach.store import Layout


def load_managers_with_meetings(
    layout: Layout, today: date
) -> tuple[Settings, list[tuple[Manager, list[Meeting]]]]:
    """The settings, and every manager with their recent meetings (oldest first).

    Only the recent meeting files of each manager are read; any error in them, a manager
    file or salescoach.yaml makes the command refuse with ``InvalidRepo``.
    """

    settings = store.require_settings(layout)
    window = meeting_window_days(settings)
    problems = []
    out = []
    for manager_id in store.manager_ids(layout):
        manager, found = store.load_manager(layout, manager_id)
        problems += found
        meetings, found = store.load_recent_meetings(layout, manager_id, today=today, days=window)
        problems += found
        if manager is not None:
            out.append((manager, meetings))
    if errors_in(problems):
        raise InvalidRepo(errors_in(problems))
    return settings, out


def load_manager_with_meetings(
    layout: Layout, manager_id: str, today: date
) -> tuple[Settings, Manager, list[Meeting]]:
    """The settings, one manager and their recent meetings; only their files are read."""

    store.require_id(manager_id, "manager")
    settings = store.require_settings(layout)
    manager = store.require_manager(layout, manager_id)
    meetings, problems = store.load_recent_meetings(
        layout, manager_id, today=today, days=meeting_window_days(settings)
    )
    if errors_in(problems):
        raise InvalidRepo(errors_in(problems))
    return settings, manager, meetings
