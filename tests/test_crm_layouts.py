"""Each CRM's export as its vendor documents it: the header spellings, status values, date and
amount forms that research found (Pipedrive's Deal closed on, Currency of Value and Deleted
deals; Close's date_lost and date forms; Copper's Owned By; Dynamics' Status Reason and
Currency names; Salesforce's Amount Currency, Won/Closed and API names; Zoho's hyphenated
lost stage; Freshsales' Owner, Deal Name and day-first dates; HubSpot's stage case)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from salescoach import crm
from tests.conftest import Run
from tests.test_crm_profiles import DATA, _fresh_repo

STAGES = ["prospects", "meetings", "proposals", "won"]
OWNERS = crm.owner_index([("petra-nagy", "Petra Nagy", []), ("tom-reed", "Tom Reed", [])])


def parse(text: str, source: str = "x.csv") -> crm.ParsedExport:
    return crm.parse_export(text.encode(), source, stages=STAGES, stage_map={}, owners=OWNERS)


def refused(text: str, source: str = "x.csv") -> crm.InvalidExport:
    with pytest.raises(crm.InvalidExport) as info:
        parse(text, source)
    return info.value


def _stored_lines(root: Path) -> list[str]:
    (path,) = (root / "funnel" / "imports").glob("*.csv")
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]


# ---------------------------------------------------------------- Pipedrive


def test_pipedrive_deleted_deals_are_skipped_and_counted_not_lost(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = DATA / "pipedrive-deals.csv"
    result = cli("--repo", root, "funnel", "import", export, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["skipped"] == {"deleted deal": 2}
    ids = [line.split(",")[0] for line in _stored_lines(root)[1:]]
    assert ids == [str(n) for n in range(101, 109)]
    text = cli("--repo", root, "funnel", "import", export).stderr
    assert "skipped: 2 deleted deals" in text


def test_a_deleted_deals_summary_says_what_they_are() -> None:
    parsed = parse((DATA / "pipedrive-deals.csv").read_text(encoding="utf-8"))
    assert parsed.skipped_summary == "skipped: 2 deleted deals (deleted in the CRM, not lost)"
    parsed.skipped["footer line"] = 5
    assert parsed.skipped_summary == (
        "skipped: 5 footer lines (the report's own lines, not deals), "
        "2 deleted deals (deleted in the CRM, not lost)"
    )


def test_pipedrive_deal_closed_on_and_currency_of_value_are_read() -> None:
    text = (
        "Deal - ID,Deal - Owner,Deal - Value,Deal - Currency of Value,Deal - Stage,"
        "Deal - Status,Deal - Deal closed on\n"
        "1,Petra Nagy,4800,JPY,Proposal Made,Won,2026-09-14 11:20:40\n"
        "2,Petra Nagy,100,USD,Proposal Made,Lost,2026-09-30 16:02:09\n"
    )
    error = refused(text, "deals.csv")
    assert [d.code for d in error.diagnostics] == ["mixed-currency", "mixed-currency"]
    assert "(column 'Deal - Currency of Value')" in str(error.diagnostics[0])
    parsed = parse(text.replace("JPY", "USD"))
    assert [(d.stage, d.closed) for d in parsed.deals] == [
        ("won", date(2026, 9, 14)),
        ("lost", date(2026, 9, 30)),
    ]
    assert parsed.currency == "USD"


# ---------------------------------------------------------------- Close


def test_a_lost_close_opportunity_closes_on_its_date_lost(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    result = cli("--repo", root, "funnel", "import", DATA / "close-opportunities.csv")
    assert result.exit_code == 0, result.stderr
    lines = _stored_lines(root)
    assert ",Initech,petra-nagy,Petra Nagy,lost,12000,2026-08-10,2026-09-30," in "\n".join(lines)
    assert ",Umbrella,petra-nagy,Petra Nagy,proposals,7250.5,2026-11-02,,2026-12-15" in lines[3]


@pytest.mark.parametrize(
    "created",
    [
        "2026-08-03 09:05:11.123000+00:00",  # Close's default ('original') CSV date format
        "2026-08-03T09:05:11+00:00",  # its iso8601 format
        "2026-08-03 09:05:11 AM",  # its excel format
    ],
)
def test_closes_date_formats_are_read(created: str) -> None:
    text = (
        "id,lead_name,status_label,status_type,value,value_currency,date_created,date_won,"
        "date_lost,user_name\n"
        f"oppo_1,Globex,Won,won,480000,USD,{created},2026-09-14,,Petra Nagy\n"
    )
    (deal,) = parse(text).deals
    assert (deal.created, deal.closed, deal.amount) == (date(2026, 8, 3), date(2026, 9, 14), 4800)


# ---------------------------------------------------------------- Copper


def test_copper_owned_by_and_created_at_are_the_owner_and_created_date() -> None:
    parsed = parse((DATA / "copper-opportunities-owned-by.csv").read_text(encoding="utf-8"))
    assert parsed.profile == "copper"
    assert (parsed.columns["owner"], parsed.columns["created"]) == (["Owned By"], ["Created At"])
    assert parsed.deals[0].created == date(2026, 8, 3)


# ---------------------------------------------------------------- Dynamics 365


def test_dynamics_currency_names_are_currencies() -> None:
    parsed = parse((DATA / "dynamics-opportunities.csv").read_text(encoding="utf-8"))
    assert parsed.currency == "USD"
    assert [d.amount for d in parsed.deals][:3] == [4800, 12000, 7250.5]
    mixed = (DATA / "dynamics-status-reason.csv").read_text(encoding="utf-8")
    mixed = mixed.replace("Euro", "Hungarian Forint", 1)
    error = refused(mixed, "opps.csv")
    assert error.message == (
        "amounts in 2 currencies: EUR (5 rows), HUF (1 row); salescoach cannot add them up"
    )


def test_an_unknown_currency_name_is_refused_naming_it() -> None:
    text = (DATA / "dynamics-opportunities.csv").read_text(encoding="utf-8")
    error = refused(text.replace("US Dollar", "Galactic Credit", 1), "opps.csv")
    assert [str(d) for d in error.diagnostics] == [
        "opps.csv:2:1: bad-currency currency 'Galactic Credit' is not a currency code such as "
        "EUR or a currency name salescoach knows (column 'Currency')"
    ]


def test_dynamics_status_reason_decides_open_won_and_lost() -> None:
    parsed = parse((DATA / "dynamics-status-reason.csv").read_text(encoding="utf-8"))
    assert parsed.columns["status"] == ["Status Reason"]
    assert [d.stage for d in parsed.deals] == [
        "won",
        "lost",
        "proposals",
        "meetings",
        "lost",
        "won",
    ]
    assert parsed.currency == "EUR"


def test_a_dynamics_status_reason_of_another_value_is_a_bad_status() -> None:
    text = (DATA / "dynamics-status-reason.csv").read_text(encoding="utf-8")
    error = refused(text.replace("On Hold", "Parked"), "opps.csv")
    assert [str(d) for d in error.diagnostics] == [
        "opps.csv:5:1: bad-status status 'Parked' is not open, won, lost, in progress, on hold, "
        "canceled, cancelled or out-sold (column 'Status Reason')"
    ]


# ---------------------------------------------------------------- Salesforce

SALESFORCE = (
    "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Created Date\n"
    'Petra Nagy,A,Closed Won,"USD 4,800.00",9/14/2026,8/3/2026\n'
    'Petra Nagy,B,Qualification,"USD 1,200.50",12/15/2026,11/2/2026\n'
)


def test_salesforces_on_screen_amount_form_is_still_read() -> None:
    parsed = parse(SALESFORCE)
    assert ([d.amount for d in parsed.deals], parsed.currency) == ([4800, 1200.5], "USD")


def test_salesforce_amount_currency_beside_a_bare_amount_is_the_currency() -> None:
    parsed = parse((DATA / "salesforce-opportunities.csv").read_text(encoding="utf-8"))
    assert (parsed.columns["currency"], parsed.currency) == (["Amount Currency"], "USD")
    assert parsed.deals[0].amount == 4800


def test_salesforce_won_and_closed_columns_win_over_renamed_stages() -> None:
    parsed = parse((DATA / "salesforce-won-closed.csv").read_text(encoding="utf-8"))
    assert parsed.columns["status"] == ["Won"]
    assert [(d.name, d.stage) for d in parsed.deals] == [
        ("Globex - 40 seats", "won"),
        ("Initech - renewal", "lost"),
        ("Umbrella - pilot", "proposals"),
        ("Vandelay - import", "meetings"),
        ("Stark - upgrade", "won"),
        ("Wayne - trial", "lost"),
    ]


def test_a_salesforce_data_loader_export_with_owner_ids_is_refused_saying_so() -> None:
    text = (DATA / "salesforce-api.csv").read_text(encoding="utf-8")
    text = text.replace("Owner.Name", "OwnerId").replace("Petra Nagy", "0055g00000XyZ1AAA")
    text = text.replace("Tom Reed", "0055g00000XyZ2AAA")
    error = refused(text, "opps.csv")
    assert error.message == (
        "no owner in opps.csv is a rep: the column 'OwnerId' holds CRM user IDs, not names "
        "(2 owners, 7 rows); nothing was imported"
    )
    assert error.hint.startswith("export the owner's name instead (Salesforce Data Loader: ")


def test_a_data_loader_export_in_capitals_is_the_salesforce_api_profile() -> None:
    text = (DATA / "salesforce-api.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    parsed = parse(header.upper() + "\n" + rest)
    assert parsed.profile == "salesforce-api"
    assert [d.stage for d in parsed.deals].count("won") == 2


# ---------------------------------------------------------------- Zoho, Freshsales, HubSpot


@pytest.mark.parametrize(
    "stage", ["Closed-Lost to Competition", "Closed Lost to Competition", "Closed Lost"]
)
def test_zohos_lost_stages(stage: str) -> None:
    text = (
        "Deal Owner,Deal Name,Stage,Amount,Closing Date\n"
        f"Petra Nagy,A,{stage},100,09/14/2026\n"
        "Petra Nagy,B,Qualification,100,12/15/2026\n"
    )
    parsed = parse(text)
    assert (parsed.profile, parsed.date_format) == ("zoho", "m/d/Y")
    assert [d.stage for d in parsed.deals] == ["lost", "prospects"]


def test_freshsales_day_first_dates_with_dashes() -> None:
    parsed = parse((DATA / "freshsales-deals.csv").read_text(encoding="utf-8"))
    assert (parsed.profile, parsed.date_format) == ("freshsales", "d-m-Y")
    assert parsed.columns["owner"] == ["Owner"]
    assert parsed.columns["name"] == ["Deal Name"]
    first = parsed.deals[0]
    assert (first.created, first.closed) == (date(2026, 8, 3), date(2026, 9, 14))


def test_dashed_dates_that_do_not_say_their_order_are_refused() -> None:
    text = "owner,stage,amount,closed\nPetra Nagy,won,1,03-08-2026 09:05:11\n"
    error = refused(text)
    assert error.diagnostics[0].code == "ambiguous-date-format"
    assert error.hint == "say which with --date-format m-d-Y (US) or --date-format d-m-Y"


@pytest.mark.parametrize("stage", ["Qualified to Buy", "Qualified To Buy", "QUALIFIED TO BUY"])
def test_hubspot_stages_match_in_any_case(stage: str) -> None:
    text = (
        f"Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount\n1,A,{stage},,Petra Nagy,5\n"
    )
    (deal,) = parse(text).deals
    assert deal.stage == "meetings"
