"""Importing a CRM export: read it, map it with the repository's settings and reps, and store
the normalised deals under ``funnel/imports/`` (all or nothing; see docs/funnel.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from salescoach import crm, store
from salescoach.crm.cells import large_cells
from salescoach.errors import UsageError
from salescoach.formats import plural
from salescoach.i18n import N_, _
from salescoach.imports import (
    ExportBytes,
    export_bytes,
    export_csv,
    export_on_disk,
    export_source,
    export_text,
    is_spreadsheet,
    of_workbook,
    store_import,
    stream_import,
)
from salescoach.models import Manager, Settings
from salescoach.yamledit import EditableDocument, edit_yaml_file

STAGE_MAP_COMMENT = N_("# from funnel import of {source}: check each guess")
HINT_REVIEW_STAGE_MAP = N_("review the stage_map in salescoach.yaml, then import again")


@dataclass
class ImportResult:
    """What an import did, for the report."""

    parsed: crm.ParsedExport
    path: Path
    status: str
    """'created', 'unchanged' (the same bytes were there already) or 'replaced'."""
    reps_without_deals: list[tuple[str, str, str]] = field(default_factory=list)
    """(manager ID, rep ID, rep name) of every rep with no deal in the export."""
    rel: str = ""
    """The stored file's path in the repository."""
    as_of_given: bool = False
    """Whether the as-of date was given (else it is the latest date in the file)."""


def import_export(
    layout: store.Layout,
    export: Path,
    *,
    as_of: date | None = None,
    profile: str | None = None,
    maps: dict[str, str] | None = None,
    date_format: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    rates: Sequence[str] | None = None,
    write_stage_map: bool = False,
    read: ExportBytes | None = None,
) -> ImportResult:
    """Import one CRM export (``-``: standard input) into ``funnel/imports/``;
    ``crm.InvalidExport`` (nothing written) if it cannot be, with every problem found;
    ``encoding`` names the file's text encoding when it is not UTF-8 or UTF-16 with a BOM;
    an .xlsx workbook is read from its first sheet, or ``sheet``; ``rates`` are the
    ``--rate CODE=RATE`` options (converted into ``funnel.currency``); with
    ``write_stage_map``, a refusal for unmapped stages adds their guesses to salescoach.yaml;
    ``read`` is the export already read (it is not read again)."""
    if encoding is not None:
        crm.values.encoding_named(encoding)  # a usage error before anything is read
    conversion = parse_rates(rates or [])
    settings = store.require_settings(layout)
    if conversion and settings.funnel.currency is None:
        raise UsageError(
            _(
                "--rate needs the repository's currency: set funnel.currency in salescoach.yaml "
                "(e.g. currency: HUF under funnel:)"
            )
        )
    managers = store.require_managers(layout)
    rules = ImportRules(settings, managers, profile, maps, date_format, as_of, conversion)
    try:
        parsed, path, status = _imported(layout, export, rules, sheet, encoding, read)
    except crm.InvalidExport as error:
        if write_stage_map and error.unmapped_stages:
            raise stage_map_written(
                layout, error, settings.funnel.stages, export_source(export)
            ) from None
        raise
    without = reps_without_deals(managers, parsed.reps_with_deals)
    return ImportResult(parsed, path, status, without, layout.rel(path), as_of is not None)


@dataclass(frozen=True)
class ImportRules:
    """How an export is read: the repository's settings and reps, and the options given."""

    settings: Settings
    managers: list[Manager]
    profile: str | None
    maps: dict[str, str] | None
    date_format: str | None
    as_of: date | None
    rates: dict[str, Decimal]

    def options(self) -> dict[str, Any]:
        """The keyword arguments of ``crm.stream_export`` (and ``crm.parse_export``)."""
        fs = self.settings.funnel
        return {
            "stages": fs.stages,
            "stage_map": fs.stage_map,
            "owners": rep_owners(self.settings, self.managers),
            "profile": self.profile,
            "maps": self.maps,
            "date_format": self.date_format,
            "as_of": self.as_of,
            "currency": fs.currency,
            "rates": self.rates,
        }


def _imported(
    layout: store.Layout,
    export: Path,
    rules: ImportRules,
    sheet: str | None,
    encoding: str | None,
    read: ExportBytes | None,
) -> tuple[crm.ParsedExport, Path, str]:
    """Store the export: a CSV file streamed (memory does not grow with it), a workbook (or
    an export already read) from memory; the parsed export, its stored file and status."""
    name = export_source(export)
    with export_on_disk(export) as path:
        if read is None and not is_spreadsheet(path, name):
            if sheet is not None:
                export_csv(b"", name, sheet)  # --sheet with a CSV file: a usage error
            text = export_text(path, name, encoding)

            def parse(
                lines: crm.export.TextSource, sha256: str, sink: crm.export.DealSink
            ) -> crm.ParsedExport:
                with large_cells():  # a huge cell in a column the tool does not use is fine
                    return crm.stream_export(lines, name, sha256, sink=sink, **rules.options())

            return stream_import(layout, text, name, parse)
        read = read or export_bytes(path, sheet, name)
    with large_cells():
        parsed = crm.parse_export(
            read.csv, name, encoding=None if read.workbook else encoding, **rules.options()
        )
    if read.workbook:
        parsed = of_workbook(parsed, read.raw)
    path, status = store_import(layout, parsed)
    return parsed, path, status


def rep_owners(settings: Settings, managers: Sequence[Manager]) -> crm.mapping.OwnerIndex:
    """Every rep of the repository as a CRM owner may name them (name, ``crm_names``, e-mail),
    and the owners ``funnel.ignore_owners`` leaves out: for deal and activity imports alike."""
    reps = ((r.id, r.name, r.crm_names, r.email) for m in managers for r in m.reps)
    return crm.owner_index(reps, ignore=settings.funnel.ignore_owners)


def stage_map_written(
    layout: store.Layout, error: crm.InvalidExport, stages: Sequence[str], source: str
) -> crm.InvalidExport:
    """Add a guess for each unmapped stage to ``funnel.stage_map`` in salescoach.yaml (the
    hint's guesses, under a comment asking to check them); the refusal that says so."""
    unknown = sorted(error.unmapped_stages.items(), key=lambda item: (-item[1], item[0]))
    guesses = {stage: crm.mapping.guess_stage(stage, stages) for stage, _rows in unknown}
    comment = _(STAGE_MAP_COMMENT).format(source=crm.problems.file_name(source))

    def change(doc: EditableDocument) -> int:
        had_map = doc.get(("funnel", "stage_map")) is not None
        added = [s for s in guesses if doc.get(("funnel", "stage_map", s)) is None]
        for stage in added:
            doc.set(("funnel", "stage_map", stage), guesses[stage])
        if added:
            above = ("funnel", "stage_map") if had_map else ("funnel",)
            key = added[0] if had_map else "stage_map"
            doc.insert_comment(above, key, comment)
        return len(added)

    added = edit_yaml_file(layout, layout.settings_file, change, model=Settings).value
    summary = _("added {entries} to salescoach.yaml (each a guess); nothing was imported").format(
        entries=plural(added, "stage_map entry", "stage_map entries")
    )
    refused = crm.InvalidExport(error.diagnostics, summary=summary, hint=_(HINT_REVIEW_STAGE_MAP))
    refused.unmapped_stages = error.unmapped_stages
    return refused


def parse_rates(values: Sequence[str]) -> dict[str, Decimal]:
    """The ``--rate CODE=RATE`` options as currency → rate; a usage error for a bad one."""
    rates: dict[str, Decimal] = {}
    for value in values:
        code, sep, text = (part.strip() for part in value.partition("="))
        if not sep:
            raise UsageError(
                _(
                    "--rate takes CODE=RATE (e.g. --rate EUR=1.08: one EUR is 1.08 of "
                    "funnel.currency), got '{value}'"
                ).format(value=value)
            )
        if not re.fullmatch(r"[A-Za-z]{3}", code):
            raise UsageError(
                _("--rate: '{code}' is not a 3-letter currency code (e.g. EUR)").format(code=code)
            )
        try:
            rate = Decimal(text)
        except InvalidOperation:
            rate = Decimal(0)
        if not rate.is_finite() or rate <= 0:
            raise UsageError(
                _("--rate {code}: '{text}' is not a positive number (e.g. 1.08)").format(
                    code=code, text=text
                )
            )
        rates[code.upper()] = rate
    return rates


def reps_without_deals(managers: list[Manager], with_deals: set[str]) -> list[tuple[str, str, str]]:
    """(manager ID, rep ID, rep name) of every rep who has no deal in the export."""
    return [
        (manager.id, rep.id, rep.name)
        for manager in managers
        for rep in manager.reps
        if rep.id not in with_deals
    ]
