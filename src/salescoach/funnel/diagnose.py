"""The review's findings in the method's words: too few prospects, a rep far below the team,
too few calls, the large deals to agree a strategy for, the stalled deals, and a sales cycle
that asks for another review interval. Each is a sentence with the numbers behind it, at most
one per rep and kind, with the value at stake (``Diagnosis.value``) it is ordered by; a number
whose sample is below ``funnel.min_sample`` is not judged but said to be too few to judge."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from datetime import date

from salescoach.formats import decimal, money, number, pct, plural
from salescoach.funnel.deal_findings import large_deals_finding, stalled_finding
from salescoach.funnel.figures import CallNeed, Figures, call_need
from salescoach.funnel.numbers import Numbers, TooFew, too_few_finding, weeks_text
from salescoach.funnel.rules import (
    DAYS_PER_MONTH,
    FAR_BELOW_POINTS,
    FAR_BELOW_SHARE,
    LOW_CALLS_SHARE,
    measured_interval_days,
    review_interval_days,
)
from salescoach.funnel.tally import Tally
from salescoach.i18n import _
from salescoach.models import FunnelSettings

WON_VALUE = " ".join(("won", "value"))
"""The won value's code as a ``volume-below-team`` measure in the JSON (not a text shown)."""


@dataclass(frozen=True)
class Diagnosis:
    """One finding of the review, in the method's words, with the numbers behind it and the
    value at stake (docs/funnel.md says how each kind's is computed)."""

    code: str
    message: str
    rep: str | None = None
    numbers: Numbers = field(default_factory=dict)
    value: float = 0.0


@dataclass(frozen=True)
class TeamContext:
    """What a rep is compared with: the team's figures and how many reps the team has."""

    figures: Figures
    reps: int


def prospect_need(
    tally: Tally,
    fig: Figures,
    *,
    monthly_target: float | None,
    period_days: int,
    judged: bool = True,
) -> tuple[int, int] | None:
    """(prospects the target of the period needs at today's conversion, prospects there are);
    None without a target, prospects or won deals, or (``judged``) with fewer won deals than
    the minimum sample."""
    prospects = fig.stages[0][1]
    if not monthly_target or not fig.avg_deal or not tally.won or not prospects:
        return None
    if judged and not fig.enough(tally.won):
        return None
    conversion = tally.won / prospects
    target = monthly_target * period_days / DAYS_PER_MONTH
    return math.ceil(round(target / fig.avg_deal / conversion, 6)), prospects


def diagnose(
    who: str,
    rep: str | None,
    tally: Tally,
    fig: Figures,
    settings: FunnelSettings,
    *,
    monthly_target: float | None,
    period_days: int,
    as_of: date,
    stalled_limit: int,
    team: TeamContext | None = None,
    calls: CallNeed | None = None,
) -> list[Diagnosis]:
    """The findings for one funnel, at most one per kind; with ``team``, the rep is compared
    with the team too; ``calls``: the calls the rep's activities window needs.
    ``stalled_limit`` is the team's (``rules.stalled_after``), the same for every rep."""
    out: list[Diagnosis] = []
    too_few: list[TooFew] = []
    has_deals = bool(tally.won or tally.lost or tally.open)
    unjudged = prospect_need(
        tally, fig, monthly_target=monthly_target, period_days=period_days, judged=False
    )
    if unjudged is not None and unjudged[1] < unjudged[0] and not fig.enough(tally.won):
        too_few.append(
            TooFew(_("Prospects needed for {rep}'s target").format(rep=who), "won", tally.won)
        )
    if (need := _prospects(who, rep, tally, fig, monthly_target, period_days)) is not None:
        out.append(need)
    if team is not None and team.reps and has_deals:
        out += _compare_with_team(who, rep, tally, fig, team, too_few)
        out += _calls(who, rep, fig, team, calls, monthly_target, too_few)
    for finding in (
        large_deals_finding(tally, settings, as_of),
        stalled_finding(who, tally, stalled_limit, as_of, fig.avg_deal),
    ):
        if finding is not None:
            code, message, numbers, value = finding
            out.append(Diagnosis(code, message, rep, numbers, value))
    if too_few:
        message, numbers = too_few_finding(too_few, fig.min_sample)
        out.append(Diagnosis("too-few-to-judge", message, rep, numbers))
    return out


def _prospects(
    who: str,
    rep: str | None,
    tally: Tally,
    fig: Figures,
    monthly_target: float | None,
    period_days: int,
) -> Diagnosis | None:
    """Not enough prospects for the target of the period, at today's conversion."""
    need = prospect_need(tally, fig, monthly_target=monthly_target, period_days=period_days)
    if need is None or need[1] >= need[0]:
        return None
    needed, have = need
    conversion = tally.won / have
    avg = fig.avg_deal or 0
    calls_text = ""
    numbers: Numbers = {
        "prospects": have,
        "prospects_needed": needed,
        "prospects_needed_n": tally.won,
        "conversion_to_won": round(conversion, 4),
        "avg_deal": round(avg, 2),
        "avg_deal_n": tally.won,
        "period_days": period_days,
    }
    per = fig.shown(fig.calls_per_prospect, fig.calls_per_prospect_n)
    if per:
        calls_needed = math.ceil(round(needed * per, 6))
        numbers |= {"calls": fig.calls, "calls_needed": calls_needed}
        numbers |= {"calls_needed_n": tally.won, "calls_per_prospect_n": fig.calls_per_prospect_n}
        calls_text = _(
            ", about {calls} calls at {per} calls per prospect (n={n}; now {now})"
        ).format(
            calls=number(calls_needed),
            per=decimal(per),
            n=number(fig.calls_per_prospect_n),
            now=number(fig.calls),
        )
    return Diagnosis(
        "not-enough-prospects",
        _(
            "Not enough prospects: {rep} has {have} in {days}; the target of {target} a month "
            "needs {needed} at today's conversion ({conversion} of prospects won, average deal "
            "{avg}, n={n} won){calls}. Why are there not enough prospects?"
        ).format(
            rep=who,
            have=number(have),
            days=plural(period_days, "day"),
            target=money(monthly_target or 0),
            needed=number(needed),
            conversion=pct(conversion),
            avg=money(avg),
            n=number(tally.won),
            calls=calls_text,
        ),
        rep,
        numbers,
        round((needed - have) * conversion * avg, 2),
    )


def _compare_with_team(
    who: str, rep: str | None, tally: Tally, fig: Figures, team: TeamContext, too_few: list[TooFew]
) -> list[Diagnosis]:
    """The rep's win rate and volumes against the team's."""
    out: list[Diagnosis] = []
    mine, theirs = fig.win_rate, team.figures.win_rate
    if mine is not None and theirs is not None and team.figures.enough(team.figures.win_rate_n):
        gap = (theirs - mine) * 100
        if gap >= FAR_BELOW_POINTS and not fig.enough(fig.win_rate_n):
            too_few.append(
                TooFew(
                    _("{rep}'s win rate against the team's").format(rep=who),
                    "closed",
                    fig.win_rate_n,
                )
            )
        elif gap >= FAR_BELOW_POINTS:
            closed_value = tally.won_value + (
                tally.lost_value or (tally.lost or 0) * (fig.avg_deal or team.figures.avg_deal or 0)
            )
            out.append(
                Diagnosis(
                    "win-rate-below-team",
                    _(
                        "{rep} wins {rate} of closed deals (n={n}), {gap} points below the "
                        "team's {team_rate} (n={team_n}): does {rep} need support or advice?"
                    ).format(
                        rep=who,
                        rate=pct(mine),
                        n=number(fig.win_rate_n),
                        gap=decimal(gap),
                        team_rate=pct(theirs),
                        team_n=number(team.figures.win_rate_n),
                    ),
                    rep,
                    {
                        "win_rate": round(mine, 4),
                        "win_rate_n": fig.win_rate_n,
                        "team_win_rate": round(theirs, 4),
                        "team_win_rate_n": team.figures.win_rate_n,
                        "points_below": round(gap, 1),
                    },
                    round(gap / 100 * closed_value, 2),
                )
            )
    volume = _volume(who, rep, fig, team)
    return [*out, *([volume] if volume else [])]


def _volume(who: str, rep: str | None, fig: Figures, team: TeamContext) -> Diagnosis | None:
    """One finding for the rep's prospects and won value far below the team's average."""
    tf = team.figures
    won_per_prospect = tf.won / tf.stages[0][1] if tf.stages[0][1] else 0.0
    worth = {"prospects": won_per_prospect * (tf.avg_deal or 0), WON_VALUE: 1.0}
    measures: list[dict[str, float | int | str | None]] = []
    value = 0.0
    for label, mine, total in (
        ("prospects", float(fig.stages[0][1]), float(tf.stages[0][1])),
        (WON_VALUE, fig.won_value, tf.won_value),
    ):
        average = total / team.reps
        if average > 0 and mine < FAR_BELOW_SHARE * average:
            measures.append(
                {
                    "measure": label,
                    "measure_value": round(mine, 2),
                    "team_average": round(average, 2),
                    "share_of_team_average": round(mine / average, 4),
                }
            )
            value = max(value, (average - mine) * worth[label])
    if not measures:
        return None
    text = _(" and ").join(_volume_text(m) for m in measures)
    return Diagnosis(
        "volume-below-team",
        _("{rep}'s {measures}: does {rep} need support or advice?").format(rep=who, measures=text),
        rep,
        {**measures[0], "measures": measures},
        round(value, 2),
    )


def _volume_text(m: dict[str, float | int | str | None]) -> str:
    """``prospects (4) are 60% below the team average of 10 per rep``."""
    text = (
        _("prospects ({value}) are {share}% below the team average of {average} per rep")
        if m["measure"] == "prospects"
        else _("won value ({value}) is {share}% below the team average of {average} per rep")
    )
    return text.format(
        value=money(float(m["measure_value"] or 0)),
        share=decimal((1 - float(m["share_of_team_average"] or 0)) * 100, 0),
        average=money(float(m["team_average"] or 0)),
    )


def _calls(
    who: str,
    rep: str | None,
    fig: Figures,
    team: TeamContext,
    need: CallNeed | None,
    monthly_target: float | None,
    too_few: list[TooFew],
) -> list[Diagnosis]:
    """Call volume too low: against the calls the target needs (an activities window with
    enough won deals), else against the team's average."""
    if need is not None:
        return [_calls_against_target(who, rep, need)] if need.calls < need.calls_needed else []
    unjudged = call_need(fig, monthly_target=monthly_target, team=team.figures, judged=False)
    if unjudged is not None and unjudged.calls < unjudged.calls_needed:
        too_few.append(TooFew(_("Calls needed for {rep}'s target").format(rep=who), "won", fig.won))
    tf = team.figures
    if fig.calls is None or not tf.calls:
        return []
    average = tf.calls / team.reps
    if average <= 0 or fig.calls >= LOW_CALLS_SHARE * average:
        return []
    share = 1 - fig.calls / average
    at_stake = fig.target or tf.won_value / team.reps
    return [
        Diagnosis(
            "call-volume-too-low",
            _(
                "Call volume too low: {rep} made {calls}, {share}% below the team average "
                "of {average}. Is the volume of calls too low?"
            ).format(
                rep=who,
                calls=plural(fig.calls, "call"),
                share=decimal(share * 100, 0),
                average=number(round(average)),
            ),
            rep,
            {"calls": fig.calls, "team_average": round(average, 1)},
            round(share * at_stake, 2),
        )
    ]


def _calls_against_target(who: str, rep: str | None, need: CallNeed) -> Diagnosis:
    """The call-volume finding with the calls made and the calls the target needs."""
    weeks = need.weeks
    whose = _(", the team's") if need.calls_per_prospect_of == "team" else ""
    return Diagnosis(
        "call-volume-too-low",
        _(
            "Call volume too low: {rep} made {calls} in {weeks} ({per_week} a week); the target "
            "needs {needed} ({needed_per_week} a week) at {per} calls per prospect (n={per_n}"
            "{whose}), {conversion} of prospects won and an average deal of {avg} (n={n} won). "
            "Is the volume of calls too low?"
        ).format(
            rep=who,
            calls=plural(need.calls, "call"),
            weeks=weeks_text(weeks),
            per_week=decimal(need.calls / weeks),
            needed=number(need.calls_needed),
            needed_per_week=decimal(need.calls_needed / weeks),
            per=decimal(need.calls_per_prospect),
            per_n=number(need.calls_per_prospect_n),
            whose=whose,
            conversion=pct(need.conversion),
            avg=money(need.avg_deal),
            n=number(need.calls_needed_n),
        ),
        rep,
        {
            "calls": need.calls,
            "calls_needed": need.calls_needed,
            "calls_needed_n": need.calls_needed_n,
            "weeks": round(weeks, 2),
            "calls_per_week": round(need.calls / weeks, 1),
            "calls_needed_per_week": round(need.calls_needed / weeks, 1),
            "calls_per_prospect": round(need.calls_per_prospect, 2),
            "calls_per_prospect_n": need.calls_per_prospect_n,
            "calls_per_prospect_of": need.calls_per_prospect_of,
            "target": round(need.target, 2),
        },
        round((need.calls_needed - need.calls) / need.calls_needed * need.target, 2),
    )


def cycle_finding(who: str, settings: FunnelSettings, tally: Tally) -> Diagnosis | None:
    """When the measured median cycle (of at least ``min_sample`` won deals) would give another
    review interval than the settings, one finding that says so and the line to set."""
    if len(tally.cycles) < max(1, settings.min_sample):
        return None
    median = float(statistics.median(tally.cycles))
    interval = review_interval_days(settings)
    measured = measured_interval_days(settings, median)
    if measured == interval:
        return None
    days = max(1, round(median))
    n = len(tally.cycles)
    configured = (
        ": ".join(("sales_cycle_days", str(settings.sales_cycle_days)))  # the setting as written
        if settings.sales_cycle_days is not None
        else _("no sales_cycle_days")
    )
    return Diagnosis(
        "review-interval",
        _(
            "The measured sales cycle of {team} is {days} (median of {won}): a review every "
            "{weeks} would fit it, not every {configured_weeks} ({configured} in "
            "salescoach.yaml). To review by it, set `funnel: sales_cycle_days: {cycle}` in "
            "salescoach.yaml."
        ).format(
            team=who,
            days=plural(days, "day"),
            won=plural(n, "won deal"),
            weeks=plural(measured // 7, "week"),
            configured_weeks=number(interval // 7),
            configured=configured,
            cycle=days,
        ),
        None,
        {
            "cycle_days_median": round(median, 1),
            "won_deals": n,
            "interval_days": interval,
            "measured_interval_days": measured,
            "sales_cycle_days": settings.sales_cycle_days,
            "suggested_sales_cycle_days": days,
        },
    )
