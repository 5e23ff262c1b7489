"""``coach scorecard``: the numbers people would ask a coach who leads by example, per
manager and in total: 1:1s due, held on the planned day, moved and skipped; the coach's own
actions done; goals graded a week after falling due; the manager's help delivered.

A coach's action counts as done on time when it fell due in the period and was done by its
due date (``done_on``, which ``action done`` records; one marked done by hand without it
counts as on time); one still open after its due date, or done later, is late. The files do
not record when a goal was graded, so a goal counts as graded within a week when it fell due
in the period, at least a week before today, and has a result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from salescoach import store
from salescoach.agenda.topics import goal_due
from salescoach.cadence import NextMeeting, meeting_window_days, next_meeting
from salescoach.cadence_checks import HELD, MOVED, OVERDUE, SKIPPED, OneOnOne, one_on_ones
from salescoach.errors import SalescoachError
from salescoach.i18n import _
from salescoach.models import Manager, Meeting, Settings
from salescoach.store import Layout

DEFAULT_WEEKS = 13
"""Without ``--since``, the scorecard covers the last 13 weeks."""
GRADE_WITHIN_DAYS = 7


@dataclass
class Figures:
    """One manager's figures (or the total) over the period."""

    due: int = 0
    held: int = 0
    on_planned_day: int = 0
    moved: int = 0
    moved_days: list[int] = field(default_factory=list)
    skipped: int = 0
    not_recorded: int = 0
    overdue: int = 0
    coach_actions_due: int = 0
    coach_actions_on_time: int = 0
    coach_actions_late: int = 0
    goals_due: int = 0
    goals_graded_in_week: int = 0
    help_graded: int = 0
    help_yes: int = 0
    help_partly: int = 0
    help_no: int = 0
    one_on_ones: list[OneOnOne] = field(default_factory=list)
    """The manager's 1:1s of the period, which the meeting counts above are counted from."""

    @property
    def moved_days_average(self) -> float | None:
        return sum(self.moved_days) / len(self.moved_days) if self.moved_days else None

    def add(self, other: Figures) -> None:
        """Add ``other``'s counts to these (the total)."""
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


@dataclass(frozen=True)
class Scorecard:
    since: dt.date
    today: dt.date
    coach_name: str
    managers: list[tuple[Manager, Figures]]
    total: Figures


def coach_scorecard(layout: Layout, today: dt.date, since: dt.date | None = None) -> Scorecard:
    """The scorecard of the period from ``since`` (default: 13 weeks ago) to ``today``, from
    the meeting files of that period (and the last 1:1 before it, for the skip rule)."""
    start = since or today - dt.timedelta(weeks=DEFAULT_WEEKS)
    settings = store.require_settings(layout)
    managers = [m for m in store.require_managers(layout) if m.left is None or m.left > start]
    rows = []
    for manager in managers:
        meetings = _meetings(layout, manager.id, start)
        upcoming = _upcoming(layout, settings, manager, today)
        listed = one_on_ones(manager, meetings, settings, (start, today), upcoming)
        rows.append((manager, _figures(meetings, listed, start, today)))
    total = Figures()
    for _m, figures in rows:
        total.add(figures)
    coach = settings.coach.name if settings.coach else _("the coach")
    return Scorecard(start, today, coach, rows, total)


def _meetings(layout: Layout, manager_id: str, start: dt.date) -> list[Meeting]:
    """The manager's meetings from ``start`` on, and the last one before it."""
    dates = store.meeting_dates(layout, manager_id)
    before = [d for d in dates if d < start][-1:]
    return store.require_meetings(layout, manager_id, before + [d for d in dates if d >= start])


def _upcoming(
    layout: Layout, settings: Settings, manager: Manager, today: dt.date
) -> NextMeeting | None:
    """The manager's next 1:1 as ``schedule`` gives it (from the same recent meetings);
    None for a manager who has left the role."""
    if not manager.active_on(today):
        return None
    window = meeting_window_days(settings)
    recent = store.require_recent_meetings(layout, manager.id, today=today, days=window)
    try:
        return next_meeting(manager, recent, settings, today)
    except SalescoachError:
        return None  # a calendar that cannot be used is reported by `salescoach check`


def _figures(
    meetings: list[Meeting], listed: list[OneOnOne], start: dt.date, today: dt.date
) -> Figures:
    """One manager's figures: the 1:1s counted from ``listed``; the goals and actions from
    their meetings (the one before ``start`` gives only those that fall due in the period)."""
    f = Figures(one_on_ones=listed)
    for o in listed:
        f.on_planned_day += o.status == HELD
        f.skipped += o.status == SKIPPED
        f.overdue += o.status == OVERDUE
        f.not_recorded += o.status == OVERDUE and not o.next
        if o.status == MOVED and o.held_on is not None:
            f.moved += 1
            f.moved_days.append(abs((o.held_on - o.date).days))
    f.held = f.on_planned_day + f.moved
    for m in meetings:
        _actions(f, m, start, today)
        _goals(f, m, start, today)
    f.due = f.held + f.skipped + f.not_recorded
    return f


def _actions(f: Figures, m: Meeting, start: dt.date, today: dt.date) -> None:
    """The coach's actions of ``m`` that fell due in the period: done, or late."""
    for a in m.actions:
        if a.owner != "coach" or a.due is None or not (start <= a.due < today):
            continue
        f.coach_actions_due += 1
        if a.done and (a.done_on is None or a.done_on <= a.due):
            f.coach_actions_on_time += 1
        else:
            f.coach_actions_late += 1


def _goals(f: Figures, m: Meeting, start: dt.date, today: dt.date) -> None:
    """The goals of ``m`` that fell due in the period: graded (a week on), help delivered."""
    for g in m.goals:
        if not g.goal.strip():
            continue
        due = goal_due(g, m.date)
        if not (start <= due <= today):
            continue
        if due + dt.timedelta(days=GRADE_WITHIN_DAYS) <= today:
            f.goals_due += 1
            f.goals_graded_in_week += g.result is not None
        if g.help_delivered is not None:
            f.help_graded += 1
            f.help_yes += g.help_delivered == "yes"
            f.help_partly += g.help_delivered == "partly"
            f.help_no += g.help_delivered == "no"
