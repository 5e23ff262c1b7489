"""Activities in the funnel review: the calls and meetings each rep did in the review's
window (from a CRM activities import), and the calls the rep's target needs, back-solved
from the target, the average deal, the win conversion and the calls per prospect. Pure.

(Skeleton: the data types are fixed here; the functions are filled in by the activities
work of issue 13.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ActivityCount:
    """One rep's done activities in the window ``[start, end]``, by kind."""

    start: date
    end: date
    calls: int = 0
    meetings: int = 0
    emails: int = 0
    other: int = 0

    @property
    def weeks(self) -> float:
        """The window's length in weeks (at least one day)."""
        return max(1, (self.end - self.start).days + 1) / 7
