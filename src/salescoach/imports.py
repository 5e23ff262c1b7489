"""CRM imports on disk (``funnel/imports/<as-of>-<source>.csv``): the stored files and their
names, reading an export's bytes, storing a parsed export (all or nothing; the same export
imported twice leaves the file byte-identical) and reading a stored import back.
``usecases.imports.import_export`` is the whole import a user runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import sys
from datetime import date
from pathlib import Path

from salescoach import crm, store, writer
from salescoach.crm import sheets
from salescoach.diagnostics import Diagnostic
from salescoach.errors import InvalidRepo, UsageError, refuse_errors
from salescoach.formats import number
from salescoach.i18n import _
from salescoach.models import Settings

_IMPORT_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)\.csv$")
MAX_IMPORT_BYTES = 512 * 1024 * 1024


# ---------------------------------------------------------------- the stored files


def import_files(layout: store.Layout) -> list[tuple[date, Path]]:
    """The stored imports, oldest first, by the date in their file name (nothing is read)."""
    out: list[tuple[date, Path]] = []
    try:
        entries = list(os.scandir(layout.imports_dir))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        m = _IMPORT_FILE.match(entry.name)
        if not m:
            continue
        try:
            out.append((date.fromisoformat(m.group(1)), Path(entry.path)))
        except ValueError:
            continue
    return sorted(out)


def import_path(layout: store.Layout, as_of: date, source_name: str) -> Path:
    """Where the import of ``source_name`` as of ``as_of`` is stored."""
    stem = Path(source_name).stem
    return layout.imports_dir / f"{as_of.isoformat()}-{crm.slugify(stem)}.csv"


def load_import(layout: store.Layout, path: Path, settings: Settings) -> crm.StoredImport:
    """A stored import, or ``InvalidRepo`` naming its bad lines."""
    rel = layout.rel(path)
    refuse_errors(store.folder_problems(layout, path.parent))
    data, problems = store.read_bytes(layout, path, limit=MAX_IMPORT_BYTES)
    refuse_errors(problems)
    assert data is not None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRepo([crm.problem(rel, 0, "not-utf8", _("is not UTF-8"))]) from None
    with crm.paused_gc():
        stored, problems = crm.read_normalised(text, rel, settings.funnel.stages)
    refuse_errors(problems)
    assert stored is not None
    return stored


def check_imports(
    layout: store.Layout, settings: Settings, *, use_cache: bool = True
) -> list[Diagnostic]:
    """Every problem of the stored imports (for ``salescoach check``), read as ``funnel
    review`` reads them; a file unchanged since a clean check comes from the cache."""
    files = [(layout.rel(path), path) for _day, path in import_files(layout)]

    def check(path: Path) -> list[Diagnostic]:
        try:
            load_import(layout, path, settings)
        except InvalidRepo as error:
            return list(error.diagnostics)
        return []

    salt = ",".join(settings.funnel.stages) + ":" + _reader_version()
    return store.checked_files(layout.root, "imports", files, check, salt=salt, use_cache=use_cache)


def _reader_version() -> str:
    """The size and time of the code that reads a stored import (a change re-checks all)."""
    from salescoach.crm import cells, stored

    sources = (Path(__file__), Path(stored.__file__ or ""), Path(cells.__file__ or ""))
    parts = []
    for source in sources:
        try:
            st = os.stat(source)
        except OSError:
            continue
        parts.append(f"{source.name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


def store_import(layout: store.Layout, parsed: crm.ParsedExport) -> tuple[Path, str]:
    """Write a parsed export under ``funnel/imports/``; its path and what happened:
    'created', 'unchanged' (the same bytes were there already) or 'replaced'."""
    target = import_path(layout, parsed.as_of, parsed.source)
    return target, store_csv(layout, target, crm.normalised_csv(parsed))


def store_csv(layout: store.Layout, target: Path, content: bytes) -> str:
    """Write a stored import (or activities import) under its folder's lock: 'created',
    'unchanged' or 'replaced'. A folder that is a link (out of the repository or not) is
    refused, as a linked meetings folder is; a killed import's temporary file is removed."""
    refuse_errors(store.folder_problems(layout, target.parent))
    with writer.locked_new_folder(target.parent, shown=layout.rel(target.parent)):
        existed = target.exists()
        written = writer.write_new_or_same(target, content)
    return "replaced" if written and existed else "created" if written else "unchanged"


# ---------------------------------------------------------------- the export


STDIN = "-"
"""The export's name that means standard input (``funnel import -``)."""
STDIN_SOURCE = "stdin"
"""The source name of an export read from standard input (diagnostics, stored file)."""


def export_source(export: Path) -> str:
    """The export as diagnostics name it: its path as given, or ``stdin`` for '-'."""
    return STDIN_SOURCE if str(export) == STDIN else str(export)


def read_export(export: Path, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of a CRM export (anywhere on disk, or standard input for '-'), at most
    ``limit``; one that cannot be read is an ``InvalidExport`` naming it as the user gave it."""
    name = export_source(export)
    hint = _("name the CSV file exported from the CRM")
    try:
        if name == STDIN_SOURCE:
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(export, "rb") as handle:
                data = handle.read(limit + 1)
    except FileNotFoundError:
        raise crm.refusal(name, 0, "missing-file", _("no such file"), hint=hint) from None
    except IsADirectoryError:
        folder = _("is a folder, not a CSV file")
        raise crm.refusal(name, 0, "not-a-file", folder, hint=hint) from None
    except OSError as exc:
        reason = _("cannot be read ({reason})").format(reason=exc.strerror)
        raise crm.refusal(name, 0, "unreadable", reason, hint=hint) from None
    if len(data) > limit:
        raise crm.refusal(
            name,
            0,
            "too-large",
            _("larger than {limit} bytes").format(limit=number(limit)),
            hint=_("split the export by date"),
        )
    return data


def export_csv(data: bytes, source: str, sheet: str | None = None) -> tuple[bytes, bool]:
    """The export as CSV bytes and whether it was an .xlsx workbook (told by its bytes, not
    its name): a workbook's sheet (the first, or ``sheet``) becomes the CSV it would have
    been; an old .xls or another zip is refused; ``--sheet`` with a CSV file is a usage error."""
    if sheets.is_workbook(data):
        with crm.paused_gc():  # a sheet is read as many small objects (a tenth faster)
            return sheets.workbook_csv(data, source, sheet), True
    sheets.refuse_other_spreadsheets(data, source)
    if sheet is not None:
        raise UsageError(
            _("--sheet {sheet}: {file} is a CSV file, not an Excel workbook").format(
                sheet=sheet, file=source
            )
        )
    return data, False


@dataclasses.dataclass(frozen=True)
class ExportBytes:
    """An export as read: the file's own bytes (whose checksum a stored import records), the
    CSV they are (a workbook's sheet converted), and whether they were a workbook."""

    raw: bytes
    csv: bytes
    workbook: bool


def export_bytes(export: Path, sheet: str | None = None) -> ExportBytes:
    """Read an export (``-``: standard input) and, for a workbook, convert its sheet: once, for
    whoever reads it next (telling activities from deals, then importing)."""
    raw = read_export(export)
    data, workbook = export_csv(raw, export_source(export), sheet)
    return ExportBytes(raw, data, workbook)


def of_workbook(parsed: crm.ParsedExport, workbook: bytes) -> crm.ParsedExport:
    """The parsed export with the checksum of the workbook's own bytes (the stored import's
    ``sha256`` is of the file the user has, not of the CSV read from it)."""
    return dataclasses.replace(parsed, sha256=hashlib.sha256(workbook).hexdigest())
