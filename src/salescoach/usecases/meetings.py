"""Moving a 1:1 to another day (``meeting move``), with the reason: a planned file, or a
1:1 the cadence projects (then the planned file is created). There is deliberately no skip:
a 1:1 is moved, never skipped (``cadence.move_target`` decides); a move past the next 1:1
acts as one, so it comes with a warning (``MeetingMoved.warning``, and ``check``'s
``moved-past-next``). Dates lie within ``store.EARLIEST_DAY`` … ``store.LATEST_DAY``."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from salescoach import store
from salescoach.cadence import move_target, next_meeting, upcoming_meetings
from salescoach.errors import NotFound, UsageError
from salescoach.i18n import _
from salescoach.messages import schedule_next_command
from salescoach.models import Manager, Meeting
from salescoach.schemas import schema_comment
from salescoach.store import Layout
from salescoach.usecases.schedule import load_manager_with_meetings
from salescoach.workdays import WorkCalendar
from salescoach.yamledit import EditableDocument, create_yaml_file, edit_yaml_file


@dataclass(frozen=True)
class MeetingMoved:
    """What ``move_meeting`` did: the 1:1 with ``manager`` moved from one day to another."""

    manager: Manager
    old_day: date
    new_day: date
    path: Path
    """The meeting file under its new name."""
    warning: str | None = None
    """Set when the move passes the next 1:1 (it acts as a skip): what ``check`` says."""
    removed: Path | None = None
    """The file under its old name, gone now (None for a projected 1:1: there was none)."""


def require_reason(because: str | None) -> str:
    """The reason for a move, stripped; a usage error without one."""
    reason = (because or "").strip()
    if not reason:
        raise UsageError(
            _("a 1:1 is moved with a reason: add --because TEXT"),
            hint=_("e.g. --because 'board meeting'; it is kept in the file as moved_because"),
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
    for option, given in (("--to", to), (_("the 1:1's date"), day)):
        if given is not None:
            store.require_day(given, option)
    settings = store.require_settings(layout)
    manager = store.require_manager(layout, manager_id)
    calendar = WorkCalendar.from_settings(settings.calendar)
    existing = store.meeting_dates(layout, manager_id)
    old_day = day or _planned_from_today(existing, layout, manager_id, today)
    if old_day is None or old_day not in existing:
        old_day = _projected_1on1(layout, manager_id, old_day, today)
        new = move_target(
            Meeting(date=old_day, status="planned"),
            to,
            existing=existing,
            today=today,
            calendar=calendar,
            force=force,
        )
        path = _create_moved(layout, manager_id, old_day, new, reason)
        return _moved(layout, manager, old_day, new, path, today)
    move = _Move(manager_id, old_day, to, reason, force, today, existing, calendar)
    path = layout.meeting_file(manager_id, old_day)
    result = edit_yaml_file(layout, path, lambda doc: move.apply(doc, layout), model=Meeting)
    moved = _moved(layout, manager, old_day, move.moved_to[0], result.path, today)
    return replace(moved, removed=path) if path != moved.path else moved


def _moved(
    layout: Layout, manager: Manager, old_day: date, new: date, path: Path, today: date
) -> MeetingMoved:
    """The move done, with ``check``'s warning if it passed the next 1:1 (a skip)."""
    from salescoach.cadence_checks import moved_past_next

    settings, manager, meetings = load_manager_with_meetings(layout, manager.id, today)
    moved = [m for m in meetings if m.date == new]
    found = moved_past_next(manager, meetings, settings) if moved else []
    warning = next((d.message for d in found if d.path.endswith(f"{new.isoformat()}.yaml")), None)
    return MeetingMoved(manager, old_day, new, path, warning)


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
        first = doc.get(("moved_from",))
        if first is not None and str(first) == new.isoformat():  # back where it was planned
            doc.delete(("moved_from",))
            doc.delete(("moved_because",))
        else:
            if first is None:
                doc.set(("moved_from",), self.old_day)
            doc.set(("moved_because",), self.reason)
        doc.rename(layout.meeting_file(self.manager_id, new))
        self.moved_to.append(new)


def _planned_from_today(
    existing: list[date], layout: Layout, manager_id: str, today: date
) -> date | None:
    """The first planned 1:1 file on or after today (only the recent files are read)."""
    if not any(d >= today for d in existing):
        return None
    meetings = store.require_recent_meetings(layout, manager_id, today=today)
    planned = [m.date for m in meetings if m.status == "planned" and m.date >= today]
    return min(planned) if planned else None


def _projected_1on1(layout: Layout, manager_id: str, day: date | None, today: date) -> date:
    """The 1:1 to move when no file is named: ``day`` if the cadence projects a 1:1 then,
    else (no ``day``) the next one ``schedule next`` shows, or the day it was due if it is
    overdue (a past planned file then, if there is one)."""
    settings, manager, meetings = load_manager_with_meetings(layout, manager_id, today)
    nxt = next_meeting(manager, meetings, settings, today)
    if day is None:
        return nxt.due if nxt.overdue_days and nxt.due is not None else nxt.date
    projected = upcoming_meetings(manager, meetings, settings, today, day)
    if day == nxt.due or any(u.date == day and not u.planned for u in projected):
        return day
    path = layout.meeting_file(manager_id, day)
    missing = _("no 1:1 with {manager} on {day} (no file {path})")
    raise NotFound(
        missing.format(manager=manager_id, day=day.isoformat(), path=layout.rel(path)),
        hint=_("see the dates with {command}").format(command=schedule_next_command(manager_id)),
    )


def _create_moved(layout: Layout, manager_id: str, old_day: date, new: date, reason: str) -> Path:
    """Create the planned file of a projected 1:1 moved to ``new`` (never overwrites)."""
    path = layout.meeting_file(manager_id, new)
    data = {"date": new, "status": "planned", "moved_from": old_day, "moved_because": reason}
    header = schema_comment("meeting", 2)
    return create_yaml_file(layout, path, data, model=Meeting, header=header).path
