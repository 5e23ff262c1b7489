"""Public holidays computed once and kept in the repository's cache folder.

Importing the ``holidays`` package loads every country's module (~100 ms) for the one a
repository needs, so a daily command reads the holidays of its country and year from
``.salescoach-cache/holidays-v1.json`` instead and imports ``holidays`` only on a miss (the
file is written only into a cache folder that is there: ``check --no-cache`` creates none). An
entry is keyed by the country code (with its subdivision: ``US-CA``), the year and the
language of the names; the whole file is keyed by the ``holidays`` version and the code
that computes them (``workdays``), so an upgrade or a changed setting is never served stale.
The file follows the cache's safety rules (``store.cache``: JSON, a regular file in a real
folder, opened without following links, bounded, written atomically, every entry checked
again on the way in, any failure to write it silent).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from salescoach.store.cache import CACHE_DIR, is_real_folder, read_entries, write_entries

Compute = Callable[[str, int, str], "dict[date, str]"]
"""What computes the holidays on a miss (``workdays.compute_holidays``: given, as the store
must not import the domain): (code, year, language) → date → name."""

FILE_NAME = "holidays-v1.json"


def holidays_version() -> str:
    """The installed ``holidays`` version, from its ``*.dist-info`` folder's name: without
    importing it, nor ``importlib.metadata`` (~25 ms), unless that folder is not found."""
    from importlib.util import find_spec

    spec = find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return "missing"
    site = Path(next(iter(spec.submodule_search_locations))).parent
    with contextlib.suppress(OSError):
        for entry in os.scandir(site):
            name = entry.name
            if name.startswith("holidays-") and name.endswith(".dist-info"):
                return name.removeprefix("holidays-").removesuffix(".dist-info")
    from importlib.metadata import version

    return version("holidays")


def fingerprint(compute: Compute) -> str:
    """What decides the holidays computed: the package's version and the code of ``compute``."""
    h = hashlib.sha256(f"holidays:{holidays_version()}".encode())
    try:
        st = os.stat(getattr(sys.modules.get(compute.__module__), "__file__", None) or "")
        h.update(f":{st.st_size}:{st.st_mtime_ns}".encode())
    except (OSError, TypeError):
        pass
    return h.hexdigest()[:32]


def entry_key(code: str, year: int, language: str) -> str:
    """``HU|2026|hu``: one country (with its subdivision), year and language of names."""
    return f"{code}|{year}|{language}"


class HolidayCache:
    """A ``workdays.HolidaySource`` over one repository's cache folder."""

    def __init__(self, root: Path | None, compute: Compute) -> None:
        self.path = root / CACHE_DIR / FILE_NAME if root is not None else None
        self.compute = compute
        self._entries: dict[str, Any] | None = None
        self._fingerprint: str | None = None

    def __call__(self, code: str, year: int, language: str) -> dict[date, str]:
        """The holidays of ``code`` in ``year`` from the cache, else computed and kept."""
        if self.path is None:
            return self.compute(code, year, language)
        entries = self._load()
        key = entry_key(code, year, language)
        cached = _decode(entries.get(key))
        if cached is not None:
            return cached
        found = self.compute(code, year, language)
        entries[key] = {day.isoformat(): name for day, name in sorted(found.items())}
        if is_real_folder(self.path.parent):  # made by the file cache: `--no-cache` makes none
            write_entries(self.path, self._fp(), entries)
        return found

    def _fp(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = fingerprint(self.compute)
        return self._fingerprint

    def _load(self) -> dict[str, Any]:
        if self._entries is None:
            assert self.path is not None
            self._entries = dict(read_entries(self.path, self._fp()))
        return self._entries


def _decode(raw: Any) -> dict[date, str] | None:
    """A cached entry back into dates and names, or None when it is not what we wrote."""
    if not isinstance(raw, dict):
        return None
    days: dict[date, str] = {}
    try:
        for iso, name in raw.items():
            if not (isinstance(iso, str) and len(iso) == 10 and isinstance(name, str)):
                return None
            days[date.fromisoformat(iso)] = name
    except ValueError:
        return None
    return days


def for_repo(repo_arg: Path | None, compute: Compute) -> Compute:
    """The holidays through the cache of the repository the command works on (found as the
    command finds it, on first use: ``init`` and ``schema`` look for nothing; none: computed)."""
    cache: list[HolidayCache] = []

    def holidays_of(code: str, year: int, language: str) -> dict[date, str]:
        if not cache:
            cache.append(HolidayCache(_root(repo_arg), compute))
        return cache[0](code, year, language)

    return holidays_of


def _root(repo_arg: Path | None) -> Path | None:
    """The repository as ``--repo``/``$SALESCOACH_REPO``/the folders upwards give it, or None."""
    from salescoach.errors import SalescoachError
    from salescoach.store.layout import find_root

    try:
        return find_root(repo_arg)
    except SalescoachError:
        return None
