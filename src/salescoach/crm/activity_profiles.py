"""The activity exports salescoach knows: each CRM's column names per field, what its activity
types and done values mean, and the profile that fits an export's header best (as
``profiles`` does for deals; the header matching and ``--map`` are the deals' own).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from salescoach.crm.mapping import Columns, choose_columns, mapped_columns
from salescoach.crm.problems import InvalidExport, refusal
from salescoach.crm.profiles import header_positions
from salescoach.crm.values import norm, norm_header
from salescoach.errors import UsageError
from salescoach.i18n import _
from salescoach.models import ACTIVITY_KINDS

ACTIVITY_FIELDS = ("id", "type", "owner", "date", "done", "subject", "deal")
ACTIVITY_REQUIRED = ("type", "owner", "date")
"""``id`` (else ``line-N``), ``done`` (else done when dated on or before the as-of date),
``subject`` and ``deal`` are optional; a profile of one kind reads no type (see ``kind``)."""
MULTI = ("type", "date", "done")
"""Fields read from the first non-empty of several columns (a task's completed date, else its
due date)."""

KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("email", ("mail",)),
    ("call", ("call", "phone", "dial")),
    ("meeting", ("meet", "demo", "appointment", "event", "lunch", "visit", "presentation")),
    ("task", ("task", "deadline", "to-do", "todo", "follow")),
)
"""What a type's words say when the profile does not name it (an account's own types)."""

DONE = {"yes": True, "true": True, "1": True, "done": True, "completed": True, "complete": True}
NOT_DONE = {"no": False, "false": False, "0": False, "not done": False, "open": False}
NOT_DONE |= {"to do": False, "undone": False, "planned": False, "scheduled": False}
NOT_DONE |= {"canceled": False, "cancelled": False}


@dataclass(frozen=True)
class ActivityProfile:
    """The columns of one CRM's activity export per field (first match wins; several for
    ``MULTI``), the meaning of its types and done values, and its one kind, if it has one."""

    name: str
    title: str
    columns: Mapping[str, Sequence[str]]
    types: Mapping[str, str] = field(default_factory=dict)
    """The CRM's activity types (normalised) → one of ``ACTIVITY_KINDS``."""
    done: Mapping[str, bool] = field(default_factory=lambda: DONE | NOT_DONE)
    """The done column's values (normalised) → done or not."""
    kind: str | None = None
    """The kind of every row of an export of one kind (HubSpot's calls export): its ``type``
    columns are only the columns that tell the export apart, never read."""


CALL_MADE: tuple[str, ...] = ("Completed", "Busy", "No answer", "Connected")
CALL_MADE += ("Left live message", "Left voicemail", "Wrong number")
"""HubSpot's call statuses and default outcomes of a call made (a dial that reached no one,
busy or unanswered, is still a call made)."""
CALL_NOT_MADE: tuple[str, ...] = ("Calling CRM user", "Canceled", "Connecting", "Failed")
CALL_NOT_MADE += ("In progress", "Missed", "Queued", "Ringing")
"""HubSpot's call statuses of a call not (yet) made by the rep (missed: an inbound call)."""


def _kinds(**groups: Sequence[str]) -> dict[str, str]:
    """A type mapping from kind=[CRM types] groups."""
    return {norm(t): kind for kind, types in groups.items() for t in types}


def _done(done: Sequence[str], not_done: Sequence[str]) -> dict[str, bool]:
    """A done mapping from the values meaning done and those meaning not done."""
    return {norm(v): True for v in done} | {norm(v): False for v in not_done}


ACTIVITY_PROFILES: tuple[ActivityProfile, ...] = (
    ActivityProfile(
        "salesforce",
        "Salesforce activities (tasks and events) report",
        {
            "id": ["Activity ID", "Task ID"],
            "type": ["Type", "Task Subtype", "Activity Type", "Task/Event Record Type"],
            "owner": ["Assigned", "Assigned To"],
            "date": ["Completed Date/Time", "Date", "Due Date"],
            "done": ["Closed", "Status"],
            "subject": ["Subject"],
            "deal": ["Related To", "Opportunity"],
        },
        _kinds(
            call=["Call"],
            email=["Email", "List Email"],
            meeting=["Meeting", "Event"],
            task=["Task", "Cadence"],
            other=["Other"],
        ),
        _done(
            ["Completed", "true", "1", "yes"],
            ["Not Started", "In Progress", "Waiting on someone else", "Deferred", "false", "0"],
        ),
    ),
    ActivityProfile(
        "hubspot-calls",
        "HubSpot calls export",
        {
            "id": ["Record ID"],
            "type": ["Call status", "Call outcome", "Call title", "Call direction"],
            "owner": ["Activity assigned to"],
            "date": ["Activity date"],
            "done": ["Call status", "Call outcome"],
            "subject": ["Call title"],
            "deal": ["Associated Deal", "Associated Deals"],
        },
        done=_done(
            CALL_MADE,
            CALL_NOT_MADE,
        ),
        kind="call",
    ),
    ActivityProfile(
        "hubspot-meetings",
        "HubSpot meetings export",
        {
            "id": ["Record ID"],
            "type": ["Meeting outcome", "Meeting name", "Meeting start time"],
            "owner": ["Activity assigned to"],
            "date": ["Activity date", "Meeting start time"],
            "done": ["Meeting outcome"],
            "subject": ["Meeting name"],
            "deal": ["Associated Deal", "Associated Deals"],
        },
        done=_done(["Completed"], ["Scheduled", "Rescheduled", "No show", "Canceled"]),
        kind="meeting",
    ),
    ActivityProfile(
        "pipedrive",
        "Pipedrive activities",
        {
            "id": ["Activity - ID", "Activity - Pipedrive System ID"],
            "type": ["Activity - Type"],
            "owner": ["Activity - Assigned to user"],
            "date": ["Activity - Marked as done time", "Activity - Due date"],
            "done": ["Activity - Done"],
            "subject": ["Activity - Subject"],
            "deal": ["Activity - Deal", "Deal - Title", "Deal - ID"],
        },
        _kinds(
            call=["Call"], meeting=["Meeting", "Lunch"], email=["Email"], task=["Task", "Deadline"]
        ),
        _done(["Done"], ["To do", "Undone", "Not done"]),
    ),
    ActivityProfile(
        "dynamics",
        "Microsoft Dynamics 365 activities",
        {
            "id": ["(Do Not Modify) Activity"],
            "type": ["Activity Type"],
            "owner": ["Owner"],
            "date": ["Actual End", "Due Date", "Due"],
            "done": ["Activity Status"],
            "subject": ["Subject"],
            "deal": ["Regarding"],
        },
        _kinds(
            call=["Phone Call"],
            meeting=["Appointment"],
            email=["Email"],
            task=["Task"],
            other=["Letter", "Fax", "Campaign Response", "Campaign Activity", "Service Activity"],
        ),
        _done(["Completed"], ["Open", "Scheduled", "Canceled"]),
    ),
    ActivityProfile(
        "dynamics-calls",
        "Microsoft Dynamics 365 phone calls",
        {
            "id": ["(Do Not Modify) Phone Call"],
            "type": ["(Do Not Modify) Phone Call", "Call To", "Phone Number"],
            "owner": ["Owner"],
            "date": ["Actual End", "Due", "Due Date"],
            "done": ["Activity Status"],
            "subject": ["Subject"],
            "deal": ["Regarding"],
        },
        done=_done(["Completed"], ["Open", "Scheduled", "Canceled"]),
        kind="call",
    ),
    ActivityProfile(
        "generic",
        "generic activity export",
        {
            "id": ["id", "activity id"],
            "type": ["type", "activity type", "kind"],
            "owner": ["owner", "rep", "assigned to", "assigned", "sales rep", "user"],
            "date": ["date", "done at", "completed at", "activity date", "due date"],
            "done": ["done", "completed", "status"],
            "subject": ["subject", "title"],
            "deal": ["deal", "deal id", "opportunity", "related to"],
        },
        _kinds(
            call=["call", "phone call"],
            meeting=["meeting", "demo", "visit"],
            email=["email", "e-mail"],
            task=["task", "to-do"],
            other=["other"],
        ),
    ),
)
ACTIVITY_PROFILE_NAMES = tuple(p.name for p in ACTIVITY_PROFILES)


def activity_profile_named(name: str) -> ActivityProfile:
    """The profile of a ``Columns.profile`` name (``pipedrive`` or ``pipedrive+map``)."""
    return next(p for p in ACTIVITY_PROFILES if p.name == name.partition("+")[0])


def is_activity_profile(name: str | None) -> bool:
    """Whether ``--profile`` names an activity profile (``hubspot`` is both HubSpot's)."""
    return name is not None and bool(_candidates_named(name))


def _candidates_named(name: str) -> tuple[ActivityProfile, ...]:
    return tuple(p for p in ACTIVITY_PROFILES if name in (p.name, p.name.partition("-")[0]))


def kind_of(profile: ActivityProfile, crm_type: str) -> str:
    """The kind of a CRM activity type: the profile's own, else what its words say (an
    account's own types: 'Discovery call'), else ``other``."""
    key = norm(crm_type)
    if key in profile.types:
        return profile.types[key]
    if key in ACTIVITY_KINDS:
        return key
    return next((k for k, words in KIND_WORDS if any(w in key for w in words)), "other")


def choose_activity_columns(
    header: Sequence[str],
    source: str,
    *,
    profile: str | None = None,
    maps: Mapping[str, str] | None = None,
) -> Columns:
    """The activity profile that fits the header (or the one asked for), with ``maps``
    applied; a ``--map FIELD=`` with no column clears a field the profile would have read."""
    maps = dict(maps or {})
    for key in maps:
        if key not in ACTIVITY_FIELDS:
            raise UsageError(
                _(
                    "--map {field}=…: '{field}' is not a field of an activity export; the "
                    "fields are {fields}"
                ).format(field=key, fields=", ".join(ACTIVITY_FIELDS))
            )
    position = header_positions(header)
    cleared = {f for f, column in maps.items() if not column.strip()}
    kept = {f: c for f, c in maps.items() if f not in cleared}
    mapped = mapped_columns(kept, position, header, source)
    chosen, found = closest_activity_profile(position, activity_candidates(profile), mapped)
    for fld in cleared:
        found.pop(fld, None)
    missing = [f for f in ACTIVITY_REQUIRED if f not in found]
    if missing:
        raise _missing_activity_columns(source, header, chosen, missing)
    return Columns(
        chosen.name if not maps else f"{chosen.name}+map",
        found,
        {f: [header[i] for i in idx] for f, idx in found.items()},
    )


def activity_candidates(profile: str | None) -> tuple[ActivityProfile, ...]:
    """Every activity profile, or only the one asked for with ``--profile``."""
    if profile is None:
        return ACTIVITY_PROFILES
    found = _candidates_named(profile)
    if not found:
        raise UsageError(
            _(
                "--profile {profile}: no such activity profile; the activity profiles are "
                "{profiles}"
            ).format(profile=profile, profiles=", ".join(ACTIVITY_PROFILE_NAMES))
        )
    return found


def activity_columns_of(
    profile: ActivityProfile, position: Mapping[str, int]
) -> dict[str, list[int]]:
    """The columns of the header holding each field of ``profile`` (every one for ``MULTI``)."""
    found: dict[str, list[int]] = {}
    for fld, names in profile.columns.items():
        hits = list(dict.fromkeys(position[k] for k in map(norm_header, names) if k in position))
        if hits:
            found[fld] = hits if fld in MULTI else hits[:1]
    return found


def closest_activity_profile(
    position: Mapping[str, int],
    profiles: Sequence[ActivityProfile],
    mapped: Mapping[str, list[int]],
) -> tuple[ActivityProfile, dict[str, list[int]]]:
    """The profile lacking the fewest required fields once the ``mapped`` columns are added,
    then the one finding the most fields, the first listed on a tie; with its columns."""
    best: tuple[tuple[int, int], ActivityProfile, dict[str, list[int]]] | None = None
    for p in profiles:
        found = {**activity_columns_of(p, position), **mapped}
        score = (sum(1 for f in ACTIVITY_REQUIRED if f not in found), -len(found))
        if best is None or score < best[0]:
            best = (score, p, found)
    assert best is not None
    return best[1], best[2]


def fits_activities(header: Sequence[str]) -> bool:
    """Whether a header is an activity export's: some activity profile finds every required
    field (a type, owner and date), and no deal profile fits it (it lacks a stage, an amount
    or a close date)."""
    _profile, found = closest_activity_profile(header_positions(header), ACTIVITY_PROFILES, {})
    if not all(f in found for f in ACTIVITY_REQUIRED):
        return False
    try:
        choose_columns(header, "")
    except InvalidExport:
        return True
    return False


def _missing_activity_columns(
    source: str, header: Sequence[str], chosen: ActivityProfile, missing: list[str]
) -> InvalidExport:
    """The error of a header that lacks required fields: what is needed, the closest
    profile and what it lacks, and the columns found."""
    wanted = "; ".join(
        f"{f} (e.g. {' or '.join(repr(n) for n in chosen.columns.get(f, [])[:2]) or '?'})"
        for f in missing
    )
    return refusal(
        source,
        1,
        "missing-column",
        f"cannot tell which columns hold {', '.join(missing)}. An activity export needs one "
        f"column each for {', '.join(ACTIVITY_REQUIRED)}; the closest profile is {chosen.name} "
        f"({chosen.title}), which lacks {wanted}. The columns found are: {', '.join(header)}",
        hint="name the columns with --map FIELD=COLUMN (e.g. --map owner='Assigned'), and "
        f"choose a profile with --profile ({', '.join(ACTIVITY_PROFILE_NAMES)})",
    )
