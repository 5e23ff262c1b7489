"""The agenda of the next 1:1 with a manager: the method's four topics, time-boxed, with
everything carried over from earlier meetings (ratings, goals to assess, routine changes,
needs and plans, expectations, open actions) and the funnel review when it is due.

Pure: it takes the manager, their recent meetings, the settings, the next meeting (from
``cadence``), the team's funnel review for that 1:1 (a ``funnel.TeamReview``, the one
``funnel review`` renders) and today's date, and reads nothing itself. The modules:
``parts`` (the dataclasses), ``topics`` (each topic from the earlier meetings),
``funnel_section`` (the review with the agenda's questions) and ``build`` (``build_agenda``,
``timeboxes``). See ``docs/agenda.md``.
"""

from __future__ import annotations

from salescoach.agenda.build import TOPICS, build_agenda, timeboxes
from salescoach.agenda.funnel_section import (
    FUNNEL_QUESTIONS,
    FUNNEL_TITLE,
    LISTED_APART,
    STALLED_SHOWN,
    FunnelTopic,
    findings,
    funnel_topic,
)
from salescoach.agenda.parts import (
    ActionItem,
    Agenda,
    AgreedChange,
    ExpectationsTopic,
    GoalItem,
    GoalsTopic,
    HoursPoint,
    OwnTopic,
    RepName,
    RepRow,
    RepTopic,
    RoutineTopic,
    TimeBox,
    Trend,
)
from salescoach.agenda.topics import (
    GOAL_DAYS,
    GOALS_PROMPTS,
    OWN_PROMPTS,
    REPS_PROMPT,
    ROUTINE_PROMPTS,
    expectations_topic,
    goal_due,
    goals_topic,
    open_actions,
    own_topic,
    rep_topic,
    routine_topic,
)

__all__ = [
    "FUNNEL_QUESTIONS",
    "FUNNEL_TITLE",
    "GOALS_PROMPTS",
    "GOAL_DAYS",
    "LISTED_APART",
    "OWN_PROMPTS",
    "REPS_PROMPT",
    "ROUTINE_PROMPTS",
    "STALLED_SHOWN",
    "TOPICS",
    "ActionItem",
    "Agenda",
    "AgreedChange",
    "ExpectationsTopic",
    "FunnelTopic",
    "GoalItem",
    "GoalsTopic",
    "HoursPoint",
    "OwnTopic",
    "RepName",
    "RepRow",
    "RepTopic",
    "RoutineTopic",
    "TimeBox",
    "Trend",
    "build_agenda",
    "expectations_topic",
    "findings",
    "funnel_topic",
    "goal_due",
    "goals_topic",
    "open_actions",
    "own_topic",
    "rep_topic",
    "routine_topic",
    "timeboxes",
]
