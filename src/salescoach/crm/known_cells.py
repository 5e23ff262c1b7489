"""A ``DealReader`` that reads each distinct cell once: exports repeat their stages, owners,
dates and amounts row after row, so a row whose cells were all read cleanly before becomes a
deal by a few dictionary look-ups (the same deal, and the same tallies, as reading it whole).
Any other row, and every row of an export with a status or currency column, is read whole."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial
from typing import TypeVar

from salescoach.crm.cells import MAX_SHOWN_CHARS, shown_text, without_controls
from salescoach.crm.mapping import Columns
from salescoach.crm.problems import converted
from salescoach.crm.rows import DealReader, Row
from salescoach.crm.values import DateParser, parse_amount, year_in_range
from salescoach.models import LOST, WON, Deal

T = TypeVar("T")
new_deal: Callable[[tuple[object, ...]], Deal] = partial(tuple.__new__, Deal)
"""A ``Deal`` from its fields in order, without the named tuple's Python-level ``__new__``
(it runs for every row of an export)."""
MAX_KNOWN = 200_000
"""The distinct cells of one kind remembered (memory must not grow with the file)."""


class KnownCellsReader(DealReader):
    """Maps rows to deals like ``DealReader``, remembering the cells of rows read cleanly."""

    __slots__ = ("_amount", "_day", "_fast", "_names", "_owner", "_rep", "_stage")

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
        self._stage: dict[str, str] = {}
        self._amount = _Known(self._amount_of)
        self._day = _Known(self._day_of)
        self._owner: dict[str, str] = {}
        self._rep: dict[str, tuple[str, str]] = {}
        self._names = _Known(self._name)
        self._fast = self.i_status is None and self.i_currency is None and len(self.i_closed) == 1

    def read_all(self, rows: Iterable[Row]) -> None:
        """Every row's deal into ``deals``, or its problems into ``problems``."""
        if not self._fast:
            super().read_all(rows)
            return
        deals = self._known_deals(rows)
        self.deals += deals
        self.count += len(deals)

    def _known_deals(self, rows: Iterable[Row]) -> list[Deal]:
        """The rows' deals from cells read before; a row with a cell not read before, or one
        that does not read cleanly, is read whole (``_learned``). One loop with the columns
        in local names: this runs for every row of the export."""
        stages, amounts, days, owner_cells = self._stage, self._amount, self._day, self._owner
        i_stage, i_amount, i_created, i_owner = (
            self.i_stage,
            self.i_amount,
            self.i_created,
            self.i_owner,
        )
        i_closed, i_expected, i_id, i_name = (
            self.i_closed[0],
            self.i_expected,
            self.i_id,
            self.i_name,
        )
        first_line, rep_of, learned, reps, names = (
            self._first_line_of.setdefault,
            self.owners.rep_of,
            self._learned,
            self._rep,
            self._names,
        )
        deals: list[Deal] = []
        latest = self.latest
        for line, row in rows:
            try:
                stage = stages[row[i_stage]]
                amount, currency = amounts[row[i_amount]]
                created = days[row[i_created]] if i_created is not None else None
                closed = expected = None
                if stage in (WON, LOST):
                    closed = days[row[i_closed]]
                    if closed is None or (created is not None and closed < created):
                        raise ValueError
                elif i_expected is not None:
                    expected = days[row[i_expected]]
                cell = row[i_owner]
                known = reps.get(cell)
                if known is None:
                    owner_cell = owner_cells[cell]
                deal_id = (row[i_id].strip() if i_id is not None else "") or f"line-{line}"
                if not deal_id.isprintable() or first_line(deal_id, line) != line:
                    raise ValueError
            except (KeyError, ValueError):  # read whole: for its problem, or to learn a cell
                self.latest = latest
                deal = learned(line, row)
                latest = self.latest
                if deal is not None:
                    deals.append(deal)
                continue
            if currency is not None:
                self.currencies[currency] += 1
                self.currency_lines.setdefault(currency, line)
            owner, rep = known or self._owner_and_rep(cell, rep_of(owner_cell, line))
            if created is not None and (latest is None or created > latest):
                latest = created
            if closed is not None and (latest is None or closed > latest):
                latest = closed
            name = names[row[i_name]] if i_name is not None else ""
            deals.append(new_deal((deal_id, rep, owner, stage, amount, created, closed, name,
                                   expected)))  # fmt: skip
        self.latest = latest
        return deals

    def _owner_and_rep(self, cell: str, found: tuple[str, str]) -> tuple[str, str]:
        """An owner cell's owner and rep, remembered when the cell is a rep's: counting its
        rows again adds nothing (the rows of other owners are counted one by one)."""
        if found[1] and len(self._rep) < MAX_KNOWN:
            self._rep[cell] = found
        return found

    def _amount_of(self, text: str) -> tuple[float | None, str | None]:
        """An amount cell as ``deal`` reads it without a currency column; ``ValueError``
        for one it refuses (the row is then read whole, for its problem)."""
        amount, currency = parse_amount(text, self.decimal_mark)
        if amount is not None and amount != round(amount, 2):
            self.cents_only(text)
        if amount is not None and self.minor_units:
            amount = round(amount / 100, 2)
        if currency is not None:
            amount = converted(amount, self.rates.get(currency))
        return amount, currency

    def _day_of(self, text: str) -> date | None:
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

    def _learned(self, line: int, row: list[str]) -> Deal | None:
        """The row read whole; if it was read cleanly, its cells are remembered."""
        before = len(self.problems)
        deal = self.deal(line, row)
        if deal is None or len(self.problems) > before:
            return deal
        for known in (self._stage, self._owner):
            if len(known) >= MAX_KNOWN:
                known.clear()
        self._stage[row[self.i_stage]] = deal.stage
        cell = row[self.i_owner]
        self._owner[cell] = shown_text(cell) if len(cell) > MAX_SHOWN_CHARS else cell
        return deal


class _Known(dict[str, T]):
    """Cells read once each, by ``read`` (``ValueError`` for a cell it refuses: not kept);
    at most ``MAX_KNOWN`` of them."""

    def __init__(self, read: Callable[[str], T]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, text: str) -> T:
        value = self.read(text)
        if len(self) >= MAX_KNOWN:
            self.clear()
        self[text] = value
        return value
