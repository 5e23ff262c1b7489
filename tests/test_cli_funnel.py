"""`salescoach funnel import` and `funnel review` end to end, on the sample CRM export."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import Run, write
from tests.funnel_reference import team_figures

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "crm-sample"
EXPORT = SAMPLE / "export" / "sales_pipeline.csv"
STORED = SAMPLE / "funnel" / "imports" / "2017-12-31-sales-pipeline.csv"
DATA = Path(__file__).resolve().parent / "data"
WITHOUT_DEALS = (
    "5 reps without any deal in the export: Elizabeth Anderson (cara-losch), Carol Thompson "
    "(celia-rouche), Mei-Mei Johns (melvin-marxen), Natalya Ivanova (rocco-neubert), "
    "Carl Lin (summer-sewald)"
)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of examples/crm-sample without its import."""
    target = tmp_path / "crm-sample"
    shutil.copytree(SAMPLE, target)
    shutil.rmtree(target / "funnel")
    return target


def _rows() -> tuple[list[str], list[list[str]]]:
    with open(EXPORT, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _csv(
    header: list[str], rows: list[list[str]], *, delimiter: str = ",", crlf: bool = False
) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n").writerows(
        [header, *rows]
    )
    return out.getvalue()


def _team_json(cli: Run, repo: Path) -> dict[str, dict[str, object]]:
    result = cli("--repo", repo, "funnel", "review", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    return {
        t["manager"]: {k: t[k] for k in ("won", "lost", "win_rate", "avg_deal")}
        for t in data["teams"]
    }


def test_sample_imports_as_it_is(cli: Run, sample: Path) -> None:
    result = cli("--repo", sample, "funnel", "import", EXPORT)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "sales_pipeline.csv: 8,800 opportunities imported → "
        "funnel/imports/2017-12-31-sales-pipeline.csv (profile maven, dates Y-m-d, as of "
        "2017-12-31, the latest date in the file)",
        WITHOUT_DEALS,
    ]
    stored = sample / "funnel" / "imports" / "2017-12-31-sales-pipeline.csv"
    assert stored.read_bytes() == STORED.read_bytes()
    text = stored.read_text(encoding="utf-8")
    assert "# rows: 8800\n" in text
    assert "\nid,name,rep,owner,stage,amount,created,closed,expected\n" in text
    assert "\n1C1I7A6R,Cancity,moses-frase,Moses Frase,won,1054,2016-10-20,2017-03-01,\n" in text


def test_importing_the_same_file_twice_changes_nothing(cli: Run, sample: Path) -> None:
    assert cli("--repo", sample, "funnel", "import", EXPORT).exit_code == 0
    stored = sample / "funnel" / "imports" / "2017-12-31-sales-pipeline.csv"
    before = stored.read_bytes()
    mtime = stored.stat().st_mtime_ns
    result = cli("--repo", sample, "funnel", "import", EXPORT)
    assert result.exit_code == 0
    assert "8,800 opportunities already imported: nothing changed" in result.stderr
    assert stored.read_bytes() == before
    assert stored.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in stored.parent.iterdir()) == [".salescoach-lock", stored.name]


def test_import_json_reports_reps_without_deals(cli: Run, sample: Path) -> None:
    result = cli("--repo", sample, "funnel", "import", EXPORT, "--format", "json")
    data = json.loads(result.stdout)
    assert data["rows"] == 8800
    assert data["status"] == "created"
    assert data["profile"] == "maven"
    assert data["delimiter"] == "comma"
    assert data["unmatched_owners"] == {"rows": 0, "owners": {}}
    assert [r["rep"] for r in data["reps_without_deals"]] == [
        "elizabeth-anderson",
        "carol-thompson",
        "mei-mei-johns",
        "natalya-ivanova",
        "carl-lin",
    ]


def test_review_matches_the_independent_computation(cli: Run) -> None:
    """The committed example: every team's figures as tests/funnel_reference.py computes them."""
    assert _team_json(cli, SAMPLE) == team_figures()


def test_review_json_has_every_figure_for_teams_and_reps(cli: Run) -> None:
    result = cli(
        "--repo", SAMPLE, "--today", "2026-11-27", "funnel", "review", "cara-losch", "-f", "json"
    )
    data = json.loads(result.stdout)
    assert data["as_of"] == "2017-12-31"
    assert data["source"] == "funnel/imports/2017-12-31-sales-pipeline.csv"
    [team] = data["teams"]
    keys = {
        "won",
        "lost",
        "open",
        "win_rate",
        "won_value",
        "avg_deal",
        "cycle_days_median",
        "open_value",
        "diagnostics",
    }
    assert keys <= set(team)
    assert len(team["reps"]) == 6
    for rep in team["reps"]:
        assert keys <= set(rep)
    assert team["open"] == 219
    assert team["won_value"] == 1130049
    assert team["reps_without_deals"] == ["elizabeth-anderson"]
    # sales_cycle_days: 50 is 7 weeks; no review on record: the next 1:1 (today, a Friday)
    assert team["review"] == {
        "interval_days": 49,
        "last": None,
        "next_due": "2026-11-27",
        "due": True,
    }
    codes = {d["code"] for d in team["diagnostics"]}
    assert "reps-without-deals" in codes


def _variant(name: str) -> str:
    header, rows = _rows()
    if name == "shuffled":
        order = [5, 2, 7, 0, 4, 1, 6, 3]
        return _csv([header[i] for i in order], [[r[i] for i in order] for r in rows])
    if name == "extra-columns":
        return _csv(["region", *header, "notes"], [["EU", *r, "call back"] for r in rows])
    if name == "semicolon-bom-crlf":
        return "\ufeff" + _csv(header, rows, delimiter=";", crlf=True)
    if name == "us-dates":

        def us(value: str) -> str:
            if not value:
                return value
            y, m, d = value.split("-")
            return f"{int(m)}/{int(d)}/{y}"

        return _csv(header, [[*r[:5], us(r[5]), us(r[6]), r[7]] for r in rows])
    if name == "tab":
        return _csv(header, rows, delimiter="\t")
    raise AssertionError(name)


@pytest.mark.parametrize(
    "variant", ["shuffled", "extra-columns", "semicolon-bom-crlf", "us-dates", "tab"]
)
def test_variants_of_the_export_give_the_same_figures(
    cli: Run, sample: Path, tmp_path: Path, variant: str
) -> None:
    export = tmp_path / f"{variant}.csv"
    export.write_bytes(_variant(variant).encode("utf-8"))
    result = cli("--repo", sample, "funnel", "import", export)
    assert result.exit_code == 0, result.stderr
    assert "8,800 opportunities imported" in result.stderr
    assert _team_json(cli, sample) == team_figures()


def test_rows_of_an_unknown_owner_are_reported_not_dropped(
    cli: Run, sample: Path, tmp_path: Path
) -> None:
    header, rows = _rows()
    renamed = [[*r[:1], "Zed Unknown" if r[1] == "Moses Frase" else r[1], *r[2:]] for r in rows]
    moses = sum(1 for r in rows if r[1] == "Moses Frase")
    export = tmp_path / "renamed.csv"
    export.write_text(_csv(header, renamed), encoding="utf-8")
    result = cli("--repo", sample, "funnel", "import", export, "--format", "json")
    assert result.exit_code == 0
    assert (
        f"warning: {moses:,} rows of 1 owner who is no rep: Zed Unknown ({moses}); they are "
        "kept with an empty rep" in result.stderr
    )
    data = json.loads(result.stdout)
    assert data["rows"] == 8800
    assert data["unmatched_owners"] == {"rows": moses, "owners": {"Zed Unknown": moses}}
    stored = (sample / "funnel" / "imports" / "2017-12-31-renamed.csv").read_text()
    assert stored.count(",,Zed Unknown,") == moses
    review = cli("--repo", sample, "funnel", "review", "--format", "json")
    assert json.loads(review.stdout)["unmatched_owners"]["owners"] == {"Zed Unknown": moses}
    assert "Zed Unknown" in review.stderr


BAD = """\
opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
A1,Moses Frase,GTX Basic,Cancity,Won,2016-10-20,2017-03-01,1054
A2,Moses Frase,GTX Basic,Cancity,,2016-10-20,2017-03-01,1054
A3,Moses Frase,"GTX
Basic",Cancity,Won,2016-10-20,2017-03-01,lots
A4,Moses Frase,GTX Basic,Cancity,Lost,2017-03-20,2017-03-01,0
A5,Moses Frase,GTX Basic,Cancity,Negotiation,2017-03-20,,
A6,Moses Frase,GTX Basic,Cancity,Won,2017-03-20,,10
"""


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_written(
    cli: Run, sample: Path, tmp_path: Path
) -> None:
    export = tmp_path / "bad.csv"
    export.write_text(BAD, encoding="utf-8")
    result = cli("--repo", sample, "funnel", "import", export)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: 5 bad rows in bad.csv; nothing was imported",
        f"  {export}:3:1: empty-stage the stage is empty (column 'deal_stage')",
        f"  {export}:4:1: bad-amount amount 'lots' is not a number (column 'close_value')",
        f"  {export}:6:1: close-before-created the close date 2017-03-01 is before the created "
        "date 2017-03-20",
        f"  {export}:7:1: unmapped-stage stage 'Negotiation' is not mapped to a funnel stage "
        "(column 'deal_stage')",
        f"  {export}:8:1: missing-close-date the deal is won but has no close date "
        "(column 'close_date')",
        "hint: unmapped stages: 'Negotiation' (1 row). Map each in salescoach.yaml under "
        "funnel.stage_map to one of: prospecting, engaging, won, lost. "
        "To paste under funnel: (each a guess: check it)",
        "  stage_map:",
        '    "Negotiation": engaging  # 1 row',
    ]
    assert not (sample / "funnel").exists()


def test_ambiguous_dates_ask_for_the_format(cli: Run, sample: Path, tmp_path: Path) -> None:
    export = tmp_path / "ambiguous.csv"
    export.write_text(
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
        "A1,Moses Frase,GTX,Cancity,Won,01/02/2017,03/04/2017,100\n",
        encoding="utf-8",
    )
    result = cli("--repo", sample, "funnel", "import", export)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: 1 problem in ambiguous.csv; nothing was imported\n"
        f"  {export}: ambiguous-date-format the dates are written with '/'"
    )
    assert "month/day/year or day/month/year\n" in result.stderr
    assert "hint: say which with --date-format m/d/Y (US) or --date-format d/m/Y" in result.stderr
    assert not (sample / "funnel").exists()
    ok = cli("--repo", sample, "funnel", "import", export, "--date-format", "d/m/Y", "-f", "json")
    assert ok.exit_code == 0
    stored = (sample / "funnel" / "imports" / "2017-04-03-ambiguous.csv").read_text()
    assert stored.endswith("A1,Cancity,moses-frase,Moses Frase,won,100,2017-02-01,2017-04-03,\n")


def test_unknown_header_lists_the_fields_and_columns(
    cli: Run, sample: Path, tmp_path: Path
) -> None:
    export = tmp_path / "odd.csv"
    export.write_text("Who,Phase,Money,Start,End\nMoses Frase,Won,10,2017-01-01,2017-02-01\n")
    result = cli("--repo", sample, "funnel", "import", export)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: 1 problem in odd.csv; nothing was imported\n"
        f"  {export}:1:1: missing-column cannot tell which columns hold owner, stage, amount, "
        "closed"
    )
    assert "The columns found are: Who, Phase, Money, Start, End" in result.stderr
    mapped = cli(
        "--repo",
        sample,
        "funnel",
        "import",
        export,
        "--map",
        "owner=Who",
        "--map",
        "stage=phase",
        "--map",
        "amount=Money",
        "--map",
        "created=Start",
        "--map",
        "closed=End",
    )
    assert mapped.exit_code == 0, mapped.stderr
    assert "1 opportunity imported" in mapped.stderr


def test_map_option_must_name_a_field(cli: Run, sample: Path) -> None:
    result = cli("--repo", sample, "funnel", "import", EXPORT, "--map", "seller=sales_agent")
    assert result.exit_code == 2
    assert "error: --map seller=…: 'seller' is not a field" in result.stderr


def test_missing_export_is_a_clear_error(cli: Run, sample: Path, tmp_path: Path) -> None:
    result = cli("--repo", sample, "funnel", "import", tmp_path / "nope.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: 1 problem in nope.csv; nothing was imported",
        f"  {tmp_path / 'nope.csv'}: missing-file no such file",
        "hint: name the CSV file exported from the CRM",
    ]


def test_at_most_twenty_bad_rows_are_shown(cli: Run, sample: Path, tmp_path: Path) -> None:
    header = "opportunity_id,sales_agent,deal_stage,engage_date,close_date,close_value\n"
    rows = "".join(f"A{i},Moses Frase,,2016-10-20,2017-03-01,10\n" for i in range(25))
    export = tmp_path / "empty-stages.csv"
    export.write_text(header + rows, encoding="utf-8")
    result = cli("--repo", sample, "funnel", "import", export)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 25 bad rows in empty-stages.csv; nothing was imported"
    assert lines[1] == f"  {export}:2:1: empty-stage the stage is empty (column 'deal_stage')"
    assert lines[21:] == [
        "  … and 5 more",
        "hint: fix these lines in the CRM (or in the export) and import it again",
    ]
    assert not (sample / "funnel").exists()


def test_a_crm_name_of_two_reps_stops_the_import(cli: Run, sample: Path) -> None:
    manager = sample / "managers" / "cara-losch.yaml"
    text = manager.read_text(encoding="utf-8")
    manager.write_text(text.replace("[Corliss Cosme]", "[Violet Mclelland]"), encoding="utf-8")
    result = cli("--repo", sample, "funnel", "import", EXPORT)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: 1 CRM name of two reps; nothing was imported",
        "  managers/: shared-crm-name the CRM name 'Violet Mclelland' belongs to both "
        "'violet-mclelland' and 'corliss-cosme' (crm_names in managers/)",
        "hint: give each rep their own crm_names",
    ]
    assert not (sample / "funnel").exists()


def test_review_text_shows_bars_tables_and_diagnostics(cli: Run) -> None:
    result = cli("--repo", SAMPLE, "--today", "2026-11-27", "funnel", "review", "dustin-brinkmann")
    assert result.exit_code == 0
    out = result.stdout
    assert "Dustin Brinkmann (dustin-brinkmann): funnel as of 2017-12-31" in out
    assert "prospecting   1,583" in out
    assert "█" * 30 in out  # render.funnel.BAR_WIDTH: the chart fits 80 columns
    assert "Review every 7 weeks" in out
    assert "Not enough prospects: Dustin Brinkmann's team has 1,583 in 437 days" in out


def test_review_markdown_and_rep_filter(cli: Run) -> None:
    result = cli(
        "--repo",
        SAMPLE,
        "funnel",
        "review",
        "cara-losch",
        "--rep",
        "corliss-cosme",
        "-f",
        "markdown",
    )
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("# Funnel review as of 2017-12-31\n")
    assert "## Cara Losch (cara-losch)" in md
    assert "| Corliss Cosme | 150 | 79 | 65.5% |" in md
    assert "Violet Mclelland" not in md


def test_review_of_an_unknown_manager_or_rep(cli: Run) -> None:
    result = cli("--repo", SAMPLE, "funnel", "review", "cara-lsoch")
    assert result.exit_code == 1
    assert "error: no manager 'cara-lsoch'" in result.stderr
    result = cli("--repo", SAMPLE, "funnel", "review", "--rep", "corliss-cosm")
    assert result.exit_code == 1
    assert "error: no rep 'corliss-cosm'" in result.stderr
    assert "did you mean 'corliss-cosme'" in result.stderr


def test_review_without_data_says_how_to_get_some(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\nreps: [{id: petra, name: Petra}]\n")
    result = cli("--repo", repo, "funnel", "review")
    assert result.exit_code == 1
    assert "error: no funnel data: no import in funnel/imports/" in result.stderr


def test_review_from_snapshots_uses_calls_and_compares(cli: Run, example: Path) -> None:
    result = cli(
        "--repo", example, "--today", "2026-11-27", "funnel", "review", "anna-kovacs", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "snapshot"
    assert data["source"] == "funnel/2026-11-15.yaml"
    assert data["previous"] == "funnel/2026-09-30.yaml"
    petra = data["teams"][0]["reps"][0]
    assert petra["rep"] == "petra-nagy"
    assert petra["calls"] == 270
    assert petra["won"] == 5
    assert petra["calls_per_prospect"] == round(270 / 44, 2)
    assert petra["previous"] is not None


def test_example_passes_check(cli: Run) -> None:
    result = cli("--repo", SAMPLE, "check")
    assert result.exit_code == 0, result.stderr
    assert ": 0 errors, 0 warnings" in result.stderr


def test_example_import_is_the_sample_imported_now(cli: Run, sample: Path) -> None:
    """The committed import is what `funnel import` produces from the committed export."""
    assert cli("--repo", sample, "funnel", "import", EXPORT).exit_code == 0
    assert (sample / "funnel" / "imports" / STORED.name).read_bytes() == STORED.read_bytes()


def test_shuffled_rows_keep_the_figures(cli: Run, sample: Path, tmp_path: Path) -> None:
    header, rows = _rows()
    random.Random(6).shuffle(rows)
    export = tmp_path / "shuffled-rows.csv"
    export.write_text(_csv(header, rows), encoding="utf-8")
    assert cli("--repo", sample, "funnel", "import", export).exit_code == 0
    assert _team_json(cli, sample) == team_figures()


def test_review_shows_deals_by_name_in_text_and_json(cli: Run) -> None:
    args = ("--repo", SAMPLE, "--today", "2026-11-27", "funnel", "review", "cara-losch")
    text = " ".join(cli(*args).stdout.split())  # the terminal's lines joined
    assert "oldest: Rundofase (XYNTWPN1), 357 days; 8LW65NDL, 355 days;" in text
    data = json.loads(cli(*args, "--format", "json").stdout)["teams"][0]
    # the team's oldest first
    assert {"deal": "M7I5O9YU", "name": "Cheers"}.items() <= data["stalled_deals"][0].items()


def test_hubspot_all_deals_view_without_create_date_imports(cli: Run, sample: Path) -> None:
    view = sample / "all-deals.csv"
    view.write_text(
        "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount\n"
        "101,Cancity renewal,Closed won,2017-03-01,Moses Frase,1054\n"
        "102,Isdom,Closed lost,2017-03-11,Moses Frase,0\n"
        "103,Rundofase,Engaging,,Moses Frase,\n",
        encoding="utf-8",
    )
    result = cli("--repo", sample, "funnel", "import", view)
    assert result.exit_code == 0, result.stderr
    stored = (sample / "funnel" / "imports" / "2017-03-11-all-deals.csv").read_text()
    assert stored.endswith(
        "101,Cancity renewal,moses-frase,Moses Frase,won,1054,,2017-03-01,\n"
        "102,Isdom,moses-frase,Moses Frase,lost,0,,2017-03-11,\n"
        "103,Rundofase,moses-frase,Moses Frase,engaging,,,,\n"
    )
    review = cli("--repo", sample, "funnel", "review", "dustin-brinkmann").stdout
    text = " ".join(review.split())
    assert "Sales cycle from 0 of 1 won deal (the others have no created date)." in text
    data = json.loads(
        cli("--repo", sample, "funnel", "review", "dustin-brinkmann", "-f", "json").stdout
    )
    team = data["teams"][0]
    assert (team["won"], team["cycle_n"], team["cycle_days_median"]) == (1, 0, None)


def test_map_id_with_no_column_gives_line_ids(cli: Run, sample: Path) -> None:
    result = cli("--repo", sample, "funnel", "import", EXPORT, "--map", "id=")
    assert result.exit_code == 0, result.stderr
    stored = (sample / "funnel" / "imports" / STORED.name).read_text()
    assert "\nline-2,Cancity,moses-frase,Moses Frase,won,1054,2016-10-20,2017-03-01,\n" in stored
    assert "# profile: maven+map\n" in stored


def test_review_tables_fit_80_columns(cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """The chart and the Results and Open pipeline tables keep within 80 columns, a rep's name
    of up to 16 characters on one line."""
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("--repo", SAMPLE, "--today", "2026-11-27", "funnel", "review", "cara-losch").stdout
    tables = out.split("\nReview every")[0].splitlines()
    assert max(len(line) for line in tables) <= 80
    assert "100.0% (n=964)" in out
    assert "49.8% (n=964)" in out
    for name in ("Violet Mclelland", "Corliss Cosme", "Garret Kinder", "Wilburn Farren"):
        assert sum(line.startswith(f"  {name} ") for line in tables) == 2, name


def test_review_in_hungarian_speaks_no_english(cli: Run) -> None:
    """The review's words, numbers and dates in Hungarian; JSON keys stay English."""
    result = cli("--repo", SAMPLE, "--lang", "hu", "funnel", "review", "cara-losch")
    assert result.exit_code == 0, result.output
    text = re.sub("[ \n]+", " ", result.stdout)  # the no-break spaces in numbers stay
    assert "Cara Losch (cara-losch): tölcsér, 2017. december 31., vasárnap" in text
    assert (
        "Kevés az érdeklődő: Cara Losch csapata – 964 érdeklődő 419 nap alatt; a havi "
        "150\xa0000 célhoz a mostani konverzióval 1\xa0762 kellene"
    ) in text
    for english in ("Results", "Open pipeline", "Team total", "Diagnostics", "Source:", "'s "):
        assert english not in result.stdout
    data = json.loads(
        cli("--repo", SAMPLE, "--lang", "hu", "funnel", "review", "cara-losch", "-f", "json").stdout
    )
    assert "teams" in data


def test_review_refusals_and_help_in_hungarian(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\nreps: [{id: petra, name: Petra}]\n")
    result = cli("--repo", repo, "--lang", "hu", "funnel", "review")
    assert result.exit_code == 1
    assert result.stderr == (
        "hiba: nincs tölcséradat: nincs import a funnel/imports/ mappában, és nincs "
        "funnel/DATE.yaml pillanatkép\ntipp: importáljon egy CRM-exportot: `salescoach funnel "
        "import FILE`, vagy vezesse kézzel a számokat a funnel/DATE.yaml fájlban\n"
    )
    result = cli("--lang", "hu", "funnel", "review", "--help")
    assert "Minden csapat és minden értékesítő tölcsére" in " ".join(result.stdout.split())
