"""Deal strategies at the funnel review: the strategy, resources and next step recorded for
a large or stalled deal (``deals:`` in a meeting file), brought back at the next review
beside what the deal did since. Pure.

An entry whose strategy, resources and next step are all blank (what ``agenda next
--write`` pre-fills) records nothing and is ignored everywhere, like a blank goal. A deal's
*latest* entry is the one of its latest meeting that records something: its status says
whether the strategy is still open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from salescoach.funnel.changes import DealChange, PipelineChanges
from salescoach.funnel.tally import OpenItem
from salescoach.models import LOST, WON, DealStrategy, Meeting


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


@dataclass(frozen=True)
class RecordedStrategy:
    """A deal's latest recorded entry and the date of the meeting that holds it."""

    strategy: DealStrategy
    recorded_on: date


def is_recorded(entry: DealStrategy) -> bool:
    """The entry records something: a strategy, resources or a next step (blank ones are
    the pre-filled place for notes, and are ignored)."""
    step = entry.next_step.do if entry.next_step is not None else ""
    return bool(entry.strategy.strip() or entry.resources.strip() or step.strip())


def deal_reference(item: OpenItem) -> str:
    """How a meeting file names a deal: its CRM ID, or its name when the ID is only a line
    of the export (``line-N`` is not stable from one import to the next)."""
    return item.name if item.id.startswith("line-") and item.name else item.id


def deal_key(entry: DealStrategy) -> str:
    """The deal an entry is about, as written (its ID, or its name for a ``line-N`` ID)."""
    return entry.deal.strip()


def latest_strategies(
    meetings: Iterable[Meeting], before: date | None = None
) -> list[RecordedStrategy]:
    """Each deal's latest recorded entry in the meetings (before ``before``, when given),
    whatever its status; the latest recorded first."""
    latest: dict[str, RecordedStrategy] = {}
    for meeting in sorted(meetings, key=lambda m: m.date):
        if before is not None and meeting.date >= before:
            continue
        for entry in meeting.deals:
            if is_recorded(entry) and deal_key(entry):
                latest[deal_key(entry)] = RecordedStrategy(entry, meeting.date)
    return sorted(latest.values(), key=lambda r: (-r.recorded_on.toordinal(), deal_key(r.strategy)))


def strategy_label(entry: DealStrategy) -> str:
    """How a recorded deal is shown: ``name (ID)``, the name alone when the reference is the
    name or a ``line-N``, the reference alone without a name."""
    key, name = _names(entry)
    if not name:
        return key
    if key == name or key.startswith("line-"):
        return name
    return f"{name} ({key})"


def is_overdue(entry: DealStrategy, on: date) -> bool:
    """The open entry's next step was due before ``on``."""
    step = entry.next_step
    return entry.status == "open" and step is not None and step.due is not None and step.due < on


def _names(entry: DealStrategy) -> tuple[str, str]:
    return deal_key(entry), entry.name.strip()


def _matches(deal_id: str, deal_name: str, entry: DealStrategy) -> int:
    """How well a deal matches an entry: 2 by ID, 1 by name, 0 not at all."""
    key, name = _names(entry)
    if deal_id == key:
        return 2
    if deal_name and deal_name in (key, name):
        return 1
    return 0


def _change_of(entry: DealStrategy, changes: PipelineChanges | None) -> DealChange | None:
    """The deal's change between the imports, matched by ID, else by name."""
    if changes is None:
        return None
    scored = [(_matches(c.id, c.name, entry), c) for c in changes.deals]
    best = max(scored, key=lambda s: s[0], default=(0, None))
    return best[1] if best[0] else None


def _open_deal(entry: DealStrategy, open_deals: Sequence[OpenItem]) -> OpenItem | None:
    """The deal among the latest import's open deals, matched by ID, else by name."""
    scored = [(_matches(d.id, d.name, entry), d) for d in open_deals]
    best = max(scored, key=lambda s: s[0], default=(0, None))
    return best[1] if best[0] else None


def _view(
    recorded: RecordedStrategy, changes: PipelineChanges | None, open_deals: Sequence[OpenItem]
) -> StrategyView:
    entry = recorded.strategy
    change = _change_of(entry, changes)
    now = _open_deal(entry, open_deals)
    if now is not None:
        return StrategyView(entry, recorded.recorded_on, change, True, now.stage, now.amount)
    if change is not None and change.stage_after in (WON, LOST):
        return StrategyView(
            entry, recorded.recorded_on, change, True, change.stage_after, change.amount_after
        )
    return StrategyView(entry, recorded.recorded_on, change, False)


def strategy_views(
    meetings: Sequence[Meeting],
    before: date,
    changes: PipelineChanges | None,
    open_deals: Sequence[OpenItem],
) -> list[StrategyView]:
    """The latest recorded strategy of each deal (non-empty, status open) in the meetings
    before ``before``, each with the deal's change since and where it stands now; the
    largest deals now first."""
    views = [
        _view(r, changes, open_deals)
        for r in latest_strategies(meetings, before)
        if r.strategy.status == "open"
    ]
    return sorted(views, key=lambda v: (-(v.amount or 0), deal_key(v.strategy)))
