"""The stored layout of an import (``funnel/imports/<as-of>-<source>.csv``): '#' metadata
lines, then fixed columns, ISO dates, plain amounts and stages already mapped, one row per
deal. ``normalised_csv`` writes it; ``read_normalised`` reads it back with a diagnostic per
bad line. See docs/funnel.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice, repeat
from typing import Any

from salescoach.crm.cells import large_cells
from salescoach.crm.export import ParsedExport
from salescoach.crm.problems import rate_text
from salescoach.crm.values import DateParser, format_amount
from salescoach.diagnostics import Diagnostic
from salescoach.i18n import _
from salescoach.models import LOST, WON, Deal

NORMALISED_COLUMNS = (
    "id",
    "name",
    "rep",
    "owner",
    "stage",
    "amount",
    "created",
    "closed",
    "expected",
)
NAMED_COLUMNS = NORMALISED_COLUMNS[:-1]
"""The layout of imports stored before open deals kept their expected close date."""
OLDER_COLUMNS = ("id", "rep", "owner", "stage", "amount", "created", "closed")
"""The layout of imports stored before deals had names (read with an empty name)."""
LAYOUTS = (NORMALISED_COLUMNS, NAMED_COLUMNS, OLDER_COLUMNS)
"""Every stored layout that still reads (missing columns read as empty)."""
BANNER = "# salescoach funnel import: re-run `salescoach funnel import` instead of editing\n"


def normalised_csv(parsed: ParsedExport) -> bytes:
    """The stored import: '#' metadata lines, then the fixed columns, one row per deal."""
    out = io.StringIO()
    out.write(stored_head(parsed))
    csv.writer(out, lineterminator="\n").writerows(stored_rows(parsed.deals))
    return out.getvalue().encode("utf-8")


def stored_head(parsed: ParsedExport) -> str:
    """The lines above a stored import's deals: the banner, the '#' metadata lines and the
    columns' header."""
    meta = "".join(f"# {k}: {v.replace(chr(10), ' ')}\n" for k, v in _metadata(parsed).items())
    return BANNER + meta + ",".join(NORMALISED_COLUMNS) + "\n"


def stored_rows(deals: Iterable[Deal]) -> Iterator[tuple[str, ...]]:
    """Each deal as a row of the stored layout (``NORMALISED_COLUMNS``)."""
    iso, money = DistinctTexts(iso_or_empty), DistinctTexts(format_amount)
    for deal_id, rep, owner, stage, amount, created, closed, name, expected in deals:
        yield (
            deal_id,
            name,
            rep,
            owner,
            stage,
            money[amount],
            iso[created],
            iso[closed],
            iso[expected],
        )


class DistinctTexts(dict[Any, str]):
    """Values as stored, each distinct one written once (exports repeat dates and amounts);
    the stored file's writers share it (``stored_rows``, ``stored_text.StoredText``)."""

    def __init__(self, text: Callable[[Any], str]) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, value: Any) -> str:
        self[value] = written = self.text(value)
        return written


def iso_or_empty(day: date | None) -> str:
    """A stored date: ISO, empty when there is none."""
    return day.isoformat() if day else ""


def _metadata(parsed: ParsedExport) -> dict[str, str]:
    """Where the import came from and how it was read, for the '#' lines."""
    return {
        "source": parsed.source,
        "sha256": parsed.sha256,
        "profile": parsed.profile,
        "columns": ", ".join(f"{f}={'|'.join(c)}" for f, c in parsed.columns.items()),
        "date_format": parsed.date_format,
        "as_of": parsed.as_of.isoformat(),
        "rows": str(parsed.rows or len(parsed.deals)),
        "unmatched_rows": str(parsed.unmatched_rows),
        **({"currency": parsed.currency} if parsed.currency else {}),
        **({"rates": rates_text(parsed)} if parsed.converted else {}),
    }


def rates_text(parsed: ParsedExport) -> str:
    """``EUR=1.08, JPY=0.0067``: the ``--rate`` options the amounts were converted with."""
    return ", ".join(f"{c}={rate_text(rate)}" for c, (_n, rate) in parsed.converted.items())


@dataclass
class StoredImport:
    """An import read back from ``funnel/imports/``: its metadata and deals."""

    meta: dict[str, str]
    deals: list[Deal]

    @property
    def as_of(self) -> date | None:
        try:
            return date.fromisoformat(self.meta.get("as_of", ""))
        except ValueError:
            return None


def read_normalised(
    text: str, rel: str, allowed_stages: Sequence[str]
) -> tuple[StoredImport | None, list[Diagnostic]]:
    """Read a stored import; every problem is a diagnostic naming ``rel`` and the line."""
    with large_cells():
        return _read_normalised(text, rel, allowed_stages)


def _read_normalised(
    text: str, rel: str, allowed_stages: Sequence[str]
) -> tuple[StoredImport | None, list[Diagnostic]]:
    lines = text.splitlines(keepends=True)
    meta, start = read_metadata(lines)
    reader = csv.reader(lines[start:])
    header = next(reader, None)
    if header is None or tuple(header) not in LAYOUTS:
        expected = ",".join(NORMALISED_COLUMNS)
        message = _("expected the columns {columns}; re-import the export").format(columns=expected)
        return None, [Diagnostic(rel, start + 1, 1, "bad-import", message)]
    rows = StoredRows(rel, allowed_stages, tuple(header))
    rows.read_all(start + 2, reader)
    return StoredImport(meta, rows.deals), rows.problems


def read_metadata(lines: Sequence[str]) -> tuple[dict[str, str], int]:
    """The '#' lines at the top as ``key: value`` pairs, and the index of the first other."""
    meta: dict[str, str] = {}
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        key, _sep, value = lines[start][1:].partition(":")
        if value:
            meta[key.strip()] = value.strip()
        start += 1
    return meta, start


class StoredRows:
    """Reads the rows of a stored import into deals, one diagnostic per bad line."""

    def __init__(
        self, rel: str, allowed_stages: Sequence[str], layout: Sequence[str] = NORMALISED_COLUMNS
    ) -> None:
        self.rel = rel
        self.width = len(layout)
        self.named = "name" in layout
        self.with_expected = "expected" in layout
        self.allowed = set(allowed_stages) | {WON, LOST}
        self.days = _Values(_day_or_bad(DateParser("Y-m-d")))
        self.amounts = _Values(_amount_or_bad)
        self.deals: list[Deal] = []
        self.problems: list[Diagnostic] = []

    def read(self, line: int, row: list[str]) -> None:
        """One row's deal into ``deals``, or its problem into ``problems``."""
        self._read_rows(line, [row])

    def read_all(self, first_line: int, rows: Iterable[list[str]]) -> None:
        """Each row's deal into ``deals`` (the first row is on ``first_line``), or its problem
        into ``problems``. A stored import has hundreds of thousands of rows and every review
        reads them all: rows go by in chunks, column by column, each distinct date and amount
        parsed once; a chunk with a problem is read again row by row to report it."""
        reader = iter(rows)
        line = first_line
        while chunk := list(islice(reader, CHUNK_ROWS)):
            if not self._read_columns(chunk):
                self._read_rows(line, chunk)
            line += len(chunk)

    def _read_columns(self, chunk: list[list[str]]) -> bool:
        """The deals of a chunk without a problem, read column by column; False (nothing
        read) when a row has a problem."""
        if {*map(len, chunk)} != {self.width}:
            return False
        columns = list(zip(*chunk, strict=True))
        if not self.named:
            columns.insert(1, ("",) * len(chunk))
        if not self.with_expected:
            columns.append(("",) * len(chunk))
        deal_ids, names, reps, owners, stages, amounts, created, closed, expected = columns
        if not self.allowed.issuperset(stages):
            return False
        values = [list(map(self.amounts.__getitem__, amounts))]
        values += [list(map(self.days.__getitem__, days)) for days in (created, closed, expected)]
        if self.amounts.bad or self.days.bad:
            return False
        fields = zip(deal_ids, reps, owners, stages, *values[:3], names, values[3], strict=True)
        self.deals.extend(map(tuple.__new__, repeat(Deal), fields))
        return True

    def _read_rows(self, first_line: int, rows: Iterable[list[str]]) -> None:
        """Each row's deal or its problem, one row at a time (a chunk with a problem)."""
        days, amounts = self.days, self.amounts
        for line, row in enumerate(rows, first_line):
            if len(row) != self.width:
                self._problem(line, "bad-import", _("wrong number of fields"))
                continue
            if not self.named:
                row = [row[0], "", *row[1:]]
            if not self.with_expected:
                row = [*row, ""]
            deal_id, name, rep, owner, stage, *cells = row
            values = (amounts[cells[0]], days[cells[1]], days[cells[2]], days[cells[3]])
            if any(value is BAD for value in values):
                self._problem(line, "bad-import", _("bad amount or date"))
            elif stage not in self.allowed:
                self._unknown_stage(line, stage)
            else:
                amount, created, closed, expected = values
                self.deals.append(
                    Deal(deal_id, rep, owner, stage, amount, created, closed, name, expected)
                )

    def _unknown_stage(self, line: int, stage: str) -> None:
        self._problem(
            line,
            "unknown-stage",
            _(
                "stage '{stage}' is not one of funnel.stages, won or lost "
                "({allowed}); re-import the export"
            ).format(stage=stage, allowed=", ".join(sorted(self.allowed))),
        )

    def _problem(self, line: int, code: str, message: str) -> None:
        self.problems.append(Diagnostic(self.rel, line, 1, code, message))


class _Bad:
    """A cell that is no amount or no date (``StoredRows`` reports its line)."""

    __slots__ = ()


BAD: Any = _Bad()
CHUNK_ROWS = 10_000
"""Rows read column by column at a time: fast, and memory stays flat."""
MAX_CACHED_VALUES = 100_000
"""The distinct cells a reader remembers per kind: memory stays flat on a huge import."""


class _Values(dict[str, Any]):
    """Cells read into values, each distinct text parsed once (imports repeat dates and
    amounts); ``BAD`` for a cell that does not parse, and ``bad`` set from then on."""

    def __init__(self, parse: Callable[[str], Any]) -> None:
        super().__init__()
        self.parse = parse
        self.bad = False

    def __missing__(self, text: str) -> Any:
        if len(self) >= MAX_CACHED_VALUES:
            self.clear()
        self[text] = value = self.parse(text)
        self.bad = self.bad or value is BAD
        return value


def _day_or_bad(parse: DateParser) -> Callable[[str], Any]:
    """An ISO date, None for an empty cell, ``BAD`` for anything else."""

    def day(text: str) -> Any:
        if not text:
            return None
        parsed = parse(text)
        return BAD if parsed is None else parsed

    return day


def _amount_or_bad(text: str) -> Any:
    """A plain amount, None for an empty cell, ``BAD`` for anything else."""
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return BAD
