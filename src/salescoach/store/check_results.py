"""What ``check`` found in each part of the repository, kept so that a warm ``check`` reads no
meeting or snapshot of a part unchanged since: it stats each file and compares a key.

A part is a manager's meetings folder (``meetings/anna-kovacs/``) or one funnel snapshot
(``funnel/2026-11-01.yaml``). Its entry holds every diagnostic whose path lies in it (the
files' own problems, misnamed files, what the cross-file checks found there, already located)
and how many data files it counts. It is used only when its key is the one recorded: every
entry of the folder (name, kind, size, time in nanoseconds), the manager's file (for a
snapshot: every manager file), salescoach.yaml and the ``salt`` (today, the language, the
checks' code, the ``holidays`` version: given by the use case). A part is recorded only when
nothing in it changed while it was checked and its manager's file loaded.

The file follows the cache's rules (``store.cache``): JSON in ``.salescoach-cache/``, a
regular file opened without following links, size-capped, every entry checked again on the
way in, written atomically only into a cache folder that is there, any failure silent. A
part whose file-cache shard is not a regular file is checked again (and warned about there).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salescoach.diagnostics import Diagnostic
from salescoach.store.cache import (
    CACHE_DIR,
    FORMAT,
    RACY_SECONDS,
    cached_diagnostics,
    code_fingerprint,
    diagnostic_row,
    is_real_folder,
    read_entries,
    shard_file,
    special_kind,
    write_entries,
)

FILE_NAME = f"checked-v{FORMAT}.parts"
"""Not ``*.json``: the file cache's shards are those (tools and tests list them by that)."""


@dataclass
class _Noted:
    """A part checked in this run: its key (None when it may not be recorded) and files."""

    key: str | None
    files: int
    manager: str | None = None


@dataclass
class CheckedParts:
    """The recorded parts of one repository: ``begin``, ask ``reuse_*`` while finding the
    data files, then ``finish`` with every diagnostic of the run."""

    root: Path
    salt: Callable[[], str]
    """What else decides the findings, asked once the settings are read (the language)."""
    fingerprint: str = ""
    settings_key: list[Any] = field(default_factory=list)
    reused_files: int = 0
    _old: dict[str, Any] = field(default_factory=dict)
    _new: dict[str, Any] = field(default_factory=dict)
    _noted: dict[str, _Noted] = field(default_factory=dict)
    _reused: list[Diagnostic] = field(default_factory=list)
    _managers_key: list[Any] | None = None

    def begin(self) -> None:
        """Read the parts recorded for this salt (none when the file is missing, odd or of
        other code); called once the settings are read."""
        self.fingerprint = _fingerprint(self.salt())
        self.settings_key = _stat_key(self.root / "salescoach.yaml")
        self._old = read_entries(self.path, self.fingerprint)

    @property
    def path(self) -> Path:
        return self.root / CACHE_DIR / FILE_NAME

    def reuse_meetings(self, manager_id: str, folder: Path) -> bool:
        """Whether ``meetings/<manager_id>/`` is unchanged since it was recorded (its
        diagnostics and files are then taken, and nothing in it need be read)."""
        entries, racy = _folder_key(folder)
        manager = _stat_key(self.root / "managers" / f"{manager_id}.yaml")
        key = _digest([self.fingerprint, self.settings_key, manager, entries])
        racy = racy or _recent(manager) or _recent(self.settings_key)
        rel = f"meetings/{manager_id}/"
        shard = shard_file(self.root / CACHE_DIR, f"{rel}x.yaml")
        if self._take(rel, key, shard):
            return True
        self._noted[rel] = _Noted(None if racy or not manager else key, 0, manager_id)
        return False

    def count_meetings(self, manager_id: str, files: int) -> None:
        """How many data files ``meetings/<manager_id>/`` counts (checked in this run)."""
        noted = self._noted.get(f"meetings/{manager_id}/")
        if noted is not None:
            noted.files = files

    def reuse_snapshot(self, path: Path) -> bool:
        """Whether the funnel snapshot at ``path`` is unchanged since it was recorded."""
        rel = f"funnel/{path.name}"
        entry = _stat_key(path)
        key = _digest([self.fingerprint, self.settings_key, self.managers_key(), entry])
        if self._take(rel, key, shard_file(self.root / CACHE_DIR, rel)):
            return True
        racy = not entry or _recent(entry) or _recent(self.settings_key)
        self._noted[rel] = _Noted(None if racy else key, 1)
        return False

    def managers_key(self) -> list[Any]:
        """Every manager file's name, size and time (a snapshot names reps of any team)."""
        if self._managers_key is None:
            entries, _racy = _folder_key(self.root / "managers")
            self._managers_key = entries
        return self._managers_key

    def _take(self, rel: str, key: str, shard: Path) -> bool:
        """Use the recorded entry of ``rel`` if its key is ``key`` and it reads back whole."""
        entry = self._old.get(rel)
        if not (isinstance(entry, list) and len(entry) == 3 and entry[0] == key):
            return False
        if type(entry[1]) is not int or special_kind(shard) is not None:
            return False
        try:
            diagnostics = cached_diagnostics(entry[2])
        except (TypeError, ValueError):
            return False
        if diagnostics is None:
            return False
        self._reused += diagnostics
        self.reused_files += entry[1]
        self._noted[rel] = _Noted(None, entry[1])
        self._new[rel] = entry
        return True

    def finish(self, diagnostics: list[Diagnostic], managers: set[str]) -> list[Diagnostic]:
        """``diagnostics`` (this run's) with those of the reused parts; records the parts
        checked in this run whose manager loaded (``managers``), unless the cache folder is
        gone (a run with errors leaves a repository without a cache as it was)."""
        by_part: dict[str, list[Diagnostic]] = {}
        for d in diagnostics:
            part = _part_of(d.path)
            if part is not None:
                by_part.setdefault(part, []).append(d)
        for rel, noted in self._noted.items():
            if noted.key is None or (noted.manager is not None and noted.manager not in managers):
                continue
            found = by_part.get(rel, [])
            self._new[rel] = [noted.key, noted.files, [diagnostic_row(d) for d in found]]
        if self._new != self._old and is_real_folder(self.path.parent):
            write_entries(self.path, self.fingerprint, self._new)
        return diagnostics + self._reused


def _part_of(path: str) -> str | None:
    """The part a diagnostic's path lies in: ``meetings/<id>/`` or ``funnel/<date>.yaml``."""
    if path.startswith("meetings/"):
        folder, slash, _rest = path[9:].partition("/")
        return f"meetings/{folder}/" if slash and folder else None
    if path.startswith("funnel/") and path.count("/") == 1:
        return path
    return None


def _fingerprint(salt: str) -> str:
    return hashlib.sha256(f"{code_fingerprint()}:{salt}".encode()).hexdigest()[:32]


def _digest(parts: list[Any]) -> str:
    return hashlib.sha256(json.dumps(parts, separators=(",", ":")).encode()).hexdigest()[:32]


def _stat_key(path: Path) -> list[Any]:
    """A file's kind, size and time in nanoseconds (empty when it is not there)."""
    try:
        st = os.lstat(path)
    except OSError:
        return []
    return [stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns]


def _recent(key: list[Any]) -> bool:
    """Whether the file of a ``_stat_key`` changed too recently to be recorded."""
    return bool(key) and time.time() - key[-1] / 1e9 <= RACY_SECONDS


def _folder_key(folder: Path) -> tuple[list[Any], bool]:
    """Every entry of ``folder`` but hidden ones, with kind, size and time, sorted by name;
    and whether one changed too recently to be recorded (``RACY_SECONDS``)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return [], False
    limit = int((time.time() - RACY_SECONDS) * 1e9)
    out: list[Any] = []
    racy = False
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            out.append([entry.name])
            continue
        out.append([entry.name, stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns])
        racy = racy or st.st_mtime_ns >= limit
    return out, racy
