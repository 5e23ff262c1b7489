"""`salescoach meeting move`: a planned 1:1 is moved, with a reason; never skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, write

TODAY = "2026-11-27"
PLANNED = (
    "# yaml-language-server: $schema=../../schemas/meeting.json\n"
    "date: 2026-11-30     # Monday\n"
    "status: planned\n"
    "funnel_review: false\n"
    "notes: |\n"
    "  Bring the Q4 plan.\n"
    "  Ask about Petra ('no' is an answer).\n"
)


@pytest.fixture
def acme(example: Path) -> Path:
    write(example, "meetings/anna-kovacs/2026-11-30.yaml", PLANNED)
    return example


def folder(root: Path) -> Path:
    return root / "meetings" / "anna-kovacs"


def move(cli: Run, root: Path, *args: str) -> object:
    return cli("--repo", root, "--today", TODAY, "meeting", "move", "anna-kovacs", *args)


def test_move_to_the_next_working_day_keeps_everything_else(cli: Run, acme: Path) -> None:
    result = move(cli, acme, "--because", "trade fair")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "moved the 1:1 with Anna Kovács from Mon 2026-11-30 to Tue 2026-12-01: "
        "meetings/anna-kovacs/2026-12-01.yaml\n"
    )
    assert not (folder(acme) / "2026-11-30.yaml").exists()
    new = (folder(acme) / "2026-12-01.yaml").read_text(encoding="utf-8")
    assert new == PLANNED.replace("date: 2026-11-30", "date: 2026-12-01") + (
        'moved_from: 2026-11-30\nmoved_because: "trade fair"\n'
    )
    assert cli("--repo", acme, "--today", TODAY, "check", "--strict").exit_code == 0


def test_second_move_keeps_the_original_date(cli: Run, acme: Path) -> None:
    assert move(cli, acme, "2026-11-30", "--to", "2026-12-02", "--because", "fair").exit_code == 0
    result = move(cli, acme, "--to", "2026-12-03", "--because", "flu")
    assert result.exit_code == 0, result.output
    new = (folder(acme) / "2026-12-03.yaml").read_text(encoding="utf-8")
    assert new.endswith("moved_from: 2026-11-30\nmoved_because: flu\n")
    assert "date: 2026-12-03     # Monday\n" in new
    assert sorted(p.name for p in folder(acme).iterdir())[-2:] == [
        "2026-11-23.yaml",
        "2026-12-03.yaml",
    ]


def test_schedule_shows_the_move(cli: Run, acme: Path) -> None:
    move(cli, acme, "--because", "trade fair")
    result = cli("--repo", acme, "--today", TODAY, "schedule", "next", "anna-kovacs")
    assert "next 1:1 on Tue 2026-12-01, in 4 days" in result.stdout
    assert "  moved from 2026-11-30: trade fair\n" in result.stdout


def _unchanged(acme: Path) -> None:
    assert (folder(acme) / "2026-11-30.yaml").read_text(encoding="utf-8") == PLANNED
    assert not any(p.name.startswith(".salescoach-tmp") for p in folder(acme).iterdir())


def test_a_reason_is_required(cli: Run, acme: Path) -> None:
    for args in ((), ("--because", "  ")):
        result = move(cli, acme, *args)
        assert result.exit_code == 2
        assert result.stderr == (
            "error: a 1:1 is moved with a reason: add --because TEXT\n"
            "hint: e.g. --because 'board meeting'; it is kept in the file as moved_because\n"
        )
    _unchanged(acme)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--to", "2026-12-07"),
            "error: there is already a 1:1 on 2026-12-07 (meetings/anna-kovacs/2026-12-07.yaml); "
            "nothing was changed\nhint: choose another date with --to YYYY-MM-DD\n",
        ),
        (
            ("--to", "2026-11-26"),
            "error: cannot move the 1:1 to 2026-11-26: that is in the past (today is 2026-11-27)\n",
        ),
        (
            ("--to", "2026-12-05"),
            "error: 2026-12-05 is not a working day: it is a Saturday\n"
            "hint: the next working day is 2026-12-07; or pass --force to move it to "
            "2026-12-05 anyway\n",
        ),
        (
            ("--to", "2026-12-24"),
            "error: 2026-12-24 is not a working day: it is a public holiday (Christmas Eve)\n"
            "hint: the next working day is 2026-12-28; or pass --force to move it to "
            "2026-12-24 anyway\n",
        ),
        (("--to", "2026-11-30"), "error: the 1:1 is already on 2026-11-30\n"),
        (("--to", "30.11.2026"), "error: --to takes a date as YYYY-MM-DD, got '30.11.2026'\n"),
    ],
)
def test_refusals_leave_the_file_unchanged(
    cli: Run, acme: Path, args: tuple[str, ...], message: str
) -> None:
    if args == ("--to", "2026-12-07"):
        write(acme, "meetings/anna-kovacs/2026-12-07.yaml", "date: 2026-12-07\nstatus: planned\n")
    result = move(cli, acme, *args, "--because", "x")
    assert result.stderr == message
    assert result.exit_code in (1, 2)
    _unchanged(acme)


def test_force_allows_a_saturday(cli: Run, acme: Path) -> None:
    result = move(cli, acme, "--to", "2026-12-05", "--force", "--because", "offsite")
    assert result.exit_code == 0, result.output
    assert (folder(acme) / "2026-12-05.yaml").exists()


def test_a_held_meeting_is_not_moved(cli: Run, acme: Path) -> None:
    before = (folder(acme) / "2026-11-23.yaml").read_bytes()
    result = move(cli, acme, "2026-11-23", "--because", "x")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: the 1:1 on 2026-11-23 was held; only a planned 1:1 is moved\n"
        "hint: to plan the next one, see `salescoach schedule next anna-kovacs`\n"
    )
    assert (folder(acme) / "2026-11-23.yaml").read_bytes() == before


def test_no_planned_file_moves_the_projected_1on1(cli: Run, example: Path) -> None:
    result = move(cli, example, "--because", "x")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "moved the 1:1 with Anna Kovács from Mon 2026-11-30 to Tue 2026-12-01: "
        "meetings/anna-kovacs/2026-12-01.yaml\n"
    )


def test_missing_meeting_file(cli: Run, acme: Path) -> None:
    result = move(cli, acme, "2026-12-09", "--because", "x")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: no 1:1 with anna-kovacs on 2026-12-09 "
        "(no file meetings/anna-kovacs/2026-12-09.yaml)"
    )


def test_a_past_planned_meeting_moves_to_today(cli: Run, acme: Path) -> None:
    write(acme, "meetings/anna-kovacs/2026-11-25.yaml", "date: 2026-11-25\nstatus: planned\n")
    result = move(cli, acme, "2026-11-25", "--because", "was ill")
    assert result.exit_code == 0, result.output
    assert (folder(acme) / "2026-11-27.yaml").read_text(encoding="utf-8") == (
        'date: 2026-11-27\nstatus: planned\nmoved_from: 2026-11-25\nmoved_because: "was ill"\n'
    )


def test_crlf_file_keeps_its_line_endings(cli: Run, acme: Path) -> None:
    path = folder(acme) / "2026-11-30.yaml"
    path.write_bytes(PLANNED.replace("\n", "\r\n").encode())
    assert move(cli, acme, "--because", "fair").exit_code == 0
    new = (folder(acme) / "2026-12-01.yaml").read_bytes()
    assert (
        new
        == (
            PLANNED.replace("date: 2026-11-30", "date: 2026-12-01")
            + "moved_from: 2026-11-30\nmoved_because: fair\n"
        )
        .replace("\n", "\r\n")
        .encode()
    )


def test_help_says_there_is_no_skip(cli: Run) -> None:
    result = cli("meeting", "move", "--help")
    assert result.exit_code == 0
    assert "deliberately no" in result.stdout
    assert "skip" in result.stdout


def test_a_move_in_hungarian(cli: Run, acme: Path) -> None:
    """The refusal in the `hiba:` / `tipp:` style, and what a move says, in Hungarian."""
    base = ("--repo", acme, "--today", TODAY, "--lang", "hu", "meeting", "move", "anna-kovacs")
    refused = cli(*base)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "hiba: egyéni megbeszélés csak indoklással helyezhető át: adja meg: --because TEXT\n"
        "tipp: pl. --because 'igazgatósági ülés'; a fájlban moved_because néven marad meg\n"
    )
    _unchanged(acme)
    past = cli(*base, "--to", "2026-11-26", "--because", "vásár")
    assert past.exit_code == 1  # a refused move, as in English
    assert past.stderr == (
        "hiba: a megbeszélés nem helyezhető át erre a napra: 2026-11-26: az a múltban van "
        "(ma 2026-11-27 van)\n"
    )
    moved = cli(*base, "--because", "vásár")
    assert moved.exit_code == 0, moved.output
    assert moved.stderr == (
        "áthelyezve: Anna Kovács egyéni megbeszélése, 2026-11-30 hétfő → 2026-12-01 kedd: "
        "meetings/anna-kovacs/2026-12-01.yaml\n"
    )
