"""The funnel review in numbers: pure maths over deals or funnel snapshots, and diagnostics.

Part 3 of the method: every 6-8 weeks (adjusted to the sales cycle) the coach and the manager
go through the team's funnel and each rep's funnel with numbers. This module does no I/O and
never looks at the clock: callers pass the deals (from a CRM import, see ``crm``/``imports``)
or the snapshots (``funnel/DATE.yaml``), the settings and the dates.

Entry points:

- ``team_summary(settings, manager, source, as_of=..., since=None, last_review=None,
  previous=None) -> TeamReview``: one team's funnel with every rep's figures, each rep next to
  the team average, diagnostics in the method's words, the review interval that fits the
  measured sales cycle and when the next review is due. This is what the agenda's funnel
  section calls; ``TeamReview.headline()`` is a one-line summary for it.
- ``Source``: the data of one review, built with ``Source.from_deals(deals, as_of)`` (CRM
  import) or ``Source.from_snapshot(snapshot)`` (hand-kept counts).
- ``review_interval_days(settings, cycle_days)`` and ``next_review_due(last, interval, as_of)``.

Definitions (also in docs/funnel.md):

- *Levels* of the funnel are ``funnel.stages``, plus ``won`` at the end when it is not one of
  them. A deal counts at every level it has reached: an open deal up to its current stage, a
  won deal at every level, a lost deal up to ``funnel.lost_stage`` (default: the first stage).
- *Win rate* = won / (won + lost) over the deals closed in the period; *average deal* = won
  value / won; *sales cycle* = days from created (engaged) to close of the won deals;
  *velocity* = open deals × win rate × average deal / mean cycle days (value per day);
  *coverage* = open pipeline value / the target until the next review.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from salescoach.models import LOST, WON, Deal, FunnelSettings, FunnelSnapshot, Manager, Settings

DAYS_PER_MONTH = 30.44
TOP_DEALS = 3
"""Without any deal of at least ``funnel.large_deal``, the largest open deals shown."""
FAR_BELOW_POINTS = 10.0
"""A rep's win rate this many percentage points under the team's is 'far below'."""
FAR_BELOW_SHARE = 0.5
"""A rep's volume (prospects, won value) under this share of the team average is 'far below'."""
LOW_CALLS_SHARE = 0.7
"""A rep's calls under this share of the team average per rep are 'too low'."""
MIN_CLOSED = 5
"""A win rate is compared only when the rep closed at least this many deals."""

Status = Literal["open", "won", "lost"]


# ---------------------------------------------------------------- the data


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An open deal, for the large-deal and stalled-deal diagnostics."""

    name: str
    rep: str
    amount: float | None
    stage: str | None
    since: date | None


@dataclass
class Tally:
    """What one rep (or a team) did in the period: the raw counts behind every figure."""

    reached: dict[str, int] = field(default_factory=dict)
    won: int = 0
    lost: int | None = 0
    open: int = 0
    won_value: float = 0.0
    open_value: float = 0.0
    open_valued: int = 0
    """How many open deals have an amount."""
    cycles: list[int] = field(default_factory=list)
    calls: int | None = None
    open_deals: list[OpenItem] = field(default_factory=list)
    first_day: date | None = None

    def add(self, other: Tally) -> None:
        for level, count in other.reached.items():
            self.reached[level] = self.reached.get(level, 0) + count
        self.won += other.won
        self.lost = None if self.lost is None or other.lost is None else self.lost + other.lost
        self.open += other.open
        self.won_value += other.won_value
        self.open_value += other.open_value
        self.open_valued += other.open_valued
        self.cycles += other.cycles
        if other.calls is not None:
            self.calls = (self.calls or 0) + other.calls
        self.open_deals += other.open_deals
        if other.first_day is not None and (
            self.first_day is None or other.first_day < self.first_day
        ):
            self.first_day = other.first_day


def levels(settings: FunnelSettings) -> list[str]:
    """The funnel's levels, top first: the stages, and ``won`` last if it is not a stage."""
    stages = list(settings.stages)
    return stages if WON in stages else [*stages, WON]


def lost_level(settings: FunnelSettings) -> str:
    """The level a lost deal is counted as having reached."""
    stage = settings.lost_stage
    return stage if stage is not None and stage in settings.stages else settings.stages[0]


def status_of(deal: Deal, as_of: date) -> Status:
    """Open, won or lost on ``as_of``: a deal closed later was still open then."""
    if deal.stage in (WON, LOST) and deal.closed is not None and deal.closed <= as_of:
        return "won" if deal.stage == WON else "lost"
    return "open"


def in_period(deal: Deal, as_of: date, since: date | None) -> bool:
    """Created by ``as_of``, and open then or closed on or after ``since``."""
    if deal.created is not None and deal.created > as_of:
        return False
    if deal.closed is not None and deal.closed > as_of and deal.stage in (WON, LOST):
        return True
    if deal.stage in (WON, LOST):
        return since is None or (deal.closed is not None and deal.closed >= since)
    return True


def tally_deals(
    deals: Iterable[Deal], settings: FunnelSettings, *, as_of: date, since: date | None = None
) -> dict[str, Tally]:
    """One ``Tally`` per rep (key ``""`` for deals of unmatched owners) over the period."""
    lv = levels(settings)
    index = {name: i for i, name in enumerate(lv)}
    lost_at = index[lost_level(settings)]
    before_won = max(0, index[WON] - 1)
    out: dict[str, Tally] = {}
    for deal in deals:
        if not in_period(deal, as_of, since):
            continue
        t = out.get(deal.rep)
        if t is None:
            t = out[deal.rep] = Tally(reached=dict.fromkeys(lv, 0))
        status = status_of(deal, as_of)
        if status == WON:
            reached = len(lv) - 1
            t.won += 1
            t.won_value += deal.amount or 0.0
            if deal.created is not None and deal.closed is not None:
                t.cycles.append((deal.closed - deal.created).days)
        elif status == LOST:
            reached = lost_at
            t.lost = (t.lost or 0) + 1
        else:
            if deal.stage in (WON, LOST):
                reached = before_won if deal.stage == WON else lost_at
            else:
                reached = index.get(deal.stage, 0)
            t.open += 1
            if deal.amount is not None:
                t.open_value += deal.amount
                t.open_valued += 1
            t.open_deals.append(OpenItem(deal.id, deal.rep, deal.amount, lv[reached], deal.created))
        for i in range(reached + 1):
            t.reached[lv[i]] += 1
        if deal.created is not None and (t.first_day is None or deal.created < t.first_day):
            t.first_day = deal.created
    return out


def tally_snapshot(snapshot: FunnelSnapshot, settings: FunnelSettings) -> dict[str, Tally]:
    """One ``Tally`` per rep from a hand-kept snapshot: its counts are the funnel levels."""
    lv = levels(settings)
    out: dict[str, Tally] = {}
    for rep_id, rf in snapshot.reps.items():
        reached = {level: rf.stages.get(level, 0) for level in lv}
        items = [OpenItem(d.name, rep_id, float(d.amount), d.stage, d.since) for d in rf.open_deals]
        out[rep_id] = Tally(
            reached=reached,
            won=reached[WON],
            lost=rf.lost,
            open=len(items),
            won_value=float(rf.won_value or 0),
            open_value=sum(float(d.amount) for d in rf.open_deals),
            open_valued=len(items),
            calls=rf.calls,
            open_deals=items,
            first_day=snapshot.period.from_ if snapshot.period else None,
        )
    return out


@dataclass
class Source:
    """The data of one review: per-rep tallies, where they came from, and the period."""

    kind: Literal["import", "snapshot"]
    label: str
    as_of: date
    since: date | None
    tallies: dict[str, Tally]

    @classmethod
    def from_deals(
        cls,
        deals: Iterable[Deal],
        settings: FunnelSettings,
        *,
        as_of: date,
        since: date | None = None,
        label: str = "",
    ) -> Source:
        return cls(
            "import", label, as_of, since, tally_deals(deals, settings, as_of=as_of, since=since)
        )

    @classmethod
    def from_snapshot(
        cls, snapshot: FunnelSnapshot, settings: FunnelSettings, *, label: str = ""
    ) -> Source:
        since = snapshot.period.from_ if snapshot.period else None
        return cls("snapshot", label, snapshot.date, since, tally_snapshot(snapshot, settings))


# ---------------------------------------------------------------- the figures


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

    def as_dict(self) -> dict[str, object]:
        return {
            "won": self.won,
            "lost": self.lost,
            "open": self.open,
            "win_rate": _round(self.win_rate, 4),
            "won_value": _round(self.won_value, 2),
            "avg_deal": _round(self.avg_deal, 2),
            "cycle_days_median": _round(self.cycle_days_median, 1),
            "cycle_days_mean": _round(self.cycle_days_mean, 1),
            "open_value": _round(self.open_value, 2),
            "open_value_estimated": self.open_value_estimated,
            "velocity_per_day": _round(self.velocity, 2),
            "target_until_next_review": _round(self.target, 2),
            "coverage": _round(self.coverage, 2),
            "calls": self.calls,
            "calls_per_prospect": _round(self.calls_per_prospect, 2),
            "stages": [{"stage": s, "count": c} for s, c in self.stages],
            "conversions": [
                {"from": a, "to": b, "rate": _round(r, 4)} for a, b, r in self.conversions
            ],
        }


def _round(value: float | None, digits: int) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, digits)
    return int(rounded) if rounded == int(rounded) else rounded


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


# ---------------------------------------------------------------- the review interval


def review_interval_days(settings: FunnelSettings, cycle_days: float | None) -> int:
    """Days between funnel reviews: the sales cycle (measured, else ``sales_cycle_days``) kept
    within ``review_weeks``; without a cycle, the shorter end of that range. ``schedule``,
    ``agenda`` and ``funnel review`` all use this one rule."""
    low, high = sorted(w * 7 for w in settings.review_weeks)
    cycle = cycle_days if cycle_days is not None else settings.sales_cycle_days
    if cycle is None:
        return low
    return max(low, min(high, round(cycle)))


def next_review_due(last_review: date | None, interval_days: int, as_of: date) -> date:
    """The next funnel review: one interval after the last, or ``as_of`` when there was none."""
    if last_review is None:
        return as_of
    return last_review + timedelta(days=interval_days)


# ---------------------------------------------------------------- diagnostics


@dataclass(frozen=True)
class Diagnosis:
    """One finding of the review, in the method's words, with the numbers behind it."""

    code: str
    message: str
    rep: str | None = None
    numbers: dict[str, float | int | str | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "rep": self.rep, "message": self.message, **self.numbers}


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


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
) -> list[Diagnosis]:
    """The findings for one funnel; with ``team``, the rep is compared with the team too."""
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
                f"of {_money(monthly_target or 0)} a month needs {needed:,} at today's conversion "
                f"({_pct(conversion)} of prospects won, average deal {_money(fig.avg_deal or 0)})"
                f"{calls_text}. Why are there not enough prospects?",
                rep,
                numbers,
            )
        )
    has_deals = tally.won or tally.lost or tally.open
    if team is not None and team_reps and has_deals:
        out += _compare_with_team(who, rep, tally, fig, team, team_reps, team_tally)
    out += _large_deals(who, tally, settings, as_of)
    out += _stalled(who, rep, tally, fig, settings, as_of)
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
                    f"{who} wins {_pct(fig.win_rate)} of closed deals, {gap:.1f} points below "
                    f"the team's {_pct(team.win_rate)}: does {who} need support or advice?",
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
                    f"{who}'s {label} ({_money(mine)}) is {(1 - share) * 100:.0f}% below the "
                    f"team average of {_money(average)} per rep: "
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
    large = [d for d in valued if (d.amount or 0) >= settings.large_deal]
    kind = "large-deal"
    if not large:
        large = sorted(valued, key=lambda d: -(d.amount or 0))[:TOP_DEALS]
        kind = "top-deal"
    large.sort(key=lambda d: (-(d.amount or 0), d.name))
    out = []
    for d in large:
        age = f", open {(as_of - d.since).days} days" if d.since else ""
        what = "Large deal" if kind == "large-deal" else "One of the largest open deals"
        out.append(
            Diagnosis(
                kind,
                f"{what}: {d.name} ({d.rep}), {_money(d.amount or 0)} "
                f"at {d.stage or 'an unknown stage'}"
                f"{age}. Agree the strategy and tactics to close it, and the extra resources "
                "the manager needs.",
                d.rep,
                {
                    "deal": d.name,
                    "amount": d.amount,
                    "stage": d.stage,
                    "since": d.since.isoformat() if d.since else None,
                },
            )
        )
    return out


def stalled_after(settings: FunnelSettings, cycle_median: float | None) -> int:
    """Days after which an open deal is stalled: ``stalled_after_days``, or twice the median
    cycle when that is longer (a deal younger than two typical cycles is not stalled)."""
    days = settings.stalled_after_days
    if cycle_median is not None:
        days = max(days, math.ceil(2 * cycle_median))
    return days


def _stalled(
    who: str, rep: str | None, tally: Tally, fig: Figures, settings: FunnelSettings, as_of: date
) -> list[Diagnosis]:
    limit = stalled_after(settings, fig.cycle_days_median)
    stalled = [
        d for d in tally.open_deals if d.since is not None and (as_of - d.since).days > limit
    ]
    if not stalled:
        return []
    stalled.sort(key=lambda d: (d.since or as_of, d.name))
    value = sum(d.amount or 0 for d in stalled)
    oldest = ", ".join(
        f"{d.name} ({(as_of - d.since).days} days)" for d in stalled[:3] if d.since is not None
    )
    return [
        Diagnosis(
            "stalled-deals",
            f"Stalled deals: {len(stalled):,} of {who}'s open deals have been open longer than "
            f"{limit} days{f' (value {_money(value)})' if value else ''}; oldest: {oldest}. "
            "Move them on or close them.",
            rep,
            {"count": len(stalled), "after_days": limit, "value": round(value, 2)},
        )
    ]


# ---------------------------------------------------------------- one team


@dataclass
class RepReview:
    rep: str
    name: str
    figures: Figures
    diagnoses: list[Diagnosis]
    previous: Figures | None = None


@dataclass
class TeamReview:
    """One team's funnel review: the team's figures, each rep's, findings and the schedule."""

    manager: str
    name: str
    as_of: date
    since: date | None
    period_days: int
    figures: Figures
    reps: list[RepReview]
    diagnoses: list[Diagnosis]
    interval_days: int
    last_review: date | None
    next_due: date
    previous: Figures | None = None
    reps_without_deals: list[str] = field(default_factory=list)
    team_size: int = 0
    """How many reps the team has (``reps`` may be filtered to one)."""

    @property
    def review_due(self) -> bool:
        return self.next_due <= self.as_of

    def headline(self) -> str:
        """One line for the agenda: the key numbers and the count of findings."""
        f = self.figures
        rate = _pct(f.win_rate) if f.win_rate is not None else "n/a"
        avg = _money(f.avg_deal) if f.avg_deal is not None else "n/a"
        findings = len(self.diagnoses) + sum(len(r.diagnoses) for r in self.reps)
        return (
            f"won {f.won:,}, lost {f.lost if f.lost is not None else 'n/a'}, win rate {rate}, "
            f"average deal {avg}, open {f.open:,} ({_money(f.open_value)}); "
            f"{findings} finding{'s' * (findings != 1)}"
        )


def _monthly_target(manager: Manager, rep_ids: Sequence[str]) -> float | None:
    targets = [r.monthly_target for r in manager.reps if r.id in rep_ids and r.monthly_target]
    return float(sum(targets)) if targets else None


def team_summary(
    settings: Settings,
    manager: Manager,
    source: Source,
    *,
    last_review: date | None = None,
    previous: Source | None = None,
) -> TeamReview:
    """The funnel review of one manager's team from ``source`` (see the module docstring)."""
    fs = settings.funnel
    as_of = source.as_of
    rep_ids = manager.rep_ids
    team_tally = Tally(reached=dict.fromkeys(levels(fs), 0))
    for rep_id in rep_ids:
        if rep_id in source.tallies:
            team_tally.add(source.tallies[rep_id])
    start = source.since or team_tally.first_day or as_of
    period_days = max(1, (as_of - start).days)
    team_target = _monthly_target(manager, rep_ids)
    interval = review_interval_days(fs, _median(team_tally.cycles))
    team_fig = figures(team_tally, fs, monthly_target=team_target, interval_days=interval)
    prev_team = _previous_team(previous, manager, fs, interval)
    reps: list[RepReview] = []
    without: list[str] = []
    for rep in manager.reps:
        tally = source.tallies.get(rep.id)
        if tally is None:
            without.append(rep.id)
            tally = Tally(reached=dict.fromkeys(levels(fs), 0))
        target = float(rep.monthly_target) if rep.monthly_target else None
        fig = figures(tally, fs, monthly_target=target, interval_days=interval)
        diag = diagnose(
            rep.name,
            rep.id,
            tally,
            fig,
            fs,
            monthly_target=target,
            period_days=period_days,
            as_of=as_of,
            team=team_fig,
            team_reps=len(rep_ids),
            team_tally=team_tally,
        )
        prev = None
        if previous is not None and rep.id in previous.tallies:
            prev = figures(
                previous.tallies[rep.id], fs, monthly_target=target, interval_days=interval
            )
        reps.append(RepReview(rep.id, rep.name, fig, diag, prev))
    team_diag = diagnose(
        f"{manager.name}'s team",
        None,
        Tally(
            reached=team_tally.reached,
            won=team_tally.won,
            lost=team_tally.lost,
            open=team_tally.open,
            won_value=team_tally.won_value,
            cycles=team_tally.cycles,
            calls=team_tally.calls,
        ),
        team_fig,
        fs,
        monthly_target=team_target,
        period_days=period_days,
        as_of=as_of,
    )
    if without:
        names = ", ".join(r.name for r in manager.reps if r.id in without)
        team_diag.append(
            Diagnosis(
                "reps-without-deals",
                f"{len(without)} rep{'s' * (len(without) != 1)} without any deal in the period: "
                f"{names}. Are they new, or is their work missing from the CRM?",
                None,
                {"count": len(without), "reps": ", ".join(without)},
            )
        )
    return TeamReview(
        manager=manager.id,
        name=manager.name,
        as_of=as_of,
        since=source.since,
        period_days=period_days,
        figures=team_fig,
        reps=reps,
        diagnoses=team_diag,
        interval_days=interval,
        last_review=last_review,
        next_due=next_review_due(last_review, interval, as_of),
        previous=prev_team,
        reps_without_deals=without,
        team_size=len(manager.reps),
    )


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _previous_team(
    previous: Source | None, manager: Manager, fs: FunnelSettings, interval: int
) -> Figures | None:
    if previous is None:
        return None
    tally = Tally(reached=dict.fromkeys(levels(fs), 0))
    found = False
    for rep_id in manager.rep_ids:
        if rep_id in previous.tallies:
            tally.add(previous.tallies[rep_id])
            found = True
    if not found:
        return None
    return figures(
        tally, fs, monthly_target=_monthly_target(manager, manager.rep_ids), interval_days=interval
    )


def arrow(now: float | int | None, before: float | int | None) -> str:
    """↑, ↓ or → comparing a figure with the previous review's; '' when either is unknown."""
    if now is None or before is None:
        return ""
    if math.isclose(float(now), float(before), rel_tol=1e-9, abs_tol=1e-9):
        return "→"
    return "↑" if now > before else "↓"
