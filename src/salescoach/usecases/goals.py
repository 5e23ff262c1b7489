"""The reps' goals and the agreed actions, where the 1:1 that set them recorded them: grade a
goal (``goal grade``), mark an action done (``action done``), list the goals over time with
their hit rates (``goals``). Grading and marking name the item as the agenda shows it,
``DATE#N`` (``salescoach.references``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from salescoach import references, store
from salescoach.agenda.topics import goal_due
from salescoach.errors import NotFound, UsageError, closest
from salescoach.formats import plural
from salescoach.i18n import _
from salescoach.models import GoalResult, HelpDelivered, Meeting
from salescoach.store import Layout
from salescoach.style import GoalRate
from salescoach.yamledit import EditableDocument, edit_yaml_file

Item = Literal["goal", "action"]


@dataclass(frozen=True)
class GoalGraded:
    """What ``grade_goal`` did: the goal, its rep, and its result before and now."""

    ref: str
    rep: str
    goal: str
    old: str | None
    result: GoalResult
    path: Path
    old_help: str | None = None
    help_delivered: HelpDelivered | None = None
    """Whether the manager gave the help promised (None: not graded this time)."""

    @property
    def changed(self) -> bool:
        help_changed = self.help_delivered is not None and self.old_help != self.help_delivered
        return self.old != self.result or help_changed


@dataclass(frozen=True)
class ActionDone:
    """What ``mark_action_done`` did: the action, its owner, and whether it was done before."""

    ref: str
    owner: str
    action: str
    was_done: bool
    path: Path


def open_refs(layout: Layout, manager_id: str, today: date, what: Item) -> str:
    """The references of the manager's open goals or actions in recent meetings, for hints."""
    meetings, _problems = store.load_recent_meetings(layout, manager_id, today=today)
    if what == "goal":
        refs = [
            references.item_ref(m.date, i)
            for m in meetings
            for i, g in enumerate(m.goals)
            if g.result is None and g.goal.strip()
        ]
    else:
        refs = [
            references.item_ref(m.date, i)
            for m in meetings
            for i, a in enumerate(m.actions)
            if not a.done and a.do.strip()
        ]
    if not refs:
        if what == "goal":
            return _("{manager} has no open goals in recent meetings").format(manager=manager_id)
        return _("{manager} has no open actions in recent meetings").format(manager=manager_id)
    shown = ", ".join(refs[-12:])
    if what == "goal":
        return _("open goals of {manager}: {refs}").format(manager=manager_id, refs=shown)
    return _("open actions of {manager}: {refs}").format(manager=manager_id, refs=shown)


def locate(layout: Layout, manager_id: str, ref: str, what: Item, today: date) -> tuple[Path, int]:
    """The meeting file and the 0-based index that ``ref`` (DATE#N) names."""
    store.require_id(manager_id, "manager")
    store.require_manager(layout, manager_id)
    parsed = references.parse_ref(ref)
    if parsed is None:
        text = (
            _(
                "'{ref}' is not a goal reference; write it as MEETING-DATE#N, e.g. 2026-11-23#1, "
                "as `salescoach agenda next` shows it"
            )
            if what == "goal"
            else _(
                "'{ref}' is not an action reference; write it as MEETING-DATE#N, e.g. "
                "2026-11-23#1, as `salescoach agenda next` shows it"
            )
        )
        raise UsageError(text.format(ref=ref), hint=open_refs(layout, manager_id, today, what))
    day, index = parsed
    path = layout.meeting_file(manager_id, day)
    if not path.exists():
        text = (
            _("no goal {ref}: {manager} has no meeting on {day} ({path} does not exist)")
            if what == "goal"
            else _("no action {ref}: {manager} has no meeting on {day} ({path} does not exist)")
        )
        raise NotFound(
            text.format(ref=ref, manager=manager_id, day=day.isoformat(), path=layout.rel(path)),
            hint=open_refs(layout, manager_id, today, what),
        )
    return path, index


def _item(
    doc: EditableDocument, index: int, what: Item, ref: str, refusal: _Refusal
) -> Mapping[str, object]:
    """The ``index``-th goal or action of the meeting being edited, or ``NotFound``."""
    items = doc.get((f"{what}s",), [])
    if not isinstance(items, list) or index >= len(items):
        count = len(items) if isinstance(items, list) else 0
        text = (
            _("no goal {ref}: the 1:1 of {day} has {count}").format(
                ref=ref, day=refusal.path.stem, count=plural(count, "goal")
            )
            if what == "goal"
            else _("no action {ref}: the 1:1 of {day} has {count}").format(
                ref=ref, day=refusal.path.stem, count=plural(count, "action")
            )
        )
        raise NotFound(
            text, hint=open_refs(refusal.layout, refusal.manager_id, refusal.today, what)
        )
    item = items[index]
    return item if isinstance(item, Mapping) else {}


@dataclass(frozen=True)
class _Refusal:
    """Where a reference points, to word its refusal (the hint is read only when refused)."""

    layout: Layout
    manager_id: str
    path: Path
    today: date


def grade_goal(
    layout: Layout,
    manager_id: str,
    ref: str,
    result: GoalResult,
    today: date,
    help_delivered: HelpDelivered | None = None,
) -> GoalGraded:
    """Record ``result`` for the goal ``ref`` in the meeting file that set it, and whether the
    manager gave the help promised (``help_delivered``, when given); grading again replaces
    them. Only the goal's ``result`` and ``help_delivered`` lines change."""
    path, index = locate(layout, manager_id, ref, "goal", today)

    def change(doc: EditableDocument) -> tuple[str | None, str | None, str, str]:
        item = _item(doc, index, "goal", ref, _Refusal(layout, manager_id, path, today))
        old, old_help = item.get("result"), item.get("help_delivered")
        if old != result:
            doc.set(("goals", index, "result"), result)
        if help_delivered is not None and old_help != help_delivered:
            doc.set(("goals", index, "help_delivered"), help_delivered)
        return (
            (None if old is None else str(old)),
            (None if old_help is None else str(old_help)),
            str(item.get("rep", "")),
            str(item.get("goal", "")),
        )

    edited = edit_yaml_file(layout, path, change, model=Meeting)
    old, old_help, rep, text = edited.value
    return GoalGraded(ref, rep, text, old, result, edited.path, old_help, help_delivered)


def mark_action_done(layout: Layout, manager_id: str, ref: str, today: date) -> ActionDone:
    """Mark the action ``ref`` done in the meeting file that recorded it, on ``today``: only
    the action's ``done`` changes and ``done_on`` is added (so "on time" can be measured)."""
    path, index = locate(layout, manager_id, ref, "action", today)

    def change(doc: EditableDocument) -> tuple[bool, str, str]:
        item = _item(doc, index, "action", ref, _Refusal(layout, manager_id, path, today))
        was_done = bool(item.get("done", False))
        if not was_done:
            doc.set(("actions", index, "done"), True)
            doc.set(("actions", index, "done_on"), today)
        return was_done, str(item.get("owner", "")), str(item.get("do", ""))

    edited = edit_yaml_file(layout, path, change, model=Meeting)
    was_done, owner, text = edited.value
    return ActionDone(ref, owner, text, was_done, edited.path)


# ---------------------------------------------------------------- goals over time


@dataclass(frozen=True)
class GoalRecord:
    """One goal as the 1:1 that set it recorded it, with its result and the help."""

    ref: str
    set_on: date
    rep: str
    rep_name: str
    goal: str
    manager_help: str
    due: date
    result: GoalResult | None
    help_delivered: HelpDelivered | None


@dataclass(frozen=True)
class GoalHistory:
    """A manager's (or one rep's) goals from ``since`` on, oldest first, and their rates."""

    manager_id: str
    manager_name: str
    rep: str | None
    since: date | None
    today: date
    goals: list[GoalRecord]
    rep_name: str | None = None

    @property
    def results(self) -> GoalRate:
        """The graded goals' results: met counts one, partly half (``style.GoalRate``)."""
        found = [g.result for g in self.goals if g.result is not None]
        return GoalRate(found.count("met"), found.count("partly"), found.count("missed"))

    @property
    def help(self) -> GoalRate:
        """Whether the help promised was given, counted the same way (yes, partly, no)."""
        found = [g.help_delivered for g in self.goals if g.help_delivered is not None]
        return GoalRate(found.count("yes"), found.count("partly"), found.count("no"))

    @property
    def waiting(self) -> int:
        """Goals due by today with no result yet: not in any rate, so said apart."""
        return sum(1 for g in self.goals if g.result is None and g.due <= self.today)


def goal_history(
    layout: Layout,
    manager_id: str,
    today: date,
    *,
    rep: str | None = None,
    since: date | None = None,
) -> GoalHistory:
    """Every goal set at the manager's 1:1s from ``since`` (default: the first) to
    ``today``, of one rep or all, with results and help delivered; blank goals are left out."""
    store.require_id(manager_id, "manager")
    manager = store.require_manager(layout, manager_id)
    if rep is not None and manager.rep(rep) is None:
        raise NotFound(
            _("{rep} is not a rep of {manager}").format(rep=rep, manager=manager_id),
            hint=closest(rep, manager.rep_ids, what="rep"),
        )
    names = {r.id: r.name for r in manager.reps}
    goals = [
        GoalRecord(
            references.item_ref(m.date, i),
            m.date,
            g.rep,
            names.get(g.rep, g.rep),
            g.goal,
            g.manager_help,
            goal_due(g, m.date),
            g.result,
            g.help_delivered,
        )
        for m in _meetings_between(layout, manager_id, since, today)
        for i, g in enumerate(m.goals)
        if g.goal.strip() and (rep is None or g.rep == rep)
    ]
    rep_name = names.get(rep) if rep is not None else None
    return GoalHistory(manager_id, manager.name, rep, since, today, goals, rep_name)


def _meetings_between(
    layout: Layout, manager_id: str, since: date | None, today: date
) -> list[Meeting]:
    """The manager's meetings from ``since`` to ``today``, oldest first; refused if any of
    them has errors."""
    days = [d for d in store.meeting_dates(layout, manager_id) if since is None or d >= since]
    return store.require_meetings(layout, manager_id, sorted(d for d in days if d <= today))
