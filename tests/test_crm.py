"""crm: reading CRM exports purely, from bytes to normalised deals."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescoach import crm
from salescoach.errors import InvalidRepo, UsageError
from salescoach.models import Deal

DATA = Path(__file__).resolve().parent / "data"
STAGES = ["prospects", "meetings", "proposals", "won"]
OWNERS = crm.owner_index(
    [
        ("petra-nagy", "Petra Nagy", ["Petra Nagy"]),
        ("laszlo-fekete", "László Fekete", ["Laszlo Fekete"]),
    ]
)
STAGE_MAP = {
    "Proposal/Price Quote": "proposals",
    "Presentation scheduled": "meetings",
    "Negotiations Started": "proposals",
    "Proposal Made": "proposals",
    "Qualified": "prospects",
}


def _shown(error: crm.InvalidExport) -> list[str]:
    """The diagnostics of an error as the CLI prints them, in its order."""
    return [str(d) for d in sorted(error.diagnostics)]


def parse(name: str, **options: object) -> crm.ParsedExport:
    return crm.parse_export(
        (DATA / name).read_bytes(),
        name,
        stages=STAGES,
        stage_map=STAGE_MAP,
        owners=OWNERS,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b;c\n", ","),
        ("a;b;c\r\n1,5;2;3", ";"),
        ("a\tb\tc\n", "\t"),
        ('"x;y;z",b,c\n', ","),
        ("only\n", ","),
    ],
)
def test_detect_delimiter(text: str, expected: str) -> None:
    assert crm.detect_delimiter(text) == expected


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("1054", ".", 1054.0),
        ("", ".", None),
        ("1,234.50", ".", 1234.5),
        ("1.234,50", ",", 1234.5),
        ("1.234,50", ".", 1234.5),
        ("$1,234", ".", 1234.0),
        ("1,234", ",", 1.234),
        ("1.234", ",", 1234.0),
        ("1.234", ".", 1.234),
        ("1,5", ".", 1.5),
        ("€ 2 500,00", ",", 2500.0),
        ("2500 EUR", ".", 2500.0),
        ("1,234,567.8", ".", 1234567.8),
        ("12'000", ".", 12000.0),
    ],
)
def test_parse_amount(text: str, mark: str, expected: float | None) -> None:
    assert crm.parse_amount(text, mark)[0] == expected


@pytest.mark.parametrize("text", ["lots", "12k", "1,2,3", "1.2.3,4,5", "n/a"])
def test_parse_amount_refuses_text(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        crm.parse_amount(text, ".")


def test_parse_amount_refuses_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        crm.parse_amount("-5", ".")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["2017-03-01", "2017-12-31 10:00:00"], "Y-m-d"),
        (["3/15/2017", "4/2/2017"], "m/d/Y"),
        (["15/3/2017", "4/2/2017"], "d/m/Y"),
        (["15.03.2017", "02.04.2017"], "d.m.Y"),
        ([], "Y-m-d"),
    ],
)
def test_detect_date_format(values: list[str], expected: str) -> None:
    assert crm.detect_date_format(values, "x.csv") == expected


def test_ambiguous_slash_dates_are_an_error() -> None:
    with pytest.raises(crm.InvalidExport) as info:
        crm.detect_date_format(["1/2/2017", "12/11/2017"], "x.csv")
    assert info.value.message == "1 problem in x.csv; nothing was imported"
    assert _shown(info.value) == [
        "x.csv: ambiguous-date-format the dates are written with '/' and every day and month "
        "is 12 or less, so the file does not say whether they are month/day/year or "
        "day/month/year"
    ]
    assert info.value.hint == "say which with --date-format m/d/Y (US) or --date-format d/m/Y"


def test_mixed_slash_dates_are_an_error() -> None:
    with pytest.raises(crm.InvalidExport) as info:
        crm.detect_date_format(["13/2/2017", "2/13/2017"], "x.csv")
    assert _shown(info.value) == [
        "x.csv: ambiguous-date-format the dates use '/' with the day first in some rows and "
        "the month first in others"
    ]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_every_format_reads_back_what_it_writes(day: date) -> None:
    texts = {
        "Y-m-d": day.isoformat(),
        "m/d/Y": f"{day.month}/{day.day}/{day.year}",
        "d/m/Y": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "d.m.Y": f"{day.day}.{day.month}.{day.year}",
    }
    for fmt, text in texts.items():
        assert crm.date_parser(fmt)(text) == day
        assert crm.date_parser(fmt)(text + " 23:59") == day


def test_unknown_date_format_option() -> None:
    with pytest.raises(UsageError, match=r"--date-format Y/m/d: not a known format; use one of"):
        crm.date_parser("Y/m/d")


@pytest.mark.parametrize(
    ("header", "profile"),
    [
        (
            [
                "opportunity_id",
                "sales_agent",
                "deal_stage",
                "engage_date",
                "close_date",
                "close_value",
            ],
            "maven",
        ),
        (["Opportunity Owner", "Stage", "Amount", "Created Date", "Close Date"], "salesforce"),
        (["Deal owner", "Deal Stage", "Amount", "Create Date", "Close Date"], "hubspot"),
        (
            [
                "Deal - Owner",
                "Deal - Stage",
                "Deal - Value",
                "Deal - Deal created",
                "Deal - Won time",
            ],
            "pipedrive",
        ),
        (["Rep", "Stage", "Value", "Created", "Closed"], "generic"),
    ],
)
def test_profile_is_chosen_from_the_header(header: list[str], profile: str) -> None:
    assert crm.choose_columns(header, "x.csv").profile == profile


def test_map_overrides_a_column() -> None:
    header = ["Opportunity Owner", "Stage", "Amount", "Created Date", "Close Date", "Booked"]
    cols = crm.choose_columns(header, "x.csv", maps={"closed": "booked"})
    assert cols.profile == "salesforce+map"
    assert cols.names["closed"] == ["Booked"]


def test_map_to_a_missing_column() -> None:
    with pytest.raises(crm.InvalidExport) as info:
        crm.choose_columns(["A", "B"], "x.csv", maps={"owner": "Seller", "stage": "Phase"})
    assert _shown(info.value) == [
        "x.csv:1:1: missing-column --map owner=Seller: the file has no column 'Seller'; "
        "its columns are: A, B",
        "x.csv:1:1: missing-column --map stage=Phase: the file has no column 'Phase'; "
        "its columns are: A, B",
    ]


def test_salesforce_export() -> None:
    parsed = parse("salesforce.csv")
    assert parsed.profile == "salesforce"
    assert parsed.date_format == "m/d/Y"
    assert parsed.as_of == date(2026, 4, 2)
    # no "Opportunity ID" column: the name is the name, the ID the line (names repeat)
    assert parsed.deals == [
        Deal(
            "line-2",
            "petra-nagy",
            "Petra Nagy",
            "won",
            1234.5,
            date(2026, 3, 15),
            date(2026, 4, 2),
            "Big one",
        ),
        Deal(
            "line-3",
            "petra-nagy",
            "petra nagy",
            "proposals",
            500.0,
            date(2026, 3, 20),
            None,
            "Small",
            date(2026, 5, 30),
        ),
        Deal(
            "line-4",
            "laszlo-fekete",
            "Laszlo Fekete",
            "lost",
            0.0,
            date(2026, 2, 1),
            date(2026, 3, 1),
            "Gone",
        ),
    ]


def test_hubspot_export_with_semicolons_bom_crlf_and_decimal_commas() -> None:
    parsed = parse("hubspot-semicolon.csv")
    assert (parsed.profile, parsed.delimiter, parsed.date_format) == ("hubspot", ";", "d.m.Y")
    assert parsed.deals == [
        Deal(
            "101",
            "petra-nagy",
            "Petra Nagy",
            "won",
            1234.5,
            date(2026, 3, 15),
            date(2026, 4, 2),
            "Globex",
        ),
        Deal(
            "102", "petra-nagy", "Petra Nagy", "meetings", 500.0, date(2026, 3, 20), None, "Initech"
        ),
    ]


def test_pipedrive_export_status_decides_won_and_lost() -> None:
    parsed = parse("pipedrive.tsv")
    assert (parsed.profile, parsed.delimiter) == ("pipedrive", "\t")
    assert parsed.deals == [
        Deal(
            "7",
            "petra-nagy",
            "Petra Nagy",
            "won",
            1234.5,
            date(2026, 3, 15),
            date(2026, 4, 2),
            "Globex",
        ),
        Deal(
            "8",
            "petra-nagy",
            "Petra Nagy",
            "proposals",
            500.0,
            date(2026, 3, 20),
            None,
            "Initech",
            date(2026, 5, 30),
        ),
        Deal(
            "9",
            "laszlo-fekete",
            "Laszlo Fekete",
            "lost",
            0.0,
            date(2026, 2, 1),
            date(2026, 3, 1),
            "Umbrella",
        ),
    ]


def test_as_of_given_wins() -> None:
    assert parse("salesforce.csv", as_of=date(2026, 5, 1)).as_of == date(2026, 5, 1)


def _export(rows: str) -> bytes:
    return (
        "Opportunity Owner,Stage,Amount,Created Date,Close Date,Opportunity ID\n" + rows
    ).encode()


def test_unknown_owners_are_counted_and_kept() -> None:
    parsed = crm.parse_export(
        _export(
            "Zed,Closed Won,10,2026-01-01,2026-01-05,1\nZed,Closed Won,10,2026-01-01,2026-01-05,2\n"
            ",Closed Won,10,2026-01-01,2026-01-05,3\n"
            "Petra Nagy,Closed Won,10,2026-01-01,2026-01-05,4\n"
        ),
        "x.csv",
        stages=STAGES,
        stage_map={},
        owners=OWNERS,
    )
    assert dict(parsed.unmatched) == {"Zed": 2, "(no owner)": 1}
    assert [d.rep for d in parsed.deals] == ["", "", "", "petra-nagy"]


def test_duplicate_ids_and_short_rows_are_bad_rows() -> None:
    with pytest.raises(crm.InvalidExport) as info:
        crm.parse_export(
            _export(
                "Petra Nagy,Closed Won,10,2026-01-01,2026-01-05,1\n"
                "Petra Nagy,Closed Won,10,2026-01-01,2026-01-05,1\nPetra Nagy,Closed Won\n"
            ),
            "x.csv",
            stages=STAGES,
            stage_map={},
            owners=OWNERS,
        )
    assert info.value.message == "2 bad rows in x.csv; nothing was imported"
    assert _shown(info.value) == [
        "x.csv:3:1: duplicate-id the deal '1' appears twice (first on line 2)",
        "x.csv:4:1: bad-row the row has 2 fields, the header has 6",
    ]
    assert info.value.hint == crm.HINT_EXPORT


def test_every_bad_row_is_a_diagnostic() -> None:
    rows = "".join(f"Petra Nagy,,10,2026-01-01,2026-01-05,{i}\n" for i in range(25))
    with pytest.raises(crm.InvalidExport) as info:
        crm.parse_export(_export(rows), "x.csv", stages=STAGES, stage_map={}, owners=OWNERS)
    assert info.value.message == "25 bad rows in x.csv; nothing was imported"
    assert len(info.value.diagnostics) == 25
    assert {d.code for d in info.value.diagnostics} == {"empty-stage"}
    assert [d.line for d in info.value.diagnostics] == list(range(2, 27))


def test_an_invalid_export_is_an_invalid_repo() -> None:
    """So the CLI prints it as every other refusal: the summary, each diagnostic, the hint."""
    assert issubclass(crm.InvalidExport, InvalidRepo)


def test_not_utf8_names_the_line() -> None:
    data = _export("Petra Nagy,Closed Won,1,2026-01-01,2026-01-02,1\n") + b"P\xe9tra,x\n"
    with pytest.raises(crm.InvalidExport) as info:
        crm.parse_export(data, "x.csv", stages=STAGES, stage_map={}, owners=OWNERS)
    assert _shown(info.value) == ["x.csv:3:1: not-utf8 the file is not UTF-8 (byte 0xE9)"]
    assert info.value.hint == (
        "it looks like cp1252: import it with --encoding cp1252, "
        "or export it from the CRM as UTF-8 CSV"
    )


def test_stage_map_to_an_unknown_stage() -> None:
    with pytest.raises(crm.InvalidExport) as info:
        crm.stage_mapper(STAGES, {"Demo": "demos", "Call": "calls", "Qualified": "prospects"}, {})
    allowed = "prospects, meetings, proposals, won, lost"
    assert _shown(info.value) == [
        f"salescoach.yaml: bad-stage-map funnel.stage_map maps 'Call' to 'calls', which is "
        f"not one of funnel.stages, won or lost ({allowed})",
        f"salescoach.yaml: bad-stage-map funnel.stage_map maps 'Demo' to 'demos', which is "
        f"not one of funnel.stages, won or lost ({allowed})",
    ]


def test_a_crm_name_of_two_reps() -> None:
    with pytest.raises(crm.InvalidExport) as info:
        crm.owner_index([("a", "Kim A", ["Kim"]), ("b", "Kim B", ["kim"])])
    assert _shown(info.value) == [
        "managers/: shared-crm-name the CRM name 'kim' belongs to both 'a' and 'b' "
        "(crm_names in managers/)"
    ]
    assert info.value.hint == "give each rep their own crm_names"


def test_normalised_round_trip() -> None:
    parsed = parse("salesforce.csv")
    text = crm.normalised_csv(parsed).decode()
    assert text.splitlines()[-3:] == [
        "line-2,Big one,petra-nagy,Petra Nagy,won,1234.5,2026-03-15,2026-04-02,",
        "line-3,Small,petra-nagy,petra nagy,proposals,500,2026-03-20,,2026-05-30",
        "line-4,Gone,laszlo-fekete,Laszlo Fekete,lost,0,2026-02-01,2026-03-01,",
    ]
    stored, problems = crm.read_normalised(text, "funnel/imports/x.csv", STAGES)
    assert problems == []
    assert stored is not None
    assert stored.deals == parsed.deals
    assert stored.as_of == date(2026, 4, 2)
    assert stored.meta["profile"] == "salesforce"


def test_read_normalised_names_bad_lines() -> None:
    text = (
        "# as_of: 2026-01-01\nid,rep,owner,stage,amount,created,closed\n"
        "1,a,A,demo,1,,\n2,a,A,won,x,,\n"
    )
    _stored, problems = crm.read_normalised(text, "funnel/imports/x.csv", STAGES)
    assert [str(p) for p in problems] == [
        "funnel/imports/x.csv:3:1: unknown-stage stage 'demo' is not one of funnel.stages, won or "
        "lost (lost, meetings, proposals, prospects, won); re-import the export",
        "funnel/imports/x.csv:4:1: bad-import bad amount or date",
    ]


# ---------------------------------------------------------------- the small parts, one by one


def test_header_names_compare_loosely_and_ignore_pipedrives_prefix() -> None:
    assert crm.values.norm_header("Deal - Won_time ") == "won time"
    assert crm.norm("\ufeffSales  Agent") == "sales agent"


@pytest.mark.parametrize(
    ("text", "slug"), [("Sales Pipeline", "sales-pipeline"), ("Ölé!", "l"), ("***", "export")]
)
def test_slugify(text: str, slug: str) -> None:
    assert crm.slugify(text) == slug


def test_the_decimal_mark_follows_the_delimiter() -> None:
    assert [crm.values.decimal_mark(d) for d in (",", ";", "\t")] == [".", ",", "."]


@pytest.mark.parametrize(
    ("value", "stored"), [(None, ""), (10.0, "10"), (2.5, "2.5"), (1 / 3, "0.33")]
)
def test_format_amount(value: float | None, stored: str) -> None:
    assert crm.format_amount(value) == stored


def test_a_date_that_does_not_exist_is_no_date() -> None:
    parse = crm.date_parser("m/d/Y")
    assert parse("2/30/2026") is None
    assert parse("2026-02-03") is None
    assert crm.values.date_part(" 2026-02-03T10:00Z ") == "2026-02-03"


def test_profile_named_reads_a_mapped_profile() -> None:
    assert crm.profiles.profile_named("salesforce+map").name == "salesforce"


def test_an_unknown_profile_is_a_usage_error() -> None:
    with pytest.raises(
        UsageError, match="--profile sugarcrm: no such profile; the profiles are maven"
    ):
        crm.profiles.candidates("sugarcrm")


def test_the_first_of_two_equal_headers_wins() -> None:
    assert crm.profiles.header_positions(["Stage", "stage", "Deal - Owner"]) == {
        "stage": 0,
        "owner": 2,
    }


def test_every_close_column_of_a_profile_is_found() -> None:
    pipedrive = crm.profiles.profile_named("pipedrive")
    position = crm.profiles.header_positions(["Lost time", "Owner", "Won time", "Title", "ID"])
    assert crm.profiles.columns_of(pipedrive, position) == {
        "closed": [2, 0],
        "owner": [1],
        "id": [4],
        "name": [3],
    }


def test_the_closest_profile_counts_the_mapped_columns() -> None:
    position = crm.profiles.header_positions(["Rep", "Stage", "Value", "Created"])
    chosen, found = crm.profiles.closest_profile(position, crm.PROFILES, {"closed": [3]})
    assert chosen.name == "generic"
    assert found["closed"] == [3]


def test_stage_mapper_knows_the_stages_won_lost_and_closed_won() -> None:
    mapper = crm.stage_mapper(["cold-call", "won"], {}, {})
    assert mapper["cold call"] == mapper["cold-call"] == "cold-call"
    assert (mapper["closedwon"], mapper["closed lost"], mapper["lost"]) == ("won", "lost", "lost")
    assert crm.targets(["a", "won"]) == ["a", "won", "lost"]


def test_read_header_of_an_empty_file() -> None:
    with pytest.raises(crm.InvalidExport) as info:
        crm.export.read_header(" \n", "x.csv", ",")
    assert _shown(info.value) == ["x.csv: empty-file the file is empty"]


def test_read_rows_gives_each_row_its_first_line() -> None:
    reader, header = crm.export.read_header('a,b\n1,"x\ny"\n\n2,z\n3\n', "x.csv", ",")
    rows, problems = crm.export.read_rows(reader, len(header), "x.csv")
    assert rows == [(2, ["1", "x\ny"]), (5, ["2", "z"])]
    assert [str(p) for p in problems] == [
        "x.csv:6:1: bad-row the row has 1 fields, the header has 2"
    ]


def test_text_that_is_no_csv_stops_the_rows() -> None:
    text = "a,b\n1,2,3\n1," + "x" * 200_000 + "\n"  # longer than the csv module's field limit
    reader, header = crm.export.read_header(text, "x.csv", ",")
    with pytest.raises(crm.InvalidExport) as info:
        crm.export.read_rows(reader, len(header), "x.csv")
    assert [(p.line, p.code) for p in info.value.diagnostics] == [(2, "bad-row"), (3, "bad-csv")]


def _reader(header: list[str], *, owners: dict[str, str] | None = None) -> crm.DealReader:
    cols = crm.choose_columns(header, "x.csv")
    mapper = crm.stage_mapper(STAGES, STAGE_MAP, {})
    return crm.DealReader("x.csv", cols, mapper, owners or OWNERS, crm.date_parser("Y-m-d"), ",")


def test_a_row_becomes_a_deal() -> None:
    reader = _reader(["Owner", "Stage", "Amount", "Created", "Closed"])
    deal = reader.deal(7, [" Petra   Nagy ", "Qualified", "1,5", "2026-01-02", "2026-01-09"])
    assert deal == Deal(
        "line-7", "petra-nagy", "Petra Nagy", "prospects", 1.5, date(2026, 1, 2), None
    )
    assert (reader.with_deals, reader.latest, reader.problems) == (
        {"petra-nagy"},
        date(2026, 1, 2),
        [],
    )


def test_a_status_column_decides_won_and_lost() -> None:
    reader = _reader(["Owner", "Stage", "Value", "Deal created", "Won time", "Lost time", "Status"])
    row = ["Zed", "Qualified", "5", "2026-01-02", "", "2026-01-05", "Lost"]
    deal = reader.deal(2, row)
    assert deal is not None
    assert (deal.stage, deal.closed, deal.rep) == ("lost", date(2026, 1, 5), "")
    assert dict(reader.unmatched) == {"Zed": 1}
    assert reader.deal(3, ["Zed", "Qualified", "5", "2026-01-02", "", "", "maybe"]) is None
    assert [p.code for p in reader.problems] == ["bad-status"]


def test_each_problem_of_a_row_is_recorded_and_the_row_dropped() -> None:
    reader = _reader(["Owner", "Stage", "Amount", "Created", "Closed", "ID"])
    reader.read_all(
        [
            (2, ["A", "won", "-1", "2026-13-01", "", "1"]),
            (3, ["A", "Demo", "x", "2026-01-01", "", "1"]),
        ]
    )
    assert reader.deals == []
    assert [(p.line, p.code) for p in reader.problems] == [
        (2, "bad-amount"),
        (2, "bad-date"),
        (2, "missing-close-date"),
        (3, "unmapped-stage"),
        (3, "bad-amount"),
        (3, "duplicate-id"),
    ]
    assert dict(reader.unknown_stages) == {"Demo": 1}


def test_the_hint_of_bad_rows_lists_the_unmapped_stages() -> None:
    error = crm.export.rows_refused("in/x.csv", [], Counter({"Demo": 3}), STAGES)
    assert error.message == "0 bad rows in x.csv; nothing was imported"
    assert error.hint == (
        "unmapped stages: 'Demo' (3 rows). Map each in salescoach.yaml under funnel.stage_map "
        "to one of: prospects, meetings, proposals, won, lost. "
        "To paste under funnel: (each a guess: check it)\n"
        "  stage_map:\n"
        '    "Demo": meetings  # 3 rows'
    )


def test_an_export_named_with_a_folder_is_stored_under_its_file_name() -> None:
    data = (DATA / "salesforce.csv").read_bytes()
    with pytest.raises(crm.InvalidExport) as info:
        crm.parse_export(data[:60], "in/x.csv", stages=STAGES, stage_map={}, owners=OWNERS)
    assert {d.path for d in info.value.diagnostics} == {"in/x.csv"}
    parsed = crm.parse_export(data, "in/x.csv", stages=STAGES, stage_map=STAGE_MAP, owners=OWNERS)
    assert parsed.source == "x.csv"


def test_read_metadata_stops_at_the_first_other_line() -> None:
    lines = ["# banner\n", "# as_of: 2026-01-01\n", "id,rep\n", "# not: metadata\n"]
    assert crm.stored.read_metadata(lines) == ({"as_of": "2026-01-01"}, 2)


def test_a_stored_file_with_other_columns_is_refused() -> None:
    stored, problems = crm.read_normalised("# x: y\nid,rep\n", "funnel/imports/x.csv", STAGES)
    assert stored is None
    assert [str(p) for p in problems] == [
        "funnel/imports/x.csv:2:1: bad-import expected the columns "
        "id,name,rep,owner,stage,amount,created,closed,expected; re-import the export"
    ]
