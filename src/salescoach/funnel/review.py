"""One team's funnel review: the team's figures and each rep's next to the team, the findings,
the stalled and large deals under one limit for the team, and the review's schedule."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from salescoach.formats import number, plural
from salescoach.funnel.changes import PipelineChanges
from salescoach.funnel.deal_findings import BY_AMOUNT, BY_ID, BY_REP, BY_SINCE, sorted_by
from salescoach.funnel.diagnose import Diagnosis, TeamContext, cycle_finding, diagnose
from salescoach.funnel.figures import CallNeed, Figures, call_need, figures
from salescoach.funnel.rules import (
    is_large,
    is_stalled,
    review_interval_days,
    review_target,
    stalled_after,
)
from salescoach.funnel.strategies import StrategyView
from salescoach.funnel.tally import (
    OpenItem,
    Source,
    Tally,
    empty_tally,
    lost_level,
    team_tally,
)
from salescoach.i18n import _
from salescoach.models import FunnelSettings, Manager, Rep, Settings


@dataclass
class RepReview:
    """One rep's figures (and the previous review's), with the findings about the rep."""

    rep: str
    name: str
    figures: Figures
    diagnoses: list[Diagnosis]
    previous: Figures | None = None
    cycle_n: int = 0
    """How many of the won deals have a sales cycle (a created date): the cycle is of them."""
    calls_need: CallNeed | None = None
    """The calls the rep's activities window needs (None: no window, target or sample)."""


def by_value(findings: Sequence[Diagnosis]) -> list[Diagnosis]:
    """Findings by the value at stake, largest first (a stable sort: ties keep their order)."""
    return sorted(findings, key=lambda d: -d.value)


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
    """The date of the 1:1 that holds the next review (``cadence.funnel_review_date``)."""
    stalled_after_days: int
    """One limit for the whole team (``rules.stalled_after``)."""
    stalled_deals: list[OpenItem] = field(default_factory=list)
    """Every stalled open deal of the team, oldest first."""
    large_deals: list[OpenItem] = field(default_factory=list)
    """The team's open deals of at least ``funnel.large_deal``, largest first."""
    previous: Figures | None = None
    reps_without_deals: list[str] = field(default_factory=list)
    team_size: int = 0
    """How many reps the team has (``reps`` may be filtered to one)."""
    source: str = ""
    """Where the numbers come from (e.g. ``funnel/imports/2026-05-04.csv``)."""
    previous_source: str | None = None
    """What the arrows compare with."""
    calls_from: str | None = None
    """For an import: the snapshot whose calls go with it, if any."""
    next_1on1: date | None = None
    """The date of the manager's next 1:1, when the caller knows it."""
    cycle_n: int = 0
    """How many of the team's won deals have a sales cycle (a created date)."""
    changes: PipelineChanges | None = None
    """What changed since the import of the last review (None: no earlier import)."""
    strategies: list[StrategyView] = field(default_factory=list)
    """The strategies recorded for the team's deals, with each deal's movement since."""
    activities_from: str | None = None
    """The activities import the calls come from, if any (else ``calls_from``, a snapshot)."""

    @property
    def review_due(self) -> bool:
        """The next 1:1 holds the review (without one known: it is due by ``as_of``)."""
        return self.next_due <= (self.next_1on1 or self.as_of)

    lost_stage: str = ""
    """The level a lost deal without a known last stage is counted at (``tally.lost_level``)."""

    @property
    def findings(self) -> list[Diagnosis]:
        """Every finding: the team's first by value at stake, then the reps' by value at stake,
        largest first."""
        return [*by_value(self.diagnoses), *by_value([d for r in self.reps for d in r.diagnoses])]

    @property
    def lost_unknown(self) -> int:
        """How many of an import's lost deals are counted at ``lost_stage`` because no earlier
        import saw them open (0 for a snapshot, which has no deals)."""
        known = self.figures.lost_known
        return 0 if known is None or not self.figures.lost else self.figures.lost - known

    @property
    def lost_assumption(self) -> str | None:
        """The assumption behind the conversions when some lost deals' last stage is unknown."""
        unknown, lost = self.lost_unknown, self.figures.lost or 0
        if not unknown:
            return None
        return _(
            "{count} of {lost} counted at {stage}: their last stage is unknown "
            "(no earlier import has them)"
        ).format(count=number(unknown), lost=plural(lost, "lost deal"), stage=self.lost_stage)


def _monthly_target(team: Sequence[Rep]) -> float | None:
    targets = [r.monthly_target for r in team if r.monthly_target]
    return float(sum(targets)) if targets else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _open_deals(source: Source, rep_ids: Sequence[str]) -> list[OpenItem]:
    return [d for r in rep_ids if r in source.tallies for d in source.tallies[r].open_deals]


def stalled_deals(items: list[OpenItem], as_of: date, limit_days: int) -> list[OpenItem]:
    """The stalled ones of ``items``, oldest first."""
    stalled = [d for d in items if is_stalled(d.since, as_of, limit_days)]
    return sorted_by(stalled, BY_SINCE, BY_REP, BY_ID)  # a stalled deal always has ``since``


def large_deals(items: list[OpenItem], settings: FunnelSettings) -> list[OpenItem]:
    """The large ones of ``items``, largest first."""
    large = [d for d in items if is_large(d.amount, settings)]
    return sorted_by(large, BY_AMOUNT, BY_REP, BY_ID, reverse=True)


def team_summary(
    settings: Settings,
    manager: Manager,
    source: Source,
    *,
    last_review: date | None = None,
    next_review: date | None = None,
    previous: Source | None = None,
    team_on: date | None = None,
) -> TeamReview:
    """The funnel review of one manager's team from ``source``: the reps in the team on
    ``team_on`` (default: the review's as-of date), each with all their deals. ``next_review``
    is the date of the 1:1 that holds the next review (the use case takes it from
    ``cadence.funnel_review_date``); without it, one interval after ``last_review``, or
    ``as_of`` when there was none."""
    fs = settings.funnel
    as_of = source.as_of
    team = manager.reps_on(team_on or as_of)
    rep_ids = [r.id for r in team]
    total = team_tally(source.tallies, rep_ids, fs) or empty_tally(fs)
    start = source.since or total.first_day or as_of
    period_days = max(1, (as_of - start).days)
    team_target = _monthly_target(team)
    interval = review_interval_days(fs)
    team_fig = figures(total, fs, monthly_target=team_target, interval_days=interval)
    limit = stalled_after(fs, team_fig.cycle_days_median)
    reps, without = _rep_reviews(
        settings, team, source, previous, total, team_fig, period_days, interval, limit
    )
    team_diag = _team_findings(
        settings, manager, team, total, team_fig, team_target, period_days, as_of, without, limit
    )
    prev_tally = team_tally(previous.tallies, rep_ids, fs) if previous else None
    prev_team = (
        figures(prev_tally, fs, monthly_target=team_target, interval_days=interval)
        if prev_tally
        else None
    )
    items = _open_deals(source, rep_ids)
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
        next_due=next_review or review_target(last_review, interval) or as_of,
        stalled_after_days=limit,
        stalled_deals=stalled_deals(items, as_of, limit),
        large_deals=large_deals(items, fs),
        previous=prev_team,
        reps_without_deals=without,
        team_size=len(team),
        source=source.label,
        previous_source=previous.label if previous else None,
        cycle_n=len(total.cycles),
        lost_stage=lost_level(fs),
    )


def _has_deals(tally: Tally) -> bool:
    return bool(tally.won or tally.lost or tally.open)


def _rep_reviews(
    settings: Settings,
    team: Sequence[Rep],
    source: Source,
    previous: Source | None,
    total: Tally,
    team_fig: Figures,
    period_days: int,
    interval: int,
    limit: int,
) -> tuple[list[RepReview], list[str]]:
    """Each rep's review next to the team, and the reps without any deal in the period."""
    fs = settings.funnel
    reps: list[RepReview] = []
    without: list[str] = []
    for rep in team:
        tally = source.tallies.get(rep.id)
        if tally is None or (source.kind == "import" and not _has_deals(tally)):
            without.append(rep.id)
            tally = tally or empty_tally(fs)
        target = float(rep.monthly_target) if rep.monthly_target else None
        fig = figures(tally, fs, monthly_target=target, interval_days=interval)
        calls = call_need(fig, monthly_target=target, team=team_fig)
        diag = diagnose(
            rep.name,
            rep.id,
            tally,
            fig,
            fs,
            monthly_target=target,
            period_days=period_days,
            as_of=source.as_of,
            stalled_limit=limit,
            team=TeamContext(team_fig, len(team)),
            calls=calls,
        )
        prev = None
        if previous is not None and rep.id in previous.tallies:
            prev = figures(
                previous.tallies[rep.id], fs, monthly_target=target, interval_days=interval
            )
        reps.append(RepReview(rep.id, rep.name, fig, diag, prev, len(tally.cycles), calls))
    return reps, without


def _team_findings(
    settings: Settings,
    manager: Manager,
    team: Sequence[Rep],
    total: Tally,
    team_fig: Figures,
    team_target: float | None,
    period_days: int,
    as_of: date,
    without: list[str],
    limit: int,
) -> list[Diagnosis]:
    """The team's own findings: prospects for the team's target, reps without deals, and a
    measured cycle that asks for another review interval (deals are the reps' findings)."""
    fs = settings.funnel
    who = _("{manager}'s team").format(manager=manager.name)
    counts = Tally(
        reached=total.reached,
        won=total.won,
        lost=total.lost,
        open=total.open,
        lost_known=total.lost_known,
        lost_value=total.lost_value,
        won_value=total.won_value,
        cycles=total.cycles,
        calls=total.calls,
        created_on=total.created_on,
        activity=total.activity,
    )
    out = diagnose(
        who,
        None,
        counts,
        team_fig,
        fs,
        monthly_target=team_target,
        period_days=period_days,
        as_of=as_of,
        stalled_limit=limit,
    )
    if without:
        names = ", ".join(r.name for r in team if r.id in without)
        out.append(
            Diagnosis(
                "reps-without-deals",
                _(
                    "{reps} without any deal in the period: {names}. Are they new, or is their "
                    "work missing from the CRM?"
                ).format(reps=plural(len(without), "rep"), names=names),
                None,
                {"count": len(without), "reps": ", ".join(without)},
                round(len(without) * total.won_value / max(1, len(team) - len(without)), 2),
            )
        )
    cycle = cycle_finding(who, fs, total)
    if cycle is not None:
        out.append(cycle)
    return out
