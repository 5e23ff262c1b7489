"""The deals of a stored import column by column, as its cache file (``import_cache``) keeps
them: the IDs as text, the other columns as indexes into tables of distinct values
(``array.array`` of the narrowest type for the table's size), the names as text instead when
most are distinct. ``Columns`` takes them as ``funnel import`` writes them (amounts and days
as the stored file reads back) or as a stored file was read; a cell that would not read back
plainly (a line break, NUL) keeps no cache. Equal values share one table entry, so a review
reading the cache gets one object per distinct name, rep, day or amount.
"""

from __future__ import annotations

import array
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from salescoach.crm.stored import iso_or_empty
from salescoach.crm.values import DateParser
from salescoach.models import Deal

TEXT_COLUMNS = ("id",)
INDEXED_COLUMNS = ("name", "rep", "owner", "stage", "created", "closed", "expected", "amount")
"""Columns kept as indexes into a table (the names: unless most are distinct); the days
share one table (``day``); the amounts' table is a section of doubles (NaN: none)."""
TABLE_OF = {name: name for name in ("name", "rep", "owner", "stage", "amount")} | dict.fromkeys(
    ("created", "closed", "expected"), "day"
)
TEXT_TABLES = ("name", "rep", "owner", "stage")
INDEX_CODES = ("B", "H", "I")
_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00]")
"""What ``str.splitlines`` or the csv module treat as the end of a line, but "\n" (and NUL):
a cell with one (or "\n", see ``_joined``) is not cached (its round trip through the CSV file
is not plain, and "\n" separates the texts of the cache)."""


class _Table(dict[Any, int]):
    """The distinct values of a column (``distinct``, as the cache keeps them, through
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


class Columns:
    """Deals kept column by column for a cache file, as reading the stored file gives them:
    ``written`` deals (about to be stored by an import) with their amounts as stored and
    their days as read back; else deals just read from the file, as they are. ``ok`` is
    False when a cell would not read back plainly (then no cache is written)."""

    def __init__(self, *, written: bool) -> None:
        self.ok = True
        self.count = 0
        self.written = written
        self.ids: list[bytes] = []
        self.tables = {name: _Table() for name in TEXT_TABLES}
        self.tables["day"] = _Table(key=self._day)
        self.tables["amount"] = _Table(key=None if written else _amount_as_read)
        self.codes = {name: array.array("B") for name in INDEXED_COLUMNS}
        self._parse = DateParser("Y-m-d")

    def add(self, deals: Sequence[Deal]) -> None:
        """The next deals."""
        if self.ok and deals:
            try:
                columns = tuple(zip(*deals, strict=True))
            except (ValueError, TypeError):
                self.ok = False
                return
            self.add_columns(columns)

    def add_columns(self, columns: Sequence[Sequence[Any]]) -> None:
        """The next deals as their columns, in ``Deal``'s order (``zip(*deals)``: a caller
        that has them already need not transpose the deals again)."""
        if not self.ok or not columns or not columns[0]:
            return
        try:
            self._add(columns)
        except (ValueError, TypeError, OverflowError, AttributeError):
            self.ok = False

    def _add(self, columns: Sequence[Sequence[Any]]) -> None:
        ids, reps, owners, stages, amounts, created, closed, names, expected = columns
        if len(set(map(len, columns))) != 1:
            raise ValueError("columns of different lengths")
        self.ids.append(_joined(ids).encode("utf-8"))
        cells: dict[str, Sequence[Any]] = {"name": names, "rep": reps, "owner": owners}
        cells["stage"] = stages
        cells |= {"created": created, "closed": closed, "expected": expected}
        if self.written:
            self._add_stored_amounts(amounts)
        else:  # as read: -0.0 is kept apart from 0.0 (one key in a dict)
            if not {*map(type, amounts)} <= {float, type(None)}:
                raise ValueError("amount")
            cells["amount"] = [(a, math.copysign(1.0, a)) if a == 0 else a for a in amounts]
        for name, column in cells.items():
            table = self.tables[TABLE_OF[name]]
            self._append(name, table.codes(column), len(table.distinct))
        self.count += len(ids)

    def _add_stored_amounts(self, amounts: Sequence[float | None]) -> None:
        """The amounts' indexes, each new amount as the stored file reads it back: rounded to
        two decimals (``crm.values.format_amount``), 0 without its sign, None as NaN; the
        chunk's new amounts are taken as they are, then worked out together, in C."""
        table = self.tables["amount"]
        if not table:
            table[None] = 0
            table.distinct.append(math.nan)
        start = len(table.distinct)
        codes = table.codes(amounts)
        read = list(map(float, map("{:.2f}".format, table.distinct[start:])))
        if not all(map(math.isfinite, read)):
            raise ValueError("amount")
        table.distinct[start:] = read
        if table.get(0, -1) >= start:
            table.distinct[table[0]] = 0.0  # "0", however its sign (-0.001 reads as -0.0)
        self._append("amount", codes, len(table.distinct))

    def _append(self, name: str, codes: list[int], size: int) -> None:
        """Add ``codes`` (indexes below ``size``) to a column, made wider first if need be
        (at most twice: the tables only grow)."""
        column = self.codes[name]
        code = _narrowest(size)
        if code != column.typecode:
            wider = array.array(code)
            wider.fromlist(column.tolist())
            self.codes[name] = column = wider
        if code == "B":
            column.frombytes(bytes(codes))  # ~3 × faster than ``fromlist`` for bytes
        else:
            column.fromlist(codes)

    def _day(self, day: date | None) -> str | None:
        """A day as reading the stored file gives it, in ISO form (None: no day)."""
        if day is None:
            return None
        read = self._parse(iso_or_empty(day)) if self.written else day
        if type(read) is not date:
            raise ValueError(day)
        return read.isoformat()

    def names_as_text(self) -> bool:
        """Whether the names are kept as text: when most are distinct."""
        return 2 * len(self.tables["name"].distinct) > self.count

    def sections(self) -> tuple[list[list[Any]], list[bytes | memoryview]] | None:
        """The columns as the header lists them and their bytes; None if any cell of the
        tables would not read back plainly."""
        if not self.ok:
            return None
        for name in TEXT_TABLES:
            _joined(self.tables[name].distinct)
        columns: list[list[Any]] = []
        parts: list[bytes | memoryview] = []

        def text(name: str, data: bytes) -> None:
            columns.append([name, "text", len(data)])
            parts.append(data)

        def binary(name: str, values: array.array[Any]) -> None:
            columns.append([name, values.typecode, len(values) * values.itemsize])
            parts.append(memoryview(values).cast("B"))

        text("id", b"\n".join(self.ids))
        for name in INDEXED_COLUMNS:
            if name == "amount":
                binary("amounts", array.array("d", self.tables["amount"].distinct))
            if name == "name" and self.names_as_text():
                names = map(self.tables["name"].distinct.__getitem__, self.codes["name"])
                text("name", "\n".join(names).encode("utf-8"))
            else:
                binary(name, self.codes[name])
        return columns, parts

    def table_values(self) -> dict[str, list[Any]]:
        """The tables the header keeps (the names' only when they are indexed)."""
        tables = {name: self.tables[name].distinct for name in (*TEXT_TABLES, "day")}
        if self.names_as_text():
            tables["name"] = []
        return tables


def _amount_as_read(key: float | tuple[float, float] | None) -> float:
    """An amount of a stored file as read (NaN: none; a zero comes with its sign); an
    amount that is not finite raises ``ValueError`` (the file holds none)."""
    if key is None:
        return math.nan
    amount = key[0] if isinstance(key, tuple) else key
    if not math.isfinite(amount):
        raise ValueError(amount)
    return amount


def _joined(texts: Sequence[str]) -> str:
    """``texts`` joined with "\n"; ``ValueError`` if one holds a line break or NUL."""
    text = "\n".join(texts)
    if text.count("\n") != max(len(texts) - 1, 0) or _LINE_BREAKS.search(text):
        raise ValueError("a line break")
    return text


def _narrowest(size: int) -> str:
    """The smallest array type that holds indexes below ``size``."""
    for code in INDEX_CODES:
        if size <= 1 << (8 * array.array(code).itemsize):
            return code
    raise OverflowError(size)


def of_deals(deals: Sequence[Deal]) -> Columns:
    """The columns of deals read from a stored file (the cache of a clean read)."""
    columns = Columns(written=False)
    columns.add(deals)
    return columns
