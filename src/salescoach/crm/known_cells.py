"""A ``DealReader`` that reads an export a chunk at a time, column by column: exports repeat
their stages, owners, dates and amounts row after row, so each distinct cell is read once
(``_Known``) and a chunk whose rows all read cleanly becomes deals by a few calls that each
go over a whole column. A row with a cell that does not read cleanly (and one whose ID is no
new printable ID) is read whole, in its place, by ``DealReader.deal``: every problem keeps its
line and message; the same deals, tallies and latest date as reading every row whole. Every
row of an export with a status or currency column is read whole."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from itertools import chain, compress, repeat
from operator import getitem, itemgetter, lt
from typing import Any, Final, Generic, TypeVar, cast

from salescoach.crm.cells import MAX_SHOWN_CHARS, control_in, shown_text, without_controls
from salescoach.crm.mapping import Columns
from salescoach.crm.problems import converted
from salescoach.crm.rows import DealReader, Row
from salescoach.crm.values import DateParser, norm, parse_amount, year_in_range
from salescoach.models import LOST, WON, Deal

T = TypeVar("T")
new_deal: Callable[[tuple[object, ...]], Deal] = partial(tuple.__new__, Deal)
"""A ``Deal`` from its fields in order, without the named tuple's Python-level ``__new__``
(it runs for every row of an export)."""
MAX_KNOWN = 200_000
"""The distinct cells of one kind remembered (memory must not grow with the file)."""


class _Bad:
    """The value of a cell that does not read cleanly (its row is read whole)."""

    __slots__ = ()


BAD: Final = _Bad()
NO_REP: Final = ("", "")
"""An owner cell not yet known to be a rep's (its rows are counted one by one)."""
_LOW: Final[dict[object, date]] = {None: date.min, BAD: date.min}
_HIGH: Final[dict[object, date]] = {None: date.max, BAD: date.max}
_CLOSING = frozenset((WON, LOST))
_before = cast(Callable[[object, object], bool], lt)
"""A close date before a created date (each a date, ``date.max`` or ``date.min``)."""
SLICE_ROWS = 1024
"""Rows read column by column at a time: few enough for their cells to stay in the
processor's cache from one column's pass to the next."""


class KnownCellsReader(DealReader):
    """Maps rows to deals like ``DealReader``, each distinct cell read once, a chunk of rows
    column by column."""

    __slots__ = (
        "_amount",
        "_currency",
        "_day",
        "_fast",
        "_names",
        "_owner",
        "_read_columns",
        "_rep",
        "_stage",
    )

    def __init__(
        self,
        source: str,
        cols: Columns,
        mapper: Mapping[str, str],
        owners: Mapping[str, str],
        parse_date: DateParser,
        delimiter: str,
    ) -> None:
        super().__init__(source, cols, mapper, owners, parse_date, delimiter)
        self._stage: _Known[str | None] = _Known(self._stage_of, None)
        self._amount: _Known[object] = _Known(self._amount_of, BAD)
        self._currency: dict[str, str] = {}
        """The amount cells that name a currency (their rows are counted one by one)."""
        self._day: _Known[object] = _Known(self._day_of, BAD)
        self._owner: _Known[str | None] = _Known(self._owner_of, None)
        self._rep: dict[str, tuple[str, str]] = {}
        self._names: _Known[str] = _Known(self._name, "")
        self._fast = self.i_status is None and self.i_currency is None and len(self.i_closed) == 1
        read = [self.i_id, self.i_name, self.i_owner, self.i_stage, self.i_amount, self.i_created]
        read += [*self.i_closed, self.i_expected]
        self._read_columns = [i for i in dict.fromkeys(read) if i is not None]
        """The columns the deals are read from (each once)."""

    def read_all(self, rows: Iterable[Row]) -> None:
        """Every row's deal into ``deals``, or its problems into ``problems``; into a new
        ``DealBatch`` when ``deals`` is empty."""
        if not self._fast:
            super().read_all(rows)
            return
        rows = list(rows)
        if not self.deals:
            self.deals = DealBatch()
        for start in range(0, len(rows), SLICE_ROWS):
            part = rows[start : start + SLICE_ROWS]
            cells = list(map(itemgetter(1), part))
            columns = {i: list(map(itemgetter(i), cells)) for i in self._read_columns}
            deals, fields = self._column_deals(part, columns)
            if isinstance(self.deals, DealBatch):
                self.deals.extend_with(deals, fields)
            else:
                self.deals += deals
            self.count += len(deals)

    def _column_deals(
        self, rows: Sequence[Row], columns: Mapping[int, Sequence[str]]
    ) -> tuple[list[Deal], list[list[Any]] | None]:
        """The rows' deals, column by column, and their fields (None when a row was read
        whole); the rows that need more are handled one by one, in their order
        (``_one_by_one``)."""
        n, lines = len(rows), list(map(itemgetter(0), rows))
        stages: list[object] = list(map(self._stage.__getitem__, columns[self.i_stage]))
        values: list[object] = list(map(self._amount.__getitem__, columns[self.i_amount]))
        created, closed, expected = self._days(columns, stages, n)
        reps = list(map(self._rep.get, columns[self.i_owner], repeat(NO_REP)))
        ids, bad = self._ids(lines, columns)
        bad.update(_where(stages, None), _where(values, BAD))
        bad.update(self._bad_days(created, closed, expected, stages))
        names: list[object] = [""] * n
        if self.i_name is not None:
            names = list(map(self._names.__getitem__, columns[self.i_name]))
        owners: list[object] = list(map(itemgetter(0), reps))
        rep_ids: list[object] = list(map(itemgetter(1), reps))
        fields: list[list[Any]] = [
            ids,
            rep_ids,
            owners,
            stages,
            values,
            created,
            closed,
            names,
            expected,
        ]
        deals: list[Deal | None] = list(map(new_deal, zip(*fields, strict=True)))
        tallied = set(_where(reps, NO_REP))
        owner_cells = columns[self.i_owner]
        bad.update(i for i in tallied if self._owner[owner_cells[i]] is None)
        currencies: list[object] = [None] * n
        if self._currency:
            currencies = list(map(self._currency.get, columns[self.i_amount]))
            tallied.update(i for i, c in enumerate(currencies) if c is not None)
        if bad or tallied:
            self._one_by_one(rows, sorted(bad | tallied), bad, deals, currencies, reps)
        self._note_latest(created, closed, bad)
        if bad:
            return list(filter(None, deals)), None
        for i in tallied:  # their owners, as counted
            rep_ids[i], owners[i] = cast(Deal, deals[i])[1:3]
        return cast(list[Deal], deals), fields

    def _days(
        self, columns: Mapping[int, Sequence[str]], stages: list[object], n: int
    ) -> tuple[list[object], list[object], list[object]]:
        """The rows' created dates, close dates (of won and lost deals) and expected close
        dates (of open ones): a date, None, or ``BAD``."""
        day = self._day.__getitem__
        nones: list[object] = [None] * n
        created = list(map(day, columns[self.i_created])) if self.i_created is not None else nones
        closing = list(map(_CLOSING.__contains__, stages))
        closed = list(map(getitem, zip(repeat(None), map(day, columns[self.i_closed[0]])), closing))
        expected = nones
        if self.i_expected is not None:
            expected_cells = map(day, columns[self.i_expected])
            expected = list(map(getitem, zip(expected_cells, repeat(None)), closing))
        return created, closed, expected

    def _bad_days(
        self,
        created: list[object],
        closed: list[object],
        expected: list[object],
        stages: list[object],
    ) -> set[int]:
        """The rows with a date that does not read, a won or lost deal without a close date,
        or one closed before it was created."""
        bad = {*_where(created, BAD), *_where(closed, BAD), *_where(expected, BAD)}
        closing = list(map(_CLOSING.__contains__, stages))
        if closed.count(None) != closing.count(False):
            bad.update(i for i in _where(closed, None) if closing[i])
        before = map(_before, map(_HIGH.get, closed, closed), map(_LOW.get, created, created))
        bad.update(_where(list(before), True))
        return bad

    def _note_latest(self, created: list[object], closed: list[object], bad: set[int]) -> None:
        """The latest created or close date of the rows not read whole (those noted theirs)."""
        days: Iterable[object] = chain(created, closed)
        if bad:
            good = [True] * len(created)
            for i in bad:
                good[i] = False
            days = chain(compress(created, good), compress(closed, good))
        latest = max(filter(None, days), default=None)  # type: ignore[type-var]
        if isinstance(latest, date) and (self.latest is None or latest > self.latest):
            self.latest = latest

    def _one_by_one(
        self,
        rows: Sequence[Row],
        which: list[int],
        bad: set[int],
        deals: list[Deal | None],
        currencies: list[object],
        reps: list[tuple[str, str]],
    ) -> None:
        """The rows ``which`` in order: a ``bad`` one read whole (its deal or None), another
        counted (its currency; its owner, when the cell is not known as a rep's)."""
        for i in which:
            line, row = rows[i]
            if i in bad:
                deals[i] = self.deal(line, row)
                continue
            currency = currencies[i]
            if isinstance(currency, str):
                self.currencies[currency] += 1
                self.currency_lines.setdefault(currency, line)
            deal = deals[i]
            if reps[i] is NO_REP and deal is not None:
                cell = row[self.i_owner]
                owner, rep = self._rep.get(cell) or self._owner_and_rep(
                    cell, self.owners.rep_of(self._owner[cell] or "", line)
                )
                deals[i] = deal._replace(rep=rep, owner=owner)

    def _ids(
        self, lines: list[int], columns: Mapping[int, Sequence[str]]
    ) -> tuple[list[str], set[int]]:
        """The rows' deal IDs (``line-N`` without one), each noted at its first line as
        ``deal_id`` notes it; the rows whose ID is a duplicate or not printable."""
        if self.i_id is not None:
            ids = list(map(str.strip, columns[self.i_id]))
        else:
            ids = [""] * len(lines)
        if "" in ids:
            ids = [deal_id or f"line-{line}" for deal_id, line in zip(ids, lines, strict=True)]
        first_line = self._first_line_of
        if (
            all(map(str.isprintable, ids))
            and len(set(ids)) == len(ids)
            and first_line.keys().isdisjoint(ids)
        ):
            first_line.update(zip(ids, lines, strict=True))
            return ids, set()
        bad: set[int] = set()
        for i, (deal_id, line) in enumerate(zip(ids, lines, strict=True)):
            printable = deal_id.isprintable()
            if (
                (printable or control_in(deal_id) is None)
                and first_line.setdefault(deal_id, line) != line
            ) or not printable:
                bad.add(i)
        return ids, bad

    def _owner_and_rep(self, cell: str, found: tuple[str, str]) -> tuple[str, str]:
        """An owner cell's owner and rep, remembered when the cell is a rep's: counting its
        rows again adds nothing (the rows of other owners are counted one by one)."""
        if found[1] and len(self._rep) < MAX_KNOWN:
            self._rep[cell] = found
        return found

    def _stage_of(self, text: str) -> str | None:
        """A stage cell's funnel stage as ``stage`` reads it without a status column; None
        for an empty or unmapped one."""
        raw = text.strip()
        return self.mapper.get(norm(raw)) if raw else None

    def _owner_of(self, cell: str) -> str | None:
        """An owner cell as ``owner_cell`` reads it; None for one it refuses."""
        if control_in(" ".join(cell.split())) is not None:
            return None
        return shown_text(cell) if len(cell) > MAX_SHOWN_CHARS else cell

    def _amount_of(self, text: str) -> object:
        """An amount cell as ``deal`` reads it without a currency column (one naming a
        currency noted in ``_currency``); ``ValueError`` for one it refuses (the row is then
        read whole, for its problem)."""
        amount, currency = parse_amount(text, self.decimal_mark)
        if amount is not None and amount != round(amount, 2):
            self.cents_only(text)
        if amount is not None and self.minor_units:
            amount = round(amount / 100, 2)
        if currency is not None:
            amount = converted(amount, self.rates.get(currency))
            if len(self._currency) >= MAX_KNOWN:
                self._currency.clear()
                self._amount.clear()
            self._currency[text] = currency
        return amount

    def _day_of(self, text: str) -> object:
        """A date cell as ``read_date`` reads it; ``ValueError`` for one it refuses."""
        if not text.strip():
            return None
        day = self.parse_date(text)
        if day is None or not year_in_range(day):
            raise ValueError(text)
        return day

    def _name(self, text: str) -> str:
        """A name cell as ``deal`` reads it: control characters as spaces, spaces tidied."""
        return " ".join((text if text.isprintable() else without_controls(text)).split())


class DealBatch(list[Deal]):
    """Deals with their fields column by column (``fields``, in ``Deal``'s order; None
    when not known), as the column path read them: a writer takes the columns as they are
    rather than taking every deal apart again."""

    __slots__ = ("fields",)

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[list[Any]] | None = [[] for _field in Deal._fields]

    def extend_with(self, deals: list[Deal], fields: list[list[Any]] | None) -> None:
        """Add ``deals``, with their ``fields`` (None: not known, nor then the batch's)."""
        self += deals
        if self.fields is None or fields is None:
            self.fields = None
            return
        for column, more in zip(self.fields, fields, strict=True):
            column += more


def _where(values: Sequence[object], value: object) -> list[int]:
    """The positions of ``value`` in ``values`` (found by ``list.index``, in C)."""
    found: list[int] = []
    i = -1
    try:
        while True:
            i = values.index(value, i + 1)
            found.append(i)
    except ValueError:
        return found


class _Known(dict[str, T], Generic[T]):
    """Cells read once each, by ``read``; a cell it refuses (``ValueError``) is ``bad``. At
    most ``MAX_KNOWN`` of them."""

    def __init__(self, read: Callable[[str], T], bad: T) -> None:
        super().__init__()
        self.read, self.bad = read, bad

    def __missing__(self, text: str) -> T:
        try:
            value = self.read(text)
        except ValueError:
            value = self.bad
        if len(self) >= MAX_KNOWN:
            self.clear()
        self[text] = value
        return value
