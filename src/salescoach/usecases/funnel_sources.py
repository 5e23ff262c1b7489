"""Loading the data of a funnel review: the latest CRM import as of a date (else the latest
funnel snapshots), the import before it (for the arrows), the import used at each team's
last review and those in between (for the pipeline changes and the stage a lost deal was
last seen at), and the latest activities import (for the calls). Only those imports are read.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import compress
from operator import itemgetter
from pathlib import Path

from salescoach import activities, crm, store
from salescoach.errors import refuse_errors
from salescoach.funnel import Source, review_interval_days
from salescoach.funnel.activity import count_activities
from salescoach.funnel.changes import ComparedImports, PipelineChanges, compare_imports, is_open
from salescoach.imports import import_files, load_import
from salescoach.models import Deal, FunnelSnapshot, Settings


@dataclass(frozen=True)
class StoredDeals:
    """One stored import as the review uses it: its path, its as-of date and its deals."""

    label: str
    as_of: date
    deals: list[Deal]


@dataclass
class ImportChain:
    """The stored imports up to the review's date (listed, not read) and those read so far:
    an import is read once, when a review needs it."""

    layout: store.Layout
    settings: Settings
    files: list[tuple[date, Path]]
    read: dict[int, StoredDeals] = field(default_factory=dict)

    @property
    def current(self) -> int:
        """The index of the latest import (the one reviewed)."""
        return len(self.files) - 1

    def load(self, index: int) -> StoredDeals:
        """The import at ``index`` (oldest first), read on first use."""
        if index not in self.read:
            day, path = self.files[index]
            with kept_to_the_end():
                stored = load_import(self.layout, path, self.settings)
            self.read[index] = StoredDeals(self.layout.rel(path), stored.as_of or day, stored.deals)
        return self.read[index]

    def baseline(self, last_review: date | None) -> int | None:
        """The import used at the last review: the latest dated on or before it; with no
        review on record, or when that is the current import, the one before the current;
        None with a single import."""
        if self.current < 1:
            return None
        if last_review is not None:
            dated = [i for i, (day, _path) in enumerate(self.files) if day <= last_review]
            if dated and dated[-1] < self.current:
                return dated[-1]
        return self.current - 1

    def since_review(self, last_review: date | None) -> list[int]:
        """The baseline of ``last_review`` and the imports between it and the current one."""
        start = self.baseline(last_review)
        return [] if start is None else list(range(start, self.current))


@dataclass
class Sources:
    """The data of a review: the current source, the one before it (for the arrows), the
    owners of deals that are no rep, the latest snapshots (an import's calls), the imports
    (for the pipeline changes) and the activities import the calls come from."""

    current: Source
    previous: Source | None
    unmatched: Counter[str] = field(default_factory=Counter)
    snapshots: list[FunnelSnapshot] = field(default_factory=list)
    chain: ImportChain | None = None
    activities_from: str | None = None
    compared: dict[tuple[int, ...], ComparedImports] = field(default_factory=dict)
    """The imports of each span of ``chain`` (baseline to current) keyed once for every team's
    pipeline changes (``team_changes``)."""


@contextlib.contextmanager
def kept_to_the_end() -> Iterator[None]:
    """Build objects that live until the command ends (an import's deals, their tallies)
    without the cyclic garbage collector: paused while they are built, then frozen
    (``gc.freeze``: a generation it never walks), so that it does not walk hundreds of
    thousands of deals again at each later collection (a fifth of a review's time, issue 18).
    They are still freed by reference count when no longer used."""
    with crm.paused_gc():
        yield
        gc.freeze()


def snapshot_label(snapshot: FunnelSnapshot) -> str:
    """How a snapshot is named in the review: its path in the repository."""
    return f"funnel/{snapshot.date.isoformat()}.yaml"


def import_chain(
    layout: store.Layout, settings: Settings, on_or_before: date | None
) -> ImportChain | None:
    """The stored imports dated on or before ``on_or_before`` (None: all); None without one."""
    files = [(d, p) for d, p in import_files(layout) if on_or_before is None or d <= on_or_before]
    return ImportChain(layout, settings, files) if files else None


def review_date(
    layout: store.Layout, settings: Settings, *, on_or_before: date | None, as_of: date | None
) -> date | None:
    """The date a review will be as of (``as_of``, else the latest import's, else the latest
    snapshot's), from the file names only; None without funnel data."""
    if as_of is not None:
        return as_of
    chain = import_chain(layout, settings, on_or_before)
    if chain is not None:
        return chain.files[-1][0]
    snapshots, problems = store.latest_snapshots(layout, count=1, on_or_before=on_or_before)
    refuse_errors(problems)
    return snapshots[-1].date if snapshots else None


def load_sources(
    layout: store.Layout,
    settings: Settings,
    *,
    on_or_before: date | None,
    as_of: date | None = None,
    since: date | None = None,
    last_reviews: Iterable[date | None] = (),
    reps: Collection[str] | None = None,
) -> Sources | None:
    """The data of a review up to ``on_or_before``: the latest import (and the one before
    it, and the imports since each of ``last_reviews``) with the two latest snapshots for
    its calls, else the two latest snapshots; with the latest activities import's calls.
    ``reps``: an import's deals are counted for these reps only (one team's review; each
    rep's tally is of their own deals). None when there is neither import nor snapshot."""
    snapshots, problems = store.latest_snapshots(layout, count=2, on_or_before=on_or_before)
    refuse_errors(problems)
    chain = import_chain(layout, settings, on_or_before)
    if chain is not None:
        sources = _import_sources(chain, as_of, since, last_reviews, reps)
        sources.snapshots = snapshots
    elif snapshots:
        sources = _snapshot_sources(snapshots, settings)
    else:
        return None
    _add_activities(sources, layout, settings, on_or_before, since)
    return sources


def _import_sources(
    chain: ImportChain,
    as_of: date | None,
    since: date | None,
    last_reviews: Iterable[date | None],
    reps: Collection[str] | None,
) -> Sources:
    """The current import reviewed as of ``as_of`` (default: its own date) with the stage each
    deal was last seen open at, and the import before it reviewed as of its own date."""
    fs = chain.settings.funnel
    stored = chain.load(chain.current)
    review_as_of = as_of or stored.as_of
    earlier = sorted({i for r in (*last_reviews, None) for i in chain.since_review(r)})
    seen = last_seen(chain.load(i).deals for i in earlier)
    with kept_to_the_end():
        current = Source.from_deals(
            deals_of(stored.deals, reps),
            fs,
            as_of=review_as_of,
            since=since,
            label=stored.label,
            last_seen=seen,
        )
    previous = None
    if chain.current >= 1:
        prev = chain.load(chain.current - 1)
        prev_since = since - (review_as_of - prev.as_of) if since else None
        with kept_to_the_end():
            previous = Source.from_deals(
                deals_of(prev.deals, reps), fs, as_of=prev.as_of, since=prev_since, label=prev.label
            )
    return Sources(current, previous, unmatched_owners(stored.deals, chain.settings), chain=chain)


def deals_of(deals: Sequence[Deal], reps: Collection[str] | None) -> Iterable[Deal]:
    """The deals of ``reps`` (None: every deal), picked without a Python step per deal."""
    if reps is None:
        return deals
    wanted = set(reps)
    return compress(deals, map(wanted.__contains__, map(itemgetter(1), deals)))


def last_seen(imports: Iterable[Sequence[Deal]]) -> dict[str, str]:
    """Deal ID → the stage it was last seen open at in ``imports`` (oldest first); deals
    without a CRM ID (``line-N``) are left out: their IDs do not follow them."""
    seen: dict[str, str] = {}
    for deals in imports:
        for deal in deals:
            if is_open(deal) and not deal.id.startswith("line-"):
                seen[deal.id] = deal.stage
    return seen


def unmatched_owners(deals: Iterable[Deal], settings: Settings) -> Counter[str]:
    """The owners of deals that are no rep (and not ignored), with their count of deals."""
    ignored = crm.owner_index([], ignore=settings.funnel.ignore_owners)
    return Counter(
        d.owner or crm.NO_OWNER
        for d in deals
        if not d.rep and not (d.owner and ignored.match(d.owner).ignored)
    )


def _snapshot_sources(snapshots: Sequence[FunnelSnapshot], settings: Settings) -> Sources:
    """The latest snapshot, and the one before it for the arrows."""
    fs = settings.funnel
    latest, before = snapshots[-1], (snapshots[-2] if len(snapshots) > 1 else None)
    current = Source.from_snapshot(latest, fs, label=snapshot_label(latest))
    previous = Source.from_snapshot(before, fs, label=snapshot_label(before)) if before else None
    return Sources(current, previous)


def _add_activities(
    sources: Sources,
    layout: store.Layout,
    settings: Settings,
    on_or_before: date | None,
    since: date | None,
) -> None:
    """The calls of the latest activities import in the review's window (from ``since``,
    else one review interval before the as-of date) on the current source."""
    found = activities.load_latest(layout, on_or_before=on_or_before)
    if found is None:
        return
    label, _day, acts = found
    end = sources.current.as_of
    start = since or end - timedelta(days=review_interval_days(settings.funnel))
    counts = count_activities(acts, start=start, end=end)
    sources.current = sources.current.with_activities(counts)
    sources.activities_from = label


def team_changes(
    sources: Sources, rep_ids: Iterable[str], last_review: date | None
) -> PipelineChanges | None:
    """The team's pipeline changes from the import of ``last_review`` (the baseline) to the
    current one; None without an earlier import. The imports are keyed once per span, for
    every team that compares the same ones."""
    chain = sources.chain
    span = tuple(chain.since_review(last_review)) if chain is not None else ()
    if chain is None or not span:
        return None
    compared = sources.compared.get(span)
    if compared is None:
        base, now = chain.load(span[0]), chain.load(chain.current)
        between = [chain.load(i).deals for i in span[1:]]
        with kept_to_the_end():
            compared = compare_imports(
                base.deals,
                now.deals,
                chain.settings.funnel,
                before_label=base.label,
                before_as_of=base.as_of,
                after_label=now.label,
                after_as_of=now.as_of,
                between=between,
            )
        sources.compared[span] = compared
    return compared.for_reps(list(rep_ids))
