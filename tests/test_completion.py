"""Shell completion as the shell drives it: environment variables in, candidates out, in a
subprocess of the real ``salescoach`` command (needs the app's completion hook and the
``completion`` group registered)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


def _run(example: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``salescoach`` as the console script does, in the example repository."""
    full = {**os.environ, "SALESCOACH_REPO": str(example), "LANG": "C", **env}
    full.pop("LC_ALL", None)
    code = "from salescoach.cli.app import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=full, capture_output=True, text=True, timeout=60
    )


def _bash(example: Path, line: str) -> subprocess.CompletedProcess[str]:
    """What bash gets for ``line`` (the word after the last space is being completed)."""
    words = line.split(" ")
    env = {
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
        "_SALESCOACH_COMPLETE": "bash_complete",
    }
    return _run(example, env)


def _rep_ids(example: Path, manager: str | None = None) -> list[str]:
    """The rep IDs of the manager files, read as plain text (independent of the code)."""
    files = sorted((example / "managers").glob("*.yaml"))
    ids = set()
    for path in files:
        if manager is None or path.stem == manager:
            ids |= set(re.findall(r"^  - id: ([a-z0-9-]+)$", path.read_text(), re.M))
    return sorted(ids)


def test_rate_rep_offers_every_rep_id(example: Path) -> None:
    result = _bash(example, "salescoach rate rep ")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == _rep_ids(example)
    assert len(_rep_ids(example)) == 24


def test_rate_rep_offers_the_reps_starting_with_what_is_typed(example: Path) -> None:
    result = _bash(example, "salescoach rate rep p")
    assert result.stdout.split() == [r for r in _rep_ids(example) if r.startswith("p")]


def test_rate_rep_with_manager_offers_that_team(example: Path) -> None:
    result = _bash(example, "salescoach rate rep --manager anna-kovacs ")
    assert result.stdout.split() == _rep_ids(example, "anna-kovacs")


def test_manager_ids_come_from_the_file_names(example: Path) -> None:
    result = _bash(example, "salescoach goals ")
    assert result.stdout.split() == sorted(p.stem for p in (example / "managers").glob("*.yaml"))


def test_action_done_offers_the_latest_meetings_references(example: Path) -> None:
    result = _bash(example, "salescoach action done anna-kovacs 2026-11-23")
    text = (example / "meetings/anna-kovacs/2026-11-23.yaml").read_text()
    actions = text.split("\nactions:\n")[1].split("\nnotes:")[0]
    count = len(re.findall(r"^  - ", actions, re.M))
    assert result.stdout.split() == [f"2026-11-23#{n}" for n in range(1, count + 1)]


def test_goal_grade_offers_goal_references(example: Path) -> None:
    result = _bash(example, "salescoach goal grade anna-kovacs 2026-11-23")
    assert result.stdout.split() == ["2026-11-23#1", "2026-11-23#2"]


def test_no_repository_offers_nothing(tmp_path: Path) -> None:
    result = _bash(tmp_path / "nowhere", "salescoach goals ")
    assert (result.returncode, result.stdout.strip()) == (0, "")


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "_SALESCOACH_COMPLETE=complete_bash $1"),
        ("zsh", "compdef _salescoach_completion salescoach"),
        ("fish", "complete --command salescoach --no-files"),
    ],
)
def test_completion_prints_the_shells_script(example: Path, shell: str, expected: str) -> None:
    result = _run(example, {}, "completion", shell)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


def test_an_unknown_instruction_is_refused(example: Path) -> None:
    result = _run(example, {"_SALESCOACH_COMPLETE": "tcsh_complete"})
    assert result.returncode == 1
    assert result.stderr == "unknown completion instruction 'tcsh_complete'\n"
