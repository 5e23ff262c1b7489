"""The deals of a stored import column by column, as its cache file (``import_cache``) keeps
them: the IDs and names as text, the other columns as indexes into tables of distinct values
(``array.array``), the amounts as doubles (NaN: none). ``Columns`` takes them as ``funnel
import`` writes them (amounts and days as the stored file reads back) or as a stored file was
read; a cell that would not read back plainly (a line break, NUL) keeps no cache.
"""

from __future__ import annotations

import array
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from salescoach.crm.stored import iso_or_empty
from salescoach.crm.values import DateParser, format_amount
from salescoach.models import Deal

TEXT_COLUMNS = ("id", "name")
INDEXED_COLUMNS = ("rep", "owner", "stage", "created", "closed", "expected")
"""Columns kept as indexes into a table; the days share one table (``day``)."""
TABLE_OF = {"rep": "rep", "owner": "owner", "stage": "stage"} | dict.fromkeys(
    ("created", "closed", "expected"), "day"
)
INDEX_CODES = ("B", "H", "I")
_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00]")
"""What ``str.splitlines`` or the csv module treat as the end of a line, but "\n" (and NUL):
a cell with one (or "\n", see ``_joined``) is not cached (its round trip through the CSV file
is not plain, and "\n" separates the texts of the cache)."""


class _Table(dict[Any, int]):
    """The distinct values of a column (``distinct``, as the header keeps them, through
    ``key``) and each one's index."""

    def __init__(self, key: Callable[[Any], Any] | None = None) -> None:
        super().__init__()
        self.distinct: list[Any] = []
        self.key = key

    def __missing__(self, value: Any) -> int:
        self[value] = found = len(self.distinct)
        self.distinct.append(value if self.key is None else self.key(value))
        return found

    def codes(self, column: Iterable[Any]) -> list[int]:
        """The index of each value of ``column`` (a new value gets the next one)."""
        return list(map(self.__getitem__, column))


class _Stored(dict[Any, float]):
    """Each amount as reading the stored file gives it back (NaN: none), worked out once."""

    def __missing__(self, amount: float | None) -> float:
        text = format_amount(amount)
        read = float(text) if text else math.nan
        if math.isinf(read) or (text and read != read):
            raise ValueError(amount)
        self[amount] = read
        return read


class Columns:
    """Deals kept column by column for a cache file, as reading the stored file gives them:
    ``written`` deals (about to be stored by an import) with their amounts as stored and
    their days as read back; else deals just read from the file, as they are. ``ok`` is
    False when a cell would not read back plainly (then no cache is written)."""

    def __init__(self, *, written: bool) -> None:
        self.ok = True
        self.count = 0
        self.written = written
        self.texts: dict[str, list[bytes]] = {name: [] for name in TEXT_COLUMNS}
        self.tables = {name: _Table() for name in ("rep", "owner", "stage")}
        self.tables["day"] = _Table(key=self._day)
        self.codes = {name: array.array("I") for name in INDEXED_COLUMNS}
        self.amounts = array.array("d")
        self._amounts = _Stored()
        self._parse = DateParser("Y-m-d")

    def add(self, deals: Sequence[Deal]) -> None:
        """The next deals."""
        if not self.ok or not deals:
            return
        try:
            self._add(deals)
        except (ValueError, TypeError, OverflowError, AttributeError):
            self.ok = False

    def _add(self, deals: Sequence[Deal]) -> None:
        ids, reps, owners, stages, amounts, created, closed, names, expected = zip(
            *deals, strict=True
        )
        for name, texts in (("id", ids), ("name", names)):
            self.texts[name].append(_joined(texts).encode("utf-8"))
        cells = {"rep": reps, "owner": owners, "stage": stages}
        cells |= {"created": created, "closed": closed, "expected": expected}
        for name, column in cells.items():
            self.codes[name].fromlist(self.tables[TABLE_OF[name]].codes(column))
        if self.written:
            self.amounts.fromlist(list(map(self._amounts.__getitem__, amounts)))
        else:  # as read (not through a table: -0.0 and 0.0 are one key)
            if not {*map(type, amounts)} <= {float, type(None)}:
                raise ValueError("amount")
            read = array.array("d", [math.nan if a is None else a for a in amounts])
            if any(map(math.isinf, read)) or sum(map(math.isnan, read)) != amounts.count(None):
                raise ValueError("amount")
            self.amounts.extend(read)
        self.count += len(deals)

    def _day(self, day: date | None) -> str | None:
        """A day as reading the stored file gives it, in ISO form (None: no day)."""
        if day is None:
            return None
        read = self._parse(iso_or_empty(day)) if self.written else day
        if type(read) is not date:
            raise ValueError(day)
        return read.isoformat()

    def sections(self) -> tuple[list[list[Any]], list[bytes | memoryview]] | None:
        """The columns as the header lists them and their bytes; None if any cell of the
        tables would not read back plainly."""
        if not self.ok:
            return None
        for name in ("rep", "owner", "stage"):
            _joined(self.tables[name].distinct)
        columns: list[list[Any]] = []
        parts: list[bytes | memoryview] = []
        for name in TEXT_COLUMNS:
            text = b"\n".join(self.texts[name])
            columns.append([name, "text", len(text)])
            parts.append(text)
        for name in INDEXED_COLUMNS:
            codes = _narrowest(self.codes[name], len(self.tables[TABLE_OF[name]].distinct))
            columns.append([name, codes.typecode, len(codes) * codes.itemsize])
            parts.append(memoryview(codes).cast("B"))
        columns.append(["amount", "d", len(self.amounts) * self.amounts.itemsize])
        parts.append(memoryview(self.amounts).cast("B"))
        return columns, parts

    def table_values(self) -> dict[str, list[Any]]:
        return {name: table.distinct for name, table in self.tables.items()}


def _joined(texts: Sequence[str]) -> str:
    """``texts`` joined with "\n"; ``ValueError`` if one holds a line break or NUL."""
    text = "\n".join(texts)
    if text.count("\n") != max(len(texts) - 1, 0) or _LINE_BREAKS.search(text):
        raise ValueError("a line break")
    return text


def _narrowest(codes: array.array[int], size: int) -> array.array[int]:
    """``codes`` in the smallest array type that holds indexes below ``size``."""
    for code in INDEX_CODES:
        if size <= 1 << (8 * array.array(code).itemsize):
            return codes if code == codes.typecode else array.array(code, codes)
    return codes


def of_deals(deals: Sequence[Deal]) -> Columns:
    """The columns of deals read from a stored file (the cache of a clean read)."""
    columns = Columns(written=False)
    columns.add(deals)
    return columns
