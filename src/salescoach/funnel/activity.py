"""Activities in the funnel review: the calls and meetings each rep did in the review's
window (from a CRM activities import), and the calls the rep's target needs, back-solved
from the target, the average deal, the win conversion and the calls per prospect. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from salescoach.models import Activity

FIELD_OF_KIND = {"call": "calls", "meeting": "meetings", "email": "emails", "task": "tasks"}
"""The ``ActivityCount`` field of each kind (the others count as ``other``)."""


@dataclass(frozen=True)
class ActivityCount:
    """One rep's done activities in the window ``[start, end]``, by kind."""

    start: date
    end: date
    calls: int = 0
    meetings: int = 0
    emails: int = 0
    other: int = 0
    tasks: int = 0

    @property
    def weeks(self) -> float:
        """The window's length in weeks (at least one day)."""
        return max(1, (self.end - self.start).days + 1) / 7

    @property
    def total(self) -> int:
        """Every done activity of the window."""
        return self.calls + self.meetings + self.emails + self.tasks + self.other

    def per_week(self, count: int) -> float:
        """A count of the window as a weekly rate."""
        return count / self.weeks


def count_activities(
    activities: Iterable[Activity], *, start: date, end: date
) -> dict[str, ActivityCount]:
    """Per rep, the done activities dated in ``[start, end]``, by kind; activities of owners
    who are no rep (an empty rep) and those not done are left out."""
    counts: dict[str, Counter[str]] = {}
    for a in activities:
        if a.done and a.rep and start <= a.day <= end:
            counts.setdefault(a.rep, Counter())[FIELD_OF_KIND.get(a.kind, "other")] += 1
    return {rep: ActivityCount(start, end, **by_field) for rep, by_field in sorted(counts.items())}
