"""``--commit`` on the commands that write: commit just the files a command wrote, with a
message that says what changed (old → new where there was an old value, the note or text),
so that ``git log`` reads as the coaching record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from salescoach.i18n import _

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.actions import ActionAdded
    from salescoach.usecases.activities import ActivitiesResult
    from salescoach.usecases.deals import DealClosed, DealNote, DealNoted
    from salescoach.usecases.goals import ActionDone, GoalGraded
    from salescoach.usecases.imports import ImportResult
    from salescoach.usecases.meetings import MeetingMoved
    from salescoach.usecases.plans import PlanAdded, PlanClosed


@dataclass(frozen=True)
class Committed:
    """One ``--commit``: the new commit's short hash and its message."""

    short: str
    message: str

    @property
    def said(self) -> str:
        """``committed 1a2b3c4: goal …``, what the command prints."""
        return _("committed {commit}: {message}").format(commit=self.short, message=self.message)


def commit_written(layout: Layout, paths: Sequence[Path], message: str) -> Committed:
    """Commit just ``paths`` (written, created or removed) with ``message``
    (``gitops.commit_files``: other staged changes stay as they were)."""
    from salescoach.gitops import commit_files

    shown = ", ".join(layout.rel(p) for p in paths)
    written = _("the change was written to {path}").format(path=shown)
    return Committed(commit_files(layout.root, list(paths), message, written=written), message)


def _one_line(text: str) -> str:
    """``text`` on one line (a commit subject), its runs of white space made one space."""
    return " ".join(text.split())


def _old_new(old: str | None, new: str) -> str:
    """``old → new``, or just ``new`` when there was no old value or it is the same."""
    return f"{old} → {new}" if old is not None and old != new else new


def goal_message(manager_id: str, graded: GoalGraded) -> str:
    """``goal anna-kovacs 2026-11-23#1 missed → met, help yes (petra-nagy: 10 demos)``."""
    result = _old_new(graded.old, graded.result)
    helped = ""
    if graded.help_delivered is not None:
        helped = f", help {_old_new(graded.old_help, graded.help_delivered)}"
    what = _one_line(f"{graded.rep}: {graded.goal}")
    return f"goal {manager_id} {graded.ref} {result}{helped} ({what})"


def action_done_message(manager_id: str, marked: ActionDone) -> str:
    """``action anna-kovacs 2026-11-23#2 open → done (coach: send the deck)``."""
    what = _one_line(f"{marked.owner}: {marked.action}")
    return f"action {manager_id} {marked.ref} open → done ({what})"


def action_added_message(added: ActionAdded) -> str:
    """``action anna-kovacs 2026-11-23#3 added (coach, due 2026-11-30): send the deck``."""
    when, do = added.due.isoformat(), _one_line(added.do)
    return f"action {added.manager_id} {added.ref} added ({added.owner}, due {when}): {do}"


def moved_message(moved: MeetingMoved, because: str) -> str:
    """``meeting anna-kovacs 2026-11-23 → 2026-11-24: customer visit``."""
    days = f"{moved.old_day.isoformat()} → {moved.new_day.isoformat()}"
    return f"meeting {moved.manager.id} {days}: {_one_line(because)}"


def moved_paths(moved: MeetingMoved) -> list[Path]:
    """The files a move changed: the new one, and the old name's removal when there was one."""
    return [moved.path] if moved.removed is None else [moved.removed, moved.path]


def deal_noted_message(manager_id: str, noted: DealNoted, given: DealNote) -> str:
    """``deal anna-kovacs ACME-1 noted: strategy: go wide; next step: demo`` (what changed)."""
    from salescoach.usecases.deals import FIELDS

    values = (given.strategy, given.resources, given.next_step, given.owner, given.due)
    said = {name: str(value) for name, value in zip(FIELDS, values, strict=True)}
    verb = "noted" if noted.added else "updated"
    fields = "; ".join(f"{name}: {_one_line(said[name])}" for name in noted.changed if name in said)
    return f"deal {manager_id} {noted.deal.label} {verb}" + (f": {fields}" if fields else "")


def deal_closed_message(manager_id: str, closed: DealClosed) -> str:
    """``deal anna-kovacs ACME-1 open → done``."""
    return f"deal {manager_id} {closed.deal.label} {_old_new(closed.old, closed.status)}"


def plan_added_message(added: PlanAdded) -> str:
    """``plan anna-kovacs #3 added (due 2026-12-31): coach the forecast call``."""
    due = added.due.isoformat()
    return f"plan {added.manager_id} #{added.number} added (due {due}): {_one_line(added.what)}"


def plan_closed_message(closed: PlanClosed) -> str:
    """``plan anna-kovacs #3 open → done: coach the forecast call``."""
    status = _old_new(closed.old, closed.status)
    return f"plan {closed.manager_id} #{closed.number} {status}: {_one_line(closed.what)}"


def agenda_message(manager_id: str, day: date) -> str:
    """``agenda anna-kovacs 2026-11-23: planned 1:1 written``."""
    return f"agenda {manager_id} {day.isoformat()}: planned 1:1 written"


def import_message(result: ImportResult | ActivitiesResult) -> str:
    """``funnel import funnel/imports/2026-11-20.csv (created)``."""
    return f"funnel import {result.rel or result.path.name} ({result.status})"
