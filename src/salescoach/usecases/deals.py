"""The strategies agreed for large and stalled deals, in the 1:1s' ``deals:`` lists: record or
update one (``deal note``), close one (``deal done``), and list them (``deal list``). Writes
go through the safe editor, so comments and everything else in the file stay as they were."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from salescoach import cadence, messages, store
from salescoach.errors import NotFound, UsageError, closest
from salescoach.funnel import OpenItem
from salescoach.funnel.strategies import (
    RecordedStrategy,
    deal_key,
    deal_reference,
    is_overdue,
    latest_strategies,
)
from salescoach.i18n import N_, _
from salescoach.models import Manager, Meeting, Settings
from salescoach.store import Layout
from salescoach.yamledit import EditableDocument, edit_yaml_file

Closed = Literal["done", "dropped"]

NEXT_STEP = N_("next step")
FIELDS = (N_("strategy"), N_("resources"), NEXT_STEP, N_("owner"), N_("due"))
"""What ``deal note`` can record, in the words of its messages (translated where shown)."""


@dataclass(frozen=True)
class DealRef:
    """A deal as a meeting file names it: the reference (ID, or name for ``line-N``), its
    name and rep ("" / None when not known)."""

    deal: str
    name: str
    rep: str | None

    @property
    def label(self) -> str:
        if not self.name or self.name == self.deal:
            return self.deal
        return f"{self.name} ({self.deal})"


@dataclass(frozen=True)
class DealNote:
    """What ``deal note`` records; None leaves a field as it is."""

    strategy: str | None = None
    resources: str | None = None
    next_step: str | None = None
    owner: str | None = None
    due: date | None = None

    def given(self) -> list[str]:
        """The fields given, in the words of ``FIELDS``."""
        values = (self.strategy, self.resources, self.next_step, self.owner, self.due)
        return [name for name, value in zip(FIELDS, values, strict=True) if value is not None]


@dataclass(frozen=True)
class DealNoted:
    """What ``note_deal`` did: the deal, whether its entry is new, what changed, where."""

    deal: DealRef
    added: bool
    changed: list[str]
    path: Path


@dataclass(frozen=True)
class DealClosed:
    """What ``close_deal`` did: the deal, its status before and now, where."""

    deal: DealRef
    old: str
    status: Closed
    path: Path


@dataclass(frozen=True)
class DealListed:
    """A recorded strategy for ``deal list``: the entry, its meeting, whether overdue."""

    recorded: RecordedStrategy
    overdue: bool


# ---------------------------------------------------------------- loading


def _manager(layout: Layout, manager_id: str) -> tuple[Settings, Manager]:
    store.require_id(manager_id, "manager")
    return store.require_settings(layout), store.require_manager(layout, manager_id)


def _meetings(layout: Layout, settings: Settings, manager: Manager, today: date) -> list[Meeting]:
    days = cadence.meeting_window_days(settings)
    return store.require_recent_meetings(layout, manager.id, today=today, days=days)


def team_open_deals(
    layout: Layout, settings: Settings, manager: Manager, today: date
) -> list[OpenItem]:
    """The open deals of the manager's team today in the latest funnel data (none without)."""
    from salescoach.usecases.funnel_sources import load_sources

    sources = load_sources(layout, settings, on_or_before=today)
    if sources is None:
        return []
    tallies = sources.current.tallies
    return [d for r in manager.reps_on(today) if r.id in tallies for d in tallies[r.id].open_deals]


def _refs(deals: Sequence[OpenItem], meetings: Sequence[Meeting]) -> list[DealRef]:
    """Every deal a note can be about: the team's open deals, then those recorded before."""
    refs = [DealRef(deal_reference(d), d.name, d.rep or None) for d in deals]
    for m in meetings:
        refs += [DealRef(deal_key(e), e.name, e.rep) for e in m.deals if deal_key(e)]
    return refs


def _names_deal(ref: DealRef, wanted: str, level: int) -> bool:
    """``wanted`` names the deal: at level 0 by its exact reference, 1 by its reference in
    any case, 2 by its name in any case."""
    if level == 0:
        return ref.deal == wanted
    if level == 1:
        return ref.deal.casefold() == wanted.casefold()
    return bool(ref.name) and ref.name.casefold() == wanted.casefold()


def find_deal(
    deal: str, refs: Sequence[DealRef], manager: Manager, *, recorded: bool = False
) -> DealRef:
    """The deal named ``deal`` (its reference or ID, else its name, any case), or
    ``NotFound`` with the closest known deals (``recorded``: those with a strategy)."""
    wanted = deal.strip()
    for level in range(3):
        found = [r for r in refs if _names_deal(r, wanted, level)]
        if len({r.deal for r in found}) > 1:
            raise UsageError(
                _("'{deal}' names {count} deals of {manager}: {deals}").format(
                    deal=deal,
                    count=len({r.deal for r in found}),
                    manager=manager.id,
                    deals=", ".join(sorted({r.deal for r in found})),
                ),
                hint=_("name the deal by its ID"),
            )
        if found:
            return found[0]
    text = (
        _("no deal '{deal}' with a strategy recorded in the recent 1:1s of {manager} ({id})")
        if recorded
        else _(
            "no deal '{deal}' in the funnel data of {manager}'s team ({id}) or in their recent 1:1s"
        )
    )
    known = {r.deal for r in refs} | {r.name for r in refs if r.name}
    raise NotFound(
        text.format(deal=deal, manager=manager.name, id=manager.id),
        hint=closest(wanted, known, what="deal"),
    )


def meeting_for_note(
    layout: Layout, manager: Manager, meetings: Sequence[Meeting], day: date | None
) -> Path:
    """The 1:1 a note goes to: the one on ``day``, else the planned one, else the latest
    held one; ``NotFound`` when there is none."""
    if day is not None:
        path = layout.meeting_file(manager.id, day)
        if not path.exists():
            raise NotFound(
                _("{manager} ({id}) has no 1:1 on {date} (no file {path})").format(
                    manager=manager.name, id=manager.id, date=day.isoformat(), path=layout.rel(path)
                ),
                hint=_("leave out --date to use the planned 1:1, else the latest held one"),
            )
        return path
    listed = sorted(meetings, key=lambda m: m.date)
    planned = [m for m in listed if m.status == "planned"]
    chosen = planned[-1] if planned else (listed[-1] if listed else None)
    if chosen is None:
        raise NotFound(
            _("{manager} ({id}) has no 1:1 to record the deal in").format(
                manager=manager.name, id=manager.id
            ),
            hint=messages.hint_write_agenda(manager.id),
        )
    return layout.meeting_file(manager.id, chosen.date)


# ---------------------------------------------------------------- deal note


def note_deal(
    layout: Layout, manager_id: str, deal: str, note: DealNote, *, day: date | None, today: date
) -> DealNoted:
    """Record ``note`` for ``deal`` in the manager's 1:1 (``meeting_for_note``): its entry
    is updated (only the fields given change) or added at the end of ``deals:``."""
    if not note.given():
        raise UsageError(
            _("nothing to record: give --strategy, --resources, --next-step, --owner or --due")
        )
    settings, manager = _manager(layout, manager_id)
    meetings = _meetings(layout, settings, manager, today)
    ref = find_deal(
        deal, _refs(team_open_deals(layout, settings, manager, today), meetings), manager
    )
    path = meeting_for_note(layout, manager, meetings, day)

    def change(doc: EditableDocument) -> tuple[bool, list[str]]:
        index = _entry_index(doc, ref)
        if index is None:
            doc.append(("deals",), _new_entry(ref, note), block=True)
            return True, note.given()
        return False, _update(doc, index, note)

    edited = edit_yaml_file(layout, path, change, model=Meeting)
    added, changed = edited.value
    return DealNoted(ref, added, changed if edited.changed else [], edited.path)


def _entries(doc: EditableDocument) -> list[Mapping[str, object]]:
    items = doc.get(("deals",), [])
    if not isinstance(items, list):
        return []
    return [item if isinstance(item, Mapping) else {} for item in items]


def _entry_index(doc: EditableDocument, ref: DealRef) -> int | None:
    """The last entry of the meeting about the deal (by reference, else by name)."""
    entries = _entries(doc)
    for key in ("deal", "name"):
        for i in reversed(range(len(entries))):
            value = str(entries[i].get(key) or "").strip()
            if value and value in (ref.deal, ref.name):
                return i
    return None


def _new_entry(ref: DealRef, note: DealNote) -> dict[str, object]:
    entry: dict[str, object] = {"deal": ref.deal}
    if ref.name and ref.name != ref.deal:
        entry["name"] = ref.name
    if ref.rep:
        entry["rep"] = ref.rep
    entry["strategy"] = note.strategy or ""
    entry["resources"] = note.resources or ""
    entry["next_step"] = {"do": note.next_step or "", "owner": note.owner or "", "due": note.due}
    entry["status"] = "open"
    return entry


def _update(doc: EditableDocument, index: int, note: DealNote) -> list[str]:
    """Set the fields given on entry ``index``; the names of those that changed."""
    changed: list[str] = []
    current = _entries(doc)[index]
    for name, key, value in (
        ("strategy", "strategy", note.strategy),
        ("resources", "resources", note.resources),
    ):
        if value is not None and current.get(key) != value:
            doc.set(("deals", index, key), value)
            changed.append(name)
    step = current.get("next_step")
    step = step if isinstance(step, Mapping) else {}
    wanted: dict[str, object] = {"do": note.next_step, "owner": note.owner, "due": note.due}
    for name, key in ((NEXT_STEP, "do"), ("owner", "owner"), ("due", "due")):
        new = wanted[key]
        if new is not None and step.get(key) != new:
            doc.set(("deals", index, "next_step", key), new)
            changed.append(name)
    return changed


# ---------------------------------------------------------------- deal done


def close_deal(
    layout: Layout, manager_id: str, deal: str, status: Closed, today: date
) -> DealClosed:
    """Set the status of ``deal``'s latest recorded strategy (the entry the next review
    shows) to ``done`` or ``dropped``, in the 1:1 that recorded it."""
    settings, manager = _manager(layout, manager_id)
    meetings = _meetings(layout, settings, manager, today)
    recorded = latest_strategies(meetings)
    refs = [DealRef(deal_key(r.strategy), r.strategy.name, r.strategy.rep) for r in recorded]
    if not refs:
        raise NotFound(
            _("{manager} ({id}) has no deal strategy recorded in recent 1:1s").format(
                manager=manager.name, id=manager.id
            ),
            hint=_("record one with `salescoach deal note {id} DEAL --strategy TEXT`").format(
                id=manager.id
            ),
        )
    ref = find_deal(deal, refs, manager, recorded=True)
    latest = next(r for r in recorded if deal_key(r.strategy) == ref.deal)
    path = layout.meeting_file(manager.id, latest.recorded_on)

    def change(doc: EditableDocument) -> str:
        index = _recorded_index(doc, ref)
        old = str(_entries(doc)[index].get("status") or "open")
        if old != status:
            doc.set(("deals", index, "status"), status)
        return old

    edited = edit_yaml_file(layout, path, change, model=Meeting)
    return DealClosed(ref, edited.value, status, edited.path)


def _recorded_index(doc: EditableDocument, ref: DealRef) -> int:
    """The last entry about the deal that records something (what ``latest_strategies``
    reads)."""
    entries = _entries(doc)
    for i in reversed(range(len(entries))):
        e = entries[i]
        step = e.get("next_step")
        do = step.get("do") if isinstance(step, Mapping) else ""
        said = any(str(v or "").strip() for v in (e.get("strategy"), e.get("resources"), do))
        if said and str(e.get("deal") or "").strip() == ref.deal:
            return i
    raise NotFound(
        _("{path} no longer records a strategy for {deal}").format(path=doc.rel, deal=ref.label)
    )


# ---------------------------------------------------------------- deal list


def list_deals(layout: Layout, manager_id: str, today: date) -> tuple[Manager, list[DealListed]]:
    """The manager's recorded strategies (each deal's latest entry), open ones first, each
    flagged when its next step is overdue."""
    settings, manager = _manager(layout, manager_id)
    recorded = latest_strategies(_meetings(layout, settings, manager, today))
    listed = [DealListed(r, is_overdue(r.strategy, today)) for r in recorded]
    return manager, sorted(listed, key=lambda d: d.recorded.strategy.status != "open")
