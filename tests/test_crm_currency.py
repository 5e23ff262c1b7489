"""Currencies at the door: ``funnel.currency`` names the repository's, an export in another is
refused unless ``--rate CODE=RATE`` converts it, and the stored import records both."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from salescoach import crm
from tests.conftest import Run, write

STAGES = ["prospects", "meetings", "proposals", "won"]
OWNERS = crm.owner_index([("petra-nagy", "Petra Nagy", [])])
MIXED = (
    "id,owner,stage,amount,created,closed\n"
    'P-1,Petra Nagy,won,"$4,800.00",2026-08-03,2026-09-14\n'
    'P-2,Petra Nagy,lost,"¥1,200,000",2026-08-10,2026-10-01\n'
    "P-3,Petra Nagy,won,USD 2500.55,2026-07-15,2026-11-20\n"
    'P-4,Petra Nagy,proposals,"¥350,001",2026-09-01,\n'
    'P-5,Petra Nagy,meetings,"$1,000.35",2026-09-02,\n'
    "P-6,Petra Nagy,meetings,777,2026-09-03,\n"
)
AMOUNTS = {"P-1": "4800.00", "P-2": "1200000", "P-3": "2500.55", "P-4": "350001"}
AMOUNTS |= {"P-5": "1000.35", "P-6": "777"}
CURRENCY = {"P-1": "USD", "P-2": "JPY", "P-3": "USD", "P-4": "JPY", "P-5": "USD", "P-6": "HUF"}
RATES = {"USD": "350.5", "JPY": "2.4567", "HUF": "1"}


def _parse(text: str, **options: object) -> crm.ParsedExport:
    return crm.parse_export(
        text.encode(),
        "x.csv",
        stages=STAGES,
        stage_map={},
        owners=OWNERS,
        **options,  # type: ignore[arg-type]
    )


def _refused(text: str, **options: object) -> crm.InvalidExport:
    with pytest.raises(crm.InvalidExport) as info:
        _parse(text, **options)
    return info.value


def _shown(error: crm.InvalidExport) -> list[str]:
    return [str(d) for d in sorted(error.diagnostics)]


@pytest.fixture
def huf_repo(repo: Path) -> Path:
    settings = repo / "salescoach.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "funnel:\n  currency: HUF\n")
    write(repo, "managers/anna.yaml", "name: Anna\nreps: [{id: petra-nagy, name: Petra Nagy}]\n")
    return repo


def test_an_export_in_another_currency_is_refused_naming_both() -> None:
    error = _refused(MIXED.replace("¥", "$"), currency="HUF")
    assert error.message == (
        "amounts in USD (5 rows), not in funnel.currency HUF; nothing was imported"
    )
    assert _shown(error) == [
        "x.csv:2:1: wrong-currency 5 amounts in USD, not in funnel.currency HUF "
        "(column 'amount'), the first on this line"
    ]
    assert error.hint == (
        "convert them with --rate USD=RATE (how many HUF one unit is), or export the deals in HUF"
    )


def test_a_mixed_file_names_each_currency_without_a_rate() -> None:
    error = _refused(MIXED, currency="HUF")
    assert error.message == (
        "amounts in USD (3 rows), JPY (2 rows), not in funnel.currency HUF; nothing was imported"
    )
    assert [d.code for d in error.diagnostics] == ["wrong-currency", "wrong-currency"]
    assert "--rate USD=RATE --rate JPY=RATE" in error.hint
    error = _refused(MIXED, currency="HUF", rates={"USD": Decimal("350.5")})
    assert _shown(error) == [
        "x.csv:3:1: wrong-currency 2 amounts in JPY, not in funnel.currency HUF "
        "(column 'amount'), the first on this line"
    ]


def test_the_repository_currency_and_unsigned_amounts_need_no_rate() -> None:
    parsed = _parse(MIXED, currency="USD", rates={"JPY": Decimal("0.0067")})
    assert parsed.currency == "USD"
    assert parsed.converted == {"JPY": (2, Decimal("0.0067"))}
    assert [d.amount for d in parsed.deals] == [4800.0, 8040.0, 2500.55, 2345.01, 1000.35, 777.0]


def test_without_funnel_currency_one_currency_is_kept_as_before() -> None:
    parsed = _parse(MIXED.replace("¥", "$"))
    assert (parsed.currency, parsed.converted) == ("USD", {})


def _expected(deal_id: str) -> float:
    """The stored amount, computed independently: the amount times its rate, to the cent."""
    rate = Decimal(RATES[CURRENCY[deal_id]])
    return float((Decimal(AMOUNTS[deal_id]) * rate).quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_a_mixed_file_imports_converted_with_rates(cli: Run, huf_repo: Path) -> None:
    export = write(huf_repo.parent, "mixed.csv", MIXED)
    args = ("--repo", huf_repo, "funnel", "import", export, "--rate", "USD=350.5")
    result = cli(*args, "--rate", "jpy=2.4567")
    assert result.exit_code == 0, result.stderr
    assert "converted 3 rows from USD at 350.5, 2 from JPY at 2.4567 to HUF" in result.stderr
    shown = json.loads(cli(*args, "--rate", "JPY=2.4567", "--format", "json").stdout)
    assert (shown["currency"], shown["rates"]) == ("HUF", {"JPY": 2.4567, "USD": 350.5})
    stored = huf_repo / "funnel" / "imports" / shown["file"]
    text = stored.read_text(encoding="utf-8")
    assert "# currency: HUF\n" in text
    assert "# rates: USD=350.5, JPY=2.4567\n" in text
    imported, problems = crm.stored.read_normalised(text, "x", STAGES)
    assert problems == []
    assert imported is not None
    assert {d.id: d.amount for d in imported.deals} == {k: _expected(k) for k in AMOUNTS}


def test_a_mixed_file_without_rates_writes_nothing(cli: Run, huf_repo: Path) -> None:
    export = write(huf_repo.parent, "mixed.csv", MIXED)
    result = cli("--repo", huf_repo, "funnel", "import", export)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "error: amounts in USD (3 rows), JPY (2 rows), not in funnel.currency HUF; "
        "nothing was imported"
    )
    assert not (huf_repo / "funnel").exists()


def test_an_import_in_the_repository_currency_says_so(cli: Run, huf_repo: Path) -> None:
    export = write(
        huf_repo.parent, "huf.csv", MIXED.replace("$", "").replace("¥", "").replace("USD ", "")
    )
    result = cli("--repo", huf_repo, "funnel", "import", export)
    assert result.exit_code == 0, result.stderr
    assert "amounts in HUF" in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "EUR",
            "--rate takes CODE=RATE (e.g. --rate EUR=1.08: one EUR is 1.08 of "
            "funnel.currency), got 'EUR'",
        ),
        ("EURO=1.08", "--rate: 'EURO' is not a 3-letter currency code (e.g. EUR)"),
        ("EUR=-1", "--rate EUR: '-1' is not a positive number (e.g. 1.08)"),
        ("EUR=abc", "--rate EUR: 'abc' is not a positive number (e.g. 1.08)"),
        ("EUR=0", "--rate EUR: '0' is not a positive number (e.g. 1.08)"),
    ],
)
def test_a_bad_rate_is_a_usage_error(cli: Run, huf_repo: Path, option: str, message: str) -> None:
    export = write(huf_repo.parent, "mixed.csv", MIXED)
    result = cli("--repo", huf_repo, "funnel", "import", export, "--rate", option)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_rate_needs_funnel_currency(cli: Run, repo: Path) -> None:
    export = write(repo.parent, "mixed.csv", MIXED)
    result = cli("--repo", repo, "funnel", "import", export, "--rate", "EUR=1.08")
    assert result.exit_code == 2
    assert "--rate needs the repository's currency: set funnel.currency in salescoach.yaml" in (
        result.stderr
    )


def test_a_stored_import_without_a_currency_still_reads() -> None:
    text = (
        crm.stored.BANNER + "# source: x.csv\n"
        "id,name,rep,owner,stage,amount,created,closed\n"
        "1,,petra-nagy,Petra Nagy,won,10.5,2026-01-01,2026-01-02\n"
    )
    imported, problems = crm.stored.read_normalised(text, "x", STAGES)
    assert problems == []
    assert imported is not None
    assert "currency" not in imported.meta
    assert imported.deals[0].amount == 10.5
