"""A cache of parsed and validated files, so whole-repo commands don't re-read years of history.

``store.load_repo`` asks the cache before reading a meeting or a funnel snapshot. An entry is
used only when the file's relative path, kind, size and modification time (in nanoseconds)
are exactly those recorded; otherwise the file is read again. The whole cache is thrown away
when its format version, the salescoach version or the code that reads files changed.

Safety (see docs/performance.md): the cache is JSON, never pickle, so a planted or corrupt
cache file can't run code; every entry is validated again with the model on the way in, and
anything unexpected makes the whole cache count as empty. A file's diagnostics are cached with
it, so a file with errors stays an error on a warm run. Writing the cache is atomic and any
failure to write it is silent: a read-only repository works, just without the speed-up.
The folder and its files are used only when they are what they seem (docs/hardening.md): the
folder a real folder (not a link), each file a regular file opened without following links,
at most ``MAX_CACHE_BYTES``; anything else (a link out of the repository, a FIFO, a device)
is left alone and the run goes on without the cache.

Cross-file checks are never cached: they run over the loaded models every time. The rep
index (``store.index``) keeps its file in the same folder under the same rules, through
``read_entries`` and ``write_entries``. This module imports no loader: the loaders call it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from salescoach.diagnostics import Diagnostic
from salescoach.i18n import N_, _, current

CACHE_DIR = ".salescoach-cache"
FORMAT = 2
RACY_SECONDS = 2.0
"""A file changed this recently could change again within the clock's granularity without
its size or time changing (git's "racily clean" problem): it is read but not cached."""

MAX_CACHE_BYTES = 64 * 1024 * 1024
"""The largest cache file read or written (a shard holds one folder's entries)."""
IGNORE_TEXT = b"# salescoach's cache: never commit it\n*\n"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

M = TypeVar("M", bound=BaseModel)
Reader = Callable[[], "tuple[M | None, list[Diagnostic]]"]
Codec = tuple[Callable[[M], Any], Callable[[Any], M]]
"""(encode, decode): a model to JSON-ready data and back; decode raises ValueError on bad data."""


def code_fingerprint() -> str:
    """Version of everything that decides what a file reads as: format, release, reader code
    (the models, the parser and every module of the store package)."""
    from salescoach import __version__, models, yamlparse

    h = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    sources = [Path(models.__file__ or ""), Path(yamlparse.__file__ or "")]
    sources += sorted(Path(__file__).parent.glob("*.py"))
    for source in sources:
        with contextlib.suppress(OSError, TypeError):
            st = os.stat(source)
            h.update(f":{source.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:32]


def is_racy(st: os.stat_result) -> bool:
    """Whether a file changed too recently to be cached (see ``RACY_SECONDS``)."""
    return time.time() - st.st_mtime <= RACY_SECONDS


def is_real_folder(folder: Path) -> bool:
    """Whether ``folder`` is a folder itself, not a link to one (nor a file, FIFO, …)."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode)
    except OSError:
        return False


_KINDS = (
    (stat.S_ISLNK, N_("a symbolic link")),
    (stat.S_ISFIFO, N_("a FIFO")),
    (stat.S_ISCHR, N_("a device")),
    (stat.S_ISBLK, N_("a device")),
    (stat.S_ISSOCK, N_("a socket")),
    (stat.S_ISDIR, N_("a folder")),
)


def special_kind(path: Path, *, folder: bool = False) -> str | None:
    """What ``path`` is when it is there but not what the cache uses (a regular file, or a
    real folder with ``folder``): 'a symbolic link', 'a FIFO', …; None otherwise."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), N_("a file"))


def _not_used(rel: str, kind: str) -> Diagnostic:
    """The warning for a cache path that is not what it should be (it is left alone)."""
    return Diagnostic(
        rel,
        0,
        0,
        "cache-not-used",
        _(
            "is {kind}, not what salescoach's cache holds: the cache is not used there "
            "(delete {file}; it is rebuilt)"
        ).format(kind=_(kind), file=rel),
        severity="warning",
    )


def read_capped(path: Path, limit: int = MAX_CACHE_BYTES) -> bytes | None:
    """The bytes of a regular file that is not a link and holds at most ``limit`` bytes, in a
    real folder; None for anything else (a link, a FIFO, a device, a larger file)."""
    if not is_real_folder(path.parent):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        data = handle.read(limit + 1)
    return data if len(data) <= limit else None


def read_entries(path: Path, fingerprint: str) -> dict[str, Any]:
    """The entries of one cache file, or none at all if it is missing, corrupt, of another
    format, not a regular file or written by other code (never trusted: each entry is
    checked again by its user)."""
    try:
        raw = read_capped(path)
        if raw is None:
            return {}
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError):
        return {}
    if not (
        isinstance(data, dict)
        and data.get("format") == FORMAT
        and data.get("fingerprint") == fingerprint
    ):
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def write_entries(path: Path, fingerprint: str, entries: dict[str, Any]) -> None:
    """Write one cache file atomically (creating the folder and its ``.gitignore``); any
    failure is silent: a read-only repository works, just without the speed-up."""
    from salescoach.errors import WriteError
    from salescoach.writer import replace_file

    payload = {"format": FORMAT, "fingerprint": fingerprint, "files": entries}
    with contextlib.suppress(OSError, WriteError):
        if not may_write(path):
            return
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(text) <= MAX_CACHE_BYTES:
            replace_file(path, text)


def may_write(path: Path) -> bool:
    """Whether a cache file may be written at ``path``: its folder made if missing (with its
    ``.gitignore``), a real folder, and the file a regular one or missing. Raises ``OSError``
    when the folder cannot be made (callers stay silent)."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(path.parent)
    if not is_real_folder(path.parent) or not _regular_or_missing(path):
        return False
    _write_ignore(path.parent / ".gitignore")
    return True


def _regular_or_missing(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) or does not exist."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True


def _write_ignore(ignore: Path) -> None:
    """Create the cache folder's ``.gitignore`` if it is missing; never through a link."""
    try:
        fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(IGNORE_TEXT)


def shard_file(folder: Path, rel: str) -> Path:
    """The cache file for the data folder of ``rel``: one per folder (``meetings/anna-kovacs``
    → ``meetings~anna-kovacs-v2.json``; one per funnel snapshot), so memory holds one
    folder's entries at a time and an edit rewrites only its folder's file. Folder and file
    names of data files are IDs or dates, so the name is safe."""
    parent, _, name = rel.rpartition("/")
    if parent == "funnel":  # a snapshot holds every rep: one file each keeps memory flat
        parent = f"funnel/{name.removesuffix('.yaml')}"
    return folder / f"{(parent or 'root').replace('/', '~')}-v{FORMAT}.json"


class FileCache:
    """The cache of one repository; ``load`` each file through it (folder by folder), then
    ``save`` once at the end."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.existed = self.folder.exists() or self.folder.is_symlink()
        """Whether the cache folder was there before this run (see ``discard_if_new``)."""
        self.problems: list[Diagnostic] = []
        """A warning for each cache path that is a link, a FIFO, a device, … (left alone)."""
        for path, folder in ((self.folder, True), (self.folder / ".gitignore", False)):
            kind = special_kind(path, folder=folder)
            if kind is not None:
                self.problems.append(_not_used(path.relative_to(root).as_posix(), kind))
                break
        self.path: Path | None = None  # the shard being used
        self._shard_key: str | None = None  # the folder (or snapshot) of that shard
        self._code = code_fingerprint()
        self.fingerprint = self._code
        self._old: dict[str, list[Any]] = {}
        self._new: dict[str, list[Any]] = {}
        self._changed = False

    def _switch(self, path: Path) -> None:
        """Save the shard in use, then read the one at ``path``."""
        self.save()
        self.path = path
        self._old, self._new, self._changed = {}, {}, False
        self._read()

    def discard_if_new(self) -> None:
        """Remove the cache folder if this run created it: a run that found errors leaves a
        repository that had no cache exactly as it was (a later clean run builds it)."""
        if self.existed or not is_real_folder(self.folder):
            return
        import shutil

        with contextlib.suppress(OSError):
            shutil.rmtree(self.folder)

    def _read(self) -> None:
        """Load the shard; anything unexpected means an empty one (never trusted)."""
        assert self.path is not None
        self.fingerprint = f"{self._code}:{current()}"  # diagnostics are in the language read
        self._old = read_entries(self.path, self.fingerprint)
        kind = special_kind(self.path) if is_real_folder(self.folder) else None
        if kind is not None:
            self.problems.append(_not_used(f"{CACHE_DIR}/{self.path.name}", kind))

    def load(
        self,
        rel: str,
        path: Path,
        model: type[M],
        read: Reader[M],
        codec: Codec[M] | None = None,
    ) -> tuple[M | None, list[Diagnostic]]:
        """The file's model and diagnostics: from the cache if the file is unchanged, else
        from ``read()``. ``codec`` is a faster (encode, decode) pair than the default
        ``model_dump`` / ``model_validate``; its decode must check every value it takes."""
        # files come folder by folder: compare the folder's name before building a path
        shard_key = rel.rpartition("/")[0]
        if shard_key == "funnel":
            shard_key = rel
        if shard_key != self._shard_key:
            self._shard_key = shard_key
            shard = shard_file(self.folder, rel)
            if shard != self.path:
                self._switch(shard)
        try:
            before = os.lstat(path)
        except OSError:
            before = None
        key = _key(before, model)
        entry = self._old.get(rel)
        if key is not None and isinstance(entry, list) and len(entry) == 3 and entry[0] == key:
            hit = _decode(entry, model, codec)
            if hit is not None:
                self._new[rel] = entry
                return hit
        self._changed = True
        value, diagnostics = read()
        if key is not None and before is not None and not is_racy(before):
            with contextlib.suppress(OSError):
                if _key(os.lstat(path), model) == key:  # unchanged while it was read
                    if value is None:
                        data = None
                    elif codec is not None:
                        data = codec[0](value)
                    else:
                        data = value.model_dump(mode="json", by_alias=True, exclude_defaults=True)
                    self._new[rel] = [key, data, [diagnostic_row(d) for d in diagnostics]]
        return value, diagnostics

    def save(self) -> None:
        """Write the shard if anything changed; atomically, and silently give up on failure."""
        if self.path is None or (not self._changed and self._new.keys() == self._old.keys()):
            return
        if not self._new and not self.path.exists():
            return  # nothing worth caching yet (e.g. every file was just written)
        write_entries(self.path, self.fingerprint, self._new)


def _key(st: os.stat_result | None, model: type[BaseModel]) -> list[Any] | None:
    """What must match for an entry to be used; None for what is never cached (links, …)."""
    if st is None or not stat.S_ISREG(st.st_mode):
        return None
    return [model.__name__, st.st_size, st.st_mtime_ns]


def diagnostic_row(d: Diagnostic) -> list[Any]:
    """A diagnostic as a cache file holds it (``cached_diagnostics`` reads it back)."""
    return [d.path, d.line, d.column, d.code, d.message, d.severity]


def _decode(
    entry: list[Any], model: type[M], codec: Codec[M] | None
) -> tuple[M | None, list[Diagnostic]] | None:
    """An entry back into a model and diagnostics, or None if it is not what we wrote."""
    data, raw = entry[1], entry[2]
    try:
        diagnostics = cached_diagnostics(raw)
        if diagnostics is None:
            return None
        if data is None:
            value = None
        elif codec is not None:
            value = codec[1](data)
        else:
            value = model.model_validate(data)
    except (TypeError, ValueError, KeyError, IndexError):  # ValidationError is a ValueError
        return None
    return value, diagnostics


def checked_files(
    root: Path,
    name: str,
    files: list[tuple[str, Path]],
    check: Callable[[Path], list[Diagnostic]],
    *,
    salt: str,
    use_cache: bool = True,
) -> list[Diagnostic]:
    """The diagnostics of ``check`` over ``files`` ((rel, path) pairs), each file's from the
    cache file ``name`` when its size and time are those recorded; ``salt`` is whatever else
    decides the result (the settings it was checked with). A run that found errors writes
    only into a cache folder that exists (as ``FileCache.discard_if_new``)."""
    path = root / CACHE_DIR / f"{name}-v{FORMAT}.json"
    fingerprint = hashlib.sha256(f"{code_fingerprint()}:{salt}".encode()).hexdigest()[:32]
    old = read_entries(path, fingerprint) if use_cache else {}
    new: dict[str, Any] = {}
    found: list[Diagnostic] = []
    for rel, file in files:
        try:
            before: os.stat_result | None = os.lstat(file)
        except OSError:
            before = None
        key = None if before is None or not stat.S_ISREG(before.st_mode) else _file_key(before)
        entry = old.get(rel)
        if key is not None and isinstance(entry, list) and len(entry) == 3 and entry[0] == key:
            try:
                hit = cached_diagnostics(entry[2])
            except (TypeError, ValueError):
                hit = None
            if hit is not None:
                found += hit
                new[rel] = entry
                continue
        diagnostics = check(file)
        found += diagnostics
        if key is not None and before is not None and not is_racy(before):
            with contextlib.suppress(OSError):
                if _file_key(os.lstat(file)) == key:
                    new[rel] = [key, None, [diagnostic_row(d) for d in diagnostics]]
    clean = not any(d.severity == "error" for d in found)
    if use_cache and new != old and (clean or is_real_folder(path.parent)):
        write_entries(path, fingerprint, new)
    return found


def cached_diagnostics(raw: Any) -> list[Diagnostic] | None:
    """Cached diagnostics back into ``Diagnostic``s, or None if they are not what we wrote."""
    diagnostics = []
    for item in raw:
        path, line, column, code, message, severity = item
        if not (
            isinstance(path, str)
            and type(line) is int
            and type(column) is int
            and isinstance(code, str)
            and isinstance(message, str)
            and severity in ("error", "warning")
        ):
            return None
        diagnostics.append(Diagnostic(path, line, column, code, message, severity))
    return diagnostics


def _file_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns]
