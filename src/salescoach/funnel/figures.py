"""The figures of one funnel (a rep's or a team's) from its tally: stages and conversion,
win rate, average deal, sales cycle, open pipeline, velocity, coverage and calls, each rate
with the number of deals behind it (its *n*), and the calls an activities window needs."""

from __future__ import annotations

import itertools
import math
import statistics
from dataclasses import dataclass
from typing import Literal, NamedTuple

from salescoach.funnel.activity import ActivityCount
from salescoach.funnel.rules import DAYS_PER_MONTH
from salescoach.funnel.tally import Tally, levels
from salescoach.models import FunnelSettings


class Conversion(NamedTuple):
    """The share of deals at ``source`` that reached ``target``; ``n``: the deals at ``source``."""

    source: str
    target: str
    rate: float | None
    n: int


@dataclass
class Figures:
    """Every number of one funnel (a rep's or a team's); each rate keeps its *n* beside it,
    and ``shown`` says whether the *n* is enough (``funnel.min_sample``) to show the rate."""

    stages: list[tuple[str, int]]
    conversions: list[Conversion]
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
    min_sample: int = 1
    win_rate_n: int = 0
    """Closed deals (won + lost): the win rate's sample."""
    cycle_n: int = 0
    """Won deals with a created date: the sales cycle's sample."""
    calls_per_prospect_n: int = 0
    """The prospects the calls are divided by (of the activities window, with an import)."""
    lost_known: int | None = None
    """Lost deals counted at the stage an earlier import last saw them at (None: a snapshot)."""
    activity: ActivityCount | None = None

    @property
    def avg_deal_n(self) -> int:
        """Won deals: the average deal's sample (and the back-solved prospects' and calls')."""
        return self.won

    @property
    def velocity_n(self) -> int:
        """Won deals, the smaller of the samples velocity rests on (win rate, average deal)."""
        return self.won

    def enough(self, n: int) -> bool:
        """A figure of ``n`` deals is shown: at least ``funnel.min_sample``."""
        return n >= self.min_sample

    def shown(self, value: float | None, n: int) -> float | None:
        """``value`` when its sample is large enough, else None (the output says ``n=N``)."""
        return value if self.enough(n) else None


def ratio(part: float, whole: float) -> float | None:
    """``part / whole``, or None when the whole is zero."""
    return part / whole if whole else None


def _calls_per_prospect(tally: Tally, prospects: int) -> tuple[float | None, int]:
    """Calls per prospect and its n: an activities window's calls over the prospects created
    in the window; a snapshot's calls over the period's prospects."""
    if tally.calls is None:
        return None, 0
    if tally.activity is not None:
        prospects = tally.prospects_between(tally.activity.start, tally.activity.end)
    return ratio(tally.calls, prospects), prospects


def figures(
    tally: Tally, settings: FunnelSettings, *, monthly_target: float | None, interval_days: int
) -> Figures:
    """The figures of one tally; ``monthly_target`` is the sum of the known monthly targets."""
    lv = levels(settings)
    stages = [(level, tally.reached.get(level, 0)) for level in lv]
    conversions = [
        Conversion(a, b, ratio(cb, ca), ca) for (a, ca), (b, cb) in itertools.pairwise(stages)
    ]
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
    per_prospect, per_prospect_n = _calls_per_prospect(tally, stages[0][1])
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
        calls_per_prospect=per_prospect,
        min_sample=settings.min_sample,
        win_rate_n=closed if tally.lost is not None else 0,
        cycle_n=len(tally.cycles),
        calls_per_prospect_n=per_prospect_n,
        lost_known=tally.lost_known,
        activity=tally.activity,
    )


@dataclass(frozen=True)
class CallNeed:
    """The calls an activities window needs: the target of the window / average deal / win
    conversion (won / prospects) × calls per prospect (the rep's own when there are enough
    prospects created in the window, else the team's)."""

    calls: int
    weeks: float
    target: float
    calls_needed: int
    calls_needed_n: int
    """Won deals behind the average deal and the win conversion."""
    conversion: float
    avg_deal: float
    calls_per_prospect: float
    calls_per_prospect_n: int
    calls_per_prospect_of: Literal["rep", "team"]


def call_need(
    fig: Figures, *, monthly_target: float | None, team: Figures | None, judged: bool = True
) -> CallNeed | None:
    """The calls the window's target needs, or None without an activities window, a target,
    or (``judged``) enough won deals or prospects in the window (the rep's, else the team's)."""
    act = fig.activity
    prospects = fig.stages[0][1]
    if act is None or not monthly_target or not fig.avg_deal or not prospects:
        return None
    if judged and not fig.enough(fig.won):
        return None
    per, per_n, of = fig.calls_per_prospect, fig.calls_per_prospect_n, "rep"
    if not fig.enough(per_n) and team is not None and team.calls_per_prospect is not None:
        per, per_n, of = team.calls_per_prospect, team.calls_per_prospect_n, "team"
    if per is None or (judged and not fig.enough(per_n)):
        return None
    target = monthly_target * act.weeks * 7 / DAYS_PER_MONTH
    conversion = fig.won / prospects
    # rounded first, so that float noise (63.0000001) does not add a call
    needed = math.ceil(round(target / fig.avg_deal / conversion * per, 6))
    return CallNeed(
        act.calls,
        act.weeks,
        target,
        needed,
        fig.won,
        conversion,
        fig.avg_deal,
        per,
        per_n,
        "rep" if of == "rep" else "team",
    )
