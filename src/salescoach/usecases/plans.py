"""A manager's development plan, kept as one list in their file (``development_plan:`` in
``managers/ID.yaml``): add an item (``plan add``), mark one done or dropped (``plan done``).

The plan lives in the manager's file, not in the meeting files: it is one list whose items
change state over weeks, so a reader edits one place and ``git log -p`` of that file shows
when each item was agreed, done or dropped; the agenda of every 1:1 shows it (topic 4) and
``agenda next --write`` reminds of the open items in comments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from salescoach import store
from salescoach.errors import NotFound, UsageError
from salescoach.i18n import _
from salescoach.models import Manager, PlanItem
from salescoach.store import Layout
from salescoach.yamledit import EditableDocument, edit_yaml_file

Closing = Literal["done", "dropped"]


@dataclass(frozen=True)
class PlanAdded:
    """What ``add_plan_item`` did: the new item's number in the plan, and where."""

    manager_id: str
    number: int
    what: str
    due: dt.date
    path: Path


@dataclass(frozen=True)
class PlanClosed:
    """What ``close_plan_item`` did: the item, its status before and now."""

    manager_id: str
    number: int
    what: str
    old: str
    status: Closing
    path: Path

    @property
    def changed(self) -> bool:
        return self.old != self.status


def add_plan_item(
    layout: Layout, manager_id: str, what: str, due: dt.date, today: dt.date
) -> PlanAdded:
    """Append an open item to the manager's ``development_plan:`` through the safe editor
    (``added`` is today): the file's other bytes stay as they are."""
    text = " ".join(what.split())
    if not text:
        raise UsageError(_("the plan item's TEXT is empty; say what the manager will do or learn"))
    store.require_id(manager_id, "manager")
    store.require_manager(layout, manager_id)
    path = layout.manager_file(manager_id)
    entry = {"what": text, "due": due, "status": "open", "added": today}

    def change(doc: EditableDocument) -> int:
        items = doc.get(("development_plan",), [])
        doc.append(("development_plan",), entry, block=True)
        return (len(items) if isinstance(items, list) else 0) + 1

    edited = edit_yaml_file(layout, path, change, model=Manager)
    return PlanAdded(manager_id, edited.value, text, due, edited.path)


def close_plan_item(
    layout: Layout, manager_id: str, item: str, status: Closing, today: dt.date
) -> PlanClosed:
    """Mark the plan item ``item`` (its number, or words of its text that name one item)
    done or dropped, recording ``closed`` (today); only those two lines change."""
    store.require_id(manager_id, "manager")
    manager = store.require_manager(layout, manager_id)
    index = find_item(manager.development_plan, item, manager_id)
    path = layout.manager_file(manager_id)
    chosen = manager.development_plan[index]

    def change(doc: EditableDocument) -> str:
        old = str(doc.get(("development_plan", index, "status"), "open"))
        if old != status:
            doc.set(("development_plan", index, "status"), status)
            doc.set(("development_plan", index, "closed"), today)
        return old

    edited = edit_yaml_file(layout, path, change, model=Manager)
    return PlanClosed(manager_id, index + 1, chosen.what, edited.value, status, edited.path)


def find_item(plan: list[PlanItem], item: str, manager_id: str) -> int:
    """The 0-based index of the plan item ``item`` names: its number as the agenda shows it
    (``3`` or ``#3``), else words found in exactly one item's text (any case)."""
    if not plan:
        raise NotFound(
            _("{manager} has no development plan items yet").format(manager=manager_id),
            hint=_("add one with `salescoach plan add {manager} TEXT --due YYYY-MM-DD`").format(
                manager=manager_id
            ),
        )
    number = item.strip().removeprefix("#")
    if number.isdigit():
        if 1 <= int(number) <= len(plan):
            return int(number) - 1
        raise NotFound(
            _("no plan item {item}: {manager}'s plan has items 1 to {last}").format(
                item=item, manager=manager_id, last=len(plan)
            ),
            hint=open_items_hint(plan, manager_id),
        )
    words = " ".join(item.split()).casefold()
    found = [
        i for i, p in enumerate(plan) if words and words in " ".join(p.what.split()).casefold()
    ]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(
            _("no plan item of {manager} says '{item}'").format(manager=manager_id, item=item),
            hint=open_items_hint(plan, manager_id),
        )
    numbers = ", ".join(f"#{i + 1}" for i in found)
    raise UsageError(
        _("'{item}' is in more than one plan item ({numbers}); give the number").format(
            item=item, numbers=numbers
        ),
        hint=open_items_hint(plan, manager_id),
    )


def open_items_hint(plan: list[PlanItem], manager_id: str) -> str:
    """The open items by number, for a refusal's hint."""
    shown = [f"#{i}: {p.what}" for i, p in enumerate(plan, start=1) if p.status == "open"]
    if not shown:
        return _("every item of {manager}'s plan is done or dropped").format(manager=manager_id)
    return _("open items of {manager}: {items}").format(
        manager=manager_id, items="; ".join(shown[:8])
    )
