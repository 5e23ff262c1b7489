"""What ``funnel import`` says of an activity export: the warning about owners who are no
rep, the sentences of the report (what was stored, the done activities by kind, each rep's
calls), and the JSON of the import."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from salescoach.formats import number, plural
from salescoach.i18n import N_plural, _
from salescoach.models import ACTIVITY_KINDS, Activity
from salescoach.render.imports import DELIMITERS, stored_text, unmatched_owners_text, warning

if TYPE_CHECKING:
    from salescoach.usecases.activities import ActivitiesResult

KIND_WORDS = {
    "call": N_plural("call", "calls"),
    "meeting": N_plural("meeting", "meetings"),
    "email": N_plural("e-mail", "e-mails"),
    "task": N_plural("task", "tasks"),
    "other": N_plural("other", "others"),
}
"""Each kind of activity as a counted noun (``3 calls``, ``1 e-mail``)."""


def kind_count(kind: str, count: int) -> str:
    """``3 calls``, ``1 e-mail``: a count of one kind of activity."""
    return plural(count, *KIND_WORDS.get(kind, (kind, kind + "s")))


def activities_messages(result: ActivitiesResult, *, report: bool = True) -> list[str]:
    """What an activities import says on stderr: the warning about owners who are no rep
    (in every format), then, with ``report``, the report (``activities_report``)."""
    unmatched = result.parsed.unmatched
    warnings = [warning(unmatched_owners_text(unmatched))] if unmatched else []
    return warnings + (activities_report(result) if report else [])


def activities_report(result: ActivitiesResult) -> list[str]:
    """The report of an activities import: what was stored where and how it was read, the
    done activities by kind, each rep's done calls, and the types read as other."""
    p = result.parsed
    as_of = p.as_of.isoformat()
    if not result.as_of_given:
        as_of = _("{date}, the latest date of a done activity").format(date=as_of)
    count = plural(len(p.activities), "activity", "activities")
    how = {"profile": p.profile, "dates": p.date_format, "as_of": as_of}
    lines = [stored_text(p.source, count, result.status, result.rel, how)]
    if result.detected:
        lines.append(
            _(
                "read as activities: the header fits the {profile} activity profile and no "
                "deal profile"
            ).format(profile=p.profile)
        )
    lines.append(done_text(p.activities))
    reps = per_rep(result)
    if reps:
        named = "; ".join(
            f"{name} {kind_count('call', c['call'])}, {kind_count('meeting', c['meeting'])}"
            for name, c in reps.items()
        )
        lines.append(_("calls and meetings done per rep: {reps}").format(reps=named))
    if p.other_types:
        listed = ", ".join(f"'{t}' ({plural(n, 'row')})" for t, n in p.other_types.most_common(10))
        lines.append(
            _("types read as other: {types} (map them in the CRM, or --map type=COLUMN)").format(
                types=listed
            )
        )
    if p.skipped_text:
        lines.append(
            _("{skipped} (the report's own lines, not activities)").format(skipped=p.skipped_text)
        )
    return lines


def done_text(activities: Sequence[Activity]) -> str:
    """``done: 8 calls, 2 meetings, 1 e-mail (3 not done)``."""
    done = Counter(a.kind for a in activities if a.done)
    parts = [kind_count(k, done[k]) for k in ACTIVITY_KINDS if done[k]]
    not_done = sum(1 for a in activities if not a.done)
    return _("done: {kinds} ({count} not done)").format(
        kinds=", ".join(parts) or _("none"), count=number(not_done)
    )


def done_by_rep(activities: Sequence[Activity]) -> dict[str, Counter[str]]:
    """Each rep's done activities by kind, by rep ID (every rep with an activity)."""
    counts: dict[str, Counter[str]] = {}
    for a in activities:
        if a.rep:
            counts.setdefault(a.rep, Counter())[a.kind] += a.done
    return dict(sorted(counts.items()))


def per_rep(result: ActivitiesResult) -> dict[str, Counter[str]]:
    """Each rep's done activities by kind, by rep name (every rep with an activity)."""
    names = result.reps or {}
    by_name = {names.get(r, r): c for r, c in done_by_rep(result.parsed.activities).items()}
    return dict(sorted(by_name.items()))


def activities_json(result: ActivitiesResult) -> dict[str, Any]:
    """An activities import for programs: the stored file, how the export was read, the done
    activities by kind and per rep, and the owners who are no rep."""
    p = result.parsed
    done = Counter(a.kind for a in p.activities if a.done)
    reps = done_by_rep(p.activities)
    return {
        "kind": "activities",
        "file": result.path.name,
        "status": result.status,
        "source": p.source,
        "sha256": p.sha256,
        "profile": p.profile,
        "detected": result.detected,
        "columns": p.columns,
        "delimiter": DELIMITERS[p.delimiter],
        "date_format": p.date_format,
        "as_of": p.as_of.isoformat(),
        "rows": len(p.activities),
        "done": {k: done[k] for k in ACTIVITY_KINDS},
        "not_done": sum(1 for a in p.activities if not a.done),
        "reps": {rep: {k: counts[k] for k in ACTIVITY_KINDS} for rep, counts in reps.items()},
        "other_types": dict(p.other_types.most_common()),
        "skipped": dict(sorted(p.skipped.items())),
        "unmatched_owners": {"rows": p.unmatched_rows, "owners": dict(sorted(p.unmatched.items()))},
        "ignored_rows": p.ignored_rows,
    }
