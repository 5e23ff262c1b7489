"""Excel workbooks (.xlsx) import like the CSV export of the same data: the sheet's cells
(dates, numbers, formulas' saved values) become the same text rows; old .xls, damaged
workbooks, unknown sheets and a missing openpyxl are refused with a hint, nothing written."""

from __future__ import annotations

import builtins
import csv
import hashlib
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from salescoach import crm
from salescoach.crm import sheets
from tests.conftest import Run, write

openpyxl = pytest.importorskip("openpyxl")

DATA = Path(__file__).resolve().parent / "data" / "crm"
MANAGER = (
    "managers/anna.yaml",
    "name: Anna Kovács\nreps:\n"
    "  - {id: petra-nagy, name: Petra Nagy}\n"
    "  - {id: tom-reed, name: Tom Reed}\n",
)
HUBSPOT_CSV = DATA / "hubspot-deals.csv"
FORMULA = "6000*2"
"""Initech's amount, as a formula; Excel saves its value (12000) beside it."""


def _fresh_repo(cli: Run, tmp_path: Path, name: str = "fresh") -> Path:
    root = tmp_path / name
    assert cli("init", root).exit_code == 0
    write(root, *MANAGER)
    return root


def _typed(column: str, text: str) -> object:
    """A HubSpot CSV cell as Excel holds it: dates as dates, amounts and IDs as numbers."""
    if not text:
        return None
    if column in ("Close Date", "Create Date"):
        return datetime.fromisoformat(text)
    if column in ("Amount", "Record ID"):
        return float(text) if "." in text else int(text)
    return text


def _hubspot_workbook(*, sheet: str = "Deals", before: str | None = None) -> bytes:
    """hubspot-deals.csv as a workbook: typed cells, Initech's amount a formula with its
    saved value; ``before`` names a sheet placed ahead of the deals."""
    with HUBSPOT_CSV.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    book = openpyxl.Workbook()
    deals = book.active
    deals.title = sheet
    if before:
        book.create_sheet(before, 0).append(["notes", "nothing here"])
    deals.append(header)
    for row in rows:
        deals.append([_typed(c, t) for c, t in zip(header, row, strict=True)])
    deals["F3"] = f"={FORMULA}"  # row 3 is Initech, F its amount
    for cell in ("D2", "G2"):
        deals[cell].number_format = "yyyy-mm-dd hh:mm"
    out = io.BytesIO()
    book.save(out)
    return _with_saved_value(out.getvalue(), FORMULA, "12000")


def _with_saved_value(data: bytes, formula: str, value: str) -> bytes:
    """The workbook with ``value`` saved beside ``formula``, as Excel does (openpyxl saves
    formulas without a value)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    # openpyxl writes the empty value as <v /> or, with lxml installed, <v></v>
    empty = re.compile(rf"<f>{re.escape(formula)}</f><v ?/>|<f>{re.escape(formula)}</f><v></v>")
    saved = f"<f>{formula}</f><v>{value}</v>"
    out, found = io.BytesIO(), 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text, count = empty.subn(saved, content.decode("utf-8"))
                found += count
                content = text.encode("utf-8")
            dst.writestr(item, content)
    assert found == 1
    return out.getvalue()


def _deals(root: Path) -> list[str]:
    """The stored import's deal lines (its header comments differ by source and checksum)."""
    (path,) = (root / "funnel" / "imports").glob("*.csv")
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]


def _stored_text(root: Path) -> str:
    (path,) = (root / "funnel" / "imports").glob("*.csv")
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- cells as text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (4800, "4800"),
        (4800.0, "4800"),
        (7250.5, "7250.5"),
        (1e16, "10000000000000000"),
        (0.1, "0.1"),
        (True, "TRUE"),
        (datetime(2026, 9, 14), "2026-09-14"),
        (datetime(2026, 9, 14, 11, 20), "2026-09-14 11:20"),
        (datetime(2026, 9, 14, 11, 20, 5), "2026-09-14 11:20:05"),
        (datetime(2026, 9, 14, 11, 19, 59, 999_000), "2026-09-14 11:20"),
        ("Globex\n40 seats", "Globex 40 seats"),
        ("USD 4,800.00", "USD 4,800.00"),
    ],
)
def test_a_cell_reads_as_a_csv_export_writes_it(value: object, text: str) -> None:
    assert sheets.cell_text(value) == text


@pytest.mark.parametrize(
    ("number_format", "currency"),
    [
        ("General", None),
        ("#,##0.00", None),
        ("0%", None),
        ('"USD "#,##0.00', "USD"),
        ("[$€-407]#,##0.00", "€"),
        ("[$EUR] #,##0", "EUR"),
        ("$#,##0.00;[Red]-$#,##0.00", "$"),
        ('#,##0 "Ft"', "Ft"),
        ("[$-409]mmm d, yyyy", None),
        ('"Qty "0', None),
    ],
)
def test_a_number_formats_currency_is_read(number_format: str, currency: str | None) -> None:
    assert sheets.format_currency(number_format) == currency


def test_a_number_keeps_the_currency_its_format_shows() -> None:
    assert sheets.cell_text(4800.0, '"USD "#,##0.00') == "USD 4800"
    assert sheets.cell_text(4800, "#,##0") == "4800"


def test_rows_are_padded_to_the_table_but_one_cell_lines_stay_one_field() -> None:
    rows = [["Report"], [], ["a", "b", "c"], ["1", "2", ""], ["x", "y"], [], ["Confidential", ""]]
    assert sheets.csv_bytes(rows).decode("utf-8").splitlines() == [
        '"Report"',
        "",
        '"a","b","c"',
        '"1","2",""',
        '"x","y",""',
        "",
        '"Confidential"',
    ]


def test_a_workbook_is_told_by_its_bytes() -> None:
    assert sheets.is_workbook(_hubspot_workbook())
    assert not sheets.is_workbook(HUBSPOT_CSV.read_bytes())
    assert not sheets.is_workbook(_zip({"notes.txt": "hello"}))


# ---------------------------------------------------------------- importing a workbook


def test_a_workbook_imports_the_same_deals_as_its_csv(cli: Run, tmp_path: Path) -> None:
    from_csv = _fresh_repo(cli, tmp_path, "csv")
    assert cli("--repo", from_csv, "funnel", "import", HUBSPOT_CSV).exit_code == 0
    from_xlsx = _fresh_repo(cli, tmp_path, "xlsx")
    export = tmp_path / "hubspot-deals.xlsx"
    export.write_bytes(_hubspot_workbook())
    result = cli("--repo", from_xlsx, "funnel", "import", export)
    assert result.exit_code == 0, result.stderr
    assert _deals(from_xlsx) == _deals(from_csv)
    assert ",Initech - renewal,petra-nagy,Petra Nagy,lost,12000," in _stored_text(from_xlsx)
    stored = _stored_text(from_xlsx)
    assert "# source: hubspot-deals.xlsx\n" in stored
    assert "# profile: hubspot\n" in stored

    assert f"# sha256: {hashlib.sha256(export.read_bytes()).hexdigest()}\n" in stored


def test_a_workbook_is_told_by_its_bytes_whatever_its_name(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = tmp_path / "deals.csv"
    export.write_bytes(_hubspot_workbook())
    assert cli("--repo", root, "funnel", "import", export).exit_code == 0
    assert len(_deals(root)) == 9


def test_sheet_names_the_sheet_to_read(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = tmp_path / "deals.xlsx"
    export.write_bytes(_hubspot_workbook(before="Read me"))
    first = cli("--repo", root, "funnel", "import", export)
    assert first.exit_code == 1
    result = cli("--repo", root, "funnel", "import", export, "--sheet", "deals")
    assert result.exit_code == 0, result.stderr
    assert len(_deals(root)) == 9


def test_an_unknown_sheet_names_the_sheets_there_are(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = tmp_path / "deals.xlsx"
    export.write_bytes(_hubspot_workbook(before="Read me"))
    result = cli("--repo", root, "funnel", "import", export, "--sheet", "Q3")
    assert result.exit_code == 1
    assert (
        f"{export}: unknown-sheet has no sheet named 'Q3'; its sheets are 'Read me', 'Deals'"
        in result.stderr
    )
    assert "hint: name one of them with --sheet" in result.stderr
    assert not (root / "funnel" / "imports").exists() or not _imports(root)


def test_sheet_with_a_csv_file_is_a_usage_error(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    result = cli("--repo", root, "funnel", "import", HUBSPOT_CSV, "--sheet", "Deals")
    assert result.exit_code == 2
    assert f"--sheet Deals: {HUBSPOT_CSV} is a CSV file, not an Excel workbook" in result.stderr


@pytest.mark.parametrize("name", ["salesforce-details.csv", "salesforce-report.csv"])
def test_a_salesforce_report_workbook_skips_the_same_lines_as_its_csv(name: str) -> None:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row or [None])
    out = io.BytesIO()
    book.save(out)
    settings: dict[str, Any] = {
        "stages": ["prospects", "meetings", "proposals", "won"],
        "stage_map": {},
        "owners": crm.owner_index([("petra-nagy", "Petra Nagy", []), ("tom-reed", "Tom Reed", [])]),
    }
    from_csv = crm.parse_export((DATA / name).read_bytes(), name, **settings)
    from_xlsx = crm.parse_export(
        sheets.workbook_csv(out.getvalue(), "x.xlsx"), "x.xlsx", **settings
    )
    assert from_xlsx.deals == from_csv.deals  # line-N IDs: the sheet's rows are the CSV's lines
    assert from_xlsx.skipped_text == from_csv.skipped_text != ""


def test_a_workbook_reads_from_standard_input(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    result = cli(
        "--repo", root, "funnel", "import", "-", "--as-of", "2026-12-01", input=_hubspot_workbook()
    )
    assert result.exit_code == 0, result.stderr
    assert len(_deals(root)) == 9


def test_amounts_in_several_currency_formats_are_refused_not_summed(
    cli: Run, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Opportunity Owner", "Opportunity Name", "Stage", "Amount", "Close Date"])
    for n, fmt in enumerate(['"USD "#,##0.00', "[$€-407]#,##0.00", "[$€-407]#,##0.00"], 2):
        book.active.append(
            ["Petra Nagy", f"Deal {n}", "Closed Won", 1000 * n, datetime(2026, 9, n)]
        )
        book.active.cell(n, 4).number_format = fmt
    export = tmp_path / "report.xlsx"
    book.save(export)
    root = _fresh_repo(cli, tmp_path)
    result = cli("--repo", root, "funnel", "import", export)
    assert result.exit_code == 1
    assert "amounts in 2 currencies: EUR (2 rows), USD (1 row)" in result.stderr
    assert _imports(root) == []


# ---------------------------------------------------------------- refusals


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def _imports(root: Path) -> list[Path]:
    folder = root / "funnel" / "imports"
    return list(folder.glob("*.csv")) if folder.exists() else []


REFUSALS = [
    (
        "old.xls",
        sheets.OLE2_MAGIC + b"\0" * 600,
        "old-excel is an old Excel file (.xls) or a password-protected workbook; salescoach "
        "reads .xlsx and CSV files",
    ),
    (
        "broken.xlsx",
        _zip({"xl/workbook.xml": "<not a workbook"}),
        "bad-workbook is not a readable Excel workbook (damaged?)",
    ),
    (
        "truncated.xlsx",
        b"PK\x03\x04" + b"\x14\0" * 40,
        "bad-workbook is not a readable Excel workbook (damaged?)",
    ),
    (
        "notes.zip",
        _zip({"notes.txt": "hello"}),
        "not-a-workbook is a zip archive, not an Excel workbook (.xlsx) or a CSV file",
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_other_spreadsheets_are_refused_with_a_hint(
    cli: Run, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = tmp_path / name
    export.write_bytes(data)
    result = cli("--repo", root, "funnel", "import", export)
    assert result.exit_code == 1
    assert f"{export}: {message}" in result.stderr
    assert f"hint: {sheets.HINT_SAVE_AS}" in result.stderr
    assert "save it as .xlsx or CSV UTF-8" in sheets.HINT_SAVE_AS
    assert _imports(root) == []


def test_without_openpyxl_the_command_says_how_to_install_it(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ImportError("No module named 'openpyxl'")
        return real_import(name, *args, **kwargs)

    root = _fresh_repo(cli, tmp_path)
    export = tmp_path / "deals.xlsx"
    export.write_bytes(_hubspot_workbook())
    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    result = cli("--repo", root, "funnel", "import", export)
    assert result.exit_code == 1
    assert (
        f"{export}: needs-openpyxl is an Excel workbook; reading it needs openpyxl, "
        "which is not installed" in result.stderr
    )
    assert "hint: pip install 'salescoach[xlsx]' (or save the workbook as CSV UTF-8)" in (
        result.stderr
    )
    assert _imports(root) == []


def test_a_workbook_is_converted_once_per_import(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telling an activity export from a deal export needs the sheet's header: the sheet
    converted for that is the one imported (openpyxl's parsing is most of the time)."""
    root = _fresh_repo(cli, tmp_path)
    export = tmp_path / "hubspot-deals.xlsx"
    export.write_bytes(_hubspot_workbook())
    calls: list[str] = []
    convert = sheets.workbook_csv

    def counted(*args: object, **kwargs: object) -> bytes:
        calls.append("converted")
        return convert(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sheets, "workbook_csv", counted)
    assert cli("--repo", root, "funnel", "import", export).exit_code == 0
    assert calls == ["converted"]
    assert len(_deals(root)) == 9
