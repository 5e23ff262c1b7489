"""The actions agreed at 1:1s across managers: every open one, the coach's own first
(``salescoach actions``), and a new one added to a manager's 1:1 (``action add``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from salescoach import store
from salescoach.agenda.parts import ActionItem
from salescoach.agenda.topics import open_actions
from salescoach.cadence import meeting_window_days
from salescoach.errors import NotFound, UsageError
from salescoach.i18n import _
from salescoach.models import Manager, Meeting
from salescoach.references import item_ref
from salescoach.store import Layout
from salescoach.yamledit import EditableDocument, edit_yaml_file

Owner = Literal["coach", "manager"]


@dataclass(frozen=True)
class OpenAction:
    """One open action with the manager whose 1:1 recorded it."""

    manager_id: str
    manager_name: str
    item: ActionItem


@dataclass(frozen=True)
class ActionList:
    """The open actions ``actions`` shows, and what they were chosen by."""

    today: dt.date
    coach_name: str
    actions: list[OpenAction]
    managers: int
    """How many managers' 1:1s were read."""


@dataclass(frozen=True)
class ActionAdded:
    """What ``add_action`` did: the new action's reference and the meeting it went into."""

    ref: str
    manager_id: str
    owner: Owner
    do: str
    due: dt.date
    meeting_date: dt.date
    meeting_status: str
    path: Path


def list_open_actions(
    layout: Layout,
    today: dt.date,
    *,
    manager_id: str | None = None,
    mine: bool = False,
    overdue: bool = False,
) -> ActionList:
    """Every open action in the recent 1:1s of every manager still in the role (or of one):
    the coach's first, then the oldest due first; ``mine`` keeps the coach's, ``overdue``
    those past their due date. The 1:1s read are those the agenda reads."""
    settings = store.require_settings(layout)
    managers = _managers(layout, manager_id, today)
    days = meeting_window_days(settings)
    found: list[OpenAction] = []
    for manager in managers:
        meetings = store.require_recent_meetings(layout, manager.id, today=today, days=days)
        found += [OpenAction(manager.id, manager.name, a) for a in open_actions(meetings, today)]
    chosen = [
        a
        for a in found
        if (not mine or a.item.owner == "coach") and (not overdue or a.item.overdue_days > 0)
    ]
    chosen.sort(key=_order)
    coach = settings.coach.name if settings.coach else _("the coach")
    return ActionList(today, coach, chosen, len(managers))


def _order(a: OpenAction) -> tuple[bool, dt.date, dt.date, str, str]:
    """The coach's own first, then by due date (none last), the 1:1 that set it, manager."""
    i = a.item
    return (i.owner != "coach", i.due or dt.date.max, i.set_on, a.manager_id, i.ref)


def _managers(layout: Layout, manager_id: str | None, today: dt.date) -> list[Manager]:
    """One manager (refused if unknown), or every manager still in the role on ``today``."""
    if manager_id is not None:
        store.require_id(manager_id, "manager")
        return [store.require_manager(layout, manager_id)]
    return [m for m in store.require_managers(layout) if m.active_on(today)]


def target_meeting(meetings: list[Meeting]) -> Meeting | None:
    """Where a new action goes: the first planned 1:1, else the latest held one."""
    planned = [m for m in meetings if m.status == "planned"]
    if planned:
        return min(planned, key=lambda m: m.date)
    held = [m for m in meetings if m.status == "held"]
    return max(held, key=lambda m: m.date) if held else None


def add_action(
    layout: Layout, manager_id: str, do: str, owner: Owner, due: dt.date, today: dt.date
) -> ActionAdded:
    """Append an action to ``actions:`` of the manager's planned 1:1 (else the latest held
    one) through the safe editor: the file's other bytes stay as they are."""
    text = " ".join(do.split())
    if not text:
        raise UsageError(_("the action's TEXT is empty; say what is to be done"))
    store.require_id(manager_id, "manager")
    store.require_manager(layout, manager_id)
    settings = store.require_settings(layout)
    meetings = store.require_recent_meetings(
        layout, manager_id, today=today, days=meeting_window_days(settings)
    )
    meeting = target_meeting(meetings)
    if meeting is None:
        raise NotFound(
            _("{manager} has no 1:1 to record the action in yet").format(manager=manager_id),
            hint=_("plan one with `salescoach agenda next {manager} --write`").format(
                manager=manager_id
            ),
        )
    path = layout.meeting_file(manager_id, meeting.date)
    entry = {"owner": owner, "do": text, "due": due, "done": False}

    def change(doc: EditableDocument) -> int:
        items = doc.get(("actions",), [])
        index = len(items) if isinstance(items, list) else 0
        doc.append(("actions",), entry)
        return index

    edited = edit_yaml_file(layout, path, change, model=Meeting)
    ref = item_ref(meeting.date, edited.value)
    return ActionAdded(ref, manager_id, owner, text, due, meeting.date, meeting.status, edited.path)
