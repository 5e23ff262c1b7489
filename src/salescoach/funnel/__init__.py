"""The funnel review in numbers: pure maths over deals or funnel snapshots, and findings.

Part 3 of the method: every 6-8 weeks (by the sales cycle) the coach and the manager go
through the team's funnel and each rep's funnel with numbers. No I/O and no clock: callers
pass the deals (a CRM import, see ``crm``/``imports``) or the snapshots (``funnel/DATE.yaml``),
the settings and the dates. The modules:

- ``tally``: ``Source.from_deals(deals, settings, as_of=..., since=None, label="",
  last_seen=None)`` (a CRM import; ``last_seen``: deal ID → the stage an earlier import last
  saw it open at) or ``Source.from_snapshot(snapshot, settings, label="")`` (hand-kept
  counts): one ``Tally`` per rep; ``Source.with_calls(calls)`` adds a snapshot's calls to an
  import, ``Source.with_activities(counts)`` an activities import's window.
- ``figures``: ``figures(tally, settings, monthly_target=..., interval_days=...) -> Figures``
  (each rate with its n: ``win_rate_n``, ``avg_deal_n``, ``cycle_n``, ``Conversion.n``,
  ``calls_per_prospect_n``; ``Figures.shown`` hides a rate below ``funnel.min_sample``), and
  ``call_need(...) -> CallNeed``: the calls an activities window's target needs.
- ``numbers``: a finding's ``Numbers`` and the "too few won deals to judge (n=1)" finding.
- ``deal_findings``: the large (or largest) and the stalled deals of a rep, one finding each.
- ``rules``: every threshold and decision: ``review_interval_days(settings)`` (whole weeks,
  from the settings only), ``stalled_after(settings, team_median_cycle)``, the below-team
  thresholds, ``TOP_DEALS``, ``is_large``, ``is_stalled``.
- ``diagnose``: ``Diagnosis`` and ``diagnose(...)``, the findings in the method's words, at
  most one per rep and kind, each with its ``value`` at stake (``TeamReview.findings``: the
  team's by value, then the reps' by value).
- ``review``: ``team_summary(settings, manager, source, *, last_review=None, next_review=None,
  previous=None) -> TeamReview``: one team's review. ``next_review`` comes from
  ``cadence.funnel_review_date`` (the use case passes it in: the funnel never imports cadence).

Definitions (also in docs/funnel.md):

- *Levels* of the funnel are ``funnel.stages``, plus ``won`` at the end when it is not one of
  them. A deal counts at every level it has reached: an open deal up to its current stage, a
  won deal at every level, a lost deal up to the stage an earlier import last saw it open at,
  else up to ``funnel.lost_stage`` (default: the first stage; the review says how many).
- *Win rate* = won / (won + lost) over the deals closed in the period; *average deal* = won
  value / won; *sales cycle* = days from created (engaged) to close of the won deals;
  *velocity* = open deals × win rate × average deal / mean cycle days (value per day);
  *coverage* = open pipeline value / the target until the next review.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from salescoach.funnel.diagnose import Diagnosis, TeamContext, diagnose
    from salescoach.funnel.figures import CallNeed, Conversion, Figures, call_need, figures, ratio
    from salescoach.funnel.numbers import Numbers, too_few_text
    from salescoach.funnel.review import RepReview, TeamReview, by_value, team_summary
    from salescoach.funnel.rules import (
        DAYS_PER_MONTH,
        FAR_BELOW_POINTS,
        FAR_BELOW_SHARE,
        LOW_CALLS_SHARE,
        TOP_DEALS,
        calls_window_days,
        is_large,
        is_stalled,
        review_interval_days,
        review_target,
        stalled_after,
    )
    from salescoach.funnel.tally import (
        OpenItem,
        Source,
        Tally,
        empty_tally,
        in_period,
        levels,
        lost_level,
        status_of,
        tally_deals,
        tally_snapshot,
        team_tally,
    )
    from salescoach.models import Deal

_NAMES = {
    "diagnose": "Diagnosis TeamContext diagnose",
    "figures": "CallNeed Conversion Figures call_need figures ratio",
    "numbers": "Numbers too_few_text",
    "review": "RepReview TeamReview by_value team_summary",
    "rules": "DAYS_PER_MONTH FAR_BELOW_POINTS FAR_BELOW_SHARE LOW_CALLS_SHARE TOP_DEALS "
    "calls_window_days is_large is_stalled review_interval_days review_target stalled_after",
    "tally": "OpenItem Source Tally empty_tally in_period levels lost_level status_of "
    "tally_deals tally_snapshot team_tally",
}
_HOMES = {
    "Deal": "salescoach.models",
    **{name: f"{__name__}.{module}" for module, names in _NAMES.items() for name in names.split()},
}
"""Where each name lives: the package imports a submodule only when one of its names is first
used (PEP 562), so that ``cadence``, which needs only ``funnel.rules``, does not load the whole
funnel on every ``agenda next`` (issue 18)."""


def __getattr__(name: str) -> Any:
    """A public name of the package, imported from its submodule on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


class _Package(ModuleType):
    """The package, whose ``figures`` and ``diagnose`` stay the functions: importing a
    submodule sets it on its package under its own name, and two are named after their
    function (the eager package re-bound the names to the functions; so does this)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in _HOMES:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "DAYS_PER_MONTH",
    "FAR_BELOW_POINTS",
    "FAR_BELOW_SHARE",
    "LOW_CALLS_SHARE",
    "TOP_DEALS",
    "CallNeed",
    "Conversion",
    "Deal",
    "Diagnosis",
    "Figures",
    "Numbers",
    "OpenItem",
    "RepReview",
    "Source",
    "Tally",
    "TeamContext",
    "TeamReview",
    "by_value",
    "call_need",
    "calls_window_days",
    "diagnose",
    "empty_tally",
    "figures",
    "in_period",
    "is_large",
    "is_stalled",
    "levels",
    "lost_level",
    "ratio",
    "review_interval_days",
    "review_target",
    "stalled_after",
    "status_of",
    "tally_deals",
    "tally_snapshot",
    "team_summary",
    "team_tally",
    "too_few_text",
]
