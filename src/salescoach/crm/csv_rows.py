"""The header and rows of a CSV export: the header below a report's own lines, then the rows
a chunk at a time, each with the line it starts on; blank lines, totals rows and a report's
footer told from the deals' rows, and rows of the wrong width reported."""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NoReturn

from salescoach.crm.mapping import Columns, unmapped_stages_hint
from salescoach.crm.problems import HINT_EXPORT, InvalidExport, file_name, problem, refusal
from salescoach.crm.profiles import FOOTER_LINE, HEADER_LINE, TOTALS_ROW, filled, is_totals_row
from salescoach.crm.rows import Row
from salescoach.diagnostics import Diagnostic
from salescoach.formats import plural
from salescoach.i18n import _

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

CHUNK_ROWS = 8192
"""Rows read and mapped at a time: memory stays flat however long the export is."""


def read_header(
    text: str, source: str, delimiter: str, skipped: Counter[str] | None = None
) -> tuple[CsvReader, list[str]]:
    """A CSV reader over ``text`` and the header it read first (``read_header_lines``)."""
    if not text.strip():
        raise refusal(source, 0, "empty-file", _("the file is empty"))
    return read_header_lines(io.StringIO(text, newline=""), source, delimiter, skipped)


def read_header_lines(
    lines: Iterable[str], source: str, delimiter: str, skipped: Counter[str] | None = None
) -> tuple[CsvReader, list[str]]:
    """A CSV reader over ``lines`` and the header it read first: the first row of two or
    more cells, below a report's header block of one-cell lines (counted in ``skipped``);
    without one within 20 lines, the first line (a file of blank lines is refused)."""
    reader, header, _rest = header_and_rest(lines, source, delimiter, skipped)
    return reader, header


def header_and_rest(
    lines: Iterable[str], source: str, delimiter: str, skipped: Counter[str] | None
) -> tuple[CsvReader, list[str], Iterator[str] | None]:
    """``read_header_lines``, with the lines after the header when it was found (None when
    the reader reads the file again from its first line)."""
    lines = iter(lines)
    head = _Kept(lines)
    reader = csv.reader(head, delimiter=delimiter, strict=False)
    try:
        block = 0
        for row in reader:
            if filled(row) >= 2:
                if skipped is not None and block:
                    skipped[HEADER_LINE] += block
                head.lines = None
                return reader, row, lines
            block += filled(row) > 0
            if reader.line_num > 20:
                break
        else:
            if not "".join(head.lines or ()).strip():
                raise refusal(source, 0, "empty-file", _("the file is empty"))
        again = itertools.chain(head.lines or (), lines)
        reader = csv.reader(again, delimiter=delimiter, strict=False)
        return reader, next(reader), None
    except csv.Error as exc:
        raise refusal(
            source,
            1,
            "bad-csv",
            _("the header cannot be read as CSV ({reason})").format(reason=exc),
        ) from None


class _Kept:
    """Lines passed on one by one and kept until ``lines`` is set to None (a header that is
    not found is read again from the first line)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.source = lines
        self.lines: list[str] | None = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.source)
        if self.lines is not None:
            self.lines.append(line)
        return line


def read_rows(
    reader: CsvReader, width: int, source: str, skipped: Counter[str] | None = None
) -> tuple[list[Row], list[Diagnostic]]:
    """The rows after the header and their problems (``iter_rows``), all in a list."""
    problems: list[Diagnostic] = []
    rows = list(iter_rows(reader, width, source, skipped, problems))
    return rows, problems


def iter_rows(
    reader: CsvReader,
    width: int,
    source: str,
    skipped: Counter[str] | None,
    problems: list[Diagnostic],
    offset: int = 0,
) -> Iterator[Row]:
    """The rows of ``row_chunks``, one at a time."""
    for chunk in row_chunks(reader, width, source, skipped, problems, offset):
        yield from chunk


def row_chunks(
    reader: CsvReader,
    width: int,
    source: str,
    skipped: Counter[str] | None,
    problems: list[Diagnostic],
    offset: int = 0,
    size: int = CHUNK_ROWS,
) -> Iterator[list[Row]]:
    """The rows after the header, up to ``size`` at a time, each with its first line (blank
    lines skipped); a row of the wrong width is a problem (into ``problems``), text that is
    no CSV stops the import. A report's totals rows, and its footer (short lines after a
    blank line, at the end), are counted in ``skipped``. Lines are numbered from ``offset``
    (the lines before the reader's first)."""
    rows = _RowFilter(width, source, Counter() if skipped is None else skipped, problems)
    while (chunk := rows.read(reader, offset, size)) is not None:
        yield chunk
    rows.finish()


def line_chunks(
    lines: Iterable[str],
    delimiter: str,
    width: int,
    source: str,
    skipped: Counter[str] | None,
    problems: list[Diagnostic],
    offset: int = 0,
    size: int = CHUNK_ROWS,
) -> Iterator[list[Row]]:
    """The chunks of ``row_chunks`` for the lines after the header (numbered from
    ``offset``), read faster: ``size`` lines that are as many rows are read in one call and
    numbered by counting; lines holding a row over several lines (or text that is no CSV)
    are read a row at a time, so every row keeps its first line."""
    rows = _RowFilter(width, source, Counter() if skipped is None else skipped, problems)
    lines = iter(lines)
    done = offset  # the lines read so far
    while block := list(itertools.islice(lines, size)):
        read = _one_line_rows(block, delimiter)
        if read is None:
            reader = csv.reader(itertools.chain(block, lines), delimiter=delimiter, strict=False)
            chunk = rows.read(reader, done, size, until=len(block)) or []
            done += reader.line_num
        else:
            chunk = rows.sort(read, range(done + 1, done + 1 + len(read)), "".join(block))
            done += len(block)
        if chunk:
            yield chunk
    rows.finish()


def _one_line_rows(block: list[str], delimiter: str) -> list[list[str]] | None:
    """The rows of ``block`` (whole lines, from a row's start) if each line is one row;
    None if a row goes on over several lines (a cell with a line break: the block's last
    cell ends with one when its row goes on after the block) or the text is no CSV."""
    try:
        read = list(csv.reader(block, delimiter=delimiter, strict=False))
    except csv.Error:
        return None
    if len(read) != len(block) or (read[-1] and read[-1][-1].endswith(("\n", "\r"))):
        return None
    return read


class _RowFilter:
    """Tells the rows of an export from its blank lines, totals rows, footer and rows of the
    wrong width, a chunk of rows at a time (one check for a chunk of plain rows)."""

    def __init__(
        self, width: int, source: str, skipped: Counter[str], problems: list[Diagnostic]
    ) -> None:
        self.width, self.source, self.skipped, self.problems = width, source, skipped, problems
        self.footer: list[Diagnostic] = []  # short rows after a blank line: the footer if last
        self.after_blank = False

    def read(
        self, reader: CsvReader, offset: int, size: int, until: int | None = None
    ) -> list[Row] | None:
        """The next deals' rows of ``reader`` (lines numbered from ``offset``), from up to
        ``size`` rows, or the rows up to its line ``until``; None at the end. Text that is no
        CSV is refused with every problem found so far."""
        read: list[list[str]] = []
        ends: list[int] = []
        first = offset + reader.line_num + 1
        try:
            for row in reader:
                read.append(row)
                ends.append(reader.line_num)
                if len(read) >= size or (until is not None and reader.line_num >= until):
                    break
        except csv.Error as exc:
            self.sort(read, [first, *(offset + e + 1 for e in ends[:-1])])
            self.refuse(offset + reader.line_num, exc)
        if not read:
            return None
        return self.sort(read, [first, *(offset + e + 1 for e in ends[:-1])])

    def sort(self, read: list[list[str]], starts: Sequence[int], text: str = "") -> list[Row]:
        """The rows of ``read`` (starting on the lines ``starts``; ``text``: their lines, if
        known) that are deals' rows."""
        joined = text or "\x1f".join(map("\x1f".join, read))
        totals = "otal" in joined or "OTAL" in joined  # as ``is_totals_row`` tells them
        if self.width > 1 and set(map(len, read)) == {self.width} and not totals:
            self.problems += self.footer
            self.footer, self.after_blank = [], False
            return list(zip(starts, read, strict=True))
        return [row for row in map(self._one, starts, read) if row is not None]

    def _one(self, line: int, row: list[str]) -> Row | None:
        """One row, or None for a row that is no deal's (counted, or a problem)."""
        if not row or (len(row) == 1 and not row[0].strip()):
            self.after_blank = True
            return None
        if is_totals_row(row):
            self.skipped[TOTALS_ROW] += 1
            return None
        bad = None
        if len(row) != self.width:
            bad = problem(
                self.source,
                line,
                "bad-row",
                _("the row has {fields} fields, the header has {width}").format(
                    fields=len(row), width=self.width
                ),
            )
            if self.after_blank and filled(row) <= 2:
                self.footer.append(bad)
                return None
        self.problems += self.footer
        self.footer, self.after_blank = [], False
        if bad is not None:
            self.problems.append(bad)
            return None
        return line, row

    def refuse(self, line: int, exc: csv.Error) -> NoReturn:
        """Stop at text that is no CSV: the refusal with every problem found so far."""
        self.problems += self.footer
        reason = _("cannot be read as CSV ({reason})").format(reason=exc)
        self.problems.append(problem(self.source, line, "bad-csv", reason))
        raise rows_refused(self.source, self.problems, Counter(), ()) from None

    def finish(self) -> None:
        """The short rows after a blank line at the end: the report's footer."""
        if self.footer:
            self.skipped[FOOTER_LINE] += len(self.footer)


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
