"""crm: deal names stored with each deal, IDs only from ID columns, ``--map FIELD=`` clearing a
field, and imports without a created column (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest

from salescoach import crm
from salescoach.models import Deal

STAGES = ["prospects", "meetings", "proposals", "won"]
OWNERS = crm.owner_index([("petra-nagy", "Petra Nagy", []), ("bela-kiss", "Kiss Béla", [])])
STAGE_MAP = {"Proposal/Price Quote": "proposals", "Qualification": "prospects"}


def parse(text: str, name: str = "x.csv", **options: object) -> crm.ParsedExport:
    return crm.parse_export(
        text.encode(),
        name,
        stages=STAGES,
        stage_map=STAGE_MAP,
        owners=OWNERS,
        **options,  # type: ignore[arg-type]
    )


SALESFORCE = (
    "Opportunity ID,Opportunity Name,Opportunity Owner,Stage,Amount,Created Date,Close Date\n"
    "0061,Debreceni Gépgyártó renewal,Kiss Béla,Closed Won,38500000,3/1/2026,4/20/2026\n"
    '0062,"Initech, new line",Petra Nagy,Proposal/Price Quote,500,3/20/2026,5/30/2026\n'
)


def test_a_small_import_with_names_is_stored_byte_for_byte() -> None:
    parsed = parse(SALESFORCE, "report.csv")
    stored = crm.normalised_csv(parsed).decode()
    assert stored.split("# profile: ")[1] == (
        "salesforce\n"
        "# columns: id=Opportunity ID, name=Opportunity Name, owner=Opportunity Owner, "
        "stage=Stage, amount=Amount, created=Created Date, closed=Close Date, "
        "expected=Close Date\n"
        "# date_format: m/d/Y\n"
        "# as_of: 2026-04-20\n"
        "# rows: 2\n"
        "# unmatched_rows: 0\n"
        "id,name,rep,owner,stage,amount,created,closed,expected\n"
        "0061,Debreceni Gépgyártó renewal,bela-kiss,Kiss Béla,won,38500000,2026-03-01,2026-04-20,\n"
        '0062,"Initech, new line",petra-nagy,Petra Nagy,proposals,500,2026-03-20,,2026-05-30\n'
    )
    back, problems = crm.read_normalised(stored, "funnel/imports/x.csv", STAGES)
    assert problems == []
    assert back is not None
    assert back.deals == parsed.deals
    assert [d.name for d in back.deals] == ["Debreceni Gépgyártó renewal", "Initech, new line"]


def test_an_older_stored_import_without_names_still_reads() -> None:
    older = (
        "# as_of: 2026-04-20\nid,rep,owner,stage,amount,created,closed\n"
        "0061,bela-kiss,Kiss Béla,won,38500000,2026-03-01,2026-04-20\n"
    )
    stored, problems = crm.read_normalised(older, "funnel/imports/x.csv", STAGES)
    assert problems == []
    assert stored is not None
    assert stored.deals == [
        Deal(
            "0061", "bela-kiss", "Kiss Béla", "won", 38500000.0, date(2026, 3, 1), date(2026, 4, 20)
        )
    ]
    assert stored.deals[0].name == ""


def test_an_older_stored_row_of_the_wrong_width_is_a_bad_line() -> None:
    older = "id,rep,owner,stage,amount,created,closed\n0061,bela-kiss,Kiss Béla,won,1,,,\n"
    _stored, problems = crm.read_normalised(older, "funnel/imports/x.csv", STAGES)
    assert [str(p) for p in problems] == [
        "funnel/imports/x.csv:2:1: bad-import wrong number of fields"
    ]


def test_salesforce_without_an_id_column_imports_repeated_names_with_line_ids() -> None:
    report = (
        "Opportunity Name,Opportunity Owner,Stage,Amount,Created Date,Close Date\n"
        "Renewal,Petra Nagy,Closed Won,100,3/1/2026,3/20/2026\n"
        "Renewal,Petra Nagy,Closed Lost,0,3/2/2026,3/21/2026\n"
        "Renewal,Kiss Béla,Qualification,,3/3/2026,\n"
    )
    parsed = parse(report)
    assert parsed.profile == "salesforce"
    assert "id" not in parsed.columns
    assert [(d.id, d.name, d.stage) for d in parsed.deals] == [
        ("line-2", "Renewal", "won"),
        ("line-3", "Renewal", "lost"),
        ("line-4", "Renewal", "prospects"),
    ]


def test_map_with_no_column_clears_a_field_the_profile_would_read() -> None:
    doubled = SALESFORCE + "0061,Debreceni Gépgyártó renewal,Kiss Béla,Qualification,1,3/1/2026,\n"
    with pytest.raises(crm.InvalidExport) as info:
        parse(doubled)
    assert [d.code for d in info.value.diagnostics] == ["duplicate-id"]
    parsed = parse(doubled, maps={"id": ""})
    assert parsed.profile == "salesforce+map"
    assert "id" not in parsed.columns
    assert [d.id for d in parsed.deals] == ["line-2", "line-3", "line-4"]
    unnamed = parse(SALESFORCE, maps={"name": ""})
    assert [d.name for d in unnamed.deals] == ["", ""]


def test_clearing_a_required_field_is_a_missing_column() -> None:
    with pytest.raises(crm.InvalidExport) as info:
        parse(SALESFORCE, maps={"owner": ""})
    assert [d.code for d in info.value.diagnostics] == ["missing-column"]


def test_hubspot_all_deals_view_without_create_date_imports() -> None:
    # HubSpot's default "All deals" view: Record ID, Deal Name, Deal Stage, Close Date, Deal
    # owner, Amount; no Create Date
    view = (
        "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount\n"
        "18001359717,Debreceni Gépgyártó renewal,Closed won,2026-04-20 11:20,Kiss Béla,38500000\n"
        "18001359718,Initech,Qualification,,Petra Nagy,500\n"
    )
    parsed = parse(view)
    assert parsed.profile == "hubspot"
    assert "created" not in parsed.columns
    assert parsed.as_of == date(2026, 4, 20)
    assert parsed.deals == [
        Deal(
            "18001359717",
            "bela-kiss",
            "Kiss Béla",
            "won",
            38500000.0,
            None,
            date(2026, 4, 20),
            "Debreceni Gépgyártó renewal",
        ),
        Deal("18001359718", "petra-nagy", "Petra Nagy", "prospects", 500.0, None, None, "Initech"),
    ]
    stored = crm.normalised_csv(parsed).decode()
    assert stored.endswith(
        "18001359717,Debreceni Gépgyártó renewal,bela-kiss,Kiss Béla,won,38500000,,2026-04-20,\n"
        "18001359718,Initech,petra-nagy,Petra Nagy,prospects,500,,,\n"
    )


def test_names_are_tidied_and_a_profile_never_takes_a_name_as_the_id() -> None:
    generic = (
        "Deal Name,Owner,Stage,Amount,Created,Closed\n  Big   one ,Petra Nagy,won,1,,2026-01-02\n"
    )
    parsed = parse(generic)
    assert (parsed.profile, parsed.deals[0].id, parsed.deals[0].name) == (
        "generic",
        "line-2",
        "Big one",
    )
    for profile in crm.PROFILES:
        assert not {crm.norm(c) for c in profile.columns.get("id", [])} & {
            "name",
            "deal name",
            "opportunity name",
            "title",
        }, profile.name
