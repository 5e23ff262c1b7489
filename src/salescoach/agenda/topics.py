"""The agenda's topics from the manager's earlier 1:1s: the routine, rep performance, goals,
the manager's own performance, expectations and open actions. Pure functions of the
meetings before the next 1:1 (oldest first) and the dates passed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import timedelta

from salescoach import ratings
from salescoach.agenda.parts import (
    ActionItem,
    AgreedChange,
    ExpectationsTopic,
    GoalItem,
    GoalsTopic,
    HoursPoint,
    OwnTopic,
    PlanEntry,
    PlanProgress,
    RepName,
    RepRow,
    RepTopic,
    RoutineTopic,
    Trend,
)
from salescoach.formats import day
from salescoach.i18n import N_, _
from salescoach.messages import RATING_SCALE
from salescoach.models import Action, Goal, Manager, Meeting, PlanItem
from salescoach.references import item_ref

GOAL_DAYS = 30
"""The method plans each rep's goal for the next 30 days; a goal without ``due`` is due then."""

ROUTINE_PROMPTS = (
    N_("Too much or too little time on reports and admin?"),
    N_("Is there enough time to train and coach the reps?"),
    N_("If the routine should change: say what, and explain why."),
)
REPS_QUESTION = N_("Rate each rep {scale}.")
"""The rating question; ``{scale}`` is ``messages.RATING_SCALE``."""
REPS_PROMPT = REPS_QUESTION.format(scale=RATING_SCALE)
GOALS_PROMPTS = (
    N_("What is your plan for each rep over the next 30 days?"),
    N_("How will you personally help make it happen?"),
)
ASSESS_PROMPT = N_("met / partly / missed, and was the help given?")
"""What the coach asks of each goal that fell due: the rep's result and the manager's help."""
GRADE_HINT = " ".join(("GOAL", "met|partly|missed", "--help-delivered", "yes|partly|no"))
"""The arguments of ``goal grade`` that record both answers."""
OWN_PROMPTS = (
    N_("What did you achieve since our last 1:1?"),
    N_("What could have gone better?"),
    N_("What support, training or coaching do you need, and how will I provide it?"),
)


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


def rep_topic(
    manager: Manager, earlier: Sequence[Meeting], *, columns: int = 6, on: dt.date | None = None
) -> RepTopic:
    """A row per rep (in the team on ``on``, the 1:1's date, when given) with their ratings
    at the last ``columns`` rated meetings, trend and flags as ``ratings`` computes them."""
    histories = (
        ratings.rep_history(manager, earlier, last=columns)
        if on is None
        else ratings.team_history(manager, earlier, on, last=columns)
    )
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


def assess_question(goal: GoalItem) -> str:
    """The question a goal to assess asks: its result and, when help was promised, whether
    the manager gave it (graded help: the manager's own contribution is graded too)."""
    values = {"rep": goal.rep_name, "goal": goal.goal, "date": day(goal.due)}
    if not goal.manager_help.strip():
        return _("{rep}: {goal} (due {date}): met, partly or missed?").format(**values)
    return _(
        "{rep}: {goal} (due {date}): met, partly or missed, and did the manager give the help "
        "promised: «{help}»?"
    ).format(help=goal.manager_help, **values)


def goals_topic(manager: Manager, earlier: Sequence[Meeting], day: dt.date) -> GoalsTopic:
    """Goals due by ``day`` without a result (to assess), goals still running, and the reps
    who will have no running goal after this meeting: only of the reps in the team on
    ``day`` (a rep who left or moved takes no goal along). Goals left blank are ignored."""
    names = {r.id: r.name for r in manager.reps}
    to_assess: list[GoalItem] = []
    running: list[GoalItem] = []
    for m in earlier:
        for index, goal in enumerate(m.goals):
            if goal.result is not None or not goal.goal.strip():
                continue
            if manager.rep_on(goal.rep, day) is None:
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
    need = [RepName(r.id, r.name) for r in manager.reps_on(day) if r.id not in with_goal]
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


def plan_progress(plan: Sequence[PlanItem], today: dt.date) -> PlanProgress:
    """The development plan's items (numbered from 1 in file order), how many of those not
    dropped are done, and the open item due next (one without a date comes last)."""
    items = [
        PlanEntry(
            number=n,
            what=p.what,
            due=p.due,
            status=p.status,
            overdue_days=(today - p.due).days
            if p.status == "open" and p.due and p.due < today
            else 0,
        )
        for n, p in enumerate(plan, start=1)
    ]
    done = sum(1 for i in items if i.status == "done")
    dropped = sum(1 for i in items if i.status == "dropped")
    waiting = [i for i in items if i.status == "open"]
    next_open = min(waiting, key=lambda i: (i.due or dt.date.max, i.number), default=None)
    return PlanProgress(items, done, dropped, len(items) - dropped, next_open)


def own_topic(
    earlier: Sequence[Meeting], today: dt.date, plan: Sequence[PlanItem] = ()
) -> OwnTopic:
    """What the last 1:1 recorded about the manager's own performance, whether the coach's
    own actions agreed there happened, and the development plan's progress."""
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
        plan_items=plan_progress(plan, today),
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
