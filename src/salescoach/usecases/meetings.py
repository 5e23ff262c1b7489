"""Moving a planned 1:1 to another day (``meeting move``), with the reason. There is
deliberately no skip: a 1:1 is moved, never skipped (``cadence.move_target`` decides)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from salescoach import store
from salescoach.cadence import move_target
from salescoach.errors import NotFound, UsageError
from salescoach.messages import schedule_next_command
from salescoach.models import Manager, Meeting
from salescoach.store import Layout
from salescoach.workdays import WorkCalendar
from salescoach.yamledit import EditableDocument, edit_yaml_file


@dataclass(frozen=True)
class MeetingMoved:
    """What ``move_meeting`` did: the 1:1 with ``manager`` moved from one day to another."""

    manager: Manager
    old_day: date
    new_day: date
    path: Path
    """The meeting file under its new name."""


def require_reason(because: str | None) -> str:
    """The reason for a move, stripped; a usage error without one."""
    reason = (because or "").strip()
    if not reason:
        raise UsageError(
            "a 1:1 is moved with a reason: add --because TEXT",
            hint="e.g. --because 'board meeting'; it is kept in the file as moved_because",
        )
    return reason


def move_meeting(
    layout: Layout,
    manager_id: str,
    day: date | None,
    to: date | None,
    because: str | None,
    force: bool,
    today: date,
) -> MeetingMoved:
    """Move the planned 1:1 on ``day`` (default: the next planned one) to ``to`` (default:
    the next working day after it, not before today). The file is renamed, its ``date``
    changes, ``moved_from`` keeps the original date (across several moves) and
    ``moved_because`` the reason; everything else stays as it was."""
    reason = require_reason(because)
    store.require_id(manager_id, "manager")
    settings = store.require_settings(layout)
    manager = store.require_manager(layout, manager_id)
    old_day = day or next_planned(layout, manager_id, today)
    path = layout.meeting_file(manager_id, old_day)
    if not path.exists():
        raise NotFound(
            f"no 1:1 with {manager_id} on {old_day.isoformat()} (no file {layout.rel(path)})",
            hint=f"see the dates with {schedule_next_command(manager_id)}",
        )
    move = _Move(
        manager_id,
        old_day,
        to,
        reason,
        force,
        today,
        existing=store.meeting_dates(layout, manager_id),
        calendar=WorkCalendar.from_settings(settings.calendar),
    )
    result = edit_yaml_file(layout, path, lambda doc: move.apply(doc, layout), model=Meeting)
    return MeetingMoved(manager, old_day, move.moved_to[0], result.path)


@dataclass
class _Move:
    """One move, applied to the document inside the folder's lock."""

    manager_id: str
    old_day: date
    to: date | None
    reason: str
    force: bool
    today: date
    existing: list[date]
    calendar: WorkCalendar
    moved_to: list[date] = field(default_factory=list)

    def apply(self, doc: EditableDocument, layout: Layout) -> None:
        """Set the new date, ``moved_from`` and ``moved_because``, and rename the file."""
        # read inside the lock: the status is the one of the file being edited
        meeting = Meeting(date=self.old_day, status=doc.get(("status",)))
        meeting._manager = self.manager_id
        new = move_target(
            meeting,
            self.to,
            existing=self.existing,
            today=self.today,
            calendar=self.calendar,
            force=self.force,
        )
        doc.set(("date",), new)
        if doc.get(("moved_from",)) is None:
            doc.set(("moved_from",), self.old_day)
        doc.set(("moved_because",), self.reason)
        doc.rename(layout.meeting_file(self.manager_id, new))
        self.moved_to.append(new)


def next_planned(layout: Layout, manager_id: str, today: date) -> date:
    """The first planned 1:1 on or after today (only the recent files are read)."""
    meetings = store.require_recent_meetings(layout, manager_id, today=today)
    planned = [m.date for m in meetings if m.status == "planned" and m.date >= today]
    if not planned:
        raise NotFound(
            f"no planned 1:1 with {manager_id} on or after {today.isoformat()}",
            hint=f"give the DATE of the 1:1 to move, or see {schedule_next_command(manager_id)}",
        )
    return min(planned)
