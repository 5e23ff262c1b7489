"""The review's findings in the method's words: too few prospects, a rep far below the team,
too few calls, the large deals to agree a strategy for, the stalled deals, and a sales cycle
that asks for another review interval. Each is a sentence with the numbers behind it."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from datetime import date

from salescoach.formats import money, pct, plural
from salescoach.funnel.figures import Figures
from salescoach.funnel.rules import (
    DAYS_PER_MONTH,
    FAR_BELOW_POINTS,
    FAR_BELOW_SHARE,
    LOW_CALLS_SHARE,
    MIN_CLOSED,
    TOP_DEALS,
    is_large,
    is_stalled,
    measured_interval_days,
    review_interval_days,
)
from salescoach.funnel.tally import Tally
from salescoach.models import FunnelSettings


@dataclass(frozen=True)
class Diagnosis:
    """One finding of the review, in the method's words, with the numbers behind it."""

    code: str
    message: str
    rep: str | None = None
    numbers: dict[str, float | int | str | None] = field(default_factory=dict)


def prospect_need(
    tally: Tally, fig: Figures, *, monthly_target: float | None, period_days: int
) -> tuple[int, int] | None:
    """(prospects the target of the period needs at today's conversion, prospects there are)."""
    prospects = fig.stages[0][1]
    if not monthly_target or not fig.avg_deal or not tally.won or not prospects:
        return None
    conversion = tally.won / prospects
    target = monthly_target * period_days / DAYS_PER_MONTH
    return math.ceil(target / fig.avg_deal / conversion), prospects


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
    team: Figures | None = None,
    team_reps: int = 0,
    team_tally: Tally | None = None,
    stalled_limit: int,
) -> list[Diagnosis]:
    """The findings for one funnel; with ``team``, the rep is compared with the team too.
    ``stalled_limit`` is the team's (``rules.stalled_after``), the same for every rep."""
    out: list[Diagnosis] = []
    need = prospect_need(tally, fig, monthly_target=monthly_target, period_days=period_days)
    if need is not None and need[1] < need[0]:
        needed, have = need
        conversion = tally.won / have
        calls_text = ""
        numbers: dict[str, float | int | str | None] = {
            "prospects": have,
            "prospects_needed": needed,
            "conversion_to_won": round(conversion, 4),
            "avg_deal": round(fig.avg_deal or 0, 2),
            "period_days": period_days,
        }
        if fig.calls_per_prospect:
            calls_needed = math.ceil(needed * fig.calls_per_prospect)
            numbers["calls"] = fig.calls
            numbers["calls_needed"] = calls_needed
            calls_text = (
                f", about {calls_needed:,} calls at {fig.calls_per_prospect:.1f} calls "
                f"per prospect (now {fig.calls:,})"
            )
        out.append(
            Diagnosis(
                "not-enough-prospects",
                f"Not enough prospects: {who} has {have:,} in {period_days} days; the target "
                f"of {money(monthly_target or 0)} a month needs {needed:,} at today's conversion "
                f"({pct(conversion)} of prospects won, average deal {money(fig.avg_deal or 0)})"
                f"{calls_text}. Why are there not enough prospects?",
                rep,
                numbers,
            )
        )
    has_deals = tally.won or tally.lost or tally.open
    if team is not None and team_reps and has_deals:
        out += _compare_with_team(who, rep, tally, fig, team, team_reps, team_tally)
    out += _large_deals(who, tally, settings, as_of)
    out += _stalled(who, rep, tally, stalled_limit, as_of)
    return out


def _compare_with_team(
    who: str,
    rep: str | None,
    tally: Tally,
    fig: Figures,
    team: Figures,
    team_reps: int,
    team_tally: Tally | None,
) -> list[Diagnosis]:
    out: list[Diagnosis] = []
    closed = tally.won + (tally.lost or 0)
    if fig.win_rate is not None and team.win_rate is not None and closed >= MIN_CLOSED:
        gap = (team.win_rate - fig.win_rate) * 100
        if gap >= FAR_BELOW_POINTS:
            out.append(
                Diagnosis(
                    "win-rate-below-team",
                    f"{who} wins {pct(fig.win_rate)} of closed deals, {gap:.1f} points below "
                    f"the team's {pct(team.win_rate)}: does {who} need support or advice?",
                    rep,
                    {
                        "win_rate": round(fig.win_rate, 4),
                        "team_win_rate": round(team.win_rate, 4),
                        "points_below": round(gap, 1),
                    },
                )
            )
    for label, mine, total in (
        ("prospects", float(fig.stages[0][1]), float(team.stages[0][1])),
        ("won value", fig.won_value, team.won_value),
    ):
        average = total / team_reps
        if average > 0 and mine < FAR_BELOW_SHARE * average:
            share = mine / average
            out.append(
                Diagnosis(
                    "volume-below-team",
                    f"{who}'s {label} ({money(mine)}) is {(1 - share) * 100:.0f}% below the "
                    f"team average of {money(average)} per rep: "
                    f"does {who} need support or advice?",
                    rep,
                    {
                        "measure": label,
                        "value": round(mine, 2),
                        "team_average": round(average, 2),
                        "share_of_team_average": round(share, 4),
                    },
                )
            )
    if fig.calls is not None and team_tally is not None and team.calls:
        with_calls = team_reps
        average = team.calls / with_calls
        if average > 0 and fig.calls < LOW_CALLS_SHARE * average:
            out.append(
                Diagnosis(
                    "call-volume-too-low",
                    f"Call volume too low: {who} made {fig.calls:,} calls, "
                    f"{(1 - fig.calls / average) * 100:.0f}% below the team average of "
                    f"{average:,.0f}. Is the volume of calls too low?",
                    rep,
                    {"calls": fig.calls, "team_average": round(average, 1)},
                )
            )
    return out


def _large_deals(who: str, tally: Tally, settings: FunnelSettings, as_of: date) -> list[Diagnosis]:
    valued = [d for d in tally.open_deals if d.amount]
    large = [d for d in valued if is_large(d.amount, settings)]
    kind = "large-deal"
    if not large:
        large = sorted(valued, key=lambda d: -(d.amount or 0))[:TOP_DEALS]
        kind = "top-deal"
    large.sort(key=lambda d: (-(d.amount or 0), d.id))
    out = []
    for d in large:
        age = f", open {(as_of - d.since).days} days" if d.since else ""
        what = "Large deal" if kind == "large-deal" else "One of the largest open deals"
        out.append(
            Diagnosis(
                kind,
                f"{what}: {d.label} ({d.rep}), {money(d.amount or 0)} "
                f"at {d.stage or 'an unknown stage'}"
                f"{age}. Agree the strategy and tactics to close it, and the extra resources "
                "the manager needs.",
                d.rep,
                {
                    "deal": d.id,
                    "name": d.name,
                    "amount": d.amount,
                    "stage": d.stage,
                    "since": d.since.isoformat() if d.since else None,
                },
            )
        )
    return out


def _stalled(who: str, rep: str | None, tally: Tally, limit: int, as_of: date) -> list[Diagnosis]:
    stalled = [d for d in tally.open_deals if is_stalled(d.since, as_of, limit)]
    if not stalled:
        return []
    stalled.sort(key=lambda d: (d.since or as_of, d.id))
    value = sum(d.amount or 0 for d in stalled)
    oldest = "; ".join(
        f"{d.label}, {(as_of - d.since).days} days" for d in stalled[:3] if d.since is not None
    )
    return [
        Diagnosis(
            "stalled-deals",
            f"Stalled deals: {len(stalled):,} of {who}'s open deals have been open longer than "
            f"{limit} days{f' (value {money(value)})' if value else ''}; oldest: {oldest}. "
            "Move them on or close them.",
            rep,
            {"count": len(stalled), "after_days": limit, "value": round(value, 2)},
        )
    ]


def cycle_finding(who: str, settings: FunnelSettings, tally: Tally) -> Diagnosis | None:
    """When the measured median cycle would give another review interval than the settings,
    one finding that says so and the line to set in salescoach.yaml."""
    if not tally.cycles:
        return None
    median = float(statistics.median(tally.cycles))
    interval = review_interval_days(settings)
    measured = measured_interval_days(settings, median)
    if measured == interval:
        return None
    days = max(1, round(median))
    n = len(tally.cycles)
    configured = (
        f"sales_cycle_days: {settings.sales_cycle_days}"
        if settings.sales_cycle_days is not None
        else "no sales_cycle_days"
    )
    return Diagnosis(
        "review-interval",
        f"The measured sales cycle of {who} is {days:,} days (median of {plural(n, 'won deal')}): "
        f"a review every {measured // 7} weeks would fit it, not every {interval // 7} "
        f"({configured} in salescoach.yaml). To review by it, set "
        f"`funnel: sales_cycle_days: {days}` in salescoach.yaml.",
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
