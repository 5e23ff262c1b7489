"""The figures of one funnel (a rep's or a team's) from its tally: stages and conversion,
win rate, average deal, sales cycle, open pipeline, velocity, coverage and calls."""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass

from salescoach.funnel.rules import DAYS_PER_MONTH
from salescoach.funnel.tally import Tally, levels
from salescoach.models import FunnelSettings


@dataclass
class Figures:
    """Every number of one funnel (a rep's or a team's)."""

    stages: list[tuple[str, int]]
    conversions: list[tuple[str, str, float | None]]
    won: int
    lost: int | None
    open: int
    win_rate: float | None
    won_value: float
    avg_deal: float | None
    cycle_days_median: float | None
    cycle_days_mean: float | None
    open_value: float
    open_value_estimated: bool
    velocity: float | None
    target: float | None
    """The target until the next review (monthly targets × interval), when known."""
    coverage: float | None
    calls: int | None
    calls_per_prospect: float | None


def ratio(part: float, whole: float) -> float | None:
    """``part / whole``, or None when the whole is zero."""
    return part / whole if whole else None


def figures(
    tally: Tally, settings: FunnelSettings, *, monthly_target: float | None, interval_days: int
) -> Figures:
    """The figures of one tally; ``monthly_target`` is the sum of the known monthly targets."""
    lv = levels(settings)
    stages = [(level, tally.reached.get(level, 0)) for level in lv]
    conversions = [(a, b, ratio(cb, ca)) for (a, ca), (b, cb) in itertools.pairwise(stages)]
    closed = tally.won + (tally.lost or 0)
    win_rate = ratio(tally.won, closed) if tally.lost is not None else None
    avg_deal = ratio(tally.won_value, tally.won)
    median = float(statistics.median(tally.cycles)) if tally.cycles else None
    mean = statistics.fmean(tally.cycles) if tally.cycles else None
    open_value = tally.open_value
    estimated = False
    if tally.open and not tally.open_valued and avg_deal:
        open_value, estimated = tally.open * avg_deal, True
    cycle = mean or (float(settings.sales_cycle_days) if settings.sales_cycle_days else None)
    velocity = (
        tally.open * win_rate * avg_deal / cycle
        if win_rate is not None and avg_deal is not None and cycle
        else None
    )
    target = monthly_target * interval_days / DAYS_PER_MONTH if monthly_target else None
    prospects = stages[0][1]
    return Figures(
        stages=stages,
        conversions=conversions,
        won=tally.won,
        lost=tally.lost,
        open=tally.open,
        win_rate=win_rate,
        won_value=tally.won_value,
        avg_deal=avg_deal,
        cycle_days_median=median,
        cycle_days_mean=mean,
        open_value=open_value,
        open_value_estimated=estimated,
        velocity=velocity,
        target=target,
        coverage=ratio(open_value, target) if target else None,
        calls=tally.calls,
        calls_per_prospect=ratio(tally.calls, prospects) if tally.calls is not None else None,
    )
