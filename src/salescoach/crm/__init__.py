"""Reading CRM exports (one row per opportunity) into normalised deals. Pure: bytes in, deals
out; every problem is a ``Diagnostic`` and the import is all or nothing (``InvalidExport``).

``parse_export(data, source, ...)`` does the whole import in memory (``export``): it decodes
the bytes (UTF-8 with or without a BOM, UTF-16 with one, or the ``encoding`` given) and detects
the delimiter (comma, semicolon or tab) (``values``), picks the profile of the export from its
header (Salesforce, HubSpot, Pipedrive, the Maven sample, or a generic one; ``profiles``;
``maps`` add or override columns), detects the date format (ISO, m/d/Y, d/m/Y or d.m.Y, with
times and zones; an ambiguous one is a problem asking for ``--date-format``), reads amounts
with their currency (several currencies in one file are refused), maps each CRM stage to one of
``funnel.stages`` or won/lost and each owner to a rep through ``crm_names`` (``mapping``), and
validates every row.

``normalised_csv(parsed)`` writes the deals in the fixed layout stored under
``funnel/imports/``; ``read_normalised(text, rel)`` reads that layout back (``stored``). See
docs/funnel.md.
"""

from __future__ import annotations

from salescoach.crm.export import (
    NO_OWNER,
    DealReader,
    ParsedExport,
    parse_export,
    paused_gc,
    stream_export,
)
from salescoach.crm.mapping import Columns, choose_columns, owner_index, stage_mapper, targets
from salescoach.crm.problems import HINT_EXPORT, InvalidExport, problem, refusal
from salescoach.crm.profiles import FIELDS, PROFILE_NAMES, PROFILES, REQUIRED, Profile
from salescoach.crm.stored import (
    NORMALISED_COLUMNS,
    StoredImport,
    normalised_csv,
    read_normalised,
)
from salescoach.crm.values import (
    DATE_FORMATS,
    DateParser,
    date_parser,
    decode,
    detect_date_format,
    detect_delimiter,
    format_amount,
    norm,
    parse_amount,
    slugify,
)

__all__ = [
    "DATE_FORMATS",
    "FIELDS",
    "HINT_EXPORT",
    "NORMALISED_COLUMNS",
    "NO_OWNER",
    "PROFILES",
    "PROFILE_NAMES",
    "REQUIRED",
    "Columns",
    "DateParser",
    "DealReader",
    "InvalidExport",
    "ParsedExport",
    "Profile",
    "StoredImport",
    "choose_columns",
    "date_parser",
    "decode",
    "detect_date_format",
    "detect_delimiter",
    "format_amount",
    "norm",
    "normalised_csv",
    "owner_index",
    "parse_amount",
    "parse_export",
    "paused_gc",
    "problem",
    "read_normalised",
    "refusal",
    "slugify",
    "stage_mapper",
    "stream_export",
    "targets",
]
