"""The CRMs salescoach knows: each one's column names per field and its default stages, and
the profile that fits an export's header best.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from salescoach.crm.values import norm_header
from salescoach.errors import UsageError
from salescoach.formats import plural
from salescoach.i18n import _
from salescoach.models import LOST, WON

FIELDS = (
    "id",
    "name",
    "owner",
    "stage",
    "amount",
    "created",
    "closed",
    "expected",
    "status",
    "currency",
)
REQUIRED = ("owner", "stage", "amount", "closed")
"""``id`` (else ``line-N``), ``name``, ``created``, ``expected`` (an open deal's expected
close date: where a CRM has one close date column, it is that column), ``status`` and
``currency`` are optional."""
IS_CLOSED = "is_closed"
"""A profile's column beside the fields: Salesforce's Closed (IsClosed) check box, which
makes a deal that is not won lost."""

SKIP = "skip"
"""A status meaning the row is no deal to count (Pipedrive's Deleted): skipped and counted."""
STATUSES: Mapping[str, str] = {"open": "", "won": WON, "lost": LOST}
"""A status column's values (normalised) → won, lost, '' (open: the stage decides) or
``SKIP``."""
CHECKED = ("1", "true", "yes", "x")
FLAGS: Mapping[str, str] = {
    **dict.fromkeys(CHECKED, WON),
    **dict.fromkeys(("0", "false", "no"), ""),
}
"""Salesforce's Won (IsWon) column as a status: checked is won, unchecked leaves it to the
Closed column and the stage. How a report writes a check box is not documented: 1/0,
true/false and yes/no are all read."""

PROSPECTS, MEETINGS, PROPOSALS = "prospects", "meetings", "proposals"
"""The default ``funnel.stages`` (before ``won``) that each CRM's default pipeline maps onto."""


@dataclass(frozen=True)
class Profile:
    """The column names of one CRM's export, per field (first match wins), its default
    pipeline's stages and the values of its status column."""

    name: str
    title: str
    columns: Mapping[str, Sequence[str]]
    stages: Mapping[str, str] = field(default_factory=dict)
    """Default stage mapping of this CRM (CRM stage → a default funnel stage, won or lost);
    the repo's stage_map wins, and an entry naming no stage of the repo is left out."""
    statuses: Mapping[str, str] = field(default_factory=lambda: STATUSES)
    """What each value of the status column means; a won or lost status wins over the stage."""
    minor_units: bool = False
    """Amounts are in cents (Close's ``value``): divided by 100."""


def _pipeline(*groups: tuple[str, Sequence[str]]) -> dict[str, str]:
    """A stage mapping from (target, CRM stages) groups."""
    return {crm_stage: target for target, crm_stages in groups for crm_stage in crm_stages}


SALESFORCE_STAGES = _pipeline(
    (PROSPECTS, ["Prospecting", "Qualification"]),
    (
        MEETINGS,
        ["Needs Analysis", "Value Proposition", "Id. Decision Makers", "Perception Analysis"],
    ),
    (PROPOSALS, ["Proposal/Price Quote", "Negotiation/Review"]),
    (WON, ["Closed Won"]),
    (LOST, ["Closed Lost"]),
)
"""Salesforce's ten default opportunity stages (reports and the API write the same labels)."""

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
            "expected": ["close_date"],
        },
        _pipeline((PROSPECTS, ["Prospecting"]), (MEETINGS, ["Engaging"])),
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
            "expected": ["Close Date"],
            "status": ["Won"],
            IS_CLOSED: ["Closed"],
            "currency": ["Amount Currency", "Opportunity Currency"],
        },
        SALESFORCE_STAGES,
        FLAGS,
    ),
    Profile(
        "salesforce-api",
        "Salesforce Data Loader or Data Export (API names)",
        {
            "id": ["Id"],
            "name": ["Name"],
            "owner": ["Owner.Name", "OwnerId"],
            "stage": ["StageName"],
            "amount": ["Amount"],
            "created": ["CreatedDate"],
            "closed": ["CloseDate"],
            "expected": ["CloseDate"],
            "status": ["IsWon"],
            IS_CLOSED: ["IsClosed"],
            "currency": ["CurrencyIsoCode"],
        },
        SALESFORCE_STAGES,
        FLAGS,
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
            "expected": ["Close Date"],
            "currency": ["Currency", "Deal currency code"],
        },
        _pipeline(
            (PROSPECTS, ["Appointment Scheduled", "appointmentscheduled"]),
            (
                MEETINGS,
                [
                    "Qualified to Buy",
                    "qualifiedtobuy",
                    "Presentation Scheduled",
                    "presentationscheduled",
                ],
            ),
            (
                PROPOSALS,
                [
                    "Decision Maker Bought-In",
                    "decisionmakerboughtin",
                    "Contract Sent",
                    "contractsent",
                ],
            ),
            (WON, ["Closed Won", "closedwon"]),
            (LOST, ["Closed Lost", "closedlost"]),
        ),
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
            "closed": ["Won time", "Lost time", "Deal closed on", "Close time", "Closed on"],
            "expected": ["Expected close date"],
            "status": ["Status"],
            "currency": ["Currency of Value", "Currency"],
        },
        _pipeline(
            (PROSPECTS, ["Lead In", "Qualified"]),
            (MEETINGS, ["Contact Made", "Demo Scheduled", "Needs Defined"]),
            (PROPOSALS, ["Proposal Made", "Negotiations Started"]),
        ),
        {**STATUSES, "deleted": SKIP},
    ),
    Profile(
        "zoho",
        "Zoho CRM deals",
        {
            "id": ["Record Id", "Deal Id"],
            "name": ["Deal Name"],
            "owner": ["Deal Owner"],
            "stage": ["Stage"],
            "amount": ["Amount"],
            "created": ["Created Time"],
            "closed": ["Closing Date"],
            "expected": ["Closing Date"],
            "currency": ["Currency"],
        },
        _pipeline(
            (PROSPECTS, ["Qualification"]),
            (
                MEETINGS,
                [
                    "Needs Analysis",
                    "Value Proposition",
                    "Identify Decision Makers",
                    "Id. Decision Makers",
                    "Perception Analysis",
                ],
            ),
            (PROPOSALS, ["Proposal/Price Quote", "Negotiation/Review"]),
            (WON, ["Closed Won"]),
            (LOST, ["Closed Lost", "Closed-Lost to Competition", "Closed Lost to Competition"]),
        ),
    ),
    Profile(
        "dynamics",
        "Microsoft Dynamics 365 opportunities",
        {
            "id": ["(Do Not Modify) Opportunity"],
            "name": ["Topic"],
            "owner": ["Owner"],
            "stage": ["Pipeline Phase", "Sales Stage"],
            "amount": ["Est. Revenue", "Actual Revenue"],
            "created": ["Created On"],
            "closed": ["Actual Close Date", "Est. Close Date"],
            "expected": ["Est. Close Date"],
            "status": ["Status", "Status Reason"],
            "currency": ["Currency"],
        },
        _pipeline(
            (PROSPECTS, ["Qualify", "1-Qualify"]),
            (MEETINGS, ["Develop", "2-Develop"]),
            (PROPOSALS, ["Propose", "3-Propose", "Close", "4-Close"]),
        ),
        {
            **STATUSES,
            **dict.fromkeys(("in progress", "on hold"), ""),
            **dict.fromkeys(("canceled", "cancelled", "out-sold"), LOST),
        },
    ),
    Profile(
        "close",
        "Close opportunities",
        {
            "id": ["id"],
            "name": ["lead_name"],
            "owner": ["user_name"],
            "stage": ["status_label"],
            "amount": ["value"],
            "created": ["date_created"],
            "closed": ["date_won", "date_lost"],
            "expected": ["date_won"],
            "status": ["status_type"],
            "currency": ["value_currency"],
        },
        _pipeline(
            (PROSPECTS, ["Active"]),
            (MEETINGS, ["Demo Completed"]),
            (PROPOSALS, ["Proposal Sent", "Contract Sent", "Negotiation"]),
        ),
        {"active": "", "won": WON, "lost": LOST},
        minor_units=True,
    ),
    Profile(
        "copper",
        "Copper opportunities",
        {
            "name": ["Name"],
            "owner": ["Owner", "Owned By"],
            "stage": ["Stage"],
            "amount": ["Value"],
            "created": ["Date Created", "Created At"],
            "closed": ["Close Date"],
            "expected": ["Close Date"],
            "status": ["Status"],
        },
        _pipeline(
            (PROSPECTS, ["Qualified"]),
            (MEETINGS, ["Follow-up", "Presentation"]),
            (PROPOSALS, ["Contract Sent", "Negotiation"]),
        ),
        {**STATUSES, "abandoned": LOST},
    ),
    Profile(
        "freshsales",
        "Freshsales deals",
        {
            "id": ["Id", "Deal Id"],
            "name": ["Deal Name", "Name"],
            "owner": ["Owner", "Sales owner"],
            "stage": ["Deal stage"],
            "amount": ["Deal value"],
            "created": ["Created at"],
            "closed": ["Closed date", "Expected close date"],
            "expected": ["Expected close date"],
        },
        _pipeline(
            (PROSPECTS, ["New"]),
            (MEETINGS, ["Qualification", "Demo"]),
            (PROPOSALS, ["Proposal", "Negotiation"]),
            (WON, ["Won", "Closed Won"]),
            (LOST, ["Lost", "Closed Lost"]),
        ),
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
            "expected": ["expected close date", "expected close", "close date"],
            "currency": ["currency"],
        },
        _pipeline(
            (PROSPECTS, ["Prospecting", "Qualification", "Qualified", "New", "Lead"]),
            (MEETINGS, ["Meeting", "Demo", "Discovery", "Needs Analysis", "Engaging"]),
            (PROPOSALS, ["Proposal", "Proposal Sent", "Negotiation", "Contract Sent"]),
            (WON, ["Closed Won"]),
            (LOST, ["Closed Lost"]),
        ),
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
            _("--profile {profile}: no such profile; the profiles are {profiles}").format(
                profile=profile, profiles=", ".join(PROFILE_NAMES)
            )
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
    ``--map``) are added, then the one finding the most fields (the most specific), the
    first listed on a tie; with the columns it found."""
    best: tuple[tuple[int, int], Profile, dict[str, list[int]]] | None = None
    for p in profiles:
        found = {**columns_of(p, position), **mapped}
        score = (sum(1 for f in REQUIRED if f not in found), -len(found))
        if best is None or score < best[0]:
            best = (score, p, found)
    assert best is not None
    return best[1], best[2]


# ---------------------------------------------------------------- report decorations

HEADER_LINE, FOOTER_LINE, TOTALS_ROW = "header line", "footer line", "totals row"
"""What a CRM report adds around its rows (Salesforce): skipped and counted in the summary."""
DELETED_DEAL = "deleted deal"
"""A row of a deal deleted in the CRM (Pipedrive): no sale, won or lost; skipped and counted."""

_TOTALS = re.compile(
    r"(?:^|\x1f)[ \t]*(?:grand totals?|sub-?totals?|totals?)"
    r"(?: \(\d[\d,.]* records?\))?:?[ \t]*(?:\x1f|$)",
    re.I,
)


def filled(row: Sequence[str]) -> int:
    """The number of non-empty cells of a row."""
    return sum(1 for cell in row if cell.strip())


def is_totals_row(row: Sequence[str]) -> bool:
    """A report's 'Grand Totals (9 records)' or 'Subtotal' row: a cell that says only that
    (a substring test first, one search over the joined row then: this runs on every row)."""
    joined = "\x1f".join(row)
    return ("otal" in joined or "OTAL" in joined) and _TOTALS.search(joined) is not None


def skipped_text(skipped: Mapping[str, int]) -> str:
    """``skipped: 5 footer lines, 1 totals row`` ('' when nothing was skipped)."""
    parts = [
        plural(n, what)
        for what in (HEADER_LINE, FOOTER_LINE, TOTALS_ROW, DELETED_DEAL)
        if (n := skipped.get(what, 0))
    ]
    return f"skipped: {', '.join(parts)}" if parts else ""
