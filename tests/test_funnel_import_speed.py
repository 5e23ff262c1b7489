"""The fast paths of `funnel import` (issue 18) write and read exactly what the plain ones do:
the stored rows are the bytes ``csv.writer`` writes, whatever the cells hold."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from salescoach.crm.csv_rows import line_chunks, row_chunks
from salescoach.crm.problems import InvalidExport
from salescoach.crm.stored import stored_rows
from salescoach.crm.stored_text import StoredText
from salescoach.diagnostics import Diagnostic
from salescoach.records import Deal

HOSTILE = st.sampled_from(["", ",", '"', "\n", "\r", "\r\n", " ", "a", "Ő", "\u2028", "\x00"])
CELL = st.lists(st.one_of(HOSTILE, st.text(max_size=6)), max_size=4).map("".join)
DAY = st.one_of(st.none(), st.dates(date(1970, 1, 1), date(2100, 12, 31)))
AMOUNT = st.one_of(st.none(), st.floats(0, 1e12, allow_nan=False).map(lambda x: round(x, 2)))
DEAL = st.builds(Deal, CELL, CELL, CELL, CELL, AMOUNT, DAY, DAY, CELL, DAY)


def written_by_csv(deals: list[Deal]) -> str:
    """The rows as ``csv.writer`` writes them (what a stored import always held)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(stored_rows(deals))
    return out.getvalue()


@settings(max_examples=300)
@given(st.lists(DEAL, max_size=6))
def test_stored_text_is_what_csv_writer_writes(deals: list[Deal]) -> None:
    assert StoredText().rows(deals) == written_by_csv(deals)


def test_stored_text_quotes_only_a_batch_that_needs_it() -> None:
    plain = Deal("D1", "kiss-anna", "Kiss Anna", "won", 1200.5, date(2017, 1, 2), None, "Acme")
    quoted = plain._replace(name='Acme, "the" big one')
    text = StoredText()
    assert text.rows([plain, plain]) == "D1,Acme,kiss-anna,Kiss Anna,won,1200.5,2017-01-02,,\n" * 2
    assert text.rows([plain, quoted]).splitlines()[1] == (
        'D1,"Acme, ""the"" big one",kiss-anna,Kiss Anna,won,1200.5,2017-01-02,,'
    )
    assert text.rows([]) == ""


LINE = st.sampled_from(
    [
        "A,1,x\n",
        "B,2,y\r\n",
        "\n",
        '"C\nD",3,z\n',
        '"E,\r\n\r\nF",4,w\n',
        "G,5\n",
        "Total,,9\n",
        "Grand Totals (3 records)\n",
        '"H"x,6,v\n',
        "I,7,",
        '"J\n',
        "K" * 150 + ",8,u\n",
    ]
)


def chunks_of(text: str, reader: str, size: int) -> tuple[object, ...]:
    """What ``row_chunks`` or ``line_chunks`` make of ``text`` after a header line: the
    rows, problems, skipped rows, or the refusal's diagnostics."""
    lines = io.StringIO("id,n,s\n" + text, newline="")
    next(lines)
    skipped: Counter[str] = Counter()
    problems: list[Diagnostic] = []
    try:
        if reader == "row":
            rows = csv.reader(lines, strict=False)
            chunks = row_chunks(rows, 3, "x.csv", skipped, problems, 1, size)
        else:
            chunks = line_chunks(lines, ",", 3, "x.csv", skipped, problems, 1, size)
        found = [row for chunk in chunks for row in chunk]
    except InvalidExport as error:
        return ("refused", error.diagnostics, skipped)
    return (found, problems, skipped)


@settings(max_examples=300)
@given(st.lists(LINE, max_size=12), st.integers(1, 5))
def test_line_chunks_number_and_sort_rows_as_row_chunks_does(lines: list[str], size: int) -> None:
    text = "".join(lines)
    before = csv.field_size_limit(100)  # a cell over the limit: text that is no CSV
    try:
        assert chunks_of(text, "line", size) == chunks_of(text, "row", size)
    finally:
        csv.field_size_limit(before)


def test_a_row_over_several_lines_keeps_its_first_line() -> None:
    found, problems, _skipped = chunks_of('A,1,x\n"B\nC",2,y\nD,3,z\n', "line", 10)
    assert found == [(2, ["A", "1", "x"]), (3, ["B\nC", "2", "y"]), (5, ["D", "3", "z"])]
    assert problems == []
