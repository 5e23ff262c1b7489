"""The parts of an agenda: one record per topic and its items, and the ``Agenda`` itself.
Plain data, built by ``agenda.build`` and rendered by ``render.agenda``. They are
``NamedTuple``s: immutable, compared by value, their fields in ``_fields``; defining them
costs a seventh of what frozen dataclasses cost at import, which every ``agenda next`` pays
(issue 18)."""

from __future__ import annotations

import datetime as dt
from typing import Literal, NamedTuple

from salescoach.agenda.funnel_section import FunnelTopic
from salescoach.models import Style

Trend = Literal["up", "down", "flat", ""]


class TimeBox(NamedTuple):
    key: str
    title: str
    minutes: int


class HoursPoint(NamedTuple):
    date: dt.date
    admin: float | None
    coaching: float | None


class AgreedChange(NamedTuple):
    """A routine change agreed at an earlier 1:1, and how the hours moved since."""

    agreed_on: dt.date
    what: str
    why: str
    admin_then: float | None
    coaching_then: float | None
    admin_now: float | None
    coaching_now: float | None


class RoutineTopic(NamedTuple):
    history: list[HoursPoint]
    admin_hours: float | None
    coaching_hours: float | None
    as_of: dt.date | None
    admin_trend: Trend
    coaching_trend: Trend
    notes: str
    change: AgreedChange | None
    prompts: list[str]


class RepRow(NamedTuple):
    rep_id: str
    name: str
    scores: list[int | None]
    trend: Trend
    average: float | None
    flags: list[str]
    last_note: str


class RepTopic(NamedTuple):
    dates: list[dt.date]
    rows: list[RepRow]
    team_average: float | None
    prompt: str


class GoalItem(NamedTuple):
    ref: str
    rep_id: str
    rep_name: str
    goal: str
    manager_help: str
    due: dt.date
    set_on: dt.date


class RepName(NamedTuple):
    rep_id: str
    name: str


class GoalsTopic(NamedTuple):
    to_assess: list[GoalItem]
    running: list[GoalItem]
    need_goal: list[RepName]
    new_goals_due: dt.date
    prompts: list[str]


class ActionItem(NamedTuple):
    ref: str
    owner: Literal["coach", "manager"]
    do: str
    due: dt.date | None
    done: bool
    set_on: dt.date
    overdue_days: int


class PlanEntry(NamedTuple):
    """An item of the manager's development plan; ``number`` is its place in the list (1 is
    the first), as ``plan done`` takes it."""

    number: int
    what: str
    due: dt.date | None
    status: Literal["open", "done", "dropped"]
    overdue_days: int


class PlanProgress(NamedTuple):
    """The development plan: every item, how many are done of those not dropped, and the
    open item due next."""

    items: list[PlanEntry]
    done: int
    dropped: int
    counted: int
    """The items not dropped (done and open): progress is ``done`` of these."""
    next_open: PlanEntry | None

    @property
    def open_items(self) -> list[PlanEntry]:
        return [i for i in self.items if i.status == "open"]


class OwnTopic(NamedTuple):
    recorded_on: dt.date | None
    achieved: str
    improve: str
    training: str
    support: str
    coaching: str
    plan: str
    coach_support: list[ActionItem]
    prompts: list[str]
    plan_items: PlanProgress


class ExpectationsTopic(NamedTuple):
    recorded_on: dt.date | None
    from_coach: str
    manager_commits: str


class Agenda(NamedTuple):
    manager_id: str
    manager_name: str
    organisation: str
    coach_name: str
    today: dt.date
    date: dt.date
    due: dt.date | None
    """The date the cadence asked for (earlier than ``date`` when overdue)."""
    every_days: int
    reason: str
    last_held: dt.date | None
    overdue_days: int
    moved_from: dt.date | None
    moved_because: str | None
    planned: bool
    minutes: int
    funnel_review: bool
    funnel_review_due: dt.date
    style: Style
    style_prompts: list[str]
    suggested_style: Style
    """The style that fits the manager now (``style.suggest_style``); shown when it differs."""
    style_reason: str
    training_needs: list[str]
    timeboxes: list[TimeBox]
    routine: RoutineTopic
    reps: RepTopic
    goals: GoalsTopic
    own: OwnTopic
    expectations: ExpectationsTopic
    actions: list[ActionItem]
    funnel: FunnelTopic | None

    def minutes_for(self, key: str) -> int:
        """The minutes of topic ``key`` (0 when the agenda has no such topic)."""
        return next((t.minutes for t in self.timeboxes if t.key == key), 0)
