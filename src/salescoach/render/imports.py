"""What ``funnel import`` says: the warning about owners who are no rep, the sentences of the
report, and the JSON of an import."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from salescoach.crm.problems import rate_text
from salescoach.formats import number, plural
from salescoach.i18n import N_, _, ngettext
from salescoach.messages import owner_shown

if TYPE_CHECKING:
    from salescoach.crm import ParsedExport
    from salescoach.usecases.imports import ImportResult

VERBS = {
    "created": N_("imported"),
    "replaced": N_("imported again (replacing the earlier import of the same name)"),
    "unchanged": N_("already imported: nothing changed"),
}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""How the JSON names each delimiter (a code: not translated)."""


def warning(text: str) -> str:
    """``warning: …``: a line of an import's report that asks for attention."""
    return _("warning: {message}").format(message=text)


def unmatched_owners_text(unmatched: Counter[str]) -> str:
    """The warning about rows whose owner is no rep: how many, whose, and what to do
    (``1 row of 1 owner who is no rep``, ``6 rows of 2 owners who are no reps``)."""
    rows = sum(unmatched.values())
    names = ", ".join(
        f"{owner_shown(name)} ({number(n)})" for name, n in sorted(unmatched.items())[:10]
    )
    if len(unmatched) > 10:
        names = _("{names} and {count} more").format(names=names, count=number(len(unmatched) - 10))
    return ngettext(
        "{rows} of {owners} who is no rep: {names}; they are kept with an empty rep and left "
        "out of every team (add the names to a rep's crm_names and import again)",
        "{rows} of {owners} who are no reps: {names}; they are kept with an empty rep and left "
        "out of every team (add the names to a rep's crm_names and import again)",
        len(unmatched),
    ).format(rows=plural(rows, "row"), owners=plural(len(unmatched), "owner"), names=names)


def import_messages(result: ImportResult, *, report: bool = True) -> list[str]:
    """What an import says on stderr: the warning about owners who are no rep (in every
    format), then, with ``report``, the report (``import_report``)."""
    unmatched = result.parsed.unmatched
    warnings = [warning(unmatched_owners_text(unmatched))] if unmatched else []
    return warnings + (import_report(result) if report else [])


def stored_text(source: str, count: str, status: str, rel: str, how: dict[str, str]) -> str:
    """``sales.csv: 8,800 opportunities imported → funnel/imports/… (profile …, dates …,
    as of …)``: the first line of every import's report."""
    return _(
        "{source}: {count} {verb} → {file} (profile {profile}, dates {dates}, as of {as_of})"
    ).format(source=source, count=count, verb=_(VERBS[status]), file=rel, **how)


def import_report(result: ImportResult) -> list[str]:
    """The report of an import: what was stored where and how it was read, and the reps
    without any deal in the export."""
    p = result.parsed
    as_of = p.as_of.isoformat()
    if not result.as_of_given:
        as_of = _("{date}, the latest date in the file").format(date=as_of)
    deals = plural(p.rows, "opportunity", "opportunities")
    how = {"profile": p.profile, "dates": p.date_format, "as_of": as_of}
    lines = [stored_text(p.source, deals, result.status, result.rel, how)]
    if p.converted:
        lines.append(converted_text(p))
    elif p.currency:
        lines.append(_("amounts in {currency}").format(currency=p.currency))
    if p.skipped_summary:
        lines.append(p.skipped_summary)
    if result.reps_without_deals:
        names = ", ".join(
            f"{name} ({manager})" for manager, _rep, name in result.reps_without_deals
        )
        lines.append(
            _("{reps} without any deal in the export: {names}").format(
                reps=plural(len(result.reps_without_deals), "rep"), names=names
            )
        )
    return lines


def converted_text(p: ParsedExport) -> str:
    """``converted 12 rows from EUR at 1.08, 3 from JPY at 0.0067 to HUF``."""
    ordered = sorted(p.converted.items(), key=lambda item: (-item[1][0], item[0]))
    (first, (n, rate)), rest = ordered[0], ordered[1:]
    parts = [
        ngettext(
            "{count} row from {currency} at {rate}", "{count} rows from {currency} at {rate}", n
        ).format(count=number(n), currency=first, rate=rate_text(rate))
    ]
    parts += [
        _("{count} from {currency} at {rate}").format(
            count=number(n), currency=c, rate=rate_text(rate)
        )
        for c, (n, rate) in rest
    ]
    return _("converted {parts} to {currency}").format(parts=", ".join(parts), currency=p.currency)


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
        "rows": p.rows,
        "currency": p.currency,
        "rates": {c: float(rate) for c, (_n, rate) in sorted(p.converted.items())},
        "skipped": dict(sorted(p.skipped.items())),
        "unmatched_owners": {"rows": p.unmatched_rows, "owners": dict(sorted(p.unmatched.items()))},
        "ignored_rows": p.ignored_rows,
        "reps_without_deals": [
            {"manager": m, "rep": r, "name": n} for m, r, n in result.reps_without_deals
        ],
    }
