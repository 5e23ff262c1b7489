"""Reading a whole repository (for ``check`` and whole-repo commands), and placing the
findings of cross-file checks at their line.

Meetings and snapshots come through the file cache (``store.cache``) as lean summaries
(``store.summaries``); settings and managers are always read whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from salescoach import yamlparse
from salescoach.collector import paused_gc
from salescoach.diagnostics import Diagnostic, errors_in
from salescoach.i18n import N_, _
from salescoach.ids import id_from_name
from salescoach.models import FunnelSnapshot, Meeting, Repo, is_slug
from salescoach.store.layout import DATE_FILE, Layout, day_in_range, out_of_range, yaml_files
from salescoach.store.loaders import load_manager, load_meeting_file, load_settings, load_snapshot
from salescoach.store.reading import read_bytes

if TYPE_CHECKING:
    from salescoach.store.cache import FileCache
    from salescoach.store.check_results import CheckedParts

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) while a repository is read."""


def load_repo(
    layout: Layout,
    *,
    progress: Progress | None = None,
    use_cache: bool = True,
    parts: CheckedParts | None = None,
) -> Repo:
    """Read every file of the repository (for ``check`` and whole-repo commands).

    Meetings and funnel snapshots are kept as ``meeting_summary`` / ``snapshot_summary``
    (the full files would not fit in memory for 40,000 meetings); unchanged ones come from
    the cache in ``.salescoach-cache/`` unless ``use_cache`` is false. Settings and managers
    are always read whole. With ``parts`` (``check``), the meeting folders and snapshots it
    has recorded as unchanged are left out (their files counted, nothing read).
    """
    from salescoach.store.cache import FileCache  # whole-repo work only: not a daily command's

    cache = FileCache(layout.root) if use_cache else None
    with paused_gc():  # the models hold no cycles; collecting while 40,000 pile up is slow
        return _load_repo(layout, progress, cache, parts)


def _load_repo(
    layout: Layout, progress: Progress | None, cache: FileCache | None, parts: CheckedParts | None
) -> Repo:
    settings, problems = load_settings(layout)
    repo = Repo(settings=settings, diagnostics=list(problems))
    if parts is not None:
        parts.begin()  # after the settings: they may choose the language
    files = _data_files(layout, repo.diagnostics, parts)
    repo.files = files.total + 1 + (parts.reused_files if parts else 0)
    tick = _Ticker(files.total, progress)
    _read_managers(layout, repo, files.managers, tick)
    _read_meetings(layout, repo, files.meetings, cache, tick)
    _read_snapshots(layout, repo, files.snapshots, cache, tick)
    for meetings in repo.meetings.values():
        meetings.sort(key=lambda m: m.date)
    if cache is not None:
        repo.diagnostics += cache.problems
        if errors_in(repo.diagnostics) and not cache.existed:
            cache.discard_if_new()
        else:
            cache.save()
    return repo


@dataclass
class _DataFiles:
    """The data files of a repository, found by name (nothing read yet)."""

    managers: list[Path]
    meetings: list[tuple[str, Path]]  # (manager ID, file), by manager and date
    snapshots: list[Path]

    @property
    def total(self) -> int:
        return len(self.managers) + len(self.meetings) + len(self.snapshots)


def _data_files(
    layout: Layout, diagnostics: list[Diagnostic], parts: CheckedParts | None = None
) -> _DataFiles:
    """The data files; folders and files whose names salescoach cannot use are diagnostics.
    Parts that ``parts`` reuses are left out (nothing of theirs is reported here)."""
    meetings: list[tuple[str, Path]] = []
    if layout.meetings_root.is_dir():
        for entry in sorted(os.scandir(layout.meetings_root), key=lambda e: e.name):
            if entry.name.startswith(".") or not entry.is_dir():
                continue
            if not is_slug(entry.name):
                rel = layout.rel(Path(entry.path))
                diagnostics.append(
                    Diagnostic(rel, 0, 0, "bad-file-name", _("folder name must be a manager ID"))
                )
                continue
            folder = Path(entry.path)
            if parts is not None and parts.reuse_meetings(entry.name, folder):
                continue
            diagnostics += _stray_files(layout, folder, lambda n: bool(DATE_FILE.match(n)))
            dated = [p for p in yaml_files(folder) if DATE_FILE.match(p.name)]
            dated = [p for p in dated if _dated_in_range(layout, p, diagnostics)]
            meetings += [(entry.name, p) for p in dated]
            if parts is not None:
                parts.count_meetings(entry.name, len(dated))
    diagnostics += _stray_files(
        layout, layout.managers_dir, lambda n: is_slug(n[:-5]), _manager_file_name
    )
    diagnostics += _stray_files(layout, layout.funnel_dir, lambda n: bool(DATE_FILE.match(n)))
    meetings.sort(key=lambda item: (item[0], item[1].name))  # strings sort faster
    snapshots = sorted(p for p in yaml_files(layout.funnel_dir) if DATE_FILE.match(p.name))
    snapshots = [p for p in snapshots if _dated_in_range(layout, p, diagnostics)]
    if parts is not None:
        snapshots = [p for p in snapshots if not _real_date(p) or not parts.reuse_snapshot(p)]
    return _DataFiles(sorted(yaml_files(layout.managers_dir)), meetings, snapshots)


def _real_date(path: Path) -> bool:
    """Whether a dated file's name is a real date (``2026-02-30.yaml`` is not)."""
    try:
        date.fromisoformat(path.name[:10])
    except ValueError:
        return False
    return True


def _dated_in_range(layout: Layout, path: Path, diagnostics: list[Diagnostic]) -> bool:
    """Whether a dated file's date is one salescoach works with; one out of range (9999-12-31,
    0001-01-01) is an error (every command leaves it out: ``file_dates``)."""
    try:
        day = date.fromisoformat(path.name[:10])
    except ValueError:
        return True  # an impossible date is the loader's to report
    if day_in_range(day):
        return True
    diagnostics.append(Diagnostic(layout.rel(path), 0, 0, "bad-date", out_of_range(day)))
    return False


class _Ticker:
    """Counts the files read and reports every 200th (and the last) to ``progress``."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.progress, self.done = total, progress, 0

    def __call__(self) -> None:
        self.done += 1
        if self.progress is not None and (self.done % 200 == 0 or self.done == self.total):
            self.progress(self.done, self.total)


def _read_managers(layout: Layout, repo: Repo, paths: list[Path], tick: _Ticker) -> None:
    """Every manager file, read whole (they are few and small)."""
    for path in paths:
        manager_id = path.name[:-5]
        if is_slug(manager_id):
            manager, found = load_manager(layout, manager_id)
            repo.diagnostics += found
            if manager is not None:
                repo.managers[manager_id] = manager
        tick()


def _read_meetings(
    layout: Layout,
    repo: Repo,
    files: list[tuple[str, Path]],
    cache: FileCache | None,
    tick: _Ticker,
) -> None:
    """Every meeting as a ``meeting_summary``, through the cache when there is one."""
    from salescoach.store.summaries import decode_summary, encode_summary, meeting_summary

    for manager_id, path in files:

        def read_meeting(
            manager_id: str = manager_id, path: Path = path
        ) -> tuple[Meeting | None, list[Diagnostic]]:
            meeting, found = load_meeting_file(layout, manager_id, path)
            return (None if meeting is None else meeting_summary(meeting)), found

        if cache is None:
            meeting, found = read_meeting()
        else:
            rel = f"meetings/{manager_id}/{path.name}"  # layout.rel, without parsing a path
            meeting, found = cache.load(
                rel, path, Meeting, read_meeting, (encode_summary, decode_summary)
            )
        repo.diagnostics += found
        if meeting is not None:
            meeting._manager = manager_id
            repo.meetings.setdefault(manager_id, []).append(meeting)
        tick()


def _read_snapshots(
    layout: Layout, repo: Repo, paths: list[Path], cache: FileCache | None, tick: _Ticker
) -> None:
    """Every funnel snapshot as a ``snapshot_summary``, through the cache when there is one."""
    from salescoach.store.summaries import decode_snapshot, encode_snapshot, snapshot_summary

    for path in paths:
        try:
            day = date.fromisoformat(path.name[:10])
        except ValueError:
            repo.diagnostics.append(
                Diagnostic(
                    layout.rel(path), 0, 0, "bad-file-name", _("file name is not a real date")
                )
            )
            tick()
            continue

        def read_snapshot(day: date = day) -> tuple[FunnelSnapshot | None, list[Diagnostic]]:
            snapshot, found = load_snapshot(layout, day)
            return (None if snapshot is None else snapshot_summary(snapshot)), found

        if cache is None:
            snapshot, found = read_snapshot()
        else:
            codec = (encode_snapshot, decode_snapshot)
            snapshot, found = cache.load(
                layout.rel(path), path, FunnelSnapshot, read_snapshot, codec
            )
        repo.diagnostics += found
        if snapshot is not None:
            repo.snapshots.append(snapshot)
        tick()


def locate(layout: Layout, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Fill in the line of diagnostics from cross-file checks, which know only the key path.

    Only the files that have such a diagnostic are parsed again.
    """
    out: list[Diagnostic] = []
    trees: dict[str, yamlparse.Node | None] = {}
    for d in diagnostics:
        if d.line or not d.loc:
            out.append(d)
            continue
        if d.path not in trees:
            data, _problems = read_bytes(layout, layout.root / d.path)
            trees[d.path] = yamlparse.parse_bytes(data, d.path)[0] if data is not None else None
        tree = trees[d.path]
        if tree is None:
            out.append(d)
            continue
        if d.loc[-1] == "[key]":
            parent, _found = tree.at(d.loc[:-2])
            node = parent.keys.get(str(d.loc[-2]), parent)
        else:
            node, _found = tree.at(d.loc)
        out.append(Diagnostic(d.path, node.line, node.column, d.code, d.message, d.severity))
    return out


_DATED_FILE_NAME = N_("file name must be an ID or a date (YYYY-MM-DD) followed by .yaml")


def _manager_file_name(name: str) -> str:
    """What a manager file's name must be, with the ID its name suggests."""
    proposed = id_from_name(name[:-5])
    if proposed and is_slug(proposed):
        return _(
            "file name must be an ID followed by .yaml (lowercase letters, digits and '-'): "
            "use an ID such as `{proposed}`"
        ).format(proposed=proposed)
    return _("file name must be an ID followed by .yaml (lowercase letters, digits and '-')")


def _stray_files(
    layout: Layout,
    folder: Path,
    allowed: Callable[[str], bool],
    wanted: Callable[[str], str] = lambda _name: _(_DATED_FILE_NAME),
) -> list[Diagnostic]:
    """Diagnostics for files in a data folder whose names salescoach cannot use; ``wanted``
    says what the name must be."""
    out = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    for e in entries:
        if e.name.startswith("."):
            continue
        if e.name.endswith(".yaml") and not allowed(e.name):
            out.append(
                Diagnostic(
                    layout.rel(Path(e.path)),
                    0,
                    0,
                    "bad-file-name",
                    wanted(e.name),
                )
            )
    return out
