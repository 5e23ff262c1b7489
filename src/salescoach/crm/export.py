"""One CRM export read into deals, all or nothing: ``parse_export(data, source, ...)`` decodes
the bytes, reads the header and the rows, picks the profile and the date format, maps every
row to a ``Deal``, and either returns them all or raises ``InvalidExport`` with one
``Diagnostic`` per problem (``source``, the export as the user named it, and the file's line)."""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import starmap
from typing import TYPE_CHECKING

from salescoach.crm.mapping import NO_OWNER as NO_OWNER  # where it always was
from salescoach.crm.mapping import (
    Columns,
    OwnerTally,
    choose_columns,
    stage_mapper,
    unmapped_stages_hint,
)
from salescoach.crm.problems import (
    HINT_EXPORT,
    InvalidExport,
    check_currencies,
    converted,
    file_name,
    problem,
    refusal,
)
from salescoach.crm.profiles import (
    FOOTER_LINE,
    HEADER_LINE,
    TOTALS_ROW,
    filled,
    is_totals_row,
    profile_named,
    skipped_text,
)
from salescoach.crm.values import (
    YEARS,
    DateParser,
    date_parser,
    decimal_mark,
    decode,
    detect_date_format,
    detect_decimal_mark,
    detect_delimiter,
    norm,
    parse_amount,
    year_in_range,
)
from salescoach.diagnostics import Diagnostic
from salescoach.formats import plural
from salescoach.models import LOST, WON, Deal

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

Row = tuple[int, list[str]]
"""A row of the export with the file's line it starts on."""


@dataclass
class ParsedExport:
    """An export read and validated in memory, ready to be stored."""

    source: str
    """The export's file name (the stored import's ``# source``)."""
    sha256: str
    profile: str
    columns: dict[str, list[str]]
    delimiter: str
    date_format: str
    as_of: date
    deals: list[Deal]
    unmatched: Counter[str]
    """Owners who are no rep, with their number of rows (kept, with an empty rep)."""
    reps_with_deals: set[str]
    skipped: dict[str, int] = field(default_factory=dict)
    """A report's header, footer lines and totals rows skipped, by kind (``HEADER_LINE``…)."""
    ignored_rows: int = 0
    """Rows of owners in ``funnel.ignore_owners`` (kept with an empty rep, not reported)."""
    currency: str | None = None  # funnel.currency, else the one the file names (None: none)
    converted: dict[str, tuple[int, Decimal]] = field(default_factory=dict)  # --rate: rows, rate

    @property
    def unmatched_rows(self) -> int:
        return sum(self.unmatched.values())

    @property
    def skipped_text(self) -> str:
        """``skipped: 5 footer lines, 1 totals row`` for the summary ('' for none)."""
        return skipped_text(self.skipped)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that form no
    cycles: it would rescan them again and again (this triples the time of a large import)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_export(
    data: bytes,
    source: str,
    *,
    stages: Sequence[str],
    stage_map: Mapping[str, str],
    owners: Mapping[str, str],
    profile: str | None = None,
    maps: Mapping[str, str] | None = None,
    date_format: str | None = None,
    as_of: date | None = None,
    encoding: str | None = None,
    currency: str | None = None,
    rates: Mapping[str, Decimal] | None = None,
) -> ParsedExport:
    """Read a whole CRM export; any bad row fails the import (see the module docstring).

    ``source`` is the export as the user named it (every diagnostic's path); ``owners`` comes
    from ``owner_index``; ``as_of`` defaults to the latest date in the file; ``encoding``
    is the file's; amounts in a currency of ``rates`` are converted into ``currency``.
    """
    with paused_gc():
        text = decode(data, source, encoding)
        delimiter = detect_delimiter(text)
        skipped: Counter[str] = Counter()
        reader, header = read_header(text, source, delimiter, skipped)
        cols = choose_columns(header, source, profile=profile, maps=maps)
        mapper = stage_mapper(stages, stage_map, profile_named(cols.profile).stages)
        rows, problems = read_rows(reader, len(header), source, skipped)
        fmt = date_format or detect_date_format(dates_in(rows, cols), source)
        deals = DealReader(source, cols, mapper, owners, date_parser(fmt), delimiter)
        i_amount = cols.index["amount"][0]
        deals.decimal_mark = detect_decimal_mark({row[i_amount] for _, row in rows}, delimiter)
        deals.rates = {c: r for c, r in (rates or {}).items() if c != currency}
        deals.read_all(rows)
        del rows, reader, text  # freed while the collector is paused: it would scan them all
        problems += deals.problems
        if problems:
            raise rows_refused(source, problems, deals.unknown_stages, stages)
        found, column = deals.currencies, cols.names["amount"][0]
        check_currencies(source, found, deals.currency_lines, column, currency, deals.rates)
        if not deals.deals:
            raise refusal(source, 0, "no-deals", "the file has a header but no opportunities")
        owners_refused = deals.owners.refusal(source)
        if owners_refused is not None:
            raise owners_refused
        return ParsedExport(
            source=file_name(source),
            sha256=hashlib.sha256(data).hexdigest(),
            profile=cols.profile,
            columns=cols.names,
            delimiter=delimiter,
            date_format=fmt,
            as_of=as_of or deals.latest or date(1970, 1, 1),
            deals=deals.deals,
            unmatched=deals.owners.unmatched,
            reps_with_deals=deals.owners.with_deals,
            skipped=dict(skipped),
            ignored_rows=deals.owners.ignored_rows,
            currency=currency or next(iter(found), None),
            converted={c: (n, deals.rates[c]) for c, n in found.items() if c in deals.rates},
        )


# ---------------------------------------------------------------- reading rows


def read_header(
    text: str, source: str, delimiter: str, skipped: Counter[str] | None = None
) -> tuple[CsvReader, list[str]]:
    """A CSV reader over ``text`` and the header it read first: the first row of two or more
    cells, below a report's header block of one-cell lines (counted in ``skipped``)."""
    if not text.strip():
        raise refusal(source, 0, "empty-file", "the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        block = 0
        for row in reader:
            if filled(row) >= 2:
                if skipped is not None and block:
                    skipped[HEADER_LINE] += block
                return reader, row
            block += filled(row) > 0
            if reader.line_num > 20:
                break
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        return reader, next(reader)
    except csv.Error as exc:
        raise refusal(source, 1, "bad-csv", f"the header cannot be read as CSV ({exc})") from None


def read_rows(
    reader: CsvReader, width: int, source: str, skipped: Counter[str] | None = None
) -> tuple[list[Row], list[Diagnostic]]:
    """The rows after the header, each with its first line (blank lines skipped); a row of
    the wrong width is a problem, text that is no CSV stops the import. A report's totals
    rows, and its footer (short lines after a blank line, at the end), are counted in
    ``skipped``."""
    skipped = Counter() if skipped is None else skipped
    rows: list[Row] = []
    problems: list[Diagnostic] = []
    footer: list[Diagnostic] = []  # short rows after a blank line: the footer if no deal follows
    after_blank = False
    previous_end = reader.line_num
    try:
        for row in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                after_blank = True
                continue
            if is_totals_row(row):
                skipped[TOTALS_ROW] += 1
                continue
            bad = None
            if len(row) != width:
                bad = problem(
                    source,
                    line,
                    "bad-row",
                    f"the row has {len(row)} fields, the header has {width}",
                )
                if after_blank and filled(row) <= 2:
                    footer.append(bad)
                    continue
            problems += footer
            footer, after_blank = [], False
            if bad is not None:
                problems.append(bad)
                continue
            rows.append((line, row))
    except csv.Error as exc:
        line = reader.line_num
        problems += footer
        problems.append(problem(source, line, "bad-csv", f"cannot be read as CSV ({exc})"))
        raise rows_refused(source, problems, Counter(), ()) from None
    if footer:
        skipped[FOOTER_LINE] += len(footer)
    return rows, problems


def dates_in(rows: Iterable[Row], cols: Columns) -> set[str]:
    """Every distinct created and close date text of the rows (to detect their format)."""
    i_dates = [*cols.index.get("created", []), *cols.index["closed"]]
    seen = {row[i] for _line, row in rows for i in i_dates}
    seen.discard("")
    return seen


def rows_refused(
    source: str, problems: list[Diagnostic], unknown_stages: Counter[str], stages: Sequence[str]
) -> InvalidExport:
    """The error of an export with bad rows; the hint lists the unmapped stages, if any,
    with a ``stage_map:`` block to paste."""
    hint = unmapped_stages_hint(unknown_stages, stages) if unknown_stages else HINT_EXPORT
    summary = f"{plural(len(problems), 'bad row')} in {file_name(source)}; nothing was imported"
    return InvalidExport(problems, summary=summary, hint=hint)


# ---------------------------------------------------------------- one row → one deal


class DealReader:
    """Maps rows to deals with the export's columns, stage mapping, owners, date format and
    decimal mark; records every problem, and what the report needs (``owners``: the owners who
    are no rep, the reps with deals; the latest date)."""

    __slots__ = (
        "_first_line_of",
        "_stages",
        "closed_columns",
        "column",
        "created_column",
        "currencies",
        "currency_lines",
        "deals",
        "decimal_mark",
        "i_amount",
        "i_closed",
        "i_created",
        "i_id",
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
        self.statuses = profile_named(cols.profile).statuses
        self.minor_units = profile_named(cols.profile).minor_units
        self.i_owner, self.i_stage = idx["owner"][0], idx["stage"][0]
        self.i_amount = idx["amount"][0]
        self.i_created = idx["created"][0] if "created" in idx else None
        self.i_closed, self.closed_columns = idx["closed"], cols.names["closed"]
        self.column = {f: names[0] for f, names in cols.names.items()}
        self.created_column = self.column.get("created", "")
        self.problems: list[Diagnostic] = []
        self.deals: list[Deal] = []
        self.unknown_stages: Counter[str] = Counter()
        self.currencies: Counter[str] = Counter()
        self.currency_lines: dict[str, int] = {}
        """The currencies the amounts name, with their number of rows and first line."""
        self.rates: Mapping[str, Decimal] = {}
        self.latest: date | None = None
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
        self.deals += [deal for deal in starmap(self.deal, rows) if deal is not None]

    def deal(self, line: int, row: list[str]) -> Deal | None:
        """The row's deal, or None when the row has a problem (recorded)."""
        before = len(self.problems)
        stage = self.stage(line, row)
        try:
            amount, currency = parse_amount(row[self.i_amount], self.decimal_mark)
        except ValueError as exc:
            amount = currency = None
            self.bad_amount(line, row, exc)
        if amount is not None and self.minor_units:
            amount = round(amount / 100, 2)
        if currency is not None:
            amount = converted(amount, self.rates.get(currency))
            self.currencies[currency] += 1
            self.currency_lines.setdefault(currency, line)
        created = self.created(line, row)
        closed = self.closed(line, row, stage, created) if stage in (WON, LOST) else None
        deal_id = self.deal_id(line, row)
        if stage is None or len(self.problems) > before:
            return None
        owner, rep = self.owners.rep_of(row[self.i_owner], line)
        self.note_latest(created)
        self.note_latest(closed)
        name = " ".join(row[self.i_name].split()) if self.i_name is not None else ""
        return Deal(deal_id, rep, owner, stage, amount, created, closed, name)

    def created(self, line: int, row: list[str]) -> date | None:
        """The row's created date; None without a created column (it is optional)."""
        if self.i_created is None:
            return None
        return self.read_date(line, row[self.i_created], "created", self.created_column)

    def note_latest(self, day: date | None) -> None:
        """Remember the latest date of the file (the default as-of date)."""
        if day is not None and (self.latest is None or day > self.latest):
            self.latest = day

    def _problem(self, line: int, code: str, message: str) -> None:
        self.problems.append(Diagnostic(self.source, line, 0, code, message))

    def stage(self, line: int, row: list[str]) -> str | None:
        """The row's funnel stage, won or lost; a won or lost status (Pipedrive, Dynamics,
        Close, Copper) wins over the stage, else the stage is mapped."""
        if self.i_status is not None:
            status = self.statuses.get(norm(row[self.i_status]))
            if status:
                return status
            if status is None and row[self.i_status].strip():
                *others, last = self.statuses
                self._problem(
                    line,
                    "bad-status",
                    f"status '{row[self.i_status]}' is not {', '.join(others)} or {last} "
                    f"(column '{self.column['status']}')",
                )
        raw = row[self.i_stage].strip()
        if not raw:
            self._problem(
                line, "empty-stage", f"the stage is empty (column '{self.column['stage']}')"
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
                f"stage '{raw}' is not mapped to a funnel stage (column '{self.column['stage']}')",
            )
        return stage

    def bad_amount(self, line: int, row: list[str], exc: ValueError) -> None:
        """Record the row's amount that is not a number, is negative or too large."""
        text, reason, column = row[self.i_amount], str(exc), self.column["amount"]
        text = text if len(text) <= 40 else text[:40] + "…"
        self._problem(line, "bad-amount", f"amount '{text}' {reason} (column '{column}')")

    def read_date(self, line: int, text: str, what: str, column: str) -> date | None:
        """The date in a cell, None if empty (one of another format is a problem)."""
        if not text.strip():
            return None
        day = self.parse_date(text)
        if day is None:
            self._problem(
                line,
                "bad-date",
                f"the {what} date '{text}' is not a date in the format {self.parse_date.fmt} "
                f"(column '{column}')",
            )
        elif not year_in_range(day):
            self._problem(
                line,
                "bad-date",
                f"the {what} date '{text}' is outside the years {YEARS[0]}-{YEARS[1]} "
                f"(column '{column}')",
            )
            return None
        return day

    def closed(self, line: int, row: list[str], stage: str, created: date | None) -> date | None:
        """The close date of a won or lost deal: required, not before the created date (an
        open deal's, an expected close date, is ignored)."""
        text, column = self._close_cell(row)
        closed = self.read_date(line, text, "close", column)
        if closed is None and not text.strip():
            self._problem(
                line,
                "missing-close-date",
                f"the deal is {stage} but has no close date (column '{column}')",
            )
        if closed is not None and created is not None and closed < created:
            self._problem(
                line,
                "close-before-created",
                f"the close date {closed.isoformat()} is before the created date "
                f"{created.isoformat()}",
            )
        return closed

    def _close_cell(self, row: list[str]) -> tuple[str, str]:
        """The close date's text and column: the first non-empty of the close columns."""
        if len(self.i_closed) == 1:
            return row[self.i_closed[0]], self.closed_columns[0]
        k = next((k for k, i in enumerate(self.i_closed) if row[i].strip()), 0)
        return row[self.i_closed[k]], self.closed_columns[k]

    def deal_id(self, line: int, row: list[str]) -> str:
        """The row's ID (``line-N`` without one); an ID seen before is a problem."""
        deal_id = (row[self.i_id].strip() if self.i_id is not None else "") or f"line-{line}"
        first = self._first_line_of.setdefault(deal_id, line)
        if first != line:
            self._problem(
                line, "duplicate-id", f"the deal '{deal_id}' appears twice (first on line {first})"
            )
        return deal_id
