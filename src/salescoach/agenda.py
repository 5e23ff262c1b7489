"""The agenda of the next 1:1 with a manager: the method's four topics, time-boxed, with
everything carried over from earlier meetings (ratings, goals to assess, routine changes,
needs and plans, expectations, open actions) and the funnel review when it is due.

Pure: it takes the manager, their recent meetings, the settings, the next meeting (from
``cadence``), the latest funnel snapshots, the latest CRM import when there is one (as
``funnel.Source``) and today's dt.date, and reads nothing itself. See ``docs/agenda.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Literal

from salescoach import funnel, ratings
from salescoach.cadence import NextMeeting, last_funnel_review
from salescoach.funnel import Source
from salescoach.models import (
    Action,
    FunnelSnapshot,
    Goal,
    Manager,
    Meeting,
    Settings,
    Style,
)
from salescoach.references import item_ref

GOAL_DAYS = 30
"""The method plans each rep's goal for the next 30 days; a goal without ``due`` is due then."""

Trend = Literal["up", "down", "flat", ""]

TOPICS: tuple[tuple[str, str, int], ...] = (
    ("routine", "1. The manager's routine", 2),
    ("reps", "2. Rep performance", 4),
    ("goals", "3. Goals for the next 30 days", 3),
    ("own", "4. The manager's own performance", 2),
    ("wrap_up", "Expectations and actions", 1),
)
"""The topics in order, with their share of a regular 1:1 (in twelfths: 10/20/15/10/5 of 60)."""

FUNNEL_TITLE = "Funnel review"

ROUTINE_PROMPTS = (
    "Too much or too little time on reports and admin?",
    "Is there enough time to train and coach the reps?",
    "If the routine should change: say what, and explain why.",
)
REPS_PROMPT = "Rate each rep 1 (did not reach the goals) to 4 (exceeded them)."
GOALS_PROMPTS = (
    "What is your plan for each rep over the next 30 days?",
    "How will you personally help make it happen?",
)
OWN_PROMPTS = (
    "What did you achieve since our last 1:1?",
    "What could have gone better?",
    "What support, training or coaching do you need, and how will I provide it?",
)
FUNNEL_QUESTIONS = (
    "Are there enough prospects? If not, why not?",
    "Is the volume of calls too low?",
    "Which rep needs support or advice on their funnel?",
    "Large deals: what strategy and tactics close them, and what extra resources are needed?",
)

_LISTED_APART = frozenset({"large-deal", "stalled-deals"})
"""Funnel findings the agenda lists in its own large / stalled deal lists."""

OMIT_IF_NONE = {"omit_if_none": True}
"""Field metadata: the JSON leaves the field out when it is None (fields only an import has,
so that the agenda from snapshots keeps its shape)."""

STALLED_SHOWN = 10
"""From an import, the agenda lists at most this many stalled deals (the oldest)."""


# ---------------------------------------------------------------- the agenda's parts


@dataclass(frozen=True)
class TimeBox:
    key: str
    title: str
    minutes: int


@dataclass(frozen=True)
class HoursPoint:
    date: dt.date
    admin: float | None
    coaching: float | None


@dataclass(frozen=True)
class AgreedChange:
    """A routine change agreed at an earlier 1:1, and how the hours moved since."""

    agreed_on: dt.date
    what: str
    why: str
    admin_then: float | None
    coaching_then: float | None
    admin_now: float | None
    coaching_now: float | None


@dataclass(frozen=True)
class RoutineTopic:
    history: list[HoursPoint]
    admin_hours: float | None
    coaching_hours: float | None
    as_of: dt.date | None
    admin_trend: Trend
    coaching_trend: Trend
    notes: str
    change: AgreedChange | None
    prompts: list[str]


@dataclass(frozen=True)
class RepRow:
    rep_id: str
    name: str
    scores: list[int | None]
    trend: Trend
    average: float | None
    flags: list[str]
    last_note: str


@dataclass(frozen=True)
class RepTopic:
    dates: list[dt.date]
    rows: list[RepRow]
    team_average: float | None
    prompt: str


@dataclass(frozen=True)
class GoalItem:
    ref: str
    rep_id: str
    rep_name: str
    goal: str
    manager_help: str
    due: dt.date
    set_on: dt.date


@dataclass(frozen=True)
class RepName:
    rep_id: str
    name: str


@dataclass(frozen=True)
class GoalsTopic:
    to_assess: list[GoalItem]
    running: list[GoalItem]
    need_goal: list[RepName]
    new_goals_due: dt.date
    prompts: list[str]


@dataclass(frozen=True)
class ActionItem:
    ref: str
    owner: Literal["coach", "manager"]
    do: str
    due: dt.date | None
    done: bool
    set_on: dt.date
    overdue_days: int


@dataclass(frozen=True)
class OwnTopic:
    recorded_on: dt.date | None
    achieved: str
    improve: str
    training: str
    support: str
    coaching: str
    plan: str
    coach_support: list[ActionItem]
    prompts: list[str]


@dataclass(frozen=True)
class ExpectationsTopic:
    recorded_on: dt.date | None
    from_coach: str
    manager_commits: str


@dataclass(frozen=True)
class RepFigures:
    """A rep's closed deals from a CRM import, as ``funnel.team_summary`` computes them."""

    won: int
    lost: int | None
    win_rate: float | None
    """won / (won + lost), rounded to 4 digits like ``funnel review --format json``."""
    win_rate_before: float | None
    """The same from the import before (for the arrow)."""
    open_value_estimated: bool
    """No open deal has a value: ``open_value`` is open deals × the average won deal."""


@dataclass(frozen=True)
class FunnelRepRow:
    rep_id: str
    name: str
    calls: int | None
    calls_before: int | None
    stages: list[int | None]
    won_value: float | None
    open_deals: int
    open_value: float
    notes: list[str]
    figures: RepFigures | None = field(default=None, metadata=OMIT_IF_NONE)
    """Only from an import."""


@dataclass(frozen=True)
class DealItem:
    rep_id: str
    rep_name: str
    name: str
    amount: float | None
    stage: str | None
    since: dt.date | None
    age_days: int | None
    large: bool
    stalled: bool


@dataclass(frozen=True)
class FunnelTopic:
    source: str | None
    as_of: dt.date | None
    period_from: dt.date | None
    period_to: dt.date | None
    stages: list[str]
    reps: list[FunnelRepRow]
    team_stages: list[int]
    team_calls: int | None
    team_calls_before: int | None
    large_deals: list[DealItem]
    stalled_deals: list[DealItem]
    large_deal: float
    stalled_after_days: int
    last_review: dt.date | None
    questions: list[str]
    headline: str
    """The key numbers in one line (``funnel.TeamReview.headline``)."""
    findings: list[str]
    """The funnel review's diagnostics in the method's words (``funnel.team_summary``)."""
    imported: ImportInfo | None = field(default=None, metadata=OMIT_IF_NONE)
    """Only when the section comes from a CRM import (``source``)."""


@dataclass(frozen=True)
class ImportInfo:
    """Where an import-based funnel section's comparisons and calls come from."""

    previous: str | None
    """The import before it, which the win-rate arrows compare with."""
    calls_from: str | None
    """The snapshot whose calls are shown (imports have no calls), if one is recent."""
    stalled_total: int
    """How many open deals are stalled (at most ``STALLED_SHOWN`` are listed)."""


@dataclass(frozen=True)
class Agenda:
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
        return next((t.minutes for t in self.timeboxes if t.key == key), 0)


# ---------------------------------------------------------------- building it


def build_agenda(
    manager: Manager,
    meetings: Sequence[Meeting],
    settings: Settings,
    next_meeting: NextMeeting,
    snapshots: Sequence[FunnelSnapshot],
    today: dt.date,
    *,
    imported: Source | None = None,
    imported_before: Source | None = None,
) -> Agenda:
    """The agenda of ``next_meeting`` with ``manager``.

    ``meetings`` are the manager's recent meetings (any order); only those before the next
    meeting's date are carried over. ``snapshots`` are the latest funnel snapshots (oldest
    first), ``imported`` the latest CRM import on or before the meeting and ``imported_before``
    the one before it; they are used only when the funnel review is due.
    """
    day = next_meeting.date
    earlier = sorted((m for m in meetings if m.date < day), key=lambda m: m.date)
    review_date = last_funnel_review(earlier)
    funnel = (
        funnel_topic(
            manager,
            snapshots,
            settings,
            day,
            review_date,
            imported=imported,
            imported_before=imported_before,
        )
        if next_meeting.funnel_review
        else None
    )
    coach = settings.coach.name if settings.coach else "the coach"
    return Agenda(
        manager_id=manager.id,
        manager_name=manager.name,
        organisation=settings.organisation,
        coach_name=coach,
        today=today,
        date=day,
        due=next_meeting.due,
        every_days=next_meeting.every_days,
        reason=next_meeting.reason,
        last_held=next_meeting.last_held,
        overdue_days=next_meeting.overdue_days,
        moved_from=next_meeting.moved_from,
        moved_because=next_meeting.moved_because,
        planned=next_meeting.planned,
        minutes=next_meeting.minutes,
        funnel_review=next_meeting.funnel_review,
        funnel_review_due=next_meeting.funnel_review_due,
        style=manager.style,
        style_prompts=list(settings.prompts_for(manager.style)[:3]),
        training_needs=list(manager.training_needs),
        timeboxes=timeboxes(
            next_meeting.minutes, settings.meeting_minutes, funnel_review=next_meeting.funnel_review
        ),
        routine=routine_topic(earlier),
        reps=rep_topic(manager, earlier),
        goals=goals_topic(manager, earlier, day),
        own=own_topic(earlier, today),
        expectations=expectations_topic(earlier),
        actions=open_actions(earlier, today),
        funnel=funnel,
    )


def timeboxes(minutes: int, regular_minutes: int, *, funnel_review: bool) -> list[TimeBox]:
    """Split the meeting's minutes over the topics (10/20/15/10/5 of 60); a funnel review
    takes what the longer meeting adds (30 of 90), or a third if the meeting is not longer."""
    funnel = 0
    if funnel_review:
        funnel = minutes - regular_minutes if minutes > regular_minutes else minutes // 3
    regular = minutes - funnel
    total_weight = sum(w for _k, _t, w in TOPICS)
    boxes = [TimeBox(key, title, regular * w // total_weight) for key, title, w in TOPICS]
    spare = regular - sum(b.minutes for b in boxes)
    boxes[1] = TimeBox(boxes[1].key, boxes[1].title, boxes[1].minutes + spare)
    if funnel_review:
        boxes.insert(4, TimeBox("funnel", FUNNEL_TITLE, funnel))
    return boxes


def _trend(values: Sequence[float | None]) -> Trend:
    """The direction from the first to the last known value ("" with fewer than two)."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    if known[-1] > known[0]:
        return "up"
    if known[-1] < known[0]:
        return "down"
    return "flat"


def routine_topic(earlier: Sequence[Meeting], *, points: int = 4) -> RoutineTopic:
    """The last recorded admin and coaching hours, their trend, and the last agreed change."""
    history = [
        HoursPoint(m.date, m.routine.admin_hours_per_week, m.routine.coaching_hours_per_week)
        for m in earlier
        if m.routine is not None
        and (
            m.routine.admin_hours_per_week is not None
            or m.routine.coaching_hours_per_week is not None
        )
    ][-points:]
    last = history[-1] if history else None
    notes = next((m.routine.notes for m in reversed(earlier) if m.routine and m.routine.notes), "")
    change: AgreedChange | None = None
    for index in range(len(earlier) - 1, -1, -1):
        m = earlier[index]
        if m.routine is not None and m.routine.change is not None and m.routine.change.what:
            later = [h for h in history if h.date > m.date]
            now = later[-1] if later else None
            change = AgreedChange(
                agreed_on=m.date,
                what=m.routine.change.what,
                why=m.routine.change.why,
                admin_then=m.routine.admin_hours_per_week,
                coaching_then=m.routine.coaching_hours_per_week,
                admin_now=now.admin if now else None,
                coaching_now=now.coaching if now else None,
            )
            break
    return RoutineTopic(
        history=history,
        admin_hours=last.admin if last else None,
        coaching_hours=last.coaching if last else None,
        as_of=last.date if last else None,
        admin_trend=_trend([h.admin for h in history]),
        coaching_trend=_trend([h.coaching for h in history]),
        notes=notes,
        change=change,
        prompts=list(ROUTINE_PROMPTS),
    )


def rep_topic(manager: Manager, earlier: Sequence[Meeting], *, columns: int = 6) -> RepTopic:
    """A row per rep with their ratings at the last ``columns`` rated meetings, trend and
    flags as ``ratings`` computes them."""
    histories = ratings.rep_history(manager, earlier, last=columns)
    shown = ratings.rated_meetings(earlier, columns)
    rows = [
        RepRow(
            rep_id=h.rep,
            name=h.name,
            scores=list(h.scores.values()),
            trend=h.trend or "",
            average=round(h.average, 2) if h.average is not None else None,
            flags=list(h.flags),
            last_note=_last_note(h.notes, h.scores),
        )
        for h in histories
    ]
    team = ratings.team_average(shown[-1]) if shown else None
    return RepTopic(
        [m.date for m in shown], rows, round(team, 2) if team is not None else None, REPS_PROMPT
    )


def _last_note(notes: dict[dt.date, str], scores: dict[dt.date, int | None]) -> str:
    """The note of the rep's latest rating."""
    rated = [d for d, s in scores.items() if s is not None]
    return notes.get(rated[-1], "") if rated else ""


def goal_due(goal: Goal, set_on: dt.date) -> dt.date:
    """When a goal falls due: its ``due``, else 30 days after the meeting that set it."""
    return goal.due or set_on + timedelta(days=GOAL_DAYS)


def goals_topic(manager: Manager, earlier: Sequence[Meeting], day: dt.date) -> GoalsTopic:
    """Goals due by ``day`` without a result (to assess), goals still running, and the reps
    who will have no running goal after this meeting. Goals left blank are ignored."""
    names = {r.id: r.name for r in manager.reps}
    to_assess: list[GoalItem] = []
    running: list[GoalItem] = []
    for m in earlier:
        for index, goal in enumerate(m.goals):
            if goal.result is not None or not goal.goal.strip():
                continue
            item = GoalItem(
                ref=item_ref(m.date, index),
                rep_id=goal.rep,
                rep_name=names.get(goal.rep, goal.rep),
                goal=goal.goal,
                manager_help=goal.manager_help,
                due=goal_due(goal, m.date),
                set_on=m.date,
            )
            (to_assess if item.due <= day else running).append(item)
    with_goal = {g.rep_id for g in running}
    need = [RepName(r.id, r.name) for r in manager.reps if r.id not in with_goal]
    return GoalsTopic(
        to_assess=sorted(to_assess, key=lambda g: (g.due, g.set_on, g.ref)),
        running=sorted(running, key=lambda g: (g.due, g.set_on, g.ref)),
        need_goal=need,
        new_goals_due=day + timedelta(days=GOAL_DAYS),
        prompts=list(GOALS_PROMPTS),
    )


def _action_item(meeting: Meeting, index: int, action: Action, today: dt.date) -> ActionItem:
    overdue = (today - action.due).days if action.due and action.due < today else 0
    return ActionItem(
        ref=item_ref(meeting.date, index),
        owner=action.owner,
        do=action.do,
        due=action.due,
        done=action.done,
        set_on=meeting.date,
        overdue_days=0 if action.done else overdue,
    )


def own_topic(earlier: Sequence[Meeting], today: dt.date) -> OwnTopic:
    """What the last 1:1 recorded about the manager's own performance, and whether the
    coach's own actions agreed there happened."""
    last = next((m for m in reversed(earlier) if m.own_performance is not None), None)
    own = last.own_performance if last else None
    support = (
        [_action_item(last, i, a, today) for i, a in enumerate(last.actions) if a.owner == "coach"]
        if last
        else []
    )
    return OwnTopic(
        recorded_on=last.date if last else None,
        achieved=own.achieved if own else "",
        improve=own.improve if own else "",
        training=own.needs.training if own else "",
        support=own.needs.support if own else "",
        coaching=own.needs.coaching if own else "",
        plan=own.plan if own else "",
        coach_support=support,
        prompts=list(OWN_PROMPTS),
    )


def expectations_topic(earlier: Sequence[Meeting]) -> ExpectationsTopic:
    """The expectations said out loud at the last 1:1 that recorded any."""
    for m in reversed(earlier):
        e = m.expectations
        if e is not None and (e.from_coach or e.manager_commits):
            return ExpectationsTopic(m.date, e.from_coach, e.manager_commits)
    return ExpectationsTopic(None, "", "")


def open_actions(earlier: Sequence[Meeting], today: dt.date) -> list[ActionItem]:
    """Every action not done yet: the coach's own first (lead by example), by due date."""
    items = [
        _action_item(m, i, a, today)
        for m in earlier
        for i, a in enumerate(m.actions)
        if not a.done and a.do.strip()
    ]
    return sorted(
        items,
        key=lambda a: (a.owner != "coach", a.due or dt.date.max, a.set_on, a.ref),
    )


# ---------------------------------------------------------------- the funnel review


def funnel_topic(
    manager: Manager,
    snapshots: Sequence[FunnelSnapshot],
    settings: Settings,
    day: dt.date,
    last_review: dt.date | None,
    *,
    imported: Source | None = None,
    imported_before: Source | None = None,
) -> FunnelTopic:
    """The team's funnel at a glance with the method's questions: from the latest CRM import
    when there is one (``import_funnel_topic``), else from the latest snapshot (and the one
    before it for comparison): per-rep stages and calls, large deals and stalled deals."""
    if imported is not None:
        return import_funnel_topic(
            manager, imported, imported_before, snapshots, settings, last_review
        )
    fs = settings.funnel
    stages = list(fs.stages)
    rep_ids = set(manager.rep_ids)
    usable = [s for s in snapshots if rep_ids & set(s.reps)]
    latest = usable[-1] if usable else None
    before = usable[-2] if len(usable) >= 2 else None
    rows: list[FunnelRepRow] = []
    deals: list[DealItem] = []
    if latest is not None:
        for rep in manager.reps:
            rf = latest.reps.get(rep.id)
            if rf is None:
                continue
            prev = before.reps.get(rep.id) if before else None
            open_value = float(sum(d.amount for d in rf.open_deals))
            rows.append(
                FunnelRepRow(
                    rep_id=rep.id,
                    name=rep.name,
                    calls=rf.calls,
                    calls_before=prev.calls if prev else None,
                    stages=[rf.stages.get(s) for s in stages],
                    won_value=rf.won_value,
                    open_deals=len(rf.open_deals),
                    open_value=open_value,
                    notes=[],
                )
            )
            for deal in rf.open_deals:
                age = (day - deal.since).days if deal.since else None
                deals.append(
                    DealItem(
                        rep_id=rep.id,
                        rep_name=rep.name,
                        name=deal.name,
                        amount=deal.amount,
                        stage=deal.stage,
                        since=deal.since,
                        age_days=age,
                        large=deal.amount >= fs.large_deal,
                        stalled=age is not None and age > fs.stalled_after_days,
                    )
                )
    rows = _funnel_notes(rows, stages)
    headline, findings = "", []
    if latest is not None:
        review = funnel.team_summary(
            settings,
            manager,
            funnel.Source.from_snapshot(latest, fs, label=f"funnel/{latest.date}.yaml"),
            last_review=last_review,
            previous=funnel.Source.from_snapshot(before, fs) if before else None,
        )
        headline = review.headline()
        findings = _findings(review)
    team_stages = [sum(r.stages[i] or 0 for r in rows) for i in range(len(stages))]
    calls = [r.calls for r in rows if r.calls is not None]
    calls_before = [r.calls_before for r in rows if r.calls_before is not None]
    return FunnelTopic(
        source=f"funnel/{latest.date.isoformat()}.yaml" if latest else None,
        as_of=latest.date if latest else None,
        period_from=latest.period.from_ if latest and latest.period else None,
        period_to=latest.period.to if latest and latest.period else None,
        stages=stages,
        reps=rows,
        team_stages=team_stages,
        team_calls=sum(calls) if calls else None,
        team_calls_before=sum(calls_before) if calls_before else None,
        large_deals=sorted(
            (d for d in deals if d.large), key=lambda d: (-(d.amount or 0), d.rep_id, d.name)
        ),
        stalled_deals=sorted(
            (d for d in deals if d.stalled), key=lambda d: (-(d.age_days or 0), d.rep_id, d.name)
        ),
        large_deal=fs.large_deal,
        stalled_after_days=fs.stalled_after_days,
        last_review=last_review,
        questions=list(FUNNEL_QUESTIONS),
        headline=headline,
        findings=findings,
    )


def _funnel_notes(rows: list[FunnelRepRow], stages: list[str]) -> list[FunnelRepRow]:
    """Mark the reps whose prospects or calls are well below the team's average (under 75%),
    or whose calls fell by a quarter or more since the previous snapshot."""
    if not rows:
        return rows

    def average(values: list[int]) -> float:
        return sum(values) / len(values) if values else 0.0

    prospects = [r.stages[0] for r in rows if r.stages and r.stages[0] is not None]
    calls = [r.calls for r in rows if r.calls is not None]
    avg_prospects, avg_calls = average(prospects), average(calls)
    out = []
    for r in rows:
        notes: list[str] = []
        top = r.stages[0] if r.stages else None
        if top is not None and avg_prospects and top < 0.75 * avg_prospects:
            notes.append(f"few {stages[0]}: {top} against a team average of {avg_prospects:.0f}")
        if r.calls is not None and avg_calls and r.calls < 0.75 * avg_calls:
            notes.append(f"low call volume: {r.calls} against a team average of {avg_calls:.0f}")
        if r.calls is not None and r.calls_before and r.calls <= 0.75 * r.calls_before:
            notes.append(f"calls down from {r.calls_before} to {r.calls}")
        out.append(replace(r, notes=notes))
    return out


def _findings(review: funnel.TeamReview) -> list[str]:
    """The review's diagnostics (team first, then each rep's), but for the deals listed apart."""
    return [
        d.message
        for d in [*review.diagnoses, *(d for r in review.reps for d in r.diagnoses)]
        if d.code not in _LISTED_APART
    ]


def _rate(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def calls_snapshots(
    snapshots: Sequence[FunnelSnapshot], manager: Manager, settings: Settings, as_of: dt.date
) -> tuple[FunnelSnapshot | None, FunnelSnapshot | None]:
    """The snapshot whose calls go with an import of ``as_of`` (and the one before it): the
    latest snapshot of the team, if it lies within the shortest review interval
    (``min(funnel.review_weeks)`` weeks) of the import's date; else none."""
    rep_ids = set(manager.rep_ids)
    usable = [s for s in snapshots if rep_ids & set(s.reps)]
    if not usable:
        return None, None
    window = min(settings.funnel.review_weeks) * 7
    if abs((usable[-1].date - as_of).days) > window:
        return None, None
    return usable[-1], usable[-2] if len(usable) >= 2 else None


def import_funnel_topic(
    manager: Manager,
    imported: Source,
    imported_before: Source | None,
    snapshots: Sequence[FunnelSnapshot],
    settings: Settings,
    last_review: dt.date | None,
) -> FunnelTopic:
    """The funnel section from a CRM import, as of the import's date: every rep's levels
    reached, won, lost, win rate (with an arrow against the import before), open deals and
    value as ``funnel.team_summary`` computes them; large and stalled deals from the import's
    open deals; calls from a recent snapshot (``calls_snapshots``)."""
    fs = settings.funnel
    as_of = imported.as_of
    review = funnel.team_summary(
        settings, manager, imported, last_review=last_review, previous=imported_before
    )
    calls_from, calls_before = calls_snapshots(snapshots, manager, settings, as_of)
    rows: list[FunnelRepRow] = []
    for r in review.reps:
        fig = r.figures
        now = calls_from.reps.get(r.rep) if calls_from else None
        then = calls_before.reps.get(r.rep) if calls_before else None
        rows.append(
            FunnelRepRow(
                rep_id=r.rep,
                name=r.name,
                calls=now.calls if now else None,
                calls_before=then.calls if then else None,
                stages=[count for _level, count in fig.stages],
                won_value=fig.won_value,
                open_deals=fig.open,
                open_value=fig.open_value,
                notes=[],
                figures=RepFigures(
                    won=fig.won,
                    lost=fig.lost,
                    win_rate=_rate(fig.win_rate),
                    win_rate_before=_rate(r.previous.win_rate) if r.previous else None,
                    open_value_estimated=fig.open_value_estimated,
                ),
            )
        )
    stages = [level for level, _count in review.figures.stages]
    rows = _funnel_notes(rows, stages)
    stalled_after = funnel.stalled_after(fs, review.figures.cycle_days_median)
    names = {rep.id: rep.name for rep in manager.reps}
    deals: list[DealItem] = []
    for rep_id in manager.rep_ids:
        tally = imported.tallies.get(rep_id)
        for d in tally.open_deals if tally else []:
            age = (as_of - d.since).days if d.since else None
            deals.append(
                DealItem(
                    rep_id=rep_id,
                    rep_name=names[rep_id],
                    name=d.name,
                    amount=d.amount,
                    stage=d.stage,
                    since=d.since,
                    age_days=age,
                    large=d.amount is not None and d.amount >= fs.large_deal,
                    stalled=age is not None and age > stalled_after,
                )
            )
    stalled = sorted(
        (d for d in deals if d.stalled), key=lambda d: (-(d.age_days or 0), d.rep_id, d.name)
    )
    calls = [r.calls for r in rows if r.calls is not None]
    calls_earlier = [r.calls_before for r in rows if r.calls_before is not None]
    return FunnelTopic(
        source=imported.label,
        as_of=as_of,
        period_from=imported.since,
        period_to=as_of if imported.since else None,
        stages=stages,
        reps=rows,
        team_stages=[count for _level, count in review.figures.stages],
        team_calls=sum(calls) if calls else None,
        team_calls_before=sum(calls_earlier) if calls_earlier else None,
        large_deals=sorted(
            (d for d in deals if d.large), key=lambda d: (-(d.amount or 0), d.rep_id, d.name)
        ),
        stalled_deals=stalled[:STALLED_SHOWN],
        large_deal=fs.large_deal,
        stalled_after_days=stalled_after,
        last_review=last_review,
        questions=list(FUNNEL_QUESTIONS),
        headline=review.headline(),
        findings=_findings(review),
        imported=ImportInfo(
            previous=imported_before.label if imported_before else None,
            calls_from=f"funnel/{calls_from.date.isoformat()}.yaml" if calls_from else None,
            stalled_total=len(stalled),
        ),
    )
