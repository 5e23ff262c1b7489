"""crm.values at the door: dates with times and zones, amounts with currencies, encodings, and
``funnel import -`` (standard input), from the values up to the command."""

from __future__ import annotations

import codecs
import json
from datetime import date
from pathlib import Path

import pytest

from salescoach import crm
from salescoach.crm import values
from salescoach.errors import UsageError
from tests.conftest import Run, write

DATA = Path(__file__).resolve().parent / "data" / "crm"
STAGES = ["prospects", "meetings", "proposals", "won"]
OWNERS = crm.owner_index([("petra-nagy", "Petra Nagy", [])])
HEADER = "id,owner,stage,amount,created,closed\n"
HUNGARIANS = (
    "managers/anna.yaml",
    (
        "name: Anna Kovács\nreps:\n"
        "  - {id: biro-marton, name: Bíró Márton}\n"
        "  - {id: szoke-adam, name: Szőke Ádám}\n"
        "  - {id: ori-odon, name: Őri Ödön}\n"
    ),
)


def _shown(error: crm.InvalidExport) -> list[str]:
    return [str(d) for d in sorted(error.diagnostics)]


def _parse(data: bytes, **options: object) -> crm.ParsedExport:
    return crm.parse_export(
        data,
        "x.csv",
        stages=STAGES,
        stage_map={},
        owners=OWNERS,
        **options,  # type: ignore[arg-type]
    )


def _refused(rows: str) -> crm.InvalidExport:
    with pytest.raises(crm.InvalidExport) as info:
        _parse((HEADER + rows).encode())
    return info.value


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("fmt", "text", "day"),
    [
        ("Y-m-d", "2026-08-22T11:20:00Z", date(2026, 8, 22)),
        ("Y-m-d", "2026-08-22 11:20:00+01:00", date(2026, 8, 22)),
        ("Y-m-d", "2026-08-22 11:20:00 UTC", date(2026, 8, 22)),
        ("Y-m-d", "2026-08-22T23:30:00-05:00", date(2026, 8, 22)),
        ("Y-m-d", "2026-08-22T11:20:00.123456Z", date(2026, 8, 22)),
        ("Y-m-d", "2026-08-22 11:20 GMT", date(2026, 8, 22)),
        ("m/d/Y", "11/27/2026 9:14 AM", date(2026, 11, 27)),
        ("m/d/Y", "11/27/2026 12:05 pm", date(2026, 11, 27)),
        ("d.m.Y", "27.11.2026 14:05", date(2026, 11, 27)),
        ("d/m/Y", "27/11/2026 14:05:33", date(2026, 11, 27)),
    ],
)
def test_dates_with_times_and_zones_are_the_calendar_date_as_written(
    fmt: str, text: str, day: date
) -> None:
    assert crm.date_parser(fmt)(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "2026-09-01 garbage text",
        "2026-09-01 25:00",
        "2026-09-01 10:61",
        "2026-09-01 13:00 PM",
        "2026-09-01 0:30 AM",
        "2026-09-01T",
        "2026-09-01 11:20 CEST-ish",
    ],
)
def test_a_date_with_anything_else_after_it_is_no_date(text: str) -> None:
    assert crm.date_parser("Y-m-d")(text) is None


def test_the_utc_of_a_time_zone_is_not_taken_for_the_iso_separator() -> None:
    assert values.date_part("2026-08-22 11:20:00 UTC") == "2026-08-22"
    assert crm.detect_date_format(["2026-08-22 11:20:00 UTC"], "x.csv") == "Y-m-d"


def test_us_dates_with_am_pm_are_detected_month_first() -> None:
    assert crm.detect_date_format(["11/27/2026 9:14 AM", "10/2/2026 11:59 pm"], "x.csv") == "m/d/Y"


def test_years_outside_1970_to_2100_are_refused() -> None:
    error = _refused(
        "1,Petra Nagy,won,10,1900-01-01,2026-01-05\n2,Petra Nagy,won,10,2026-01-01,2101-01-05\n"
    )
    assert _shown(error) == [
        "x.csv:2:1: bad-date the created date '1900-01-01' is outside the years 1970-2100 "
        "(column 'created')",
        "x.csv:3:1: bad-date the close date '2101-01-05' is outside the years 1970-2100 "
        "(column 'closed')",
    ]


def test_trailing_text_after_a_date_is_refused() -> None:
    error = _refused("1,Petra Nagy,won,10,2026-09-01 garbage text,2026-09-05\n")
    assert _shown(error) == [
        "x.csv:2:1: bad-date the created date '2026-09-01 garbage text' is not a date in the "
        "format Y-m-d (column 'created')"
    ]


@pytest.mark.parametrize(
    ("name", "created", "closed"),
    [
        ("values-dates.csv", date(2026, 8, 22), date(2026, 9, 1)),
        ("values-us-dates.csv", date(2026, 11, 27), date(2026, 11, 28)),
        ("values-eu-dates.csv", date(2026, 11, 27), date(2026, 11, 28)),
        ("values-day-first.csv", date(2026, 11, 27), date(2026, 11, 28)),
    ],
)
def test_exports_with_times_import(name: str, created: date, closed: date) -> None:
    parsed = _parse((DATA / name).read_bytes())
    first = parsed.deals[0]
    assert (first.created, first.closed) == (created, closed)


def test_an_ambiguous_day_and_month_is_still_never_guessed() -> None:
    error = _refused("1,Petra Nagy,won,10,1/2/2026 9:14 AM,3/4/2026 10:00 PM\n")
    assert [d.code for d in error.diagnostics] == ["ambiguous-date-format"]


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("text", "mark", "amount", "currency"),
    [
        ("$4,800.00", ".", 4800.0, "USD"),
        ("EUR 4,800.00", ".", 4800.0, "EUR"),
        ("4.800,00 €", ",", 4800.0, "EUR"),
        ("4.800,00 €", ".", 4800.0, "EUR"),
        ("38 500 000 Ft", ",", 38500000.0, "HUF"),
        ("38 500 000 HUF", ".", 38500000.0, "HUF"),
        ("£1,000", ".", 1000.0, "GBP"),
        ("¥1,200,000", ".", 1200000.0, "JPY"),
        ("CHF 12'000.50", ".", 12000.5, "CHF"),
        ("$5 USD", ".", 5.0, "USD"),
        ("1.234", ",", 1234.0, None),
        ("1.234", ".", 1.234, None),
        ("1054", ".", 1054.0, None),
        ("", ".", None, None),
        ("  ", ".", None, None),
    ],
)
def test_amounts_and_their_currency(
    text: str, mark: str, amount: float | None, currency: str | None
) -> None:
    assert crm.parse_amount(text, mark) == (amount, currency)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12EUR34", values.NOT_A_NUMBER),
        ("1 2 3", values.NOT_A_NUMBER),
        ("1 23 456", values.NOT_A_NUMBER),
        ("$5 EUR", values.NOT_A_NUMBER),
        ("EUR", values.NOT_A_NUMBER),
        ("USD -1,200.50", values.NEGATIVE),
        ("-$5", values.NEGATIVE),
        ("(1,200.00)", values.NEGATIVE),
        ("9" * 400, values.TOO_LARGE),
        ("$" + "9" * 16 + ".00", values.TOO_LARGE),
    ],
)
def test_amounts_that_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=r"^\w") as info:
        crm.parse_amount(text, ".")
    assert str(info.value) == reason


def test_fifteen_digits_are_still_an_amount() -> None:
    assert crm.parse_amount("9" * 15, ".") == (999999999999999.0, None)


@pytest.mark.parametrize(
    ("texts", "delimiter", "mark"),
    [
        (["4.800,00 €", "1.234"], ",", ","),
        (["1,234.50", "1.234"], ";", "."),
        (["1.234.567", "1.234"], ",", ","),
        (["1,5", "2"], ",", ","),
        (["1.234", "2"], ",", "."),
        (["1.234", "2"], ";", ","),
        (["1,5", "1.5"], ",", "."),
    ],
)
def test_the_decimal_mark_is_decided_from_the_whole_column(
    texts: list[str], delimiter: str, mark: str
) -> None:
    assert values.detect_decimal_mark(texts, delimiter) == mark


def test_a_thousands_dot_in_a_comma_decimal_column_is_grouping() -> None:
    parsed = _parse((DATA / "values-day-first.csv").read_bytes())
    assert [d.amount for d in parsed.deals] == [4800.0, 1234.0]


def test_bad_amounts_are_bad_rows() -> None:
    error = _refused(
        "1,Petra Nagy,won,12EUR34,2026-01-01,2026-01-05\n"
        "2,Petra Nagy,won,1 2 3,2026-01-01,2026-01-05\n"
        '3,Petra Nagy,won,"USD -1,200.50",2026-01-01,2026-01-05\n'
        f"4,Petra Nagy,won,{'9' * 400},2026-01-01,2026-01-05\n"
    )
    assert _shown(error) == [
        "x.csv:2:1: bad-amount amount '12EUR34' is not a number (column 'amount')",
        "x.csv:3:1: bad-amount amount '1 2 3' is not a number (column 'amount')",
        "x.csv:4:1: bad-amount amount 'USD -1,200.50' is negative (column 'amount')",
        f"x.csv:5:1: bad-amount amount '{'9' * 40}…' has more than 15 digits before the "
        "decimal mark (column 'amount')",
    ]


def test_a_file_in_several_currencies_is_refused_naming_each() -> None:
    with pytest.raises(crm.InvalidExport) as info:
        _parse((DATA / "values-mixed-currency.csv").read_bytes())
    assert info.value.message == (
        "amounts in 2 currencies: USD (3 rows), JPY (2 rows); salescoach cannot add them up"
    )
    assert _shown(info.value) == [
        "x.csv:2:1: mixed-currency 3 amounts in USD (column 'amount'), the first on this line",
        "x.csv:3:1: mixed-currency 2 amounts in JPY (column 'amount'), the first on this line",
    ]
    assert info.value.hint == (
        "export one currency at a time (filter the CRM report by currency), or convert the "
        "amounts in the CRM first; nothing was imported"
    )


def test_one_currency_written_two_ways_is_one_currency() -> None:
    parsed = _parse(
        (
            HEADER + '1,Petra Nagy,won,"$1,000",2026-01-01,2026-01-05\n'
            "2,Petra Nagy,won,USD 500,2026-01-01,2026-01-05\n"
        ).encode()
    )
    assert [d.amount for d in parsed.deals] == [1000.0, 500.0]


# ---------------------------------------------------------------- encodings


def test_utf8_with_or_without_bom_and_utf16_with_bom_are_detected() -> None:
    text = HEADER + "1,Petra Nagy,won,10,2026-01-01,2026-01-05\n"
    for data in (
        text.encode("utf-8"),
        codecs.BOM_UTF8 + text.encode("utf-8"),
        text.encode("utf-16"),
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    ):
        assert values.decode(data, "x.csv") == text


def test_a_cp1250_file_gets_the_cp1250_hint() -> None:
    data = (DATA / "values-cp1250.csv").read_bytes()
    with pytest.raises(crm.InvalidExport) as info:
        _parse(data)
    assert _shown(info.value) == ["x.csv:2:1: not-utf8 the file is not UTF-8 (byte 0xED)"]
    assert info.value.hint == (
        "it looks like cp1250: import it with --encoding cp1250, "
        "or export it from the CRM as UTF-8 CSV"
    )
    assert "iconv" not in info.value.hint


@pytest.mark.parametrize(
    ("text", "code_page"),
    [
        ("Szőke Ádám", "cp1250"),
        ("Łukasz Wiśniewski", "cp1250"),
        ("Tomáš Novák, Šťastný", "cp1250"),
        ("José Müller, Françoise", "cp1252"),
    ],
)
def test_the_likely_code_page(text: str, code_page: str) -> None:
    assert values.likely_code_page(text.encode(code_page)) == code_page


def test_a_named_encoding_is_used_and_its_errors_name_the_line() -> None:
    data = (DATA / "values-cp1250.csv").read_bytes()
    assert "Szőke Ádám" in values.decode(data, "x.csv", "cp1250")
    with pytest.raises(crm.InvalidExport) as info:
        values.decode(b"a\nb\x81\n", "x.csv", "cp1250")
    assert _shown(info.value) == ["x.csv:2:1: bad-encoding the file is not cp1250 (byte 0x81)"]


@pytest.mark.parametrize("name", ["klingon", "rot13", "hex"])
def test_an_unknown_encoding_is_a_usage_error(name: str) -> None:
    with pytest.raises(UsageError) as info:
        values.encoding_named(name)
    assert str(info.value) == (
        f"--encoding {name}: not a known text encoding; use one such as "
        "utf-8, cp1250, cp1252, latin-1"
    )


# ---------------------------------------------------------------- the command


def _hungarian_repo(repo: Path) -> Path:
    write(repo, *HUNGARIANS)
    return repo


def test_a_cp1250_export_imports_with_encoding_and_keeps_the_names(cli: Run, repo: Path) -> None:
    _hungarian_repo(repo)
    export = DATA / "values-cp1250.csv"
    result = cli("--repo", repo, "funnel", "import", export, "--encoding", "cp1250")
    assert result.exit_code == 0, result.stderr
    stored = (repo / "funnel/imports/2026-11-20-values-cp1250.csv").read_text(encoding="utf-8")
    assert ",biro-marton,Bíró Márton,won,38500000,2026-08-03,2026-09-14,\n" in stored
    assert ",szoke-adam,Szőke Ádám,lost," in stored
    assert ",ori-odon,Őri Ödön,proposals," in stored
    review = cli("--repo", repo, "funnel", "review", "--format", "json")
    assert review.exit_code == 0, review.stderr
    data = json.loads(review.stdout)
    assert data["unmatched_owners"]["rows"] == 0
    reps = {r["rep"]: r for r in data["teams"][0]["reps"]}
    assert (reps["biro-marton"]["won"], reps["szoke-adam"]["lost"]) == (1, 1)
    assert {r["rep_name"] for r in reps.values()} == {"Bíró Márton", "Szőke Ádám", "Őri Ödön"}


def test_a_cp1250_export_without_encoding_is_refused_with_the_hint(cli: Run, repo: Path) -> None:
    _hungarian_repo(repo)
    export = DATA / "values-cp1250.csv"
    result = cli("--repo", repo, "funnel", "import", export)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: 1 problem in values-cp1250.csv; nothing was imported",
        f"  {export}:2:1: not-utf8 the file is not UTF-8 (byte 0xED)",
        "hint: it looks like cp1250: import it with --encoding cp1250, or export it from the "
        "CRM as UTF-8 CSV",
    ]
    assert not (repo / "funnel").exists()


def test_an_unknown_encoding_option_is_a_usage_error(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "funnel", "import", DATA / "values-cp1250.csv", "--encoding", "x1")
    assert result.exit_code == 2
    assert "--encoding x1: not a known text encoding; use one such as utf-8, cp1250" in (
        result.stderr
    )


def test_a_mixed_currency_export_writes_nothing(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\nreps: [{id: petra-nagy, name: Petra Nagy}]\n")
    result = cli("--repo", repo, "funnel", "import", DATA / "values-mixed-currency.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "error: amounts in 2 currencies: USD (3 rows), JPY (2 rows); salescoach cannot add them up"
    )
    assert not (repo / "funnel").exists()


def test_an_export_from_standard_input(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\nreps: [{id: petra-nagy, name: Petra Nagy}]\n")
    export = (DATA / "values-dates.csv").read_text(encoding="utf-8")
    result = cli("--repo", repo, "funnel", "import", "-", input=export)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0].startswith(
        "stdin: 3 opportunities imported → funnel/imports/2026-10-02-stdin.csv"
    )
    stored = (repo / "funnel/imports/2026-10-02-stdin.csv").read_text(encoding="utf-8")
    assert "# source: stdin\n" in stored
    again = cli("--repo", repo, "funnel", "import", "-", "--as-of", "2026-11-30", input=export)
    assert again.exit_code == 0, again.stderr
    assert (repo / "funnel/imports/2026-11-30-stdin.csv").exists()


def test_standard_input_problems_name_stdin(cli: Run, repo: Path) -> None:
    result = cli(
        "--repo", repo, "funnel", "import", "-", input=HEADER + "1,P,won,lots,2026-01-01,\n"
    )
    assert result.exit_code == 1
    assert "  stdin:2:1: bad-amount amount 'lots' is not a number (column 'amount')" in (
        result.stderr.splitlines()
    )
