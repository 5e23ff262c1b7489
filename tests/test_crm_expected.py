"""An open deal's expected close date: read from each CRM's column (its own expected-close
column, or its one close date column while the deal is open), stored after ``closed``, and
never the default as-of date; older stored layouts still read."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from salescoach import crm
from salescoach.models import Deal

DATA = Path(__file__).resolve().parent / "data" / "crm"
STAGES = ["prospects", "meetings", "proposals", "won"]
OWNERS = crm.owner_index(
    [
        ("petra-nagy", "Petra Nagy", ["petra.nagy@acme.example"]),
        ("tom-reed", "Tom Reed", ["tom.reed@acme.example"]),
    ]
)


def parse(text: str, source: str = "x.csv") -> crm.ParsedExport:
    return crm.parse_export(text.encode(), source, stages=STAGES, stage_map={}, owners=OWNERS)


def test_profiles_offer_the_expected_close_date_as_an_optional_field() -> None:
    assert "expected" in crm.FIELDS
    assert "expected" not in crm.REQUIRED


# an export's open and closed deals, the column of the expected close date of the open ones
PIPEDRIVE = (
    "Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Stage,Deal - Status,"
    "Deal - Deal created,Deal - Won time,Deal - Expected close date\n"
    "1,A,Petra Nagy,100,Proposal Made,Open,2026-08-03 09:05:11,,2026-12-15\n"
    "2,B,Petra Nagy,200,Proposal Made,Won,2026-08-03 09:05:11,2026-09-14 11:20:40,2026-09-30\n"
    "3,C,Petra Nagy,300,Qualified,Open,2026-08-03 09:05:11,,\n"
)
SALESFORCE = (
    "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Created Date\n"
    "Petra Nagy,A,Proposal/Price Quote,100,12/15/2026,11/02/2026\n"
    "Petra Nagy,B,Closed Won,200,11/27/2026,10/28/2026\n"
)
DYNAMICS = (
    "(Do Not Modify) Opportunity,Topic,Owner,Est. Revenue,Status,Sales Stage,Created On,"
    "Est. Close Date,Actual Close Date\n"
    "g1,A,Petra Nagy,100,Open,Propose,8/3/2026,12/15/2026,\n"
    "g2,B,Petra Nagy,200,Won,Close,8/3/2026,9/30/2026,9/14/2026\n"
)
FRESHSALES = (
    "Id,Name,Deal value,Deal stage,Sales owner,Expected close date,Closed date,Created at\n"
    "1,A,100,Negotiation,Petra Nagy,2026-12-15,,2026-08-03\n"
    "2,B,200,Won,Petra Nagy,2026-09-30,2026-09-14,2026-08-03\n"
)


@pytest.mark.parametrize(
    ("text", "profile", "expected"),
    [
        (PIPEDRIVE, "pipedrive", [date(2026, 12, 15), None, None]),
        (SALESFORCE, "salesforce", [date(2026, 12, 15), None]),
        (DYNAMICS, "dynamics", [date(2026, 12, 15), None]),
        (FRESHSALES, "freshsales", [date(2026, 12, 15), None]),
    ],
)
def test_an_open_deal_keeps_its_expected_close_date_a_closed_one_its_close_date(
    text: str, profile: str, expected: list[date | None]
) -> None:
    parsed = parse(text)
    assert parsed.profile == profile
    assert [d.expected for d in parsed.deals] == expected
    won = [d for d in parsed.deals if d.stage == "won"]
    assert [d.closed for d in won] == [
        date(2026, 9, 14) if profile != "salesforce" else date(2026, 11, 27)
    ]
    assert all(d.closed is None for d in parsed.deals if d.stage != "won")


def test_an_expected_close_date_does_not_become_the_as_of_date() -> None:
    assert parse(PIPEDRIVE).as_of == date(2026, 9, 14)


def test_a_bad_expected_close_date_is_a_bad_row() -> None:
    text = PIPEDRIVE.replace("2026-12-15", "2026-12-45")
    with pytest.raises(crm.InvalidExport) as info:
        parse(text, "deals.csv")
    assert [str(d) for d in info.value.diagnostics] == [
        "deals.csv:2:1: bad-date the expected close date '2026-12-45' is not a date in the "
        "format Y-m-d (column 'Deal - Expected close date')"
    ]


def test_the_expected_close_date_is_stored_after_the_close_date_and_reads_back() -> None:
    parsed = parse(PIPEDRIVE, "deals.csv")
    stored = crm.normalised_csv(parsed).decode()
    body = [line for line in stored.splitlines() if not line.startswith("#")]
    assert body == [
        "id,name,rep,owner,stage,amount,created,closed,expected",
        "1,A,petra-nagy,Petra Nagy,proposals,100,2026-08-03,,2026-12-15",
        "2,B,petra-nagy,Petra Nagy,won,200,2026-08-03,2026-09-14,",
        "3,C,petra-nagy,Petra Nagy,prospects,300,2026-08-03,,",
    ]
    back, problems = crm.read_normalised(stored, "funnel/imports/x.csv", STAGES)
    assert problems == []
    assert back is not None
    assert back.deals == parsed.deals


@pytest.mark.parametrize(
    "older",
    [
        "id,name,rep,owner,stage,amount,created,closed\n"
        "1,A,petra-nagy,Petra Nagy,proposals,100,2026-08-03,\n",
        "id,rep,owner,stage,amount,created,closed\n"
        "1,petra-nagy,Petra Nagy,proposals,100,2026-08-03,\n",
    ],
    ids=["with names", "without names"],
)
def test_older_stored_layouts_read_without_expected_dates(older: str) -> None:
    stored, problems = crm.read_normalised(
        "# as_of: 2026-09-14\n" + older, "funnel/imports/x.csv", STAGES
    )
    assert problems == []
    assert stored is not None
    name = "A" if "name" in older else ""
    assert stored.deals == [
        Deal("1", "petra-nagy", "Petra Nagy", "proposals", 100.0, date(2026, 8, 3), None, name)
    ]


def test_a_stored_row_with_a_bad_expected_date_is_a_bad_line() -> None:
    text = "id,name,rep,owner,stage,amount,created,closed,expected\n1,A,p,P,won,1,,,soon\n"
    _stored, problems = crm.read_normalised(text, "funnel/imports/x.csv", STAGES)
    assert [str(p) for p in problems] == ["funnel/imports/x.csv:2:1: bad-import bad amount or date"]


def test_each_fixtures_open_deals_carry_their_expected_dates(tmp_path: Path) -> None:
    """Pipedrive's fixture: every open deal's expected close date is the file's."""
    export = DATA / "pipedrive-deals.csv"
    parsed = parse(export.read_text(encoding="utf-8"), export.name)
    with export.open(encoding="utf-8", newline="") as f:
        rows = {r["Deal - ID"]: r for r in csv.DictReader(f)}
    for deal in parsed.deals:
        row = rows[deal.id]
        if row["Deal - Status"].casefold() == "open":
            text = row["Deal - Expected close date"]
            assert deal.expected == (date.fromisoformat(text) if text else None)
        else:
            assert deal.expected is None
