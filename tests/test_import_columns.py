"""The fast path of `funnel import` (issue 18, ``KnownCellsReader``: each distinct cell read
once) reads exactly what the plain reader reads row by row (``DealReader``): the same deals in
the same order, the same problems with their lines, codes and messages, counts, latest date,
currencies and owners, however hostile the rows and however the export is cut into chunks."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from salescoach.crm.known_cells import KnownCellsReader
from salescoach.crm.mapping import choose_columns, owner_index, stage_mapper
from salescoach.crm.profiles import profile_named
from salescoach.crm.rows import DealReader, Row
from salescoach.crm.values import date_parser
from salescoach.records import Deal

HEADERS = {
    "generic": ["id", "name", "owner", "stage", "amount", "created", "closed", "expected"],
    "maven": [
        "opportunity_id",
        "sales_agent",
        "product",
        "account",
        "deal_stage",
        "engage_date",
        "close_date",
        "close_value",
    ],
}
CELLS = {
    "id": ["D1", "D2", "D3", " D1 ", "", "  ", "D\x00", "D\t4", "D\u00a05", "D\u20286", "Total"],
    "name": ["Acme", "  Acme   co ", "A\x01b", "", "Ő\u2029x"],
    "owner": [
        "Kiss Anna",
        "Nagy Béla",
        "Bela N",
        "  Kiss   Anna ",
        "Ignored Guy",
        "Nobody",
        "",
        "Kiss\x00Anna",
        "Bela",
        "K" * 130,
    ],
    "stage": ["Won", "Lost", "Engaging", "Prospecting", "", "Unknown", " Won ", "won"],
    "amount": ["", "100", "1,234.50", "€100", "$5", "1.234", "-5", "abc", "100 EUR", "12.5", "0"],
    "date": ["", "2017-01-01", "2017-03-01", "2016-12-31", "2017-13-01", "1800-01-01", "x"],
}
FIELDS = {
    "generic": ["id", "name", "owner", "stage", "amount", "date", "date", "date"],
    "maven": ["id", "owner", "name", "name", "stage", "date", "date", "amount"],
}
OWNERS = [
    ("kiss-anna", "Kiss Anna", [], None),
    ("nagy-bela", "Nagy Béla", ["Bela N"], None),
    ("bela-toth", "Bela Toth", [], None),
    ("bela-kovacs", "Bela Kovacs", [], None),
]
STAGES = ["prospecting", "engaging", "won"]
STAGE_MAP = {"Prospecting": "prospecting", "Engaging": "engaging", "Won": "won", "Lost": "lost"}


def rows_of(layout: str) -> st.SearchStrategy[list[Row]]:
    """Rows of the layout, each cell one of the hostile ones, numbered from line 2."""
    row = st.tuples(*(st.sampled_from(CELLS[f]) for f in FIELDS[layout])).map(list)
    return st.lists(row, max_size=40).map(lambda rows: list(enumerate(rows, start=2)))


def reader(kind: type[DealReader], layout: str) -> DealReader:
    cols = choose_columns(HEADERS[layout], "x.csv")
    mapper = stage_mapper(STAGES, STAGE_MAP, profile_named(cols.profile).stages)
    owners = owner_index(OWNERS, ignore=["Ignored Guy"])
    deals = kind("x.csv", cols, mapper, owners, date_parser("Y-m-d"), ",")
    deals.decimal_mark = "."
    deals.rates = {"EUR": Decimal("2.5")}
    return deals


def outcome(deals: DealReader) -> tuple[object, ...]:
    """Everything a reader found, in the order it found it."""
    owners = deals.owners
    return (
        deals.deals,
        deals.problems,
        deals.count,
        deals.latest,
        list(deals.currencies.items()),
        list(deals.currency_lines.items()),
        list(deals.unknown_stages.items()),
        list(deals.skipped.items()),
        list(owners.unmatched.items()),
        sorted(owners.with_deals),
        owners.ignored_rows,
        list(owners.first_line.items()),
        list(owners.ambiguous.items()),
    )


@settings(max_examples=400, deadline=None)
@given(st.data(), st.sampled_from(sorted(HEADERS)), st.integers(1, 9))
def test_the_known_cells_path_reads_what_the_row_path_reads(
    data: st.DataObject, layout: str, size: int
) -> None:
    rows = data.draw(rows_of(layout))
    plain = reader(DealReader, layout)
    plain.read_all(rows)
    columns = reader(KnownCellsReader, layout)
    read: list[Deal] = []
    for start in range(0, len(rows), size):
        columns.read_all(rows[start : start + size])
        read += columns.deals
        columns.deals = []  # as the export's reader hands each chunk's deals on
    columns.deals = read
    assert outcome(columns) == outcome(plain)


def test_chunks_after_the_one_that_taught_the_cells() -> None:
    """The common case: the cells known from the first chunk, every ID new but one."""
    rows: list[Row] = [
        (n + 2, [f"D{n}", "Acme", "Kiss Anna", "Won", "100", "2017-01-01", "2017-03-01", ""])
        for n in range(50)
    ]
    rows += [(60, ["D7", "Acme", "Kiss Anna", "Won", "100", "2017-01-01", "2017-03-01", ""])]
    plain = reader(DealReader, "generic")
    plain.read_all(rows)
    columns = reader(KnownCellsReader, "generic")
    for start in range(0, len(rows), 10):
        columns.read_all(rows[start : start + 10])
    assert outcome(columns) == outcome(plain)
    assert [p.code for p in columns.problems] == ["duplicate-id"]
