"""What changed in the pipeline between two imports (the one used at the last review and the
latest): per rep and per team, the deals that are new, won, lost, moved a stage forward or
back, whose close date was pushed, whose amount grew or shrank, and that disappeared; the
largest changes by value, with deal names. Pure: the deals are passed in.

(Skeleton: the data types are fixed here; ``pipeline_changes`` is filled in by the changes
work of issue 13.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from salescoach.models import Deal, FunnelSettings

CHANGE_KINDS = ("new", "won", "lost", "forward", "back", "pushed", "grown", "shrunk", "gone")
"""The kinds of change, in the order the review lists them (``gone``: disappeared)."""


@dataclass(frozen=True, slots=True)
class DealChange:
    """One deal's change between the two imports: its kinds (a deal open in both may be
    moved, pushed and grown at once), before and after."""

    id: str
    name: str
    rep: str
    kinds: tuple[str, ...]
    stage_before: str | None
    stage_after: str | None
    amount_before: float | None
    amount_after: float | None
    expected_before: date | None = None
    expected_after: date | None = None
    pushes: int = 0
    """How many times the expected close date moved later across the imports in between."""

    @property
    def value(self) -> float:
        """The value at stake, for ordering: the amount after (before, for a deal lost or
        gone), or the difference for a deal that only grew or shrank."""
        raise NotImplementedError


@dataclass
class RepChanges:
    """The counts of one rep's (or the team's) changes, by kind (``CHANGE_KINDS``)."""

    counts: dict[str, int] = field(default_factory=dict)
    pushes: int = 0
    """The pushes of close dates in all (a deal pushed three times counts three)."""
    unchanged: int = 0
    """Deals open in both imports with no change at all (stuck in their stage)."""


@dataclass
class PipelineChanges:
    """The changes between ``before`` (label, date) and ``after``: per rep, the team's sum,
    and every deal's change (largest value first)."""

    before: str
    before_as_of: date
    after: str
    after_as_of: date
    reps: dict[str, RepChanges] = field(default_factory=dict)
    team: RepChanges = field(default_factory=RepChanges)
    deals: list[DealChange] = field(default_factory=list)
    traceable: bool = True
    """False when the deals have no stable IDs (``line-N``) and could not be matched by name:
    the changes are then not known (the review says so)."""


def pipeline_changes(
    before: Sequence[Deal],
    after: Sequence[Deal],
    settings: FunnelSettings,
    *,
    before_label: str,
    before_as_of: date,
    after_label: str,
    after_as_of: date,
    between: Sequence[Sequence[Deal]] = (),
) -> PipelineChanges:
    """The changes from ``before`` to ``after`` (``between``: the imports in between, oldest
    first, for how often a close date was pushed)."""
    raise NotImplementedError
