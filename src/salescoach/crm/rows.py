"""One CRM export row mapped to a ``Deal``: ``DealReader`` reads each row's stage or status,
amount and currency, dates, ID, name and owner, and records every problem with its line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from itertools import starmap

from salescoach.crm.cells import (
    MAX_SHOWN_CHARS,
    control_in,
    printable,
    shown_text,
    without_controls,
)
from salescoach.crm.mapping import Columns, OwnerTally
from salescoach.crm.problems import converted
from salescoach.crm.profiles import CHECKED, DELETED_DEAL, IS_CLOSED, SKIP, profile_named
from salescoach.crm.values import (
    YEARS,
    DateParser,
    currency_code,
    decimal_mark,
    looks_grouped,
    norm,
    parse_amount,
    year_in_range,
)
from salescoach.diagnostics import Diagnostic
from salescoach.i18n import N_, _
from salescoach.models import LOST, WON, Deal

NOT_A_DATE = {
    "created": N_(
        "the created date '{text}' is not a date in the format {format} (column '{column}')"
    ),
    "expected": N_(
        "the expected close date '{text}' is not a date in the format {format} (column '{column}')"
    ),
    "close": N_("the close date '{text}' is not a date in the format {format} (column '{column}')"),
}
"""A date cell that does not read as a date, for each date of a deal (one sentence each)."""
OUT_OF_RANGE = {
    "created": N_(
        "the created date '{text}' is outside the years {first}-{last} (column '{column}')"
    ),
    "expected": N_(
        "the expected close date '{text}' is outside the years {first}-{last} (column '{column}')"
    ),
    "close": N_("the close date '{text}' is outside the years {first}-{last} (column '{column}')"),
}
"""A date outside the years salescoach reads, for each date of a deal."""
NO_CLOSE_DATE = {
    WON: N_("the deal is won but has no close date (column '{column}')"),
    LOST: N_("the deal is lost but has no close date (column '{column}')"),
}

Row = tuple[int, list[str]]
"""A row of the export with the file's line it starts on."""


class DealReader:
    """Maps rows to deals with the export's columns, stage mapping, owners, date format and
    decimal mark; records every problem, and what the report needs (``owners``: the owners who
    are no rep, the reps with deals; the latest date)."""

    __slots__ = (
        "_first_line_of",
        "_stages",
        "closed_columns",
        "column",
        "count",
        "created_column",
        "currencies",
        "currency_lines",
        "deals",
        "decimal_mark",
        "i_amount",
        "i_closed",
        "i_created",
        "i_currency",
        "i_expected",
        "i_id",
        "i_is_closed",
        "i_name",
        "i_owner",
        "i_stage",
        "i_status",
        "latest",
        "mapper",
        "minor_units",
        "owners",
        "parse_date",
        "problems",
        "rates",
        "skipped",
        "source",
        "statuses",
        "unknown_stages",
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
        idx = cols.index
        self.source, self.mapper = source, mapper
        self.owners = OwnerTally(owners, cols.names["owner"][0])
        self.parse_date, self.decimal_mark = parse_date, decimal_mark(delimiter)
        self.i_id = idx["id"][0] if "id" in idx else None
        self.i_name = idx["name"][0] if "name" in idx else None
        self.i_status = idx["status"][0] if "status" in idx else None
        self.i_is_closed = idx[IS_CLOSED][0] if IS_CLOSED in idx else None
        self.statuses = profile_named(cols.profile).statuses
        self.minor_units = profile_named(cols.profile).minor_units
        self.i_owner, self.i_stage = idx["owner"][0], idx["stage"][0]
        self.i_amount = idx["amount"][0]
        self.i_currency = idx["currency"][0] if "currency" in idx else None
        self.i_created = idx["created"][0] if "created" in idx else None
        self.i_closed, self.closed_columns = idx["closed"], cols.names["closed"]
        self.i_expected = idx["expected"][0] if "expected" in idx else None
        self.column = {f: names[0] for f, names in cols.names.items()}
        self.created_column = self.column.get("created", "")
        self.problems: list[Diagnostic] = []
        self.deals: list[Deal] = []
        self.count = 0
        """How many deals were read (``deals`` may have been handed on meanwhile)."""
        self.unknown_stages: Counter[str] = Counter()
        self.currencies: Counter[str] = Counter()
        self.currency_lines: dict[str, int] = {}
        """The currencies the amounts name, with their number of rows and first line."""
        self.rates: Mapping[str, Decimal] = {}
        self.latest: date | None = None
        self.skipped: Counter[str] = Counter()
        """Rows that are no deal (Pipedrive's deleted deals), by kind, for the summary."""
        self._first_line_of: dict[str, int] = {}
        self._stages: dict[str, str | None] = {}

    @property
    def unmatched(self) -> Counter[str]:
        """The owners who are no rep, with their rows (``owners.unmatched``)."""
        return self.owners.unmatched

    @property
    def with_deals(self) -> set[str]:
        """The reps with a deal in the export (``owners.with_deals``)."""
        return self.owners.with_deals

    def read_all(self, rows: Iterable[Row]) -> None:
        """Every row's deal into ``deals``, or its problems into ``problems``."""
        deals = [deal for deal in starmap(self.deal, rows) if deal is not None]
        self.deals += deals
        self.count += len(deals)

    def deal(self, line: int, row: list[str]) -> Deal | None:
        """The row's deal, or None when the row has a problem (recorded)."""
        before = len(self.problems)
        stage = self.stage(line, row)
        if stage == SKIP:
            self.skipped[DELETED_DEAL] += 1
            return None
        try:
            amount, currency = parse_amount(row[self.i_amount], self.decimal_mark)
            if amount is not None and amount != round(amount, 2):
                self.cents_only(row[self.i_amount])
        except ValueError as exc:
            amount = currency = None
            self.bad_amount(line, row, exc)
        if self.i_currency is not None and amount is not None:
            currency = self.currency(line, row, currency)
        if amount is not None and self.minor_units:
            amount = round(amount / 100, 2)
        if currency is not None:
            amount = converted(amount, self.rates.get(currency))
            self.currencies[currency] += 1
            self.currency_lines.setdefault(currency, line)
        created = self.created(line, row)
        closed = self.closed(line, row, stage, created) if stage in (WON, LOST) else None
        expected = self.expected(line, row) if stage not in (None, WON, LOST) else None
        deal_id = self.deal_id(line, row)
        if stage is None or len(self.problems) > before:
            return None
        owner_cell = self.owner_cell(line, row)
        if owner_cell is None:
            return None
        owner, rep = self.owners.rep_of(owner_cell, line)
        self.note_latest(created)
        self.note_latest(closed)
        name = (
            " ".join(without_controls(row[self.i_name]).split()) if self.i_name is not None else ""
        )
        return Deal(deal_id, rep, owner, stage, amount, created, closed, name, expected)

    def currency(self, line: int, row: list[str], signed: str | None) -> str | None:
        """The row's currency: the amount's sign or code, else the currency column's value;
        a sign that disagrees with the column is a problem (which one is meant?)."""
        assert self.i_currency is not None
        cell = row[self.i_currency].strip()
        named = currency_code(cell)
        if cell and named is None:
            self._problem(
                line,
                "bad-currency",
                _(
                    "currency '{cell}' is not a currency code such as EUR or a currency name "
                    "salescoach knows (column '{column}')"
                ).format(cell=cell, column=self.column["currency"]),
            )
            return None
        if signed is None or named is None or signed == named:
            return signed or named
        text, column = row[self.i_amount], self.column["amount"]
        self._problem(
            line,
            "bad-amount",
            _(
                "amount '{text}' is in {signed}, but the row's currency is {named} "
                "(columns '{column}' and '{currency_column}')"
            ).format(
                text=text,
                signed=signed,
                named=named,
                column=column,
                currency_column=self.column["currency"],
            ),
        )
        return None

    def created(self, line: int, row: list[str]) -> date | None:
        """The row's created date; None without a created column (it is optional)."""
        if self.i_created is None:
            return None
        return self.read_date(line, row[self.i_created], "created", self.created_column)

    def expected(self, line: int, row: list[str]) -> date | None:
        """An open deal's expected close date; None without the column (it is optional). It
        does not move the default as-of date: it is a plan, not something that happened."""
        if self.i_expected is None:
            return None
        return self.read_date(line, row[self.i_expected], "expected", self.column["expected"])

    def note_latest(self, day: date | None) -> None:
        """Remember the latest date of the file (the default as-of date)."""
        if day is not None and (self.latest is None or day > self.latest):
            self.latest = day

    def _problem(self, line: int, code: str, message: str) -> None:
        self.problems.append(Diagnostic(self.source, line, 0, code, message))

    def stage(self, line: int, row: list[str]) -> str | None:
        """The row's funnel stage, won or lost (or ``SKIP``); a won or lost status (Pipedrive,
        Dynamics, Close, Copper, Salesforce's Won and Closed) wins over the stage, else the
        stage is mapped."""
        if self.i_status is not None:
            status = self.statuses.get(norm(row[self.i_status]))
            if status:
                return status
            if status == "" and self._closed_checked(row):
                return LOST
            if status is None and row[self.i_status].strip():
                *others, last = self.statuses
                self._problem(
                    line,
                    "bad-status",
                    _("status '{status}' is not {others} or {last} (column '{column}')").format(
                        status=row[self.i_status],
                        others=", ".join(others),
                        last=last,
                        column=self.column["status"],
                    ),
                )
        raw = row[self.i_stage].strip()
        if not raw:
            self._problem(
                line,
                "empty-stage",
                _("the stage is empty (column '{column}')").format(column=self.column["stage"]),
            )
            return None
        try:
            stage = self._stages[raw]
        except KeyError:
            stage = self._stages[raw] = self.mapper.get(norm(raw))
        if stage is None:
            self.unknown_stages[raw] += 1
            self._problem(
                line,
                "unmapped-stage",
                _("stage '{stage}' is not mapped to a funnel stage (column '{column}')").format(
                    stage=raw, column=self.column["stage"]
                ),
            )
        return stage

    def _closed_checked(self, row: list[str]) -> bool:
        """Whether Salesforce's Closed check box is checked (a closed deal not won is lost)."""
        return self.i_is_closed is not None and norm(row[self.i_is_closed]) in CHECKED

    def cents_only(self, text: str) -> None:
        """``ValueError`` for an amount like '1.234' in a file whose decimal mark is '.': it
        is 1.234 or a thousands group (1234), and kept to the cent it would silently be
        1.23; which one is meant only the CRM knows. Other decimals round to the cent."""
        if looks_grouped(text, self.decimal_mark):
            mark = self.decimal_mark
            raise ValueError(
                _(
                    "has three decimals after '{mark}' (or is '{mark}' a thousands group here? "
                    "amounts are kept to the cent: export them with two decimals)"
                ).format(mark=mark)
            )

    def bad_amount(self, line: int, row: list[str], exc: ValueError) -> None:
        """Record the row's amount that is not a number, is negative or too large."""
        text, reason, column = row[self.i_amount], str(exc), self.column["amount"]
        text = text if len(text) <= 40 else text[:40] + "…"
        self._problem(
            line,
            "bad-amount",
            _("amount '{text}' {reason} (column '{column}')").format(
                text=text, reason=reason, column=column
            ),
        )

    def read_date(self, line: int, text: str, what: str, column: str) -> date | None:
        """The date in a cell, None if empty (one of another format is a problem)."""
        if not text.strip():
            return None
        day = self.parse_date(text)
        if day is None:
            self._problem(
                line,
                "bad-date",
                _(NOT_A_DATE[what]).format(text=text, format=self.parse_date.fmt, column=column),
            )
        elif not year_in_range(day):
            self._problem(
                line,
                "bad-date",
                _(OUT_OF_RANGE[what]).format(
                    text=text, first=YEARS[0], last=YEARS[1], column=column
                ),
            )
            return None
        return day

    def closed(self, line: int, row: list[str], stage: str, created: date | None) -> date | None:
        """The close date of a won or lost deal: required, not before the created date (an
        open deal's is its expected close date: ``expected``)."""
        text, column = self._close_cell(row)
        closed = self.read_date(line, text, "close", column)
        if closed is None and not text.strip():
            self._problem(
                line,
                "missing-close-date",
                _(NO_CLOSE_DATE[stage]).format(column=column),
            )
        if closed is not None and created is not None and closed < created:
            self._problem(
                line,
                "close-before-created",
                _("the close date {closed} is before the created date {created}").format(
                    closed=closed.isoformat(), created=created.isoformat()
                ),
            )
        return closed

    def _close_cell(self, row: list[str]) -> tuple[str, str]:
        """The close date's text and column: the first non-empty of the close columns."""
        if len(self.i_closed) == 1:
            return row[self.i_closed[0]], self.closed_columns[0]
        k = next((k for k, i in enumerate(self.i_closed) if row[i].strip()), 0)
        return row[self.i_closed[k]], self.closed_columns[k]

    def owner_cell(self, line: int, row: list[str]) -> str | None:
        """The owner's cell, shortened if it is too long to be a name; None (a problem) if it
        holds a control character (NUL would make git see the stored file as binary)."""
        cell = row[self.i_owner]
        if (found := control_in(" ".join(cell.split()))) is not None:
            self._problem(
                line,
                "bad-owner",
                _(
                    "the owner '{owner}' holds a control character ({found}) (column '{column}')"
                ).format(owner=printable(cell), found=found, column=self.column["owner"]),
            )
            return None
        return shown_text(cell) if len(cell) > MAX_SHOWN_CHARS else cell

    def deal_id(self, line: int, row: list[str]) -> str:
        """The row's ID (``line-N`` without one); an ID seen before is a problem, and so is
        one with a control character or a line separator (it would split the stored row)."""
        deal_id = (row[self.i_id].strip() if self.i_id is not None else "") or f"line-{line}"
        if (found := control_in(deal_id)) is not None:
            self._problem(
                line,
                "bad-id",
                _(
                    "the deal ID '{deal}' holds a control character or line separator ({found}) "
                    "(column '{column}')"
                ).format(deal=printable(deal_id), found=found, column=self.column["id"]),
            )
            return deal_id
        first = self._first_line_of.setdefault(deal_id, line)
        if first != line:
            self._problem(
                line,
                "duplicate-id",
                _("the deal '{deal}' appears twice (first on line {first})").format(
                    deal=deal_id, first=first
                ),
            )
        return deal_id
