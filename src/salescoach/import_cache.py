"""The deals of a stored import kept in ``.salescoach-cache/`` (issue 18), so ``funnel review``
does not parse a 15 MB CSV file each time: ``funnel import`` writes it for the file it just
stored, ``imports.load_import`` reads it first and, on a miss, writes it after a clean read.

The file (``import~<stored file name>-v2.deals``) is one line of JSON, then the columns: the
IDs as UTF-8 text joined with "\\n", each other column an ``array.array`` of indexes into a
table: the header's names, reps, owners, stages and days (ISO text or null), or the amounts'
table, a section of doubles (NaN for none) before their indexes; the names are text like the
IDs when most are distinct (their table is then empty). One object per distinct value is
read, so a review's tally and JSON touch fewer objects (v1 kept every name and amount apart).
No pickle, no marshal: loading it runs no code. Everything is checked on the way in (the
lengths, every index in range, the days, the stages against ``funnel.stages``, finite
amounts); anything unexpected is a miss, never a traceback, never a wrong deal. The folder
and file follow ``store.cache``'s rules (a real folder, a regular file opened without
following links, at most twice the stored file's size plus 1 MiB), and every failure to
write is silent.

**Key**: the stored file's size, ``st_mtime_ns``, ``st_ctime_ns``, inode and device, the format
and the code that reads and writes stored imports (``fingerprint``), plus the SHA-256 of the
bytes the deals come from. **Racy files**: a file changed within ``RACY_SECONDS`` of its stat
being taken could change again without its stat changing (git's "racily clean" problem), and
``funnel import`` always records a file it has just written. Such an entry is marked unsettled:
it is used only after the file's bytes are read again and their SHA-256 is the one recorded
(~30 ms for 200,000 deals, against ~500 ms of parsing), and once the file is no longer racy the
entry is rewritten as settled, used on its stat alone: any later change to the file gives it a
new ``st_ctime_ns``. The hash is of the very bytes the deals were taken from (written by the
import, read by the review), never of the file read again afterwards.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import math
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import Any

from salescoach.collector import paused_gc
from salescoach.crm.stored import NORMALISED_COLUMNS, StoredImport, read_metadata
from salescoach.deal_columns import (
    INDEX_CODES,
    INDEXED_COLUMNS,
    TABLE_OF,
    TEXT_COLUMNS,
    TEXT_TABLES,
    Columns,
    of_deals,
)
from salescoach.models import LOST, WON, Deal
from salescoach.store.cache import (
    CACHE_DIR,
    RACY_SECONDS,
    code_fingerprint,
    may_write,
    read_capped,
)

FORMAT = 2
SUFFIX = f"-v{FORMAT}.deals"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def fingerprint() -> str:
    """The cache's format and the code that decides what a stored import reads as: the file
    cache's fingerprint (models, parser, store) and the stored import's reader and writer."""
    h = hashlib.sha256(f"{FORMAT}:{code_fingerprint()}".encode())
    for source in _SOURCES:
        with contextlib.suppress(OSError):
            st = os.stat(source)
            h.update(f":{source.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:32]


_PACKAGE = Path(__file__).parent
_SOURCES = (
    Path(__file__),
    _PACKAGE / "imports.py",
    _PACKAGE / "deal_columns.py",
    _PACKAGE / "records.py",
    *(_PACKAGE / "crm" / f"{name}.py" for name in ("__init__", "cells", "stored", "stored_text")),
    _PACKAGE / "crm" / "values.py",
)
"""The code that writes and reads a stored import (by path: importing ``imports`` here would
be a cycle)."""


def cache_path(root: Path, stored: Path) -> Path | None:
    """The cache file of the stored import ``stored`` (None for a name that is not safe)."""
    if not _SAFE_NAME.match(stored.name):
        return None
    return root / CACHE_DIR / f"import~{stored.name}{SUFFIX}"


def file_key(st: os.stat_result) -> list[int]:
    """What of the stored file's stat must match for its cache to be used."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def is_racy(st: os.stat_result) -> bool:
    """Whether the file changed (content or stat) too recently for its stat to tell a later
    change (``RACY_SECONDS``): its cache entry is then checked by the file's hash."""
    return time.time() - max(st.st_mtime, st.st_ctime) <= RACY_SECONDS


def regular_stat(path: Path) -> os.stat_result | None:
    """The stat of ``path`` if it is a regular file itself (not a link)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


# ---------------------------------------------------------------- reading


class Entry:
    """The cache of one stored file, for ``imports.load_import``: ``load`` it, else
    ``save_read`` the file's deals once they are read (with the stat ``load`` took)."""

    def __init__(self, root: Path, stored: Path) -> None:
        self.root, self.stored = root, stored
        self.before: os.stat_result | None = None
        self.settled = False

    def load(self, allowed_stages: Sequence[str], limit: int) -> StoredImport | None:
        """The deals from the cache, or None; only for a regular file of at most ``limit``
        bytes whose real path is in the repository (what ``store.read_bytes`` reads)."""
        real_root = os.path.realpath(self.root)
        if os.path.commonpath([real_root, os.path.realpath(self.stored)]) != real_root:
            return None
        with paused_gc():
            cached, self.before = load(self.root, self.stored, allowed_stages)
        self.settled = self.before is not None and not is_racy(self.before)
        if self.before is None or self.before.st_size > limit:
            return None
        return cached

    def save_read(self, data: bytes, read: StoredImport) -> None:
        """Cache the deals just read cleanly from the file's bytes ``data``."""
        if self.before is not None:
            save_read(self.root, self.stored, self.before, self.settled, data, read)


def load(
    root: Path, stored: Path, allowed_stages: Sequence[str]
) -> tuple[StoredImport | None, os.stat_result | None]:
    """The stored import from its cache, or None on any miss; and the stored file's stat as
    it was checked (None if it is no regular file)."""
    st = regular_stat(stored)
    path = cache_path(root, stored)
    if st is None or path is None:
        return None, st
    racy = is_racy(st)
    try:
        raw = read_capped(path, limit=cap(st.st_size))
        if raw is None:
            return None, st
        decoded = _decode(raw, stored.name, st, set(allowed_stages) | {WON, LOST})
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        return None, st
    if decoded is None:
        return None, st
    head, deals = decoded
    if not head["settled"]:
        if not _same_bytes(stored, st, head["sha256"]):
            return None, st
        if not racy:
            _settle(path, raw, head)
    return StoredImport(head["meta"], deals), st


def cap(size: int) -> int:
    """The largest cache file of a stored file of ``size`` bytes."""
    return 2 * size + 1024 * 1024


def _same_bytes(stored: Path, st: os.stat_result, sha256: str) -> bool:
    """Whether the stored file still holds the bytes whose hash is ``sha256`` (read without
    following links, its stat unchanged)."""
    try:
        fd = os.open(stored, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        if file_key(os.fstat(handle.fileno())) != file_key(st):
            return False
        data = handle.read(st.st_size + 1)
    return hashlib.sha256(data).hexdigest() == sha256


def _settle(path: Path, raw: bytes, head: dict[str, Any]) -> None:
    """Rewrite an entry checked by its hash as settled (used on its stat from now on)."""
    end = raw.index(b"\n") + 1
    settled = _header_line({**head, "settled": True})
    _write(path, [settled, memoryview(raw)[end:]])


def _decode(
    raw: bytes, name: str, st: os.stat_result, allowed: set[str]
) -> tuple[dict[str, Any], list[Deal]] | None:
    """The header and deals of a cache file, or None if it is not exactly what was written
    for this stored file by this code."""
    end = raw.index(b"\n")
    head = json.loads(raw[:end])
    if not (
        isinstance(head, dict)
        and head.get("format") == FORMAT
        and head.get("code") == fingerprint()
        and head.get("file") == name
        and head.get("key") == file_key(st)
        and head.get("byteorder") == sys.byteorder
        and isinstance(head.get("sha256"), str)
        and type(head.get("settled")) is bool
        and _is_text_map(head.get("meta"))
    ):
        return None
    count = head.get("count")
    if type(count) is not int or count < 0:
        return None
    tables = _tables(head.get("tables"), allowed)
    columns = head.get("columns")
    if tables is None or not isinstance(columns, list):
        return None
    if [c[0] if isinstance(c, list) and c else None for c in columns] != COLUMN_NAMES:
        return None
    view = memoryview(raw)
    offset = end + 1
    values: dict[str, Iterable[Any]] = {}
    for column in columns:
        got = _column(column, view, offset, count, tables)
        if got is None:
            return None
        values[column[0]], offset = got
    if offset != len(raw):
        return None
    fields = zip(
        values["id"],
        values["rep"],
        values["owner"],
        values["stage"],
        values["amount"],
        values["created"],
        values["closed"],
        values["name"],
        values["expected"],
        strict=True,
    )
    return head, list(map(tuple.__new__, repeat(Deal), fields))


COLUMN_NAMES = [*TEXT_COLUMNS, *INDEXED_COLUMNS[:-1], "amounts", "amount"]
"""The sections of a cache file in order ("amounts": the amounts' table)."""


def _is_text_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _tables(raw: Any, allowed: set[str]) -> dict[str, list[Any]] | None:
    """The header's tables, checked: texts, stages allowed, days parsed (None: null)."""
    if not isinstance(raw, dict) or set(raw) != {*TEXT_TABLES, "day"}:
        return None
    tables: dict[str, list[Any]] = {}
    for name in TEXT_TABLES:
        table = raw[name]
        if not isinstance(table, list) or not all(isinstance(v, str) for v in table):
            return None
        tables[name] = table
    if not allowed.issuperset(tables["stage"]):
        return None
    days = raw["day"]
    if not isinstance(days, list):
        return None
    tables["day"] = [None if day is None else date.fromisoformat(day) for day in days]
    return tables


def _column(
    column: list[Any], view: memoryview, offset: int, count: int, tables: dict[str, list[Any]]
) -> tuple[Iterable[Any], int] | None:
    """One column's values and the offset after it, or None if it is not what was written
    (the amounts' table goes into ``tables``); an indexed column's values are looked up as
    the deals are built."""
    if len(column) != 3:
        return None
    name, code, size = column
    if type(size) is not int or size < 0 or offset + size > len(view):
        return None
    chunk = view[offset : offset + size]
    if code == "text" and name in ("id", "name"):
        texts = str(chunk, "utf-8").split("\n") if count else []
        if name == "name" and tables["name"]:
            return None  # a table for names kept as text
        return (texts, offset + size) if len(texts) == count else None
    if name == "amounts":
        if code != "d":
            return None
        amounts = array.array("d")
        amounts.frombytes(chunk)
        if any(map(math.isinf, amounts)):
            return None
        tables["amount"] = [None if x != x else x for x in amounts]
        return [], offset + size
    if code not in INDEX_CODES or name not in INDEXED_COLUMNS:
        return None
    codes = array.array(code)
    codes.frombytes(chunk)
    if len(codes) != count:
        return None
    # every index is looked up: one out of range raises IndexError (a miss); none is negative
    return map(tables[TABLE_OF[name]].__getitem__, codes), offset + size


# ---------------------------------------------------------------- writing


def save_read(
    root: Path,
    stored: Path,
    before: os.stat_result,
    settled: bool,
    data: bytes,
    read: StoredImport,
) -> None:
    """Cache the deals of a stored file just read cleanly (``data``: its bytes; ``before``:
    its stat before), if its stat did not change while it was read."""
    after = regular_stat(stored)
    if after is None or file_key(after) != file_key(before) or len(data) != before.st_size:
        return
    digest = hashlib.sha256(data).hexdigest()
    save(root, stored, before, settled, digest, read.meta, of_deals(read.deals))


def save_written(root: Path, stored: Path, head: bytes, digest: Any, columns: Columns) -> None:
    """Cache the deals ``funnel import`` just put in place at ``stored`` (``head``: the lines
    above them; ``digest``: the hash of the bytes written), under the folder's lock. Its stat
    is taken now, after the write: racy, so a review checks the hash until it settles."""
    if not columns.ok:
        return
    lines = head.decode("utf-8").splitlines(keepends=True)
    meta, start = read_metadata(lines)
    if lines[start:] != [",".join(NORMALISED_COLUMNS) + "\n"]:
        return  # a metadata line that would not read back as one
    st = regular_stat(stored)
    if st is not None:
        save(root, stored, st, not is_racy(st), digest.hexdigest(), meta, columns)


def save(
    root: Path,
    stored: Path,
    st: os.stat_result,
    settled: bool,
    sha256: str,
    meta: dict[str, str],
    columns: Columns,
) -> None:
    """Write the cache of the stored file ``stored`` whose stat was ``st`` when the bytes
    hashed as ``sha256`` were read or written; ``settled``: the file was not racy when that
    stat was taken (``is_racy``). Silently nothing on any failure."""
    path = cache_path(root, stored)
    if path is None or columns.count == 0:
        return
    with contextlib.suppress(OSError, ValueError, TypeError, OverflowError):
        sections = columns.sections()
        if sections is None:
            return
        spec, parts = sections
        head = {
            "format": FORMAT,
            "code": fingerprint(),
            "file": stored.name,
            "key": file_key(st),
            "sha256": sha256,
            "settled": settled,
            "byteorder": sys.byteorder,
            "count": columns.count,
            "meta": meta,
            "tables": columns.table_values(),
            "columns": spec,
        }
        line = _header_line(head)
        if len(line) + sum(len(p) for p in parts) > cap(st.st_size):
            return
        _write(path, [line, *parts])


def _header_line(head: dict[str, Any]) -> bytes:
    return (
        json.dumps(head, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")
        + b"\n"
    )


def _write(path: Path, parts: Sequence[bytes | memoryview]) -> None:
    """Write the cache file atomically (a temporary file, then a rename: no ``fsync``, the
    cache can always be rebuilt), only where ``store.cache.may_write`` allows (a real folder,
    never through a link nor over anything but a regular file); silently nothing on any
    failure. ``parts`` are written as they are: the columns are megabytes."""
    with contextlib.suppress(OSError):
        if not may_write(path):
            return
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                for part in parts:
                    handle.write(part)
            os.replace(temp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
