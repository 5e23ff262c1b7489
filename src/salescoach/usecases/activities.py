"""Importing a CRM activity export (calls, meetings, e-mails, tasks): read it, match its owners
to the repository's reps and store the normalised activities under ``funnel/activities/``
(all or nothing; see docs/funnel.md). ``import_file`` is the whole ``funnel import``: an
activity export (``--activities``, an activity ``--profile``, or a header that only an
activity profile fits) goes here, any other file to the deals' ``import_export``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from salescoach import crm, store
from salescoach.activities import store_activities
from salescoach.crm.activities import ParsedActivities, parse_activities
from salescoach.crm.activity_profiles import fits_activities, is_activity_profile
from salescoach.crm.cells import large_cells
from salescoach.crm.profiles import PROFILE_NAMES
from salescoach.errors import UsageError
from salescoach.i18n import _
from salescoach.imports import STDIN, ExportBytes, export_bytes, export_source
from salescoach.usecases.imports import ImportResult, import_export, rep_owners

HEAD_BYTES = 1 << 20
"""How much of a CSV file is read to tell an activity export from a deal export."""


@dataclass
class ActivitiesResult:
    """What an activities import did, for the report."""

    parsed: ParsedActivities
    path: Path
    status: str
    """'created', 'unchanged' (the same bytes were there already) or 'replaced'."""
    rel: str
    as_of_given: bool
    detected: bool = False
    """Whether the file was read as activities by its header (no ``--activities``)."""
    reps: dict[str, str] | None = None
    """Rep ID → name of every rep of the repository (for the summary)."""


def import_file(
    layout: store.Layout,
    export: Path,
    *,
    activities: bool = False,
    as_of: date | None = None,
    profile: str | None = None,
    maps: dict[str, str] | None = None,
    date_format: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    rates: Sequence[str] | None = None,
    write_stage_map: bool = False,
) -> ImportResult | ActivitiesResult:
    """Import a CRM export as activities or as deals (see the module docstring)."""
    named = profile is not None and profile not in PROFILE_NAMES and is_activity_profile(profile)
    either = profile is None or is_activity_profile(profile)  # 'hubspot': deals or activities
    detected, read = False, None
    if not (activities or named or maps) and either:
        detected, read = _looks_like(export, encoding, sheet)
    if not (activities or named or detected):
        return import_export(
            layout,
            export,
            as_of=as_of,
            profile=profile,
            maps=maps,
            date_format=date_format,
            encoding=encoding,
            sheet=sheet,
            rates=rates,
            write_stage_map=write_stage_map,
            read=read,
        )
    if rates or write_stage_map:
        option = "--rate" if rates else "--write-stage-map"
        raise UsageError(
            _("{option} applies to deal exports, not to an activity export").format(option=option)
        )
    return import_activities(
        layout,
        export,
        as_of=as_of,
        profile=profile,
        maps=maps,
        date_format=date_format,
        encoding=encoding,
        sheet=sheet,
        detected=detected,
        read=read,
    )


def _looks_like(
    export: Path, encoding: str | None, sheet: str | None
) -> tuple[bool, ExportBytes | None]:
    """Whether a file (not standard input: it can be read once only) is an activity export
    by its header; any problem reading it says no (the import then reports it). A workbook
    is read whole to see its header, so it comes back too (not read and converted twice)."""
    if str(export) == STDIN:
        return False, None
    read = None
    try:
        with open(export, "rb") as handle:
            head = handle.read(HEAD_BYTES)
        if head.startswith(b"PK"):
            read = export_bytes(export, sheet)
            head = read.csv
        elif len(head) == HEAD_BYTES:
            head = head[: head.rfind(b"\n") + 1]
        text = crm.decode(head, str(export), encoding)
        _reader, header = crm.export.read_header(text, str(export), crm.detect_delimiter(text))
    except (OSError, crm.InvalidExport, UsageError):
        return False, read
    return fits_activities(header), read


def import_activities(
    layout: store.Layout,
    export: Path,
    *,
    as_of: date | None = None,
    profile: str | None = None,
    maps: dict[str, str] | None = None,
    date_format: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    detected: bool = False,
    read: ExportBytes | None = None,
) -> ActivitiesResult:
    """Import one activity export (``-``: standard input) into ``funnel/activities/``;
    ``crm.InvalidExport`` (nothing written) if it cannot be, with every problem found."""
    if encoding is not None:
        crm.values.encoding_named(encoding)  # a usage error before anything is read
    settings = store.require_settings(layout)
    managers = store.require_managers(layout)
    read = read or export_bytes(export, sheet)
    with large_cells():  # a huge cell in an unused column is no reason to refuse
        parsed = parse_activities(
            read.csv,
            export_source(export),
            owners=rep_owners(settings, managers),
            profile=profile,
            maps=maps,
            date_format=date_format,
            as_of=as_of,
            encoding=None if read.workbook else encoding,
        )
    if read.workbook:
        parsed.sha256 = hashlib.sha256(read.raw).hexdigest()
    path, status = store_activities(layout, parsed)
    names = {r.id: r.name for m in managers for r in m.reps}
    return ActivitiesResult(
        parsed, path, status, layout.rel(path), as_of is not None, detected, names
    )
