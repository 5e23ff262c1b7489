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
from typing import TYPE_CHECKING

from salescoach.crm.mapping import NO_OWNER as NO_OWNER  # where it always was
from salescoach.crm.mapping import (
    Columns,
    choose_columns,
    stage_mapper,
    unmapped_stages_hint,
)
from salescoach.crm.problems import (
    HINT_EXPORT,
    InvalidExport,
    check_currencies,
    file_name,
    problem,
    refusal,
)
from salescoach.crm.profiles import (
    DELETED_DEAL,
    FOOTER_LINE,
    HEADER_LINE,
    TOTALS_ROW,
    filled,
    is_totals_row,
    profile_named,
    skipped_text,
)
from salescoach.crm.rows import DealReader as DealReader  # where it always was
from salescoach.crm.rows import Row
from salescoach.crm.values import (
    date_parser,
    decode,
    detect_date_format,
    detect_decimal_mark,
    detect_delimiter,
)
from salescoach.diagnostics import Diagnostic
from salescoach.formats import plural
from salescoach.i18n import _
from salescoach.models import Deal

if TYPE_CHECKING:
    from _csv import Reader as CsvReader


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
    """A report's header, footer lines and totals rows skipped, and deleted deals, by kind
    (``HEADER_LINE``, ``DELETED_DEAL``…)."""
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

    @property
    def skipped_summary(self) -> str:
        """The summary's skipped line, each kind said for what it is: ``skipped: 5 footer
        lines (the report's own lines, not deals), 2 deleted deals (deleted in the CRM, not
        lost)`` ('' for none)."""
        decorations = skipped_text({k: n for k, n in self.skipped.items() if k != DELETED_DEAL})
        deleted = self.skipped.get(DELETED_DEAL, 0)
        parts = []
        if decorations:
            parts.append(_("{lines} (the report's own lines, not deals)").format(lines=decorations))
        if deleted:
            text = _("{deals} (deleted in the CRM, not lost)").format(
                deals=plural(deleted, DELETED_DEAL)
            )
            parts.append(text if parts else _("skipped: {deals}").format(deals=text))
        return ", ".join(parts)


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
        deals.decimal_mark = detect_decimal_mark({row[i_amount] for _line, row in rows}, delimiter)
        deals.rates = {c: r for c, r in (rates or {}).items() if c != currency}
        deals.read_all(rows)
        skipped.update(deals.skipped)
        del rows, reader, text  # freed while the collector is paused: it would scan them all
        problems += deals.problems
        if problems:
            raise rows_refused(source, problems, deals.unknown_stages, stages)
        found, column = deals.currencies, cols.names.get("currency", cols.names["amount"])[0]
        check_currencies(source, found, deals.currency_lines, column, currency, deals.rates)
        if not deals.deals:
            raise refusal(source, 0, "no-deals", _("the file has a header but no opportunities"))
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
        raise refusal(source, 0, "empty-file", _("the file is empty"))
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
        raise refusal(
            source,
            1,
            "bad-csv",
            _("the header cannot be read as CSV ({reason})").format(reason=exc),
        ) from None


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
                    _("the row has {fields} fields, the header has {width}").format(
                        fields=len(row), width=width
                    ),
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
        problems.append(
            problem(
                source, line, "bad-csv", _("cannot be read as CSV ({reason})").format(reason=exc)
            )
        )
        raise rows_refused(source, problems, Counter(), ()) from None
    if footer:
        skipped[FOOTER_LINE] += len(footer)
    return rows, problems


def dates_in(rows: Iterable[Row], cols: Columns) -> set[str]:
    """Every distinct created, close and expected close date text of the rows (to detect
    their format)."""
    i_dates = [
        *cols.index.get("created", []),
        *cols.index["closed"],
        *cols.index.get("expected", []),
    ]
    seen = {row[i] for _line, row in rows for i in i_dates}
    seen.discard("")
    return seen


def rows_refused(
    source: str, problems: list[Diagnostic], unknown_stages: Counter[str], stages: Sequence[str]
) -> InvalidExport:
    """The error of an export with bad rows; the hint lists the unmapped stages, if any,
    with a ``stage_map:`` block to paste."""
    hint = unmapped_stages_hint(unknown_stages, stages) if unknown_stages else HINT_EXPORT
    summary = _("{rows} in {file}; nothing was imported").format(
        rows=plural(len(problems), "bad row"), file=file_name(source)
    )
    error = InvalidExport(problems, summary=summary, hint=hint)
    error.unmapped_stages = dict(unknown_stages)
    return error
