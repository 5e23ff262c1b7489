"""Every threshold and decision rule of the funnel review, one constant or function each, so
that ``funnel review``, the agenda, ``schedule`` and ``calendar export`` decide alike."""

from __future__ import annotations

import math
from datetime import date, timedelta

from salescoach.models import FunnelSettings

DAYS_PER_MONTH = 30.44
"""Days in an average month: a monthly target × days / this is the target of a period."""
TOP_DEALS = 3
"""Without any deal of at least ``funnel.large_deal``, a rep's largest open deals named."""
FAR_BELOW_POINTS = 10.0
"""A rep's win rate this many percentage points under the team's is 'far below'."""
FAR_BELOW_SHARE = 0.5
"""A rep's volume (prospects, won value) under this share of the team average is 'far below'."""
LOW_CALLS_SHARE = 0.7
"""A rep's calls under this share of the team average per rep are 'too low'."""


def _weeks_within(settings: FunnelSettings, cycle_days: float | None) -> int:
    low, high = sorted(settings.review_weeks)
    if cycle_days is None:
        return low
    weeks = math.floor(cycle_days / 7 + 0.5)
    return max(low, min(high, weeks))


def review_interval_days(settings: FunnelSettings) -> int:
    """Days between funnel reviews, whole weeks: ``sales_cycle_days`` rounded to weeks and
    kept within ``review_weeks`` (unset: the shorter end). Settings only, so that a command
    that reads no import (``schedule``) agrees with the review."""
    return 7 * _weeks_within(settings, settings.sales_cycle_days)


def measured_interval_days(settings: FunnelSettings, cycle_days: float) -> int:
    """The interval a measured sales cycle would give by the same rule (for the finding that
    suggests setting ``sales_cycle_days``)."""
    return 7 * _weeks_within(settings, cycle_days)


def review_target(last_review: date | None, interval_days: int) -> date | None:
    """The earliest day the next review is due: one interval after the last; None without one
    (then the next 1:1 holds it)."""
    return None if last_review is None else last_review + timedelta(days=interval_days)


def stalled_after(settings: FunnelSettings, cycle_median: float | None) -> int:
    """Days after which an open deal is stalled: ``stalled_after_days``, or twice the team's
    median cycle when that is longer (a deal younger than two typical cycles is not stalled)."""
    days = settings.stalled_after_days
    if cycle_median is not None:
        days = max(days, math.ceil(2 * cycle_median))
    return days


def is_stalled(since: date | None, as_of: date, limit_days: int) -> bool:
    """An open deal is stalled when it has been open longer than the limit."""
    return since is not None and (as_of - since).days > limit_days


def is_large(amount: float | None, settings: FunnelSettings) -> bool:
    """A deal of at least ``funnel.large_deal`` is large."""
    return amount is not None and amount >= settings.large_deal


def calls_window_days(settings: FunnelSettings) -> int:
    """How far a snapshot's date may lie from an import's for its calls to go with it: the
    shortest review interval."""
    return min(settings.review_weeks) * 7
