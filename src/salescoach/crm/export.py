"""One CRM export read into deals, all or nothing: ``parse_export(data, source, ...)`` decodes
the bytes, reads the header and the rows, picks the profile and the date format, maps every
row to a ``Deal``, and either returns them all or raises ``InvalidExport`` with one
``Diagnostic`` per problem (``source``, the export as the user named it, and the file's line)."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Protocol

from salescoach.collector import paused_gc as paused_gc  # where it always was
from salescoach.crm.csv_rows import CHUNK_ROWS as CHUNK_ROWS
from salescoach.crm.csv_rows import header_and_rest, line_chunks, row_chunks
from salescoach.crm.csv_rows import read_header as read_header  # where it always was
from salescoach.crm.csv_rows import read_rows as read_rows  # where it always was
from salescoach.crm.csv_rows import rows_refused as rows_refused  # where it always was
from salescoach.crm.known_cells import KnownCellsReader
from salescoach.crm.mapping import NO_OWNER as NO_OWNER  # where it always was
from salescoach.crm.mapping import (
    Columns,
    choose_columns,
    stage_mapper,
)
from salescoach.crm.problems import (
    InvalidExport,
    check_currencies,
    file_name,
    refusal,
)
from salescoach.crm.profiles import (
    DELETED_DEAL,
    profile_named,
    skipped_text,
)
from salescoach.crm.rows import DealReader as DealReader  # where it always was
from salescoach.crm.rows import Row
from salescoach.crm.values import (
    DateStyles,
    amount_mark,
    date_parser,
    decimal_mark,
    decode,
    detect_delimiter,
)
from salescoach.diagnostics import Diagnostic
from salescoach.formats import plural
from salescoach.i18n import _
from salescoach.models import Deal

if TYPE_CHECKING:
    pass


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
    deals: Sequence[Deal]
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
    rows: int = 0
    """How many deals the export holds (``deals`` holds them only when read in memory)."""

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


def parse_export(
    data: bytes,
    source: str,
    *,
    encoding: str | None = None,
    **options: Any,
) -> ParsedExport:
    """Read a whole CRM export held in memory; any bad row fails the import (see the module
    docstring). ``encoding`` is the file's; ``options`` are ``stream_export``'s."""
    with paused_gc():
        text = decode(data, source, encoding)
        sha256 = hashlib.sha256(data).hexdigest()
        return stream_export(lambda: io.StringIO(text, newline=""), source, sha256, **options)


class DealSink(Protocol):
    """Where the deals of an export go as they are read (the stored import being written)."""

    def write(self, deals: list[Deal]) -> None:
        """Take the next deals, in the export's order."""

    def restart(self) -> None:
        """Forget every deal written so far (the export is read again from its start)."""


TextSource = Callable[[], Iterable[str]]
"""Opens the export's text afresh, as lines with their endings (``newline=""``)."""


def stream_export(
    open_text: TextSource,
    source: str,
    sha256: str,
    *,
    stages: Sequence[str],
    stage_map: Mapping[str, str],
    owners: Mapping[str, str],
    profile: str | None = None,
    maps: Mapping[str, str] | None = None,
    date_format: str | None = None,
    as_of: date | None = None,
    currency: str | None = None,
    rates: Mapping[str, Decimal] | None = None,
    sink: DealSink | None = None,
) -> ParsedExport:
    """Read a CRM export chunk by chunk, its deals going to ``sink`` (none: kept in the
    result's ``deals``); the same result and refusals as reading it whole.

    ``sha256`` is the file's checksum; ``owners`` comes from ``owner_index``; ``as_of``
    defaults to the latest date in the file; amounts in a currency of ``rates`` are converted
    into ``currency``. The date format and decimal mark are guessed from the first rows and
    checked against the whole file at the end: the file is read again if the guess was wrong.
    """
    with paused_gc():
        kept = _KeptDeals()
        out = sink if sink is not None else kept
        plan = _ReadPlan(date_format, None)
        for _attempt in range(3):
            mapped = _one_pass(open_text, source, plan, out, stages, stage_map, owners, profile,
                               maps, rates or {}, currency)  # fmt: skip
            if not mapped.again:
                break
            plan = mapped.plan
            out.restart()
        return _parsed(mapped, source, sha256, as_of, currency, kept.deals)


class _KeptDeals:
    """The sink of an export read in memory: every deal kept in a list."""

    def __init__(self) -> None:
        self.deals: list[Deal] = []

    def write(self, deals: list[Deal]) -> None:
        self.deals += deals

    def restart(self) -> None:
        self.deals = []


@dataclass(frozen=True)
class _ReadPlan:
    """How the rows' dates and amounts are read: the date format and decimal mark (None:
    guessed from the first rows)."""

    date_format: str | None
    decimal_mark: str | None


@dataclass
class _Mapped:
    """One pass over an export: what it found, and the plan the whole file calls for."""

    plan: _ReadPlan
    again: bool
    cols: Columns
    delimiter: str
    deals: DealReader
    skipped: Counter[str]
    found: Counter[str]


def _one_pass(
    open_text: TextSource,
    source: str,
    plan: _ReadPlan,
    sink: DealSink,
    stages: Sequence[str],
    stage_map: Mapping[str, str],
    owners: Mapping[str, str],
    profile: str | None,
    maps: Mapping[str, str] | None,
    rates: Mapping[str, Decimal],
    currency: str | None,
) -> _Mapped:
    """Read the export once with ``plan`` (its blanks guessed from the first chunk), every
    deal to ``sink``; the refusal of a bad export, or what was read with the plan the whole
    file shows (``_Mapped.plan``: another plan means reading it again)."""
    delimiter = detect_delimiter(_head(open_text))
    skipped: Counter[str] = Counter()
    reader, header, rest = header_and_rest(open_text(), source, delimiter, skipped)
    cols = choose_columns(header, source, profile=profile, maps=maps)
    mapper = stage_mapper(stages, stage_map, profile_named(cols.profile).stages)
    problems: list[Diagnostic] = []
    if rest is not None:  # the rows read straight from the lines, numbered on from the header
        chunks = line_chunks(rest, delimiter, len(header), source, skipped, problems,
                             reader.line_num)  # fmt: skip
    else:
        chunks = row_chunks(reader, len(header), source, skipped, problems)
    seen = _SeenValues(cols, delimiter)
    chunk: list[Row] | None = next(chunks, [])
    assert chunk is not None
    seen.add(chunk)
    fmt = plan.date_format or seen.date_format(source, guess=True)
    mark = plan.decimal_mark or seen.decimal_mark()
    deals = KnownCellsReader(source, cols, mapper, owners, date_parser(fmt), delimiter)
    deals.decimal_mark = mark
    deals.rates = {c: r for c, r in rates.items() if c != currency}
    while True:
        deals.read_all(chunk)
        sink.write(deals.deals)
        deals.deals = []
        chunk = next(chunks, None)
        if chunk is None:
            break
        seen.add(chunk)
    whole = _ReadPlan(plan.date_format or seen.date_format(source), seen.decimal_mark())
    if whole != _ReadPlan(fmt, mark):
        return _Mapped(whole, True, cols, delimiter, deals, skipped, Counter())
    skipped.update(deals.skipped)
    problems += deals.problems
    if problems:
        raise rows_refused(source, problems, deals.unknown_stages, stages)
    found, column = deals.currencies, cols.names.get("currency", cols.names["amount"])[0]
    check_currencies(source, found, deals.currency_lines, column, currency, deals.rates)
    if not deals.count:
        raise refusal(source, 0, "no-deals", _("the file has a header but no opportunities"))
    owners_refused = deals.owners.refusal(source)
    if owners_refused is not None:
        raise owners_refused
    return _Mapped(whole, False, cols, delimiter, deals, skipped, found)


def _parsed(
    mapped: _Mapped,
    source: str,
    sha256: str,
    as_of: date | None,
    currency: str | None,
    deals: list[Deal],
) -> ParsedExport:
    """The export as read by its last pass."""
    reader, found = mapped.deals, mapped.found
    assert mapped.plan.date_format is not None
    return ParsedExport(
        source=file_name(source),
        sha256=sha256,
        profile=mapped.cols.profile,
        columns=mapped.cols.names,
        delimiter=mapped.delimiter,
        date_format=mapped.plan.date_format,
        as_of=as_of or reader.latest or date(1970, 1, 1),
        deals=deals,
        unmatched=reader.owners.unmatched,
        reps_with_deals=reader.owners.with_deals,
        skipped=dict(mapped.skipped),
        ignored_rows=reader.owners.ignored_rows,
        currency=currency or next(iter(found), None),
        converted={c: (n, reader.rates[c]) for c, n in found.items() if c in reader.rates},
        rows=reader.count,
    )


def _head(open_text: TextSource) -> str:
    """The first 64 KiB of the export's text (enough to see the delimiter of its header)."""
    lines = open_text()
    head: list[str] = []
    size = 0
    for line in lines:
        head.append(line)
        size += len(line)
        if size >= 65536:
            break
    closing = getattr(lines, "close", None)
    if closing is not None:
        closing()
    return "".join(head)


class _SeenValues:
    """What the date and amount cells of the rows read so far show: the date styles (the
    date format) and the decimal marks (``detect_decimal_mark``), each distinct text once."""

    def __init__(self, cols: Columns, delimiter: str) -> None:
        self.i_dates = [
            *cols.index.get("created", []),
            *cols.index["closed"],
            *cols.index.get("expected", []),
        ]
        self.i_amount = cols.index["amount"][0]
        self.delimiter = delimiter
        self.styles = DateStyles()
        self.marks: set[str] = set()
        self._dates: set[str] = set()
        self._amounts: set[str] = set()

    def add(self, rows: list[Row]) -> None:
        """Note the date and amount texts of ``rows`` not seen before."""
        if not rows:
            return
        columns = list(zip(*map(itemgetter(1), rows), strict=True))  # each column's cells
        dates = set().union(*(columns[i] for i in self.i_dates)) - self._dates
        dates.discard("")
        self.styles.add(dates)
        amounts = set(columns[self.i_amount]) - self._amounts
        self.marks.update(m for m in map(amount_mark, amounts) if m)
        self._dates |= dates
        self._amounts |= amounts
        if len(self._dates) + len(self._amounts) > 200_000:  # a set that grows with the file
            self._dates, self._amounts = set(), set()

    def date_format(self, source: str, *, guess: bool = False) -> str:
        """The date format of every date seen; with ``guess``, an ambiguous one reads as ISO
        (the whole file decides at the end)."""
        try:
            return self.styles.date_format(source)
        except InvalidExport:
            if guess:
                return "Y-m-d"
            raise

    def decimal_mark(self) -> str:
        """The decimal mark of every amount seen, else the file's."""
        return self.marks.copy().pop() if len(self.marks) == 1 else decimal_mark(self.delimiter)
