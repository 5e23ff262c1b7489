"""What ``funnel import`` says: the warning about owners who are no rep, the sentences of the
report, and the JSON of an import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salescoach.crm.problems import rate_text
from salescoach.formats import plural
from salescoach.render.funnel import unmatched_text

if TYPE_CHECKING:
    from salescoach.crm import ParsedExport
    from salescoach.usecases.imports import ImportResult

VERBS = {
    "created": "imported",
    "replaced": "imported again (replacing the earlier import of the same name)",
    "unchanged": "already imported: nothing changed",
}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def import_messages(result: ImportResult, *, report: bool = True) -> list[str]:
    """What an import says on stderr: the warning about owners who are no rep (in every
    format), then, with ``report``, the report (``import_report``)."""
    unmatched = result.parsed.unmatched
    warnings = [f"warning: {unmatched_text(unmatched)}"] if unmatched else []
    return warnings + (import_report(result) if report else [])


def import_report(result: ImportResult) -> list[str]:
    """The report of an import: what was stored where and how it was read, and the reps
    without any deal in the export."""
    p = result.parsed
    latest = "" if result.as_of_given else ", the latest date in the file"
    lines = [
        f"{p.source}: {len(p.deals):,} opportunities {VERBS[result.status]} → {result.rel} "
        f"(profile {p.profile}, dates {p.date_format}, as of {p.as_of.isoformat()}{latest})"
    ]
    if p.converted:
        lines.append(converted_text(p))
    elif p.currency:
        lines.append(f"amounts in {p.currency}")
    if p.skipped_summary:
        lines.append(p.skipped_summary)
    if result.reps_without_deals:
        names = ", ".join(
            f"{name} ({manager})" for manager, _rep, name in result.reps_without_deals
        )
        lines.append(
            f"{plural(len(result.reps_without_deals), 'rep')} without any deal in the export: "
            f"{names}"
        )
    return lines


def converted_text(p: ParsedExport) -> str:
    """``converted 12 rows from EUR at 1.08, 3 from JPY at 0.0067 to HUF``."""
    ordered = sorted(p.converted.items(), key=lambda item: (-item[1][0], item[0]))
    parts = [f"{n:,} from {c} at {rate_text(rate)}" for c, (n, rate) in ordered]
    parts[0] = parts[0].replace(" from", " row from" if ordered[0][1][0] == 1 else " rows from")
    return f"converted {', '.join(parts)} to {p.currency}"


def import_json(result: ImportResult) -> dict[str, Any]:
    """An import for programs: the stored file, how the export was read, and who is missing."""
    p = result.parsed
    return {
        "file": result.path.name,
        "status": result.status,
        "source": p.source,
        "sha256": p.sha256,
        "profile": p.profile,
        "columns": p.columns,
        "delimiter": DELIMITERS[p.delimiter],
        "date_format": p.date_format,
        "as_of": p.as_of.isoformat(),
        "rows": len(p.deals),
        "currency": p.currency,
        "rates": {c: float(rate) for c, (_n, rate) in sorted(p.converted.items())},
        "skipped": dict(sorted(p.skipped.items())),
        "unmatched_owners": {"rows": p.unmatched_rows, "owners": dict(sorted(p.unmatched.items()))},
        "ignored_rows": p.ignored_rows,
        "reps_without_deals": [
            {"manager": m, "rep": r, "name": n} for m, r, n in result.reps_without_deals
        ],
    }
