"""The CRMs salescoach knows: each one's column names per field and its default stages, and
the profile that fits an export's header best.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from salescoach.crm.values import norm_header
from salescoach.errors import UsageError
from salescoach.models import LOST, WON

FIELDS = ("id", "name", "owner", "stage", "amount", "created", "closed", "status")
REQUIRED = ("owner", "stage", "amount", "closed")
"""``id`` (else ``line-N``), ``name``, ``created`` and ``status`` are optional."""


@dataclass(frozen=True)
class Profile:
    """The column names of one CRM's export, per field (first match wins), and its stages."""

    name: str
    title: str
    columns: Mapping[str, Sequence[str]]
    stages: Mapping[str, str] = field(default_factory=dict)
    """Default stage mapping of this CRM (CRM stage → won/lost); the repo's stage_map wins."""


PROFILES: tuple[Profile, ...] = (
    Profile(
        "maven",
        "Maven Analytics CRM sample",
        {
            "id": ["opportunity_id"],
            "name": ["account"],
            "owner": ["sales_agent"],
            "stage": ["deal_stage"],
            "amount": ["close_value"],
            "created": ["engage_date"],
            "closed": ["close_date"],
        },
    ),
    Profile(
        "salesforce",
        "Salesforce opportunities",
        {
            "id": ["Opportunity ID"],
            "name": ["Opportunity Name"],
            "owner": ["Opportunity Owner"],
            "stage": ["Stage"],
            "amount": ["Amount"],
            "created": ["Created Date"],
            "closed": ["Close Date"],
        },
        {"closed won": WON, "closed lost": LOST},
    ),
    Profile(
        "hubspot",
        "HubSpot deals",
        {
            "id": ["Record ID", "Deal ID"],
            "name": ["Deal Name"],
            "owner": ["Deal owner"],
            "stage": ["Deal Stage"],
            "amount": ["Amount"],
            "created": ["Create Date"],
            "closed": ["Close Date"],
        },
        {"closed won": WON, "closed lost": LOST},
    ),
    Profile(
        "pipedrive",
        "Pipedrive deals",
        {
            "id": ["ID"],
            "name": ["Title"],
            "owner": ["Owner"],
            "stage": ["Stage"],
            "amount": ["Value"],
            "created": ["Deal created"],
            "closed": ["Won time", "Lost time", "Close time"],
            "status": ["Status"],
        },
    ),
    Profile(
        "generic",
        "generic export",
        {
            "id": ["id", "opportunity id", "deal id", "record id"],
            "name": [
                "name",
                "deal name",
                "opportunity name",
                "title",
                "topic",
                "deal",
                "opportunity",
            ],
            "owner": ["owner", "rep", "sales rep", "salesperson", "sales agent", "deal owner"],
            "stage": ["stage", "deal stage", "status"],
            "amount": ["amount", "value", "deal value", "revenue"],
            "created": ["created", "created date", "create date", "created at", "engage date"],
            "closed": ["closed", "close date", "closed date", "closed at"],
        },
    ),
)
PROFILE_NAMES = tuple(p.name for p in PROFILES)


def profile_named(name: str) -> Profile:
    """The profile of a ``Columns.profile`` name (``salesforce`` or ``salesforce+map``)."""
    return next(p for p in PROFILES if p.name == name.partition("+")[0])


def candidates(profile: str | None) -> tuple[Profile, ...]:
    """Every profile, or only the one asked for with ``--profile``."""
    if profile is None:
        return PROFILES
    found = tuple(p for p in PROFILES if p.name == profile)
    if not found:
        raise UsageError(
            f"--profile {profile}: no such profile; the profiles are {', '.join(PROFILE_NAMES)}"
        )
    return found


def header_positions(header: Sequence[str]) -> dict[str, int]:
    """Each normalised header name → the index of its first column."""
    position: dict[str, int] = {}
    for i, name in enumerate(header):
        position.setdefault(norm_header(name), i)
    return position


def columns_of(profile: Profile, position: Mapping[str, int]) -> dict[str, list[int]]:
    """The columns of the header holding each field of ``profile`` (every one for ``closed``,
    the first found for the others)."""
    found: dict[str, list[int]] = {}
    for fld, names in profile.columns.items():
        hits = [position[key] for key in map(norm_header, names) if key in position]
        if hits:
            found[fld] = hits if fld == "closed" else hits[:1]
    return found


def closest_profile(
    position: Mapping[str, int],
    profiles: Sequence[Profile],
    mapped: Mapping[str, list[int]],
) -> tuple[Profile, dict[str, list[int]]]:
    """The profile lacking the fewest required fields once the ``mapped`` columns (from
    ``--map``) are added, the first listed on a tie; with the columns it found."""
    best: tuple[int, Profile, dict[str, list[int]]] | None = None
    for p in profiles:
        found = {**columns_of(p, position), **mapped}
        lacking = sum(1 for f in REQUIRED if f not in found)
        if best is None or lacking < best[0]:
            best = (lacking, p, found)
    assert best is not None
    return best[1], best[2]
