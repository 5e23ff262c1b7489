"""What shell completion offers: manager IDs, rep IDs and GOAL/ACTION references, found
from file names and the rep index, reading as few files as it can (a key press waits)."""

from __future__ import annotations

from typing import Literal

from salescoach import store
from salescoach.models import Action, Goal
from salescoach.references import item_ref
from salescoach.store.index import manager_reps

RECENT_MEETINGS = 4
"""How many of a manager's latest 1:1s offer their goals and actions: the ones a user grades
or closes; older references still work when typed."""


def manager_ids(layout: store.Layout) -> list[str]:
    """Every manager's ID, from the names of managers/*.yaml (no file is read)."""
    return store.manager_ids(layout)


def rep_ids(layout: store.Layout, manager_id: str | None = None) -> list[str]:
    """The IDs of the reps in the manager files (one manager's, if given), from the rep
    index: only manager files changed since the last lookup are parsed."""
    ids = store.manager_ids(layout)
    if manager_id is not None:
        ids = [m for m in ids if m == manager_id]
    listing = manager_reps(layout, ids, store.load_manager)
    return sorted({stay.rep for stays in listing.reps.values() for stay in stays})


def item_refs(
    layout: store.Layout, manager_id: str, kind: Literal["goals", "actions"]
) -> list[tuple[str, str]]:
    """The references (DATE#N) of the goals or actions of a manager's latest 1:1s, newest
    first, each with its text: only those meeting files are read."""
    offered: list[tuple[str, str]] = []
    for day in reversed(store.meeting_dates(layout, manager_id)[-RECENT_MEETINGS:]):
        meeting, _problems = store.load_meeting(layout, manager_id, day)
        if meeting is None:
            continue
        items: list[Goal | Action] = [*(meeting.goals if kind == "goals" else meeting.actions)]
        offered += [(item_ref(day, i), _text(item)) for i, item in enumerate(items)]
    return offered


def _text(item: Goal | Action) -> str:
    """What completion shows beside a reference: the goal's rep and goal, or the action."""
    return f"{item.rep}: {item.goal}" if isinstance(item, Goal) else item.do
