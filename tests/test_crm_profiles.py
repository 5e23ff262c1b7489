"""Each CRM's export, built to its documented layout, imports into a freshly initialised repo
with default settings (no ``--map``, no ``stage_map``), and the won/lost/open counts per rep
equal an independent count over the file."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from salescoach import crm
from tests.conftest import Run, write

DATA = Path(__file__).resolve().parent / "data" / "crm"
MANAGER = (
    "managers/anna.yaml",
    (
        "name: Anna Kovács\nreps:\n"
        "  - {id: petra-nagy, name: Petra Nagy, crm_names: [petra.nagy@acme.example]}\n"
        "  - {id: tom-reed, name: Tom Reed, crm_names: [tom.reed@acme.example]}\n"
    ),
)
REPS = {
    "Petra Nagy": "petra-nagy",
    "petra.nagy@acme.example": "petra-nagy",
    "Tom Reed": "tom-reed",
    "tom.reed@acme.example": "tom-reed",
}

Outcome = Callable[[dict[str, str]], str]


def _by_stage(won: set[str], lost: set[str], column: str) -> Outcome:
    """Won or lost by the stage's name, else open."""
    return lambda row: "won" if row[column] in won else "lost" if row[column] in lost else "open"


def _by_status(column: str, meaning: dict[str, str]) -> Outcome:
    """Won, lost or open (or skip: no deal) by the status column as the CRM documents it."""
    return lambda row: meaning[row[column]]


def _by_flags(won: str, closed: str, checked: str) -> Outcome:
    """Salesforce: won if the Won box is checked, else lost if the Closed box is, else open."""
    return lambda row: (
        "won" if row[won] == checked else "lost" if row[closed] == checked else "open"
    )


# file, profile, owner column, the outcome of a row as the CRM's documentation defines it
CASES: list[tuple[str, str, str, Outcome]] = [
    (
        "salesforce-opportunities.csv",
        "salesforce",
        "Opportunity Owner",
        _by_stage({"Closed Won"}, {"Closed Lost"}, "Stage"),
    ),
    (
        "salesforce-won-closed.csv",
        "salesforce",
        "Opportunity Owner",
        _by_flags("Won", "Closed", "1"),
    ),
    (
        "salesforce-api.csv",
        "salesforce-api",
        "Owner.Name",
        _by_flags("IsWon", "IsClosed", "true"),
    ),
    (
        "hubspot-deals.csv",
        "hubspot",
        "Deal owner",
        _by_stage({"Closed Won"}, {"Closed Lost"}, "Deal Stage"),
    ),
    (
        "hubspot-internal-ids.csv",
        "hubspot",
        "Deal owner",
        _by_stage({"closedwon"}, {"closedlost"}, "Deal Stage"),
    ),
    (
        "pipedrive-deals.csv",
        "pipedrive",
        "Deal - Owner",
        _by_status(
            "Deal - Status", {"Open": "open", "Won": "won", "Lost": "lost", "Deleted": "skip"}
        ),
    ),
    (
        "zoho-deals.csv",
        "zoho",
        "Deal Owner",
        _by_stage(
            {"Closed Won"},
            {"Closed Lost", "Closed Lost to Competition", "Closed-Lost to Competition"},
            "Stage",
        ),
    ),
    (
        "dynamics-opportunities.csv",
        "dynamics",
        "Owner",
        _by_status("Status", {"Open": "open", "Won": "won", "Lost": "lost"}),
    ),
    (
        "dynamics-status-reason.csv",
        "dynamics",
        "Owner",
        _by_status(
            "Status Reason",
            {
                "In Progress": "open",
                "On Hold": "open",
                "Won": "won",
                "Canceled": "lost",
                "Out-Sold": "lost",
            },
        ),
    ),
    (
        "close-opportunities.csv",
        "close",
        "user_name",
        _by_status("status_type", {"active": "open", "won": "won", "lost": "lost"}),
    ),
    (
        "copper-opportunities.csv",
        "copper",
        "Owner",
        _by_status("Status", {"Open": "open", "Won": "won", "Lost": "lost", "Abandoned": "lost"}),
    ),
    (
        "copper-opportunities-owned-by.csv",
        "copper",
        "Owned By",
        _by_status("Status", {"Open": "open", "Won": "won", "Lost": "lost", "Abandoned": "lost"}),
    ),
    (
        "freshsales-deals.csv",
        "freshsales",
        "Owner",
        _by_stage({"Won"}, {"Lost"}, "Deal Stage"),
    ),
    (
        "freshsales-deals-emails.csv",
        "freshsales",
        "Sales owner",
        _by_stage({"Won"}, {"Lost"}, "Deal stage"),
    ),
    (
        "maven-sales-pipeline.csv",
        "maven",
        "sales_agent",
        _by_stage({"Won"}, {"Lost"}, "deal_stage"),
    ),
    (
        "generic-deals.csv",
        "generic",
        "Owner",
        _by_stage({"Closed Won", "Won"}, {"Closed Lost", "Lost"}, "Stage"),
    ),
]


def _fresh_repo(cli: Run, tmp_path: Path) -> Path:
    """A repository as ``salescoach init`` makes it, with one manager and two reps."""
    root = tmp_path / "fresh"
    assert cli("init", root).exit_code == 0
    write(root, *MANAGER)
    return root


def _expected(export: Path, owner: str, outcome: Outcome) -> Counter[tuple[str, str]]:
    """(rep, won/lost/open) → rows, counted over the file with the csv module."""
    with export.open(encoding="utf-8", newline="") as f:
        outcomes = ((REPS[row[owner]], outcome(row)) for row in csv.DictReader(f))
        return Counter(o for o in outcomes if o[1] != "skip")


def _stored(root: Path) -> Counter[tuple[str, str]]:
    """(rep, won/lost/open) → rows of the one stored import."""
    (path,) = (root / "funnel" / "imports").glob("*.csv")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    rows = csv.DictReader(lines)
    return Counter(
        (row["rep"], row["stage"] if row["stage"] in ("won", "lost") else "open") for row in rows
    )


@pytest.mark.parametrize(("name", "profile", "owner", "outcome"), CASES, ids=[c[0] for c in CASES])
def test_each_crms_export_imports_into_a_fresh_repo_as_it_comes(
    cli: Run, tmp_path: Path, name: str, profile: str, owner: str, outcome: Outcome
) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = DATA / name
    result = cli("--repo", root, "funnel", "import", export, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["profile"], report["unmatched_owners"]["rows"]) == (profile, 0)
    expected = _expected(export, owner, outcome)
    assert _stored(root) == expected
    assert {"won", "lost", "open"} <= {kind for _rep, kind in expected}


def test_every_profile_has_a_fixture() -> None:
    assert {c[1] for c in CASES} == set(crm.PROFILE_NAMES)


def test_close_amounts_are_cents(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    assert cli("--repo", root, "funnel", "import", DATA / "close-opportunities.csv").exit_code == 0
    (path,) = (root / "funnel" / "imports").glob("*.csv")
    assert ",Globex,petra-nagy,Petra Nagy,won,4800," in path.read_text(encoding="utf-8")


def test_a_profile_stage_naming_no_stage_of_the_repo_is_left_unmapped() -> None:
    mapper = crm.stage_mapper(["discovery", "won"], {}, {"Qualified": "prospects"})
    assert "qualified" not in mapper


# ---------------------------------------------------------------- Salesforce report files

SALESFORCE_REPORTS = [
    ("salesforce-details.csv", "skipped: 5 footer lines, 1 totals row"),
    ("salesforce-report.csv", "skipped: 3 header lines, 5 footer lines, 3 totals rows"),
]


def _report_rows(export: Path) -> Counter[tuple[str, str]]:
    """(rep, won/lost/open) → the report's deal rows: those whose owner is a rep."""
    outcome = _by_stage({"Closed Won"}, {"Closed Lost"}, "Stage")
    with export.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    i_header = next(i for i, row in enumerate(rows) if "Opportunity Owner" in row)
    header = rows[i_header]
    deals = [
        dict(zip(header, row, strict=True))
        for row in rows[i_header + 1 :]
        if len(row) == len(header) and row[0] in REPS
    ]
    return Counter((REPS[row["Opportunity Owner"]], outcome(row)) for row in deals)


@pytest.mark.parametrize(("name", "summary"), SALESFORCE_REPORTS)
def test_a_salesforce_reports_decorations_are_skipped_and_counted(name: str, summary: str) -> None:
    parsed = crm.parse_export(
        (DATA / name).read_bytes(),
        name,
        stages=["prospects", "meetings", "proposals", "won"],
        stage_map={},
        owners=crm.owner_index([("petra-nagy", "Petra Nagy", []), ("tom-reed", "Tom Reed", [])]),
    )
    assert (parsed.profile, len(parsed.deals)) == ("salesforce", 6)
    assert parsed.skipped_text == summary
    assert {d.id for d in parsed.deals} == {f"line-{n}" for n in _deal_lines(DATA / name)}


def _deal_lines(export: Path) -> list[int]:
    """The lines of the report's deals (their owner is a rep)."""
    lines = export.read_text(encoding="utf-8").splitlines()
    return [n for n, text in enumerate(lines, 1) if text.startswith(('"Petra Nagy"', '"Tom Reed"'))]


@pytest.mark.parametrize(("name", "summary"), SALESFORCE_REPORTS)
def test_a_salesforce_report_imports_into_a_fresh_repo(
    cli: Run, tmp_path: Path, name: str, summary: str
) -> None:
    root = _fresh_repo(cli, tmp_path)
    result = cli("--repo", root, "funnel", "import", DATA / name)
    assert result.exit_code == 0, result.stderr
    assert _stored(root) == _report_rows(DATA / name)
    assert f"\n{summary} (the report's own lines, not deals)\n" in result.stderr
    again = cli("--repo", root, "funnel", "import", DATA / name, "--format", "json")
    skipped = json.loads(again.stdout)["skipped"]
    assert crm.profiles.skipped_text(skipped) == summary


def test_a_header_block_line_and_a_totals_row_alone_are_each_counted() -> None:
    text = '"Pipeline"\nowner,stage,amount,closed\nPetra Nagy,won,5,2026-01-02\nTotal,,5,\n'
    reader, header = crm.export.read_header(text, "x.csv", ",", skipped := Counter[str]())
    rows, problems = crm.export.read_rows(reader, len(header), "x.csv", skipped)
    assert (header, rows, problems) == (
        ["owner", "stage", "amount", "closed"],
        [(3, rows[0][1])],
        [],
    )
    assert crm.profiles.skipped_text(skipped) == "skipped: 1 header line, 1 totals row"


def test_short_lines_after_a_blank_line_are_a_footer_only_at_the_end() -> None:
    text = "a,b,c\n1,2,3\n\nnote\n4,5,6\n\nGenerated By: me\n"
    skipped: Counter[str] = Counter()
    reader, header = crm.export.read_header(text, "x.csv", ",", skipped)
    rows, problems = crm.export.read_rows(reader, len(header), "x.csv", skipped)
    assert [line for line, _row in rows] == [2, 5]
    assert [str(p) for p in problems] == [
        "x.csv:4:1: bad-row the row has 1 fields, the header has 3"
    ]
    assert dict(skipped) == {"footer line": 1}


# ---------------------------------------------------------------- unmapped stages

CUSTOM_PIPELINE = (
    "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Created Date\n"
    "Petra Nagy,A,Discovery Call,100,12/15/2026,11/02/2026\n"
    "Petra Nagy,B,Discovery Call,200,12/15/2026,11/03/2026\n"
    "Petra Nagy,C,Security Review,300,12/15/2026,11/04/2026\n"
    "Tom Reed,D,Verbal Commit,400,12/15/2026,11/05/2026\n"
    "Tom Reed,E,Closed Won,500,11/27/2026,11/06/2026\n"
    "Tom Reed,F,Churned Before Start,600,11/28/2026,11/07/2026\n"
)


def test_a_custom_pipeline_is_refused_with_a_stage_map_to_paste(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = tmp_path / "custom.csv"
    export.write_text(CUSTOM_PIPELINE, encoding="utf-8")
    result = cli("--repo", root, "funnel", "import", export)
    assert result.exit_code == 1
    hint = result.stderr[result.stderr.index("hint: ") :].splitlines()
    assert hint == [
        "hint: unmapped stages: 'Discovery Call' (2 rows), 'Security Review' (1 row), "
        "'Verbal Commit' (1 row), 'Churned Before Start' (1 row). Map each in salescoach.yaml "
        "under funnel.stage_map to one of: prospects, meetings, proposals, won, lost. "
        "To paste under funnel: (each a guess: check it)",
        "  stage_map:",
        '    "Discovery Call": meetings  # 2 rows',
        '    "Churned Before Start": lost  # 1 row',
        '    "Security Review": prospects  # 1 row',
        '    "Verbal Commit": proposals  # 1 row',
    ]
    assert not list((root / "funnel" / "imports").glob("*.csv"))
    settings = root / "salescoach.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("funnel:\n", "funnel:\n" + "\n".join(hint[1:]) + "\n", 1))
    again = cli("--repo", root, "funnel", "import", export)
    assert again.exit_code == 0, again.stderr


@pytest.mark.parametrize(
    ("crm_stage", "stages", "guess"),
    [
        ("Negotiation", ["prospecting", "engaging", "won"], "engaging"),
        ("Negotiation", ["prospects", "meetings", "proposals", "won"], "proposals"),
        ("Contact Made", ["lead", "call", "demo", "offer", "won"], "demo"),
        ("Demo", ["lead", "demo", "won"], "demo"),
        ("Closed Lost to Competition", ["a", "won"], "lost"),
        ("Deal Abandoned", ["a", "won"], "lost"),
        ("Something Else", ["first", "second", "won"], "first"),
    ],
)
def test_the_best_guess_of_an_unmapped_stage(crm_stage: str, stages: list[str], guess: str) -> None:
    assert crm.mapping.guess_stage(crm_stage, stages) == guess
