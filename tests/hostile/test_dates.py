"""Dates at the ends of the calendar and moves that skip (issue 17): ``--today`` and ``meeting
move --to`` within 1970-01-01 … 2100-12-31, a meeting file dated 9999-12-31 an error that no
command trips over, a move past the next 1:1 a warning; and the storage odds and ends: an
e-mail with CR/LF, ``SALESCOACH_REPO`` naming a file, examples/acme's ``.gitignore``."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from salescoach import store
from salescoach.errors import UsageError
from tests.conftest import Run
from tests.hostile.helpers import TODAY, make_repo

ROOT = Path(__file__).resolve().parents[2]
PLANNED = "date: 2026-11-30\nstatus: planned\n"


@pytest.mark.parametrize(
    "day", [dt.date(1, 1, 1), dt.date(1969, 12, 31), dt.date(2101, 1, 1), dt.date(9999, 12, 31)]
)
def test_a_day_outside_the_range_is_a_usage_error(day: dt.date) -> None:
    with pytest.raises(UsageError) as info:
        store.require_day(day, "--today")
    assert info.value.message == (
        f"--today {day.isoformat()} is outside the dates salescoach works with "
        "(1970-01-01 to 2100-12-31)"
    )
    assert info.value.exit_code == 2


@pytest.mark.parametrize("day", [dt.date(1970, 1, 1), dt.date(2026, 11, 27), dt.date(2100, 12, 31)])
def test_a_day_inside_the_range_passes(day: dt.date) -> None:
    assert store.require_day(day, "--today") == day


@pytest.mark.parametrize(
    ("today", "command"),
    [
        ("0001-01-01", ("schedule",)),
        ("9999-12-31", ("agenda", "next", "anna")),
        ("9999-11-01", ("calendar", "export")),
    ],
)
def test_today_at_the_ends_of_the_calendar_is_refused_not_a_crash(
    cli: Run, tmp_path: Path, today: str, command: tuple[str, ...]
) -> None:
    root = make_repo(tmp_path / "repo")
    result = cli("--repo", root, "--today", today, *command)
    assert result.exit_code == 2
    assert "unexpected error" not in result.stderr
    assert f"--today {today} is outside the dates salescoach works with" in result.stderr


def test_a_move_to_9999_is_refused_and_nothing_changes(cli: Run, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "meetings/anna/2026-11-30.yaml").write_text(PLANNED)
    result = cli(
        "--repo", root, "--today", TODAY, "meeting", "move", "anna", "2026-11-30",
        "--to", "9999-12-31", "--because", "x",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: --to 9999-12-31 is outside the dates salescoach works with "
        "(1970-01-01 to 2100-12-31)"
    )
    assert (root / "meetings/anna/2026-11-30.yaml").read_text() == PLANNED
    assert cli("--repo", root, "--today", TODAY, "agenda", "next", "anna").exit_code == 0


def test_a_meeting_file_dated_9999_is_an_error_no_command_trips_over(
    cli: Run, tmp_path: Path
) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "meetings/anna/9999-12-31.yaml").write_text("date: 9999-12-31\nstatus: planned\n")
    result = cli("--repo", root, "--today", TODAY, "check")
    assert result.exit_code == 1
    assert (
        "meetings/anna/9999-12-31.yaml: bad-date 9999-12-31 is outside the dates salescoach "
        "works with (1970-01-01 to 2100-12-31)"
    ) in result.stderr
    for command in (("agenda", "next", "anna"), ("schedule",), ("schedule", "next", "anna")):
        shown = cli("--repo", root, "--today", TODAY, *command)
        assert "unexpected error" not in shown.stderr, command
        assert shown.exit_code in (0, 1), (command, shown.stderr)


def test_a_move_past_the_next_1on1_warns_as_a_skip(cli: Run, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "meetings/anna/2026-11-30.yaml").write_text(PLANNED)
    assert cli("--repo", root, "--today", TODAY, "check", "--strict").exit_code == 0
    moved = cli(
        "--repo", root, "--today", TODAY, "meeting", "move", "anna", "2026-11-30",
        "--to", "2028-06-01", "--because", "busy",
    )  # fmt: skip
    assert moved.exit_code == 0, moved.stderr
    result = cli("--repo", root, "--today", TODAY, "check", "--strict")
    assert result.exit_code == 1
    assert (
        "meetings/anna/2028-06-01.yaml:1:7: moved-past-next (warning) the 1:1 of 2026-11-30 "
        "was moved 549 days to 2028-06-01, past the next 1:1 due 7 days after it: a move that "
        "passes the next 1:1 skips one (move it to 2026-12-07 at the latest)"
    ) in result.stderr


def test_a_move_within_the_interval_does_not_warn(cli: Run, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "meetings/anna/2026-11-30.yaml").write_text(PLANNED)
    cli(
        "--repo", root, "--today", TODAY, "meeting", "move", "anna", "2026-11-30",
        "--to", "2026-12-02", "--because", "busy",
    )  # fmt: skip
    result = cli("--repo", root, "--today", TODAY, "check", "--strict")
    assert result.exit_code == 0, result.stderr


def test_the_move_says_it_skips(tmp_path: Path) -> None:
    from salescoach.usecases.meetings import move_meeting

    root = make_repo(tmp_path / "repo")
    (root / "meetings/anna/2026-11-30.yaml").write_text(PLANNED)
    layout = store.Layout(root)
    moved = move_meeting(
        layout,
        "anna",
        dt.date(2026, 11, 30),
        dt.date(2027, 1, 4),
        "busy",
        False,
        dt.date(2026, 11, 27),
    )
    assert moved.warning is not None
    assert moved.warning.startswith("the 1:1 of 2026-11-30 was moved 35 days to 2027-01-04")


def test_moving_back_to_the_original_day_drops_moved_from(cli: Run, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "meetings/anna/2026-11-30.yaml").write_text(PLANNED)
    for old, new in (("2026-11-30", "2026-12-01"), ("2026-12-01", "2026-11-30")):
        cli(
            "--repo", root, "--today", TODAY, "meeting", "move", "anna", old,
            "--to", new, "--because", "x",
        )  # fmt: skip
    # back on its planned day, the file is as it was: no moved_from, no reason
    assert (root / "meetings/anna/2026-11-30.yaml").read_text() == PLANNED


# ---------------------------------------------------------------- e-mail, repo, .gitignore


@pytest.mark.parametrize("email", ["anna@example.com\\r\\nBCC: x@evil", "anna@example.com\\n"])
def test_an_email_with_a_line_break_is_refused_by_check(
    cli: Run, tmp_path: Path, email: str
) -> None:
    root = make_repo(tmp_path / "repo")
    manager = root / "managers/anna.yaml"
    manager.write_text(manager.read_text().replace("level:", f'email: "{email}"\nlevel:'))
    result = cli("--repo", root, "--today", TODAY, "check")
    assert result.exit_code == 1
    assert "managers/anna.yaml:3:" in result.stderr
    assert "bad-email the email " in result.stderr
    assert "holds a line break, a control character or a space" in result.stderr


def test_salescoach_repo_naming_a_file_says_so(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "repo")
    monkeypatch.setenv("SALESCOACH_REPO", str(root / "salescoach.yaml"))
    result = cli("--today", TODAY, "check")
    assert result.exit_code != 0
    assert result.stderr.splitlines() == [
        f"error: {root / 'salescoach.yaml'} is a file, not a folder: a salescoach repository "
        "is the folder that holds salescoach.yaml",
        "hint: pass the folder with --repo (or in SALESCOACH_REPO), not a file in it",
    ]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_examples_acme_ignores_salescoachs_own_files(tmp_path: Path) -> None:
    acme = tmp_path / "acme"
    shutil.copytree(ROOT / "examples" / "acme", acme)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(acme)], check=True, env=env)
    for rel in (".salescoach-cache/x.json", "managers/.salescoach-lock",
                "meetings/.salescoach-tmp-2026-11-30.yaml.0a1b2c3d"):  # fmt: skip
        (acme / rel).parent.mkdir(parents=True, exist_ok=True)
        (acme / rel).write_text("x")
    subprocess.run(["git", "-C", str(acme), "add", "-A"], check=True, env=env)
    listed = subprocess.run(
        ["git", "-C", str(acme), "ls-files"], capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    assert [p for p in listed if ".salescoach-" in p] == []
    assert ".gitignore" in listed
