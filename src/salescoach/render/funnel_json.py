"""The funnel review as JSON-ready data: every figure with its sample size (``*_n``), a rate
below ``funnel.min_sample`` as null, and each finding with the value at stake."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from salescoach.funnel import Diagnosis, Figures, OpenItem, RepReview, TeamReview, by_value
from salescoach.render.deals import strategies_json
from salescoach.render.funnel_changes import changes_json

if TYPE_CHECKING:
    from salescoach.usecases.funnel import ReviewData


def review_json(data: ReviewData) -> dict[str, Any]:
    """The whole review as JSON-ready data (see docs/funnel.md for the fields)."""
    return {
        "source": data.source,
        "kind": data.kind,
        "as_of": data.as_of.isoformat(),
        "since": data.since.isoformat() if data.since else None,
        "previous": data.previous,
        "unmatched_owners": {
            "rows": sum(data.unmatched.values()),
            "owners": dict(sorted(data.unmatched.items())),
        },
        "teams": [team_json(t) for t in data.teams],
    }


def _round(value: float | None, digits: int) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, digits)
    return int(rounded) if rounded == int(rounded) else rounded


def figures_json(fig: Figures) -> dict[str, Any]:
    """Every figure of one funnel, rounded for reading, each rate with its n and null below
    ``funnel.min_sample`` (see docs/funnel.md for the fields)."""
    return {
        "won": fig.won,
        "lost": fig.lost,
        "open": fig.open,
        "win_rate": _round(fig.shown(fig.win_rate, fig.win_rate_n), 4),
        "win_rate_n": fig.win_rate_n,
        "won_value": _round(fig.won_value, 2),
        "avg_deal": _round(fig.shown(fig.avg_deal, fig.avg_deal_n), 2),
        "avg_deal_n": fig.avg_deal_n,
        "cycle_days_median": _round(fig.shown(fig.cycle_days_median, fig.cycle_n), 1),
        "cycle_days_mean": _round(fig.shown(fig.cycle_days_mean, fig.cycle_n), 1),
        "cycle_days_n": fig.cycle_n,
        "open_value": _round(fig.open_value, 2),
        "open_value_estimated": fig.open_value_estimated,
        "velocity_per_day": _round(fig.shown(fig.velocity, fig.velocity_n), 2),
        "velocity_per_day_n": fig.velocity_n,
        "target_until_next_review": _round(fig.target, 2),
        "coverage": _round(fig.coverage, 2),
        "calls": fig.calls,
        "calls_per_prospect": _round(
            fig.shown(fig.calls_per_prospect, fig.calls_per_prospect_n), 2
        ),
        "calls_per_prospect_n": fig.calls_per_prospect_n,
        "lost_last_stage_known": fig.lost_known,
        "stages": [{"stage": s, "count": c} for s, c in fig.stages],
        "conversions": [
            {"from": c.source, "to": c.target, "rate": _round(fig.shown(c.rate, c.n), 4), "n": c.n}
            for c in fig.conversions
        ],
        "min_sample": fig.min_sample,
    }


def diagnosis_json(d: Diagnosis) -> dict[str, Any]:
    """One finding: its code, the rep (None for the team), the sentence, its numbers and the
    value at stake."""
    return {"code": d.code, "rep": d.rep, "message": d.message, **d.numbers, "value": d.value}


def deals_json(deals: Sequence[OpenItem], team: TeamReview) -> list[dict[str, Any]]:
    """Each open deal of the team with its age on the review's date, in one pass (a review
    lists tens of thousands of stalled deals): each distinct ``since`` written and aged once."""
    dated = {
        since: (since.isoformat(), (team.as_of - since).days)
        for since in {d.since for d in deals}
        if since
    }
    undated = (None, None)
    return [
        {
            "deal": d.id,
            "name": d.name,
            "rep": d.rep,
            "amount": d.amount,
            "stage": d.stage,
            "since": (day := dated.get(d.since, undated))[0],  # type: ignore[arg-type]
            "age_days": day[1],
        }
        for d in deals
    ]


def lost_stage_json(team: TeamReview) -> dict[str, Any] | None:
    """How many lost deals are counted at ``lost_stage`` for want of a known last stage."""
    if not team.lost_unknown:
        return None
    return {
        "unknown": team.lost_unknown,
        "lost": team.figures.lost,
        "counted_at": team.lost_stage,
        "message": team.lost_assumption,
    }


def team_json(team: TeamReview) -> dict[str, Any]:
    """One team's review: the figures, the previous review's, the schedule, the stalled and
    large deals, the findings and every rep's (the agenda's ``funnel.review`` too)."""
    return {
        "manager": team.manager,
        "manager_name": team.name,
        **figures_json(team.figures),
        "cycle_n": team.cycle_n,
        "previous": figures_json(team.previous) if team.previous else None,
        "period_days": team.period_days,
        "source": team.source,
        "previous_source": team.previous_source,
        "calls_from": team.calls_from,
        "activities_from": team.activities_from,
        "activities": activities_json(team.figures, None),
        "lost_stage_unknown": lost_stage_json(team),
        "review": {
            "interval_days": team.interval_days,
            "last": team.last_review.isoformat() if team.last_review else None,
            "next_due": team.next_due.isoformat(),
            "due": team.review_due,
        },
        "stalled_after_days": team.stalled_after_days,
        "stalled_deals": deals_json(team.stalled_deals, team),
        "large_deals": deals_json(team.large_deals, team),
        "reps_without_deals": team.reps_without_deals,
        "diagnostics": [diagnosis_json(d) for d in by_value(team.diagnoses)],
        "changes": changes_json(team.changes),
        "strategies": strategies_json(team),
        "reps": [rep_json(r) for r in team.reps],
    }


def activities_json(fig: Figures, rep: RepReview | None) -> dict[str, Any] | None:
    """The activities window's calls and meetings, its weeks, and (for a rep) the calls the
    target needs with the won deals behind them; None without an activities import."""
    act = fig.activity
    if act is None:
        return None
    need = rep.calls_need if rep is not None else None
    return {
        "start": act.start.isoformat(),
        "end": act.end.isoformat(),
        "calls": act.calls,
        "meetings": act.meetings,
        "weeks": _round(act.weeks, 2),
        "calls_per_week": _round(act.calls / act.weeks, 1),
        "meetings_per_week": _round(act.meetings / act.weeks, 1),
        "calls_needed": need.calls_needed if need else None,
        "calls_needed_n": need.calls_needed_n if need else fig.won,
    }


def rep_json(rep: RepReview) -> dict[str, Any]:
    """One rep's figures, the previous review's, and the findings about the rep by value."""
    return {
        "rep": rep.rep,
        "rep_name": rep.name,
        **figures_json(rep.figures),
        "cycle_n": rep.cycle_n,
        "previous": figures_json(rep.previous) if rep.previous else None,
        "activities": activities_json(rep.figures, rep),
        "diagnostics": [diagnosis_json(d) for d in by_value(rep.diagnoses)],
    }
