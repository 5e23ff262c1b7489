"""Counting the funnel: per-rep tallies of deals reached, won, lost and open, from a CRM
import's deals or a hand-kept snapshot, and the ``Source`` that carries them to a review."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from salescoach.funnel.activity import ActivityCount
from salescoach.models import LOST, WON, Deal, FunnelSettings, FunnelSnapshot

Status = Literal["open", "won", "lost"]


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An open deal, for the large-deal and stalled-deal diagnostics: ``id`` is the CRM's ID
    (a snapshot's deal name), ``name`` the deal's name ("" when the CRM gave none)."""

    id: str
    rep: str
    amount: float | None
    stage: str | None
    since: date | None
    name: str = ""

    @property
    def label(self) -> str:
        """How the deal is shown: ``name (ID)``, the name alone when the ID is only a line of
        the file or the name itself, the ID alone without a name."""
        if not self.name:
            return self.id
        if self.id == self.name or self.id.startswith("line-"):
            return self.name
        return f"{self.name} ({self.id})"


@dataclass
class Tally:
    """What one rep (or a team) did in the period: the raw counts behind every figure."""

    reached: dict[str, int] = field(default_factory=dict)
    won: int = 0
    lost: int | None = 0
    lost_known: int | None = 0
    """How many lost deals were counted up to the stage an earlier import last saw them open
    at (the others at ``funnel.lost_stage``); None for a snapshot, which does not say."""
    lost_value: float = 0.0
    open: int = 0
    won_value: float = 0.0
    open_value: float = 0.0
    open_valued: int = 0
    """How many open deals have an amount."""
    cycles: list[int] = field(default_factory=list)
    calls: int | None = None
    open_deals: list[OpenItem] = field(default_factory=list)
    first_day: date | None = None
    """The period's first day: the earliest created date (a close date for a deal without one)."""
    created_on: Counter[date] = field(default_factory=Counter)
    """How many of the period's deals were created on each day (the prospects of a window)."""
    activity: ActivityCount | None = None
    """The rep's done activities of the window, from an activities import (a team's: the sum)."""

    def prospects_between(self, start: date, end: date) -> int:
        """The deals created in ``[start, end]``: the prospects of an activities window."""
        return sum(n for day, n in self.created_on.items() if start <= day <= end)

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one (a team's is the sum of its reps')."""
        for level, count in other.reached.items():
            self.reached[level] = self.reached.get(level, 0) + count
        self.won += other.won
        self.lost = None if self.lost is None or other.lost is None else self.lost + other.lost
        self.lost_known = (
            None
            if self.lost_known is None or other.lost_known is None
            else self.lost_known + other.lost_known
        )
        self.lost_value += other.lost_value
        self.open += other.open
        self.won_value += other.won_value
        self.open_value += other.open_value
        self.open_valued += other.open_valued
        self.cycles += other.cycles
        if other.calls is not None:
            self.calls = (self.calls or 0) + other.calls
        self.open_deals += other.open_deals
        if other.first_day is not None and (
            self.first_day is None or other.first_day < self.first_day
        ):
            self.first_day = other.first_day
        self.created_on.update(other.created_on)
        self.activity = add_activity(self.activity, other.activity)


def add_activity(a: ActivityCount | None, b: ActivityCount | None) -> ActivityCount | None:
    """Two reps' activities of the same window together (a team's are the sum)."""
    if a is None or b is None:
        return a or b
    return replace(
        a,
        start=min(a.start, b.start),
        end=max(a.end, b.end),
        calls=a.calls + b.calls,
        meetings=a.meetings + b.meetings,
        emails=a.emails + b.emails,
        other=a.other + b.other,
    )


def levels(settings: FunnelSettings) -> list[str]:
    """The funnel's levels, top first: the stages, and ``won`` last if it is not a stage."""
    stages = list(settings.stages)
    return stages if WON in stages else [*stages, WON]


def lost_level(settings: FunnelSettings) -> str:
    """The level a lost deal is counted as having reached."""
    stage = settings.lost_stage
    return stage if stage is not None and stage in settings.stages else settings.stages[0]


def status_of(deal: Deal, as_of: date) -> Status:
    """Open, won or lost on ``as_of``: a deal closed later was still open then."""
    if deal.stage in (WON, LOST) and deal.closed is not None and deal.closed <= as_of:
        return "won" if deal.stage == WON else "lost"
    return "open"


def in_period(deal: Deal, as_of: date, since: date | None) -> bool:
    """Created by ``as_of``, and open then or closed on or after ``since``."""
    if deal.created is not None and deal.created > as_of:
        return False
    if deal.closed is not None and deal.closed > as_of and deal.stage in (WON, LOST):
        return True
    if deal.stage in (WON, LOST):
        return since is None or (deal.closed is not None and deal.closed >= since)
    return True


def tally_deals(
    deals: Iterable[Deal],
    settings: FunnelSettings,
    *,
    as_of: date,
    since: date | None = None,
    last_seen: Mapping[str, str] | None = None,
) -> dict[str, Tally]:
    """One ``Tally`` per rep (key ``""`` for deals of unmatched owners) over the period. A lost
    deal is counted up to ``last_seen[deal.id]`` (the stage an earlier import last saw it open
    at) when that is a stage of the funnel, else up to ``funnel.lost_stage``. The period is
    ``in_period``'s and the status ``status_of``'s, written out in one loop: an import has
    hundreds of thousands of deals and every review counts them all."""
    lv = levels(settings)
    index = {name: i for i, name in enumerate(lv)}
    counting = _Counting(lv, index, index[lost_level(settings)], index[WON], last_seen or {})
    out: dict[str, _RepCounts] = {}
    for deal in deals:
        stage, created, closed = deal[3], deal[5], deal[6]
        if created is not None and created > as_of:
            continue
        if stage in (WON, LOST):
            if closed is None or closed > as_of:
                if closed is None and since is not None:
                    continue
                counting.open_closed(out, deal)
            elif since is None or closed >= since:
                counting.closed(out, deal)
        else:
            counting.open(out, deal)
    return {rep: counts.tally(lv) for rep, counts in out.items()}


class _RepCounts:
    """One rep's counts while the deals go by (``Tally`` at the end)."""

    __slots__ = (
        "created",
        "cycles",
        "firsts",
        "lost",
        "lost_known",
        "lost_value",
        "open",
        "open_deals",
        "open_value",
        "open_valued",
        "reached",
        "won",
        "won_value",
    )

    def __init__(self, width: int) -> None:
        self.reached = [0] * width
        """How many deals reached exactly level i (a deal counts at every level up to it)."""
        self.won = self.lost = self.lost_known = self.open = self.open_valued = 0
        self.won_value = self.lost_value = self.open_value = 0.0
        self.cycles: list[int] = []
        self.open_deals: list[OpenItem] = []
        self.created: list[date] = []
        self.firsts: list[date] = []

    def tally(self, lv: list[str]) -> Tally:
        """The rep's ``Tally``: level i counts every deal that reached it or a later one."""
        reached, below = {}, 0
        for i in range(len(lv) - 1, -1, -1):
            below += self.reached[i]
            reached[lv[i]] = below
        return Tally(
            reached={level: reached[level] for level in lv},
            won=self.won,
            lost=self.lost,
            lost_known=self.lost_known,
            lost_value=self.lost_value,
            open=self.open,
            won_value=self.won_value,
            open_value=self.open_value,
            open_valued=self.open_valued,
            cycles=self.cycles,
            open_deals=self.open_deals,
            first_day=min(self.firsts, default=None),
            created_on=Counter(self.created),
        )


@dataclass(frozen=True, slots=True)
class _Counting:
    """How each kind of deal counts: the levels, where a lost deal counts, the last stages."""

    levels: list[str]
    index: dict[str, int]
    lost_at: int
    won_at: int
    seen: Mapping[str, str]

    def _rep(self, out: dict[str, _RepCounts], deal: Deal) -> _RepCounts:
        counts = out.get(deal[1])
        if counts is None:
            counts = out[deal[1]] = _RepCounts(len(self.levels))
        created, closed = deal[5], deal[6]
        if created is not None:
            counts.created.append(created)
            counts.firsts.append(created)
        elif closed is not None:
            counts.firsts.append(closed)
        return counts

    def closed(self, out: dict[str, _RepCounts], deal: Deal) -> None:
        """A deal won or lost by the as-of date."""
        counts = self._rep(out, deal)
        if deal[3] == WON:
            counts.reached[len(self.levels) - 1] += 1
            counts.won += 1
            counts.won_value += deal[4] or 0.0
            if deal[5] is not None and deal[6] is not None:
                counts.cycles.append((deal[6] - deal[5]).days)
            return
        known = self.index.get(self.seen.get(deal[0], "")) if self.seen else None
        is_known = known is not None and known < self.won_at
        counts.reached[known if known is not None and is_known else self.lost_at] += 1
        counts.lost += 1
        counts.lost_known += is_known
        counts.lost_value += deal[4] or 0.0

    def open_closed(self, out: dict[str, _RepCounts], deal: Deal) -> None:
        """A deal won or lost after the as-of date (or on no known day): open then."""
        self._open(out, deal, self.won_at - 1 if deal[3] == WON else self.lost_at)

    def open(self, out: dict[str, _RepCounts], deal: Deal) -> None:
        """A deal open at one of the stages (an unknown stage counts at the first)."""
        self._open(out, deal, self.index.get(deal[3], 0))

    def _open(self, out: dict[str, _RepCounts], deal: Deal, reached: int) -> None:
        reached = max(0, reached)
        counts = self._rep(out, deal)
        counts.reached[reached] += 1
        counts.open += 1
        amount = deal[4]
        if amount is not None:
            counts.open_value += amount
            counts.open_valued += 1
        counts.open_deals.append(
            OpenItem(deal[0], deal[1], amount, self.levels[reached], deal[5], deal[7])
        )


def tally_snapshot(snapshot: FunnelSnapshot, settings: FunnelSettings) -> dict[str, Tally]:
    """One ``Tally`` per rep from a hand-kept snapshot: its counts are the funnel levels."""
    lv = levels(settings)
    out: dict[str, Tally] = {}
    for rep_id, rf in snapshot.reps.items():
        reached = {level: rf.stages.get(level, 0) for level in lv}
        items = [
            OpenItem(d.name, rep_id, float(d.amount), d.stage, d.since, d.name)
            for d in rf.open_deals
        ]
        out[rep_id] = Tally(
            reached=reached,
            won=reached[WON],
            lost=rf.lost,
            lost_known=None,
            open=len(items),
            won_value=float(rf.won_value or 0),
            open_value=sum(float(d.amount) for d in rf.open_deals),
            open_valued=len(items),
            calls=rf.calls,
            open_deals=items,
            first_day=snapshot.period.from_ if snapshot.period else None,
        )
    return out


@dataclass
class Source:
    """The data of one review: per-rep tallies, where they came from, and the period."""

    kind: Literal["import", "snapshot"]
    label: str
    as_of: date
    since: date | None
    tallies: dict[str, Tally]
    activities: dict[str, ActivityCount] | None = None
    """Each rep's done activities in the review's window, from an activities import."""

    @classmethod
    def from_deals(
        cls,
        deals: Iterable[Deal],
        settings: FunnelSettings,
        *,
        as_of: date,
        since: date | None = None,
        label: str = "",
        last_seen: Mapping[str, str] | None = None,
    ) -> Source:
        """The tallies of an import's deals; ``last_seen`` maps a deal's ID to the last stage
        it was seen open at in an earlier import (a lost deal is counted up to it)."""
        tallies = tally_deals(deals, settings, as_of=as_of, since=since, last_seen=last_seen)
        return cls("import", label, as_of, since, tallies)

    @classmethod
    def from_snapshot(
        cls, snapshot: FunnelSnapshot, settings: FunnelSettings, *, label: str = ""
    ) -> Source:
        since = snapshot.period.from_ if snapshot.period else None
        return cls("snapshot", label, snapshot.date, since, tally_snapshot(snapshot, settings))

    def with_activities(self, counts: Mapping[str, ActivityCount]) -> Source:
        """This source with each rep's activities of the window (an activities import): the
        calls are the done calls (they win over a snapshot's)."""
        source = self.with_calls({rep: c.calls for rep, c in counts.items()})
        tallies = {
            rep: replace(t, activity=counts[rep]) if rep in counts else t
            for rep, t in source.tallies.items()
        }
        return replace(source, tallies=tallies, activities=dict(counts))

    def with_calls(self, calls: Mapping[str, int]) -> Source:
        """This source with each rep's calls (from a snapshot, for an import that has none);
        a rep without a tally gets an empty one that carries the calls."""
        tallies = dict(self.tallies)
        for rep_id, count in calls.items():
            tally = tallies.get(rep_id)
            tallies[rep_id] = replace(tally, calls=count) if tally else Tally(calls=count)
        return replace(self, tallies=tallies)


def empty_tally(settings: FunnelSettings) -> Tally:
    """A tally with every level at zero."""
    return Tally(reached=dict.fromkeys(levels(settings), 0))


def team_tally(
    tallies: Mapping[str, Tally], rep_ids: Collection[str], settings: FunnelSettings
) -> Tally | None:
    """The sum of the reps' tallies; None when none of the reps has one."""
    total = empty_tally(settings)
    found = False
    for rep_id in rep_ids:
        if rep_id in tallies:
            total.add(tallies[rep_id])
            found = True
    return total if found else None
