"""git and shell conventions: exit codes, a closed pipe, typo suggestions, conflict markers,
the pre-commit hook."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, Run, write

SALESCOACH = [sys.executable, "-c", "from salescoach.cli.app import main; main()"]


def test_exit_codes_are_distinct(cli: Run, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """0 ok, 1 a data error or refusal, 2 a usage error, 3 an unexpected (internal) error."""
    assert cli("--repo", repo, "check").exit_code == 0
    write(repo, "managers/anna.yaml", "name: Anna\n")
    assert cli("--repo", repo, "check").exit_code == 1
    assert cli("--repo", repo, "check", "--format", "xml").exit_code == 2
    import salescoach.usecases.check

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(salescoach.usecases.check, "check_repository", boom)
    assert cli("--repo", repo, "check").exit_code == 3


def test_exit_code_constants() -> None:
    from salescoach import errors

    assert (errors.EXIT_OK, errors.EXIT_REFUSED, errors.EXIT_USAGE, errors.EXIT_INTERNAL) == (
        0,
        1,
        2,
        3,
    )


@pytest.mark.parametrize(
    "command",
    [["rate", "show"], ["schedule"], ["check", "--format", "json"], ["funnel", "review"]],
    ids=" ".join,
)
def test_a_closed_pipe_ends_quietly_with_0(command: list[str]) -> None:
    """`salescoach rate show | head -1`: the reader stopped, which is not an error; nothing on
    stderr and exit 0. The pipe's reading end is closed before the command writes (as `head`
    has by the time a long output fills the pipe), so every write meets the closed pipe."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [*SALESCOACH, "--repo", str(EXAMPLE), "--today", "2026-11-27", *command],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")


def test_head_reads_the_first_line_and_the_command_ends_with_0() -> None:
    """A real `| head -1` through the shell, with pipefail: the first line, and exit 0."""
    command = " ".join([*map(shlex.quote, SALESCOACH), "--repo", shlex.quote(str(EXAMPLE))])
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{command} --today 2026-11-27 rate show | head -1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "Anna Kovács (anna-kovacs): ratings at the last 6 rated 1:1s\n"


@pytest.mark.parametrize("options", [["--version"], ["--help"], ["rate", "--help"]], ids=" ".join)
def test_help_and_version_into_a_closed_pipe_are_quiet(options: list[str]) -> None:
    """`salescoach --help | head -1`: the same quiet 0 (click alone would exit 1)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [*SALESCOACH, *options], stdout=write_end, stderr=subprocess.PIPE, text=True
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("schedul", "'schedule'"), ("chek", "'check'"), ("fnnel", "'funnel'"), ("goall", "'goal'")],
)
def test_typo_suggestions_cover_every_command(cli: Run, typed: str, suggested: str) -> None:
    result = cli(typed)
    assert result.exit_code == 2
    assert f"error: no such command '{typed}'" in result.stderr
    hint = result.stderr.splitlines()[-1]
    assert hint.startswith(f"hint: did you mean {suggested}"), hint


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        (["rate", "shwo"], "'show'"),
        (["funnel", "reveiw"], "'review'"),
        (["goal", "grad"], "'grade'"),
    ],
)
def test_typo_suggestions_cover_sub_commands(cli: Run, typed: list[str], suggested: str) -> None:
    """A sub-command mistyped reads as a command does: the suggestion is the hint."""
    result = cli(*typed)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: no such command '{typed[1]}'\nhint: did you mean {suggested}?\n"
    )


def test_conflict_markers_are_found_by_check(cli: Run, example: Path) -> None:
    """A file left with git's conflict markers after a merge: `check` names the file and line."""
    path = example / "salescoach.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    marker_line = len(lines) + 1
    path.write_text(
        "".join(lines) + "<<<<<<< HEAD\nx: 1\n=======\nx: 2\n>>>>>>> theirs\n", encoding="utf-8"
    )
    result = cli("--repo", example, "check")
    assert result.exit_code == 1
    assert (
        f"salescoach.yaml:{marker_line}:1: merge-conflict merge conflict: git conflict markers "
        "are still in the file; resolve the conflict and remove the <<<<<<< ======= >>>>>>> lines"
    ) in result.stderr


def test_pre_commit_hooks_file_declares_the_check_hook() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "salescoach-check"
    assert hook["entry"] == "salescoach check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True


def _git(where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@e",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@e",
    }
    return subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, env=env)


@pytest.mark.slow
def test_pre_commit_try_repo_blocks_a_bad_file(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs this project and runs `salescoach check`: a commit of a
    manager file with an error is stopped, a good repository passes."""
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists() or os.environ.get("SALESCOACH_OFFLINE"):
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "__pycache__", ".*_cache", ".salescoach-*", "*.egg-info"
        ),
    )
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    _git(source, "commit", "-q", "-m", "snapshot")
    coach = tmp_path / "coaching"
    coach.mkdir()
    write(coach, "salescoach.yaml", "organisation: Test Co\n")
    _git(coach, "init", "-q")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def try_repo() -> subprocess.CompletedProcess[str]:
        _git(coach, "add", "-A")
        return subprocess.run(
            [str(pre_commit), "try-repo", str(source), "salescoach-check"],
            cwd=coach,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )

    good = try_repo()
    assert good.returncode == 0, good.stdout + good.stderr
    write(coach, "managers/anna.yaml", "name: Anna\n")
    bad = try_repo()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "managers/anna.yaml:1:1: missing-key missing required key 'reps'" in bad.stdout
