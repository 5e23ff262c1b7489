"""CRM imports on disk (``funnel/imports/<as-of>-<source>.csv``).

``import_export`` reads a CRM export, maps it with the repository's settings and reps
(``crm``), and stores the normalised deals with ``writer`` (all or nothing; the same export
imported twice leaves the file byte-identical). ``load_import`` reads a stored import back.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from salescoach import crm, store, writer
from salescoach.diagnostics import Diagnostic, errors_in
from salescoach.errors import InvalidRepo
from salescoach.models import Settings

_IMPORT_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)\.csv$")
MAX_IMPORT_BYTES = 512 * 1024 * 1024


# ---------------------------------------------------------------- the files


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
    stem = Path(source_name).stem
    return layout.imports_dir / f"{as_of.isoformat()}-{crm.slugify(stem)}.csv"


def _read_file(layout: store.Layout, path: Path, limit: int) -> bytes:
    rel = layout.rel(path)
    if path.is_symlink():
        raise InvalidRepo([Diagnostic(rel, 0, 0, "symlink", "is a symbolic link")])
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InvalidRepo(
            [Diagnostic(rel, 0, 0, "unreadable", f"cannot be read: {exc.strerror}")]
        ) from None
    if len(data) > limit:
        raise InvalidRepo([Diagnostic(rel, 0, 0, "too-large", f"is larger than {limit:,} bytes")])
    return data


def load_import(layout: store.Layout, path: Path, settings: Settings) -> crm.StoredImport:
    """A stored import, or ``InvalidRepo`` naming its bad lines."""
    rel = layout.rel(path)
    data = _read_file(layout, path, MAX_IMPORT_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRepo([Diagnostic(rel, 0, 0, "not-utf8", "is not UTF-8")]) from None
    with crm.paused_gc():
        stored, problems = crm.read_normalised(text, rel, settings.funnel.stages)
    if stored is None or errors_in(problems):
        raise InvalidRepo(problems)
    return stored


# ---------------------------------------------------------------- importing


@dataclass
class ImportResult:
    """What an import did, for the report."""

    parsed: crm.ParsedExport
    path: Path
    status: str
    """'created', 'unchanged' (the same bytes were there already) or 'replaced'."""
    reps_without_deals: list[tuple[str, str, str]] = field(default_factory=list)
    """(manager ID, rep ID, rep name) of every rep with no deal in the export."""


def import_export(
    layout: store.Layout,
    export: Path,
    *,
    as_of: date | None = None,
    profile: str | None = None,
    maps: dict[str, str] | None = None,
    date_format: str | None = None,
) -> ImportResult:
    """Import one CRM export into ``funnel/imports/`` (see the module docstring)."""
    settings = store.require_settings(layout)
    managers = store.require_managers(layout)
    try:
        with open(export, "rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise crm.BadExport(f"{export}: no such file") from None
    except IsADirectoryError:
        raise crm.BadExport(f"{export}: is a folder, not a CSV file") from None
    except OSError as exc:
        raise crm.BadExport(f"{export}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise crm.BadExport(f"{export}: larger than {MAX_IMPORT_BYTES:,} bytes")
    owners = crm.owner_index(
        (rep.id, rep.name, rep.crm_names) for manager in managers for rep in manager.reps
    )
    parsed = crm.parse_export(
        data,
        export.name,
        stages=settings.funnel.stages,
        stage_map=settings.funnel.stage_map,
        owners=owners,
        profile=profile,
        maps=maps,
        date_format=date_format,
        as_of=as_of,
    )
    target = import_path(layout, parsed.as_of, export.name)
    content = crm.normalised_csv(parsed)
    existed = target.exists()
    written = writer.write_new_or_same(target, content)
    status = "replaced" if written and existed else "created" if written else "unchanged"
    without = [
        (manager.id, rep.id, rep.name)
        for manager in managers
        for rep in manager.reps
        if rep.id not in parsed.reps_with_deals
    ]
    return ImportResult(parsed, target, status, without)
