"""Excel workbooks (.xlsx) read as the CSV text an export would have been: ``workbook_csv``
turns one sheet into CSV bytes that ``parse_export`` reads like any other export (profiles,
stages, owners, all or nothing). openpyxl (the ``salescoach[xlsx]`` extra) is imported only
when a workbook is read. An old ``.xls`` or a damaged workbook is refused, with a hint.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from salescoach.crm.problems import InvalidExport, refusal
from salescoach.crm.profiles import filled
from salescoach.crm.values import parse_amount
from salescoach.i18n import N_, _

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An old binary Excel file (.xls), or a password-protected workbook, starts with this."""
HINT_SAVE_AS = N_("open it in Excel and save it as .xlsx or CSV UTF-8, then import that")
HINT_INSTALL = N_("pip install 'salescoach[xlsx]' (or save the workbook as CSV UTF-8)")


def is_workbook(data: bytes) -> bool:
    """Whether the bytes are an .xlsx workbook: a zip archive with an ``xl/`` folder."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return True  # a damaged zip named like a workbook is refused by ``workbook_csv``


def refuse_other_spreadsheets(data: bytes, source: str) -> None:
    """Refuse an old .xls (or password-protected) workbook and a zip that is no workbook:
    read as text, they would give a page of meaningless bad rows."""
    if data.startswith(OLE2_MAGIC):
        raise refusal(
            source,
            0,
            "old-excel",
            _(
                "is an old Excel file (.xls) or a password-protected workbook; salescoach reads "
                ".xlsx and CSV files"
            ),
            hint=_(HINT_SAVE_AS),
        )
    if data.startswith(ZIP_MAGIC):
        raise refusal(
            source,
            0,
            "not-a-workbook",
            _("is a zip archive, not an Excel workbook (.xlsx) or a CSV file"),
            hint=_(HINT_SAVE_AS),
        )


def workbook_csv(data: bytes, source: str, sheet: str | None = None) -> bytes:
    """One sheet of an .xlsx workbook (the first, or ``sheet``) as UTF-8 CSV bytes, one line
    per sheet row so that diagnostics name the sheet's row numbers; formulas give the values
    Excel saved. ``InvalidExport`` if openpyxl is missing, the workbook is damaged or it has
    no such sheet."""
    openpyxl = _openpyxl(source)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key errors) for a damaged file
        raise _damaged(source) from None
    try:
        worksheet = _sheet(book, source, sheet)
        worksheet.reset_dimensions()  # some CRMs write a wrong used range; read every cell
        try:
            rows = [[_cell(cell) for cell in row] for row in worksheet.iter_rows()]
        except Exception:  # a damaged sheet is read lazily, row by row
            raise _damaged(source) from None
    finally:
        book.close()
    return csv_bytes(rows)


def _openpyxl(source: str) -> Any:
    """The openpyxl module, or the refusal saying how to install it."""
    try:
        import openpyxl
    except ImportError:
        raise refusal(
            source,
            0,
            "needs-openpyxl",
            _("is an Excel workbook; reading it needs openpyxl, which is not installed"),
            hint=_(HINT_INSTALL),
        ) from None
    return openpyxl


def _damaged(source: str) -> InvalidExport:
    return refusal(
        source,
        0,
        "bad-workbook",
        _("is not a readable Excel workbook (damaged?)"),
        hint=_(HINT_SAVE_AS),
    )


def _sheet(book: Any, source: str, name: str | None) -> Any:
    """The sheet named ``name`` (exactly, else ignoring case), or the first one."""
    names: list[str] = list(book.sheetnames)
    if name is None:
        return book.worksheets[0]
    match = [n for n in names if n == name] or [n for n in names if n.casefold() == name.casefold()]
    if len(match) != 1:
        listed = ", ".join(f"'{n}'" for n in names)
        raise refusal(
            source,
            0,
            "unknown-sheet",
            _("has no sheet named '{name}'; its sheets are {sheets}").format(
                name=name, sheets=listed
            ),
            hint=_("name one of them with --sheet"),
        )
    return book[match[0]]


# ---------------------------------------------------------------- cells as CSV text


def _cell(cell: Any) -> str:
    """A read-only cell's text (an empty cell has no number format)."""
    return cell_text(cell.value, cell.number_format or "General")


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as a CSV export writes it: dates ISO (with the time if there is one),
    numbers plain (no thousands separators, no exponent) with the currency their format shows
    (``EUR 4800``: a file in several currencies is then refused, not summed), empty cells
    empty; a line break inside a cell becomes a space, so that one sheet row stays one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return _datetime_text(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float):
        number = str(value) if isinstance(value, int) else _number_text(value)
        currency = format_currency(number_format)
        return f"{currency} {number}" if currency else number
    if isinstance(value, timedelta):
        return str(value)
    return " ".join(str(value).splitlines())


def _datetime_text(value: datetime) -> str:
    """``2026-09-14`` at midnight, else ``2026-09-14 11:20`` (seconds when there are some)."""
    if value.microsecond >= 500_000:  # Excel's float times land a hair before the second
        value += timedelta(microseconds=1_000_000 - value.microsecond)
    value = value.replace(microsecond=0, tzinfo=None)
    if value.time() == time(0, 0):
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")


def _number_text(value: float) -> str:
    """``4800`` for 4800.0, ``7250.5``, never ``1e+16``."""
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


_BRACKET_CURRENCY = re.compile(r"\[\$([^\]-]+)")
"""``[$€-407]``, ``[$USD]``: a currency in a locale tag."""
_QUOTED = re.compile(r'"([^"]*)"')
_BARE_SIGN = re.compile(r"[$€£¥₹]")


@lru_cache(maxsize=256)
def format_currency(number_format: str) -> str | None:
    """The currency sign or code a number format shows (``"USD "#,##0.00``, ``[$€-407]#,##0``,
    ``$#,##0``, ``#,##0 "Ft"``), if it is one an amount may carry; else None."""
    section = number_format.split(";")[0]
    candidates: list[str] = [m.strip() for m in _BRACKET_CURRENCY.findall(section)]
    candidates += [m.strip() for m in _QUOTED.findall(section)]
    bare = _BARE_SIGN.search(re.sub(r'\[[^\]]*\]|"[^"]*"', "", section))
    candidates += [bare.group()] if bare else []
    for candidate in candidates:
        try:
            if candidate and parse_amount(f"{candidate} 1", ".")[1]:
                return candidate
        except ValueError:
            continue
    return None


def csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    """The rows as UTF-8 CSV: trailing empty cells dropped, a row of two or more filled cells
    padded to the table's width (a sheet leaves trailing cells out), a row of one cell (a
    report's title or footer line) left as one field, as the CRM's CSV export has it."""
    trimmed = [_trim(row) for row in rows]
    width = max((len(row) for row in trimmed if filled(row) >= 2), default=0)
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for row in trimmed:
        if filled(row) >= 2 and len(row) < width:
            row = [*row, *[""] * (width - len(row))]
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _trim(row: Sequence[str]) -> list[str]:
    """The row without its trailing empty cells."""
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return list(row[:end])
