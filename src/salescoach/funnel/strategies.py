"""Deal strategies at the funnel review: the strategy, resources and next step recorded for
a large or stalled deal (``deals:`` in a meeting file), brought back at the next review
beside what the deal did since. Pure.

(Skeleton: the data type is fixed here; the functions are filled in by the strategies work
of issue 13.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from salescoach.funnel.changes import DealChange, PipelineChanges
from salescoach.funnel.tally import OpenItem
from salescoach.models import DealStrategy, Meeting


@dataclass(frozen=True)
class StrategyView:
    """A recorded strategy (its latest entry, from the meeting of ``recorded_on``) with the
    deal's movement since: its change between the imports, or None (unchanged, or not
    traceable: ``found`` says whether the deal is in the latest import at all)."""

    strategy: DealStrategy
    recorded_on: date
    change: DealChange | None
    found: bool
    stage: str | None = None
    amount: float | None = None


def strategy_views(
    meetings: Sequence[Meeting],
    before: date,
    changes: PipelineChanges | None,
    open_deals: Sequence[OpenItem],
) -> list[StrategyView]:
    """The latest recorded strategy of each deal (non-empty, status open) in the meetings
    before ``before``, each with the deal's change since and where it stands now."""
    return []
