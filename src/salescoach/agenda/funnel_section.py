"""The agenda's funnel section: a view of the team's ``funnel.TeamReview`` (the very review
``funnel review`` renders: figures, findings, large and stalled deals, the pipeline changes
since the last review and the strategies recorded then), plus what only the agenda adds: the
method's questions, the time box, the last review on record and the threshold the large
deals are listed by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from salescoach.i18n import N_

if TYPE_CHECKING:  # a 1:1 without a review due never loads the review's modules
    from salescoach.funnel import Diagnosis, OpenItem, TeamReview

FUNNEL_TITLE = N_("Funnel review")

FUNNEL_QUESTIONS = (
    N_("Are there enough prospects? If not, why not?"),
    N_("Is the volume of calls too low?"),
    N_("Which rep needs support or advice on their funnel?"),
    N_("Large deals: what strategy and tactics close them, and what extra resources are needed?"),
)

LISTED_APART = frozenset({"large-deal", "stalled-deals"})
"""Findings the agenda shows as its own large / stalled deal lists, not as sentences."""

STALLED_SHOWN = 10
"""The agenda lists at most this many stalled deals (the oldest), then how many more."""


@dataclass(frozen=True)
class FunnelTopic:
    """The funnel section of a 1:1 that holds the review."""

    review: TeamReview | None
    """The team's review as of the latest data on or before the 1:1; None without any data."""
    questions: list[str]
    minutes: int
    last_review: dt.date | None
    """The last 1:1 that held the review (``cadence.last_funnel_review``)."""
    large_deal: float
    """``funnel.large_deal``: the large deals listed are at least this much."""


def funnel_topic(
    review: TeamReview | None, *, minutes: int, last_review: dt.date | None, large_deal: float
) -> FunnelTopic:
    """The section for ``review`` (None: no funnel data yet) with the method's questions."""
    return FunnelTopic(review, list(FUNNEL_QUESTIONS), minutes, last_review, large_deal)


def findings(review: TeamReview) -> list[Diagnosis]:
    """The review's findings (the team's first, then each rep's), but for the deals the
    agenda lists apart."""
    return [d for d in review.findings if d.code not in LISTED_APART]


def stalled_shown(review: TeamReview) -> list[OpenItem]:
    """The oldest stalled deals, as many as the agenda lists."""
    return review.stalled_deals[:STALLED_SHOWN]


def rep_names(review: TeamReview) -> dict[str, str]:
    """Rep ID → name, for the deal lists."""
    return {r.rep: r.name for r in review.reps}
