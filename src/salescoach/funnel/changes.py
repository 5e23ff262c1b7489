"""What changed in the pipeline between two imports (the one used at the last review and the
latest): per rep and per team, the deals that are new, won, lost, moved a stage forward or
back, whose close date was pushed, whose amount grew or shrank, and that disappeared; the
largest changes by value, with deal names. Pure: the deals are passed in.

Deals are matched by their CRM ID; an export without an ID column (IDs ``line-N``) is
matched by (name, owner) where that pair is unique in both imports. The definitions of
every kind are in docs/funnel.md ("Pipeline changes").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, compress, pairwise
from operator import attrgetter, methodcaller

from salescoach.models import LOST, WON, Deal, FunnelSettings

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
        if self.kinds and set(self.kinds) <= {"grown", "shrunk"}:
            return abs((self.amount_after or 0.0) - (self.amount_before or 0.0))
        if "lost" in self.kinds or "gone" in self.kinds:
            return self.amount_before or 0.0
        return self.amount_after if self.amount_after is not None else self.amount_before or 0.0


@dataclass
class RepChanges:
    """The counts of one rep's (or the team's) changes, by kind (``CHANGE_KINDS``)."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANGE_KINDS, 0))
    pushes: int = 0
    """The pushes of close dates in all (a deal pushed three times counts three)."""
    unchanged: int = 0
    """Deals open in both imports with no change at all (stuck in their stage)."""

    def add(self, change: DealChange) -> None:
        """Count one deal's change (each of its kinds once, its pushes)."""
        for kind in change.kinds:
            self.counts[kind] = self.counts.get(kind, 0) + 1
        self.pushes += change.pushes

    @property
    def changed(self) -> int:
        """How many changes were counted, of every kind."""
        return sum(self.counts.values())


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
    untraced: int = 0
    """Deals without an ID whose (name, owner) is not unique in an import: left out."""


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
    reps: Collection[str] | None = None,
) -> PipelineChanges:
    """The changes from ``before`` to ``after`` (``between``: the imports in between, oldest
    first, for how often a close date was pushed); ``reps``: keep only these reps' deals
    (the rep after, else before), each rep counted even without a change."""
    compared = compare_imports(
        before,
        after,
        settings,
        before_label=before_label,
        before_as_of=before_as_of,
        after_label=after_label,
        after_as_of=after_as_of,
        between=between,
    )
    return compared.for_reps(reps)


def compare_imports(
    before: Sequence[Deal],
    after: Sequence[Deal],
    settings: FunnelSettings,
    *,
    before_label: str,
    before_as_of: date,
    after_label: str,
    after_as_of: date,
    between: Sequence[Sequence[Deal]] = (),
) -> ComparedImports:
    """``before``, ``after`` and ``between`` keyed once, for the changes of every team
    (``ComparedImports.for_reps``): whether deals are matched by name, and which (name,
    owner) pairs are unique, depend on every deal, not on one team's."""
    by_name = _untraced(before) or _untraced(after)
    old, old_left = _keyed(before, by_name)
    new, new_left = _keyed(after, by_name)
    traceable = not ((before and not old) or (after and not new))
    gone = [k for k in old if k not in new] if traceable else []
    return ComparedImports(
        before_label,
        before_as_of,
        after_label,
        after_as_of,
        traceable=traceable,
        old=old,
        new=new,
        steps=[_keyed(deals, by_name)[0] for deals in between] if traceable else [],
        stages={stage: i for i, stage in enumerate(settings.stages)},
        left=Counter(d.rep for d in (*old_left, *new_left)),
        new_reps=[a.rep for a in new.values()],
        gone=gone,
        gone_reps=[old[k].rep for k in gone],
    )


@dataclass(frozen=True)
class ComparedImports:
    """Two imports (and those between) keyed by deal once, and the rep of each key in the
    order a team's comparison takes them: every team's changes are picked from these."""

    before_label: str
    before_as_of: date
    after_label: str
    after_as_of: date
    traceable: bool
    old: dict[Hashable, Deal]
    new: dict[Hashable, Deal]
    steps: list[dict[Hashable, Deal]]
    stages: dict[str, int]
    left: Counter[str]
    """The reps of the deals left out (their (name, owner) is not unique), counted."""
    new_reps: list[str]
    """The rep of each deal of ``new``, in its order."""
    gone: list[Hashable]
    """The keys of ``old`` that are not in ``new``, in their order, and their reps."""
    gone_reps: list[str]

    def for_reps(self, reps: Collection[str] | None) -> PipelineChanges:
        """The changes of ``reps``' deals (the rep after, else before; None: every deal),
        each rep counted even without a change."""
        out = PipelineChanges(
            self.before_label, self.before_as_of, self.after_label, self.after_as_of
        )
        out.reps = {r: RepChanges() for r in reps or ()}
        if not self.traceable:
            out.traceable = False  # no deal can be told from another: nothing to compare
            return out
        if reps is None:
            out.untraced = sum(self.left.values())
        else:
            out.untraced = sum(self.left[r] for r in set(reps))
        steps, stages, as_of, counted = self.steps, self.stages, self.before_as_of, out.reps
        for key, b, a in self._pairs(reps):
            change = _change(b, a, stages, as_of, [s.get(key) for s in steps] if steps else ())
            if change is None:
                continue
            target = counted.get(change.rep)  # the rep after, else before
            if target is None:
                target = counted[change.rep] = RepChanges()
            if change.kinds:
                target.add(change)
                out.team.add(change)
                out.deals.append(change)
            else:
                target.unchanged += 1
                out.team.unchanged += 1
        out.deals.sort(key=lambda c: (-c.value, c.rep, c.name, c.id))
        return out

    def _pairs(
        self, reps: Collection[str] | None
    ) -> Iterable[tuple[Hashable, Deal | None, Deal | None]]:
        """The key, deal before and deal after of ``reps``' deals: those in the import after
        (in its order), then those only in the one before; None: every deal (in the order of
        the set of both imports' keys, as they were always taken)."""
        old, new = self.old, self.new
        if reps is None:
            return [(k, old.get(k), new.get(k)) for k in old.keys() | new.keys()]
        wanted = set(reps).__contains__
        after = compress(new.items(), map(wanted, self.new_reps))
        before_only = compress(self.gone, map(wanted, self.gone_reps))
        return chain(
            ((k, old.get(k), a) for k, a in after), ((k, old[k], None) for k in before_only)
        )


def is_open(deal: Deal) -> bool:
    """Neither won nor lost."""
    return deal.stage not in (WON, LOST)


def _untraced(deals: Iterable[Deal]) -> bool:
    """Some IDs are only the line of the export (``line-N``): they do not follow a deal."""
    return any(map(methodcaller("startswith", "line-"), map(attrgetter("id"), deals)))


def _keyed(deals: Iterable[Deal], by_name: bool) -> tuple[dict[Hashable, Deal], list[Deal]]:
    """The deals by ID (or by (name, owner)), and those left out because they have no name
    or their (name, owner) is not unique."""
    if not by_name:
        return {deal.id: deal for deal in deals}, []
    deals = list(deals)
    pairs = Counter((d.name, d.owner) for d in deals if d.name)
    keyed: dict[Hashable, Deal] = {}
    left: list[Deal] = []
    for deal in deals:
        if deal.name and pairs[(deal.name, deal.owner)] == 1:
            keyed[(deal.name, deal.owner)] = deal
        else:
            left.append(deal)
    return keyed, left


def _change(
    b: Deal | None,
    a: Deal | None,
    stages: dict[str, int],
    before_as_of: date,
    between: Sequence[Deal | None],
) -> DealChange | None:
    """One deal's change (no kinds: open in both and unchanged); None when it is ignored
    (closed in both, closed before and gone, reopened, or closed before ``before_as_of``)."""
    if b is None:
        assert a is not None
        if not is_open(a) and a.closed is not None and a.closed <= before_as_of:
            return None  # closed already at the earlier import, only outside its export
        return _made(b, a, ("new",))
    if not is_open(b):
        return None
    if a is None:
        return _made(b, a, ("gone",))
    if not is_open(a):
        return _made(b, a, ("won",) if a.stage == WON else ("lost",))
    kinds: list[str] = []
    moved = stages.get(a.stage, 0) - stages.get(b.stage, 0)
    if moved:
        kinds.append("forward" if moved > 0 else "back")
    pushes = 0
    if b.expected is not None and a.expected is not None and a.expected > b.expected:
        kinds.append("pushed")
        pushes = _pushes([b, *between, a])
    if b.amount is not None and a.amount is not None and round(a.amount - b.amount, 2):
        kinds.append("grown" if a.amount > b.amount else "shrunk")
    return _made(b, a, tuple(kinds), pushes)


def _pushes(chain: Sequence[Deal | None]) -> int:
    """How many times the expected close date moved later along the imports (skipping
    those where the deal is missing, closed or has no expected date)."""
    dates = [d.expected for d in chain if d is not None and is_open(d) and d.expected]
    return sum(1 for earlier, later in pairwise(dates) if later > earlier)


def _made(b: Deal | None, a: Deal | None, kinds: tuple[str, ...], pushes: int = 0) -> DealChange:
    either = a or b
    assert either is not None
    return DealChange(
        id=either.id,
        name=(a.name if a else "") or (b.name if b else ""),
        rep=either.rep,
        kinds=kinds,
        stage_before=b.stage if b else None,
        stage_after=a.stage if a else None,
        amount_before=b.amount if b else None,
        amount_after=a.amount if a else None,
        expected_before=b.expected if b else None,
        expected_after=a.expected if a else None,
        pushes=pushes,
    )
