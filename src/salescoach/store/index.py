"""The rep index: which rep IDs each manager file lists, with the dates of each rep's time
in that team (``joined``, ``left``), so that finding a rep's manager (the one whose team the
rep is in today) parses only the manager files changed since the last lookup (and the one it
returns).

It lives in the cache folder (``.salescoach-cache/``) under the file cache's rules
(``store.cache``): never trusted (an entry is used only if it has the expected shape, its
rep IDs are valid IDs and the file's size and modification time in nanoseconds are exactly
those recorded; a corrupt index counts as empty and is rebuilt), thrown away when the code
fingerprint changes, written atomically, and a file changed within the last two seconds is
read but not recorded. Only valid manager files are recorded: one with errors is read again
every time. A lookup that finds errors in a repository without a cache folder creates none.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from salescoach.diagnostics import Diagnostic, errors_in
from salescoach.models import Manager, Rep, is_slug
from salescoach.store.cache import (
    CACHE_DIR,
    FORMAT,
    code_fingerprint,
    is_racy,
    read_entries,
    write_entries,
)
from salescoach.store.layout import Layout

INDEX_FILE = f"reps-v{FORMAT}.json"
LoadManager = Callable[[Layout, str], "tuple[Manager | None, list[Diagnostic]]"]


class RepStay(NamedTuple):
    """One rep's time in one team, as the index keeps it: the rep ID and the dates that
    bound it (None: no date given)."""

    rep: str
    joined: date | None
    left: date | None

    def active_on(self, day: date) -> bool:
        """In the team on ``day`` (the rule of ``models.Rep.active_on``)."""
        return (self.joined is None or self.joined <= day) and (
            self.left is None or day < self.left
        )


@dataclass
class RepListing:
    """What a lookup found: each valid manager's rep stays (by manager ID, in ID order), the
    managers it had to parse on the way, and the diagnostics of the files with errors."""

    reps: dict[str, list[RepStay]] = field(default_factory=dict)
    loaded: dict[str, Manager] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)


def manager_reps(
    layout: Layout, manager_ids: Iterable[str], load: LoadManager, *, trust: bool = True
) -> RepListing:
    """The rep stays of every manager file: from the index for a file whose size and time
    are those recorded (unless ``trust`` is false), else from ``load`` (which parses it);
    the index is then brought up to date."""
    path = layout.root / CACHE_DIR / INDEX_FILE
    existed = path.parent.is_dir()
    fingerprint = code_fingerprint()
    old = read_entries(path, fingerprint) if trust else {}
    new: dict[str, Any] = {}
    listing = RepListing()
    for manager_id in manager_ids:
        rel = f"managers/{manager_id}.yaml"
        st = _stat(layout, manager_id)
        key = _key(st)
        reps = _entry_reps(old.get(rel), key)
        if reps is not None:
            listing.reps[manager_id] = reps
            new[rel] = [key, [_stay_entry(s) for s in reps]]
            continue
        manager, found = load(layout, manager_id)
        if manager is None or errors_in(found):
            listing.problems += found
            continue
        stays = [_stay(rep) for rep in manager.reps]
        listing.reps[manager_id] = stays
        listing.loaded[manager_id] = manager
        unchanged = _key(_stat(layout, manager_id)) == key  # while it was read
        if st is not None and key is not None and not is_racy(st) and unchanged:
            new[rel] = [key, [_stay_entry(s) for s in stays]]
    if new != old and not (listing.problems and not existed):
        write_entries(path, fingerprint, new)
    return listing


def _stat(layout: Layout, manager_id: str) -> os.stat_result | None:
    try:
        return os.lstat(layout.manager_file(manager_id))
    except OSError:
        return None


def _key(st: os.stat_result | None) -> list[int] | None:
    """What must match for an entry to be used; None for what is never recorded (links, …)."""
    if st is None or not stat.S_ISREG(st.st_mode):
        return None
    return [st.st_size, st.st_mtime_ns]


def _stay(rep: Rep) -> RepStay:
    return RepStay(rep.id, rep.joined, rep.left)


def _stay_entry(stay: RepStay) -> list[str | None]:
    """A stay as the index stores it: ``[ID, joined, left]``, dates in ISO form or null."""
    return [stay.rep, *(d.isoformat() if d else None for d in (stay.joined, stay.left))]


def _entry_reps(entry: Any, key: list[int] | None) -> list[RepStay] | None:
    """An entry's rep stays if it is one we wrote for this very file, else None (a miss)."""
    if key is None or not (isinstance(entry, list) and len(entry) == 2 and entry[0] == key):
        return None
    reps = entry[1]
    if not isinstance(reps, list):
        return None
    stays = [_entry_stay(r) for r in reps]
    return None if None in stays else [s for s in stays if s is not None]


def _entry_stay(item: Any) -> RepStay | None:
    """One ``[ID, joined, left]`` of an entry, or None if it is not one we wrote."""
    if not (isinstance(item, list) and len(item) == 3):
        return None
    rep, *dates = item
    if not (isinstance(rep, str) and is_slug(rep)):
        return None
    try:
        joined, left = (date.fromisoformat(d) if d is not None else None for d in dates)
    except (TypeError, ValueError):
        return None
    return RepStay(rep, joined, left)
