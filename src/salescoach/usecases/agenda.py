"""Preparing a 1:1: the agenda of the next meeting with a manager, the manager whose 1:1 is
due soonest, and the planned meeting's notes file (``agenda next --write``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from salescoach import cadence, store
from salescoach.agenda import Agenda, build_agenda
from salescoach.diagnostics import errors_in
from salescoach.errors import NotFound, WriteError
from salescoach.i18n import _
from salescoach.models import Meeting
from salescoach.store import Layout
from salescoach.usecases.schedule import load_manager_with_meetings, load_managers_with_meetings


def prepare_agenda(layout: Layout, manager_id: str, today: date) -> Agenda:
    """The agenda of the next 1:1 with one manager, reading only that manager's file, their
    recent meetings, the settings and, when the funnel review is due, the data of the team's
    review for that 1:1 (the latest import on or before it and the one before, the two
    latest snapshots)."""
    settings, manager, meetings = load_manager_with_meetings(layout, manager_id, today)
    nm = cadence.next_meeting(manager, meetings, settings, today)
    review = None
    if nm.funnel_review:  # the funnel's loading (CRM imports, csv) is imported only then
        from salescoach.usecases.funnel import team_review_for_meeting

        review = team_review_for_meeting(layout, settings, manager, meetings, nm, today)
    return build_agenda(manager, meetings, settings, nm, today, review=review)


def soonest_manager(layout: Layout, today: date) -> str:
    """The manager whose next 1:1 is due soonest (most overdue first on the same day, then
    by ID)."""
    settings, managers = load_managers_with_meetings(layout, today)
    best: tuple[date, int, str] | None = None
    for manager, meetings in managers:
        nm = cadence.next_meeting(manager, meetings, settings, today)
        key = (nm.date, -nm.overdue_days, manager.id)
        if best is None or key < best:
            best = key
    if best is None:
        raise NotFound(
            _("there are no managers yet"),
            hint=_("add one as managers/ID.yaml (see docs/format.md)"),
        )
    return best[2]


def write_planned_meeting(layout: Layout, agenda: Agenda) -> str:
    """Create meetings/MANAGER/DATE.yaml from the agenda; never overwrites notes: a file that
    exists is refused, unless it is only the date and the move that ``meeting move`` wrote
    (then it is filled in, keeping the move). Returns its path relative to the repository."""
    from salescoach import writer  # only `--write` writes: `agenda next` loads neither
    from salescoach.meeting_template import planned_meeting_text

    path = layout.meeting_file(agenda.manager_id, agenda.date)
    rel = layout.rel(path)
    with writer.folder_lock(path.parent, shown=layout.rel(path.parent)):
        bare = _bare_moved_file(path, rel, agenda)
        if bare is None and (path.exists() or path.is_symlink()):
            raise WriteError(
                _("{file} already exists; it was left as it is").format(file=rel),
                hint=_("open it to take notes, or plan the next 1:1 after it is held"),
            )
        data = planned_meeting_text(agenda).encode("utf-8")
        meeting, _node, problems = store.parse_model(data, rel, Meeting)
        if meeting is None or errors_in(problems) or meeting.date != agenda.date:
            raise WriteError(
                _("the prepared {file} would not load; nothing was written").format(file=rel)
            )
        if bare is None:
            writer.create_file(path, data)
        else:
            writer.replace_file(path, data, expected=bare)
    return rel


MOVE_ONLY = Meeting.model_fields.keys() - {"date", "status", "moved_from", "moved_because"}
"""What a planned file written by ``meeting move`` leaves unset (all of it at its default)."""


def _bare_moved_file(path: Path, rel: str, agenda: Agenda) -> bytes | None:
    """The bytes of the planned file at ``path`` when it holds nothing but the date and the
    move (``meeting move`` of a projected 1:1); None for anything else, or no file."""
    if path.is_symlink() or not path.is_file():
        return None
    data = path.read_bytes()
    meeting, _node, problems = store.parse_model(data, rel, Meeting)
    if meeting is None or errors_in(problems) or meeting.status != "planned":
        return None
    blank = Meeting(date=meeting.date, status="planned")
    if meeting.moved_from is None or meeting.date != agenda.date:
        return None
    if any(getattr(meeting, name) != getattr(blank, name) for name in MOVE_ONLY):
        return None
    return data
