"""Counting the funnel: per-rep tallies of deals reached, won, lost and open, from a CRM
import's deals or a hand-kept snapshot, and the ``Source`` that carries them to a review."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import reduce
from itertools import chain, repeat
from operator import add, itemgetter
from typing import Any, Literal

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


_RepDeals = tuple[list[Any], list[Any], list[Any], list[Any], list[Any]]
"""One rep's counted deals while the deals go by: the created dates (in the deals' order),
the close dates of deals without one, then the deals won, lost and open on the as-of date."""
_CREATED_ON, _UNDATED_CLOSED, _WON, _LOST, _OPEN = range(5)
_ID, _REP, _STAGE, _AMOUNT, _CREATED, _NAME = map(itemgetter, (0, 1, 3, 4, 5, 7))


def tally_deals(
    deals: Iterable[Deal],
    settings: FunnelSettings,
    *,
    as_of: date,
    since: date | None = None,
    last_seen: Mapping[str, str] | None = None,
) -> dict[str, Tally]:
    """One ``Tally`` per rep (key ``""`` for deals of unmatched owners) over the period, the
    reps in the order of their first counted deal. A lost deal is counted up to
    ``last_seen[deal.id]`` (the stage an earlier import last saw it open at) when that is a
    stage of the funnel before ``won``, else up to ``funnel.lost_stage``. The period is
    ``in_period``'s and the status ``status_of``'s, written out in one loop that only puts
    each counted deal in its rep's won, lost or open deals (with its created date, or else
    its close date, for the period's first day); each rep's counts and sums are then taken a
    column at a time. An import has hundreds of thousands of deals and every review counts
    them all (issue 18)."""
    lv = levels(settings)
    index = {name: i for i, name in enumerate(lv)}
    won_at, lost_at = index[WON], index[lost_level(settings)]
    groups: dict[str, _RepDeals] = {}
    for deal in deals:
        created = deal[5]
        if created is not None and created > as_of:
            continue
        stage = deal[3]
        if stage in (WON, LOST):
            closed = deal[6]
            if closed is None or closed > as_of:
                if closed is None and since is not None:
                    continue
                kind = _OPEN  # closed after the as-of date (or on no known day): open then
            elif since is None or closed >= since:
                kind = _WON if stage == WON else _LOST
            else:
                continue
        else:
            kind = _OPEN
        group = groups.get(deal[1])
        if group is None:
            group = groups[deal[1]] = ([], [], [], [], [])
        group[kind].append(deal)
        if created is not None:
            group[_CREATED_ON].append(created)
        elif deal[6] is not None:
            group[_UNDATED_CLOSED].append(deal[6])
    before_won: dict[str | None, int] = {s: i for s, i in index.items() if i < won_at}
    count = _Counting(
        lv, lost_at, {**index, WON: max(0, won_at - 1), LOST: lost_at}, before_won, last_seen
    )
    return {rep: count.tally(group) for rep, group in groups.items()}


def _amount_sum(amounts: Iterable[float | None]) -> float:
    """The amounts added in their order, None as nothing: what adding ``amount or 0.0`` one
    deal at a time gives (a zero added to a sum that starts at 0.0 never changes it)."""
    return reduce(add, filter(None, amounts), 0.0)


@dataclass(frozen=True, slots=True)
class _Counting:
    """How a rep's deals count: the levels, where a lost deal counts without a known last
    stage, the level an open deal has reached by its stage (an unknown stage: the first),
    the levels a last stage seen open may count at (those before won), the last stages."""

    levels: list[str]
    lost_at: int
    open_at: dict[str, int]
    before_won: dict[str | None, int]
    seen: Mapping[str, str] | None

    def tally(self, group: _RepDeals) -> Tally:
        """One rep's ``Tally``: level i counts every deal that reached it or a later one."""
        created, undated, won, lost, opened = group
        exact = [0] * len(self.levels)
        """How many deals reached exactly level i (a deal counts at every level up to it)."""
        exact[-1] += len(won)
        lost_known = self._count_lost(lost, exact)
        open_levels = list(map(self.open_at.get, map(_STAGE, opened), repeat(0)))
        for level, n in Counter(open_levels).items():
            exact[level] += n
        open_amounts = list(map(_AMOUNT, opened))
        reached, below = {}, 0
        for i in range(len(self.levels) - 1, -1, -1):
            below += exact[i]
            reached[self.levels[i]] = below
        created_on = Counter(created)
        return Tally(
            reached={level: reached[level] for level in self.levels},
            won=len(won),
            lost=len(lost),
            lost_known=lost_known,
            lost_value=_amount_sum(map(_AMOUNT, lost)),
            open=len(opened),
            won_value=_amount_sum(map(_AMOUNT, won)),
            open_value=_amount_sum(open_amounts),
            open_valued=len(open_amounts) - open_amounts.count(None),
            cycles=[(d[6] - d[5]).days for d in won if d[5] is not None],
            open_deals=_open_items(
                len(opened),
                (
                    map(_ID, opened),
                    map(_REP, opened),
                    open_amounts,
                    map(self.levels.__getitem__, open_levels),
                    map(_CREATED, opened),
                    map(_NAME, opened),
                ),
            ),
            first_day=min(chain(created_on, undated), default=None),
            created_on=created_on,
        )

    def _count_lost(self, lost: list[Deal], exact: list[int]) -> int:
        """Count the lost deals into ``exact`` (at the last stage seen open, when known);
        how many had a known last stage."""
        if not self.seen or not lost:
            exact[self.lost_at] += len(lost)
            return 0
        known = Counter(map(self.before_won.get, map(self.seen.get, map(_ID, lost))))
        for level, n in known.items():
            exact[self.lost_at if level is None else level] += n
        return len(lost) - known[None]


_OPEN_ITEM_FIELDS = tuple(getattr(OpenItem, f.name).__set__ for f in fields(OpenItem))
"""Each field's slot of an ``OpenItem``, in the order of the fields, to set it directly."""


def _open_items(count: int, columns: Iterable[Iterable[Any]]) -> list[OpenItem]:
    """``count`` ``OpenItem``s from their fields' columns (in the order of the fields), each
    field set through its slot a column at a time: what ``OpenItem(*fields)`` makes, without
    a Python call per item (its frozen ``__init__`` sets each field through
    ``object.__setattr__``: half the cost of a review's open deals, issue 18)."""
    items = list(map(object.__new__, repeat(OpenItem, count)))
    for set_field, column in zip(_OPEN_ITEM_FIELDS, columns, strict=True):
        deque(map(set_field, items, column), maxlen=0)
    return items


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
