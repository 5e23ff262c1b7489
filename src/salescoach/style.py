"""The coaching style that fits a manager now (the method's part 4, after situational
leadership): from their experience (``cadence.experience_level``), the team's rating at the
last rated 1:1 and the results of the goals that fell due lately, one of directing (new, or
results low), coaching, supporting and delegating (experienced and delivering).

Pure: ``today`` is passed in. The agenda shows the suggestion beside the configured style
when they differ, with the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from salescoach import ratings
from salescoach.cadence import LEVEL_NAMES, experience_level, last_rated
from salescoach.formats import decimal
from salescoach.i18n import N_, _, ngettext
from salescoach.models import Level, Manager, Meeting, Settings, Style

RESULTS_DAYS = 91
"""Goals set at the 1:1s of the last 13 weeks and graded since count as recent results."""
MIN_GOALS = 3
"""Fewer graded goals than this say nothing about results: only the ratings count then."""
STRONG_AVERAGE = 3.0
"""A team average at or above this (met or exceeded, on the 1-4 scale) is delivering."""
STRONG_GOALS = 0.75
LOW_GOALS = 0.5

Results = Literal["low", "fair", "strong"]

RESULT_NAMES: dict[Results, str] = {"low": N_("low"), "fair": N_("fair"), "strong": N_("strong")}
"""How the results read in the suggestion's reason."""

STYLES: dict[tuple[Level, Results], Style] = {
    ("new", "low"): "directing",
    ("new", "fair"): "directing",
    ("new", "strong"): "coaching",
    ("developing", "low"): "directing",
    ("developing", "fair"): "coaching",
    ("developing", "strong"): "supporting",
    ("experienced", "low"): "coaching",
    ("experienced", "fair"): "supporting",
    ("experienced", "strong"): "delegating",
}
"""One step more hands-on when results are low, one step more hands-off when strong."""


@dataclass(frozen=True)
class GoalRate:
    """Goals graded: met counts one, partly half (it was neither reached nor missed)."""

    met: int
    partly: int
    missed: int

    @property
    def n(self) -> int:
        return self.met + self.partly + self.missed

    @property
    def rate(self) -> float | None:
        return (self.met + self.partly / 2) / self.n if self.n else None


@dataclass(frozen=True)
class StyleSuggestion:
    """The style that fits the manager now, and why, in a sentence."""

    style: Style
    reason: str


def recent_goal_rate(meetings: Sequence[Meeting], today: dt.date) -> GoalRate:
    """The results of the goals set at the 1:1s of the last 13 weeks (up to ``today``) and
    graded since: a goal not graded yet says nothing."""
    since = today - dt.timedelta(days=RESULTS_DAYS)
    results = [
        g.result
        for m in meetings
        if since <= m.date <= today
        for g in m.goals
        if g.result is not None and g.goal.strip()
    ]
    return GoalRate(results.count("met"), results.count("partly"), results.count("missed"))


def _results(average: float | None, goals: GoalRate, weekly_below: float) -> Results:
    """Low when the team's rating is below the weekly threshold or under half the goals are
    met; strong when the team meets expectations and three in four goals are met."""
    rate = goals.rate if goals.n >= MIN_GOALS else None
    if (average is not None and average < weekly_below) or (rate is not None and rate < LOW_GOALS):
        return "low"
    if average is not None and average >= STRONG_AVERAGE and (rate is None or rate >= STRONG_GOALS):
        return "strong"
    return "fair"


def suggest_style(
    manager: Manager, meetings: Sequence[Meeting], settings: Settings, today: dt.date
) -> StyleSuggestion:
    """The style that fits ``manager`` on ``today``, from experience and recent results."""
    level = experience_level(manager, settings, today)
    rated = last_rated(list(meetings), today)
    average = ratings.team_average(rated) if rated is not None else None
    goals = recent_goal_rate(meetings, today)
    results = _results(average, goals, settings.cadence.weekly_below)
    style = STYLES[(level, results)]
    team = (
        _("team average {average} at the 1:1 of {date}").format(
            average=decimal(average, 1), date=rated.date.isoformat()
        )
        if rated is not None and average is not None
        else _("no ratings yet")
    )
    reason = _("{level} manager, results {results}: {team}; {goals}").format(
        level=_(LEVEL_NAMES[level]),
        results=_(RESULT_NAMES[results]),
        team=team,
        goals=_goals(goals),
    )
    return StyleSuggestion(style, reason)


def _goals(goals: GoalRate) -> str:
    """``6 of 8 goals met lately, 2 partly (partly counts half: 88%)``."""
    if goals.n == 0:
        return _("no goal set in the last 13 weeks graded yet")
    rate = round(100 * (goals.rate or 0))
    few = _(", too few to judge (n={n})").format(n=goals.n) if goals.n < MIN_GOALS else ""
    return ngettext(
        "{met} of {n} goal of the last 13 weeks met, {partly} partly "
        "(partly counts half: {rate}%{few})",
        "{met} of {n} goals of the last 13 weeks met, {partly} partly "
        "(partly counts half: {rate}%{few})",
        goals.n,
    ).format(met=goals.met, n=goals.n, partly=goals.partly, rate=rate, few=few)
