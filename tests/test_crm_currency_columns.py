"""Currency columns: a row's currency is its CRM's currency column where the amount carries no
sign, and such rows follow the same rules as signed amounts (mixed or wrong currency refused,
``--rate`` converts)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from salescoach import crm
from tests.conftest import Run, write

STAGES = ["prospects", "meetings", "proposals", "won"]
OWNERS = crm.owner_index([("petra-nagy", "Petra Nagy", [])])
PIPEDRIVE = (
    "Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,Deal - Stage,"
    "Deal - Status,Deal - Deal created,Deal - Won time,Deal - Lost time\n"
    "201,Tokyo deal,Petra Nagy,1200000,JPY,Proposal Made,won,2026-08-03 09:05:11,"
    "2026-09-14 11:20:40,\n"
    "202,Boston deal,Petra Nagy,4800.50,USD,Proposal Made,lost,2026-08-10 10:30:00,,"
    "2026-09-30 16:02:09\n"
    "203,Osaka deal,Petra Nagy,350001,JPY,Demo Scheduled,open,2026-09-01 08:00:00,,\n"
    "204,Kyoto deal,Petra Nagy,90000,JPY,Lead In,open,2026-09-02 08:00:00,,\n"
)


def _parse(text: str, **options: object) -> crm.ParsedExport:
    return crm.parse_export(
        text.encode(),
        "deals.csv",
        stages=STAGES,
        stage_map={},
        owners=OWNERS,
        **options,  # type: ignore[arg-type]
    )


def _refused(text: str, **options: object) -> crm.InvalidExport:
    with pytest.raises(crm.InvalidExport) as info:
        _parse(text, **options)
    return info.value


@pytest.fixture
def huf_repo(repo: Path) -> Path:
    settings = repo / "salescoach.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "funnel:\n  currency: HUF\n")
    write(repo, "managers/anna.yaml", "name: Anna\nreps: [{id: petra-nagy, name: Petra Nagy}]\n")
    return repo


def test_a_pipedrive_file_in_yen_and_dollars_is_refused_naming_both() -> None:
    error = _refused(PIPEDRIVE)
    assert error.message == (
        "amounts in 2 currencies: JPY (3 rows), USD (1 row); salescoach cannot add them up"
    )
    assert [str(d) for d in sorted(error.diagnostics)] == [
        "deals.csv:2:1: mixed-currency 3 amounts in JPY (column 'Deal - Currency'), "
        "the first on this line",
        "deals.csv:3:1: mixed-currency 1 amount in USD (column 'Deal - Currency'), "
        "the first on this line",
    ]


def test_the_currency_column_names_a_wrong_currency() -> None:
    error = _refused(PIPEDRIVE.replace(",USD,", ",JPY,"), currency="HUF")
    assert error.message == (
        "amounts in JPY (4 rows), not in funnel.currency HUF; nothing was imported"
    )
    assert error.hint == (
        "convert them with --rate JPY=RATE (how many HUF one unit is), or export the deals in HUF"
    )


def test_one_currency_in_the_column_is_the_imports_currency() -> None:
    parsed = _parse(PIPEDRIVE.replace(",USD,", ",JPY,"))
    assert parsed.currency == "JPY"
    assert parsed.converted == {}


def test_a_sign_that_disagrees_with_the_column_is_a_bad_amount() -> None:
    error = _refused(PIPEDRIVE.replace(",4800.50,", ',"$4,800.50",').replace(",USD,", ",EUR,"))
    assert [str(d) for d in error.diagnostics] == [
        "deals.csv:3:1: bad-amount amount '$4,800.50' is in USD, but the row's currency is EUR "
        "(columns 'Deal - Value' and 'Deal - Currency')"
    ]


def test_a_sign_that_agrees_with_the_column_is_read() -> None:
    parsed = _parse(
        PIPEDRIVE.replace(",4800.50,", ',"$4,800.50",'),
        currency="USD",
        rates={"JPY": Decimal("0.0067")},
    )
    assert {d.id: d.amount for d in parsed.deals}["202"] == 4800.5


@pytest.mark.parametrize(
    ("header", "profile"),
    [
        (
            "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Opportunity Currency",
            "salesforce",
        ),
        ("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Amount Currency", "salesforce"),
        ("Record ID,Deal owner,Deal Stage,Amount,Close Date,Deal currency code", "hubspot"),
        ("Record Id,Deal Owner,Stage,Amount,Closing Date,Currency", "zoho"),
        ("id,user_name,status_label,value,date_won,value_currency", "close"),
        ("id,owner,stage,amount,closed,currency", "generic"),
    ],
)
def test_each_crms_currency_column_is_read(header: str, profile: str) -> None:
    cols = crm.choose_columns(header.split(","), "x.csv")
    assert (cols.profile, cols.names["currency"]) == (profile, [header.split(",")[-1]])


def test_the_pipedrive_file_imports_converted_with_rates(cli: Run, huf_repo: Path) -> None:
    export = write(huf_repo.parent, "deals.csv", PIPEDRIVE)
    refused = cli("--repo", huf_repo, "funnel", "import", export)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        "error: amounts in JPY (3 rows), USD (1 row), not in funnel.currency HUF; "
        "nothing was imported"
    )
    assert not (huf_repo / "funnel").exists()
    args = ("--repo", huf_repo, "funnel", "import", export, "--rate", "JPY=2.5")
    result = cli(*args, "--rate", "USD=350.5", "--format", "json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["currency"], shown["rates"]) == ("HUF", {"JPY": 2.5, "USD": 350.5})
    text = (huf_repo / "funnel" / "imports" / shown["file"]).read_text(encoding="utf-8")
    imported, problems = crm.stored.read_normalised(text, "x", STAGES)
    assert problems == []
    assert imported is not None
    assert {d.id: d.amount for d in imported.deals} == {
        "201": 3000000.0,
        "202": 1682575.25,
        "203": 875002.5,
        "204": 225000.0,
    }
