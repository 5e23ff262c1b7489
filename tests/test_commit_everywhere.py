"""``--commit`` on every writing command (issue 16): just the files written are committed,
other staged changes stay, the message says what changed, nothing is committed when nothing
changed. Against a real temporary git repository made from the example."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import Run

TODAY = "2026-11-27"
ANNA = "meetings/anna-kovacs/2026-11-02.yaml"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(root: Path, *args: str) -> str:
    env = ["-c", "user.name=t", "-c", "user.email=t@t"]
    done = subprocess.run(
        ["git", "-C", str(root), *env, *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(example: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example as a git repository with one commit, and a change staged elsewhere."""
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "t")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "t@t")
    (example / ".gitignore").write_text(".salescoach-lock\n.salescoach-cache/\n")
    _git(example, "init", "-q")
    _git(example, "add", ".")
    _git(example, "commit", "-qm", "start")
    staged = example / "README.md"
    staged.write_text(staged.read_text() + "\nstaged elsewhere\n")
    _git(example, "add", "README.md")
    return example


def _last(root: Path) -> tuple[str, list[str]]:
    """The last commit's subject and its files, as ``git log`` shows them."""
    lines = _git(root, "log", "-1", "--format=%s", "--name-status", "--no-renames").split("\n")
    return lines[0], [line for line in lines[1:] if line.strip()]


def _said(root: Path, subject: str) -> str:
    return f"committed {_git(root, 'rev-parse', '--short', 'HEAD').strip()}: {subject}\n"


def test_goal_grade_commits_just_its_file_with_old_and_new(cli: Run, repo: Path) -> None:
    goal = yaml.safe_load((repo / ANNA).read_text())["goals"][0]
    what = f"({goal['rep']}: {goal['goal']})"
    run = ("--repo", repo, "--today", TODAY, "goal", "grade", "anna-kovacs", "2026-11-02#1")
    first = cli(*run, "met", "--commit")
    assert first.exit_code == 0, first.stderr
    subject = f"goal anna-kovacs 2026-11-02#1 met {what}"
    assert _last(repo) == (subject, [f"M\t{ANNA}"])
    assert first.stderr.endswith(_said(repo, subject))
    assert _git(repo, "status", "--short") == "M  README.md\n"  # the staged change stays
    again = cli(*run, "missed", "--help-delivered", "no", "--commit")
    assert again.exit_code == 0, again.stderr
    subject = f"goal anna-kovacs 2026-11-02#1 met → missed, help no {what}"
    assert _last(repo) == (subject, [f"M\t{ANNA}"])
    head = _git(repo, "rev-parse", "HEAD")
    same = cli(*run, "missed", "--help-delivered", "no", "--commit")
    assert same.exit_code == 0, same.stderr
    assert "committed" not in same.stderr
    assert _git(repo, "rev-parse", "HEAD") == head  # nothing changed, nothing committed


def test_action_done_commits_the_action_once(cli: Run, repo: Path) -> None:
    action = yaml.safe_load((repo / ANNA).read_text())["actions"][1]
    run = ("--repo", repo, "--today", TODAY, "action", "done", "anna-kovacs", "2026-11-02#2")
    result = cli(*run, "--commit")
    assert result.exit_code == 0, result.stderr
    subject = f"action anna-kovacs 2026-11-02#2 open → done ({action['owner']}: {action['do']})"
    assert _last(repo) == (subject, [f"M\t{ANNA}"])
    assert result.stderr.endswith(_said(repo, subject))
    head = _git(repo, "rev-parse", "HEAD")
    assert "committed" not in cli(*run, "--commit").stderr
    assert _git(repo, "rev-parse", "HEAD") == head
    assert _git(repo, "status", "--short") == "M  README.md\n"


def test_agenda_write_then_move_commit_the_new_file_and_the_old_ones_removal(
    cli: Run, repo: Path
) -> None:
    base = ("--repo", repo, "--today", TODAY)
    written = cli(*base, "agenda", "next", "gabor-szabo", "--write", "--commit")
    assert written.exit_code == 0, written.stderr
    old = "meetings/gabor-szabo/2026-12-01.yaml"
    assert _last(repo) == ("agenda gabor-szabo 2026-12-01: planned 1:1 written", [f"A\t{old}"])
    move = ("meeting", "move", "gabor-szabo", "2026-12-01", "--to", "2026-12-02")
    moved = cli(*base, *move, "--because", "customer\n visit", "--commit")
    assert moved.exit_code == 0, moved.stderr
    subject = "meeting gabor-szabo 2026-12-01 → 2026-12-02: customer visit"
    new = "meetings/gabor-szabo/2026-12-02.yaml"
    assert _last(repo) == (subject, [f"D\t{old}", f"A\t{new}"])
    assert moved.stderr.endswith(_said(repo, subject))
    assert _git(repo, "status", "--short") == "M  README.md\n"


def test_plan_add_and_done_commit_the_managers_file(cli: Run, repo: Path) -> None:
    base = ("--repo", repo, "--today", TODAY, "plan")
    plan = yaml.safe_load((repo / "managers/anna-kovacs.yaml").read_text())["development_plan"]
    number = len(plan) + 1
    added = cli(
        *base, "add", "anna-kovacs", "coach the\nforecast", "--due", "2026-12-31", "--commit"
    )
    assert added.exit_code == 0, added.stderr
    subject = f"plan anna-kovacs #{number} added (due 2026-12-31): coach the forecast"
    assert _last(repo) == (subject, ["M\tmanagers/anna-kovacs.yaml"])
    closed = cli(*base, "done", "anna-kovacs", str(number), "--commit")
    assert closed.exit_code == 0, closed.stderr
    subject = f"plan anna-kovacs #{number} open → done: coach the forecast"
    assert _last(repo)[0] == subject
    assert _git(repo, "status", "--short") == "M  README.md\n"


def test_commit_outside_git_is_refused_before_writing(
    cli: Run, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(example.parent))
    before = (example / ANNA).read_bytes()
    result = cli(
        "--repo", example, "--today", TODAY, "goal", "grade", "anna-kovacs", "2026-11-02#1",
        "met", "--commit",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {example} is not in a git work tree; nothing was written\n"
        "hint: run `git init` in the repository (or leave out --commit)\n"
    )
    assert (example / ANNA).read_bytes() == before


def test_action_add_commits_the_meeting_it_wrote(cli: Run, repo: Path) -> None:
    held = sorted((repo / "meetings/anna-kovacs").glob("*.yaml"))[-1]
    count = len(yaml.safe_load(held.read_text())["actions"])
    result = cli(
        "--repo", repo, "--today", TODAY, "action", "add", "anna-kovacs", "send the\ndeck",
        "--owner", "coach", "--due", "2026-12-04", "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rel = held.relative_to(repo).as_posix()
    ref = f"{held.stem}#{count + 1}"
    subject = f"action anna-kovacs {ref} added (coach, due 2026-12-04): send the deck"
    assert _last(repo) == (subject, [f"M\t{rel}"])
    assert result.stderr.endswith(_said(repo, subject))
    assert _git(repo, "status", "--short") == "M  README.md\n"


def test_funnel_import_commits_the_stored_import_once(cli: Run, repo: Path, tmp_path: Path) -> None:
    manager = yaml.safe_load((repo / "managers/anna-kovacs.yaml").read_text())
    owner = manager["reps"][0]["name"]
    export = tmp_path / "deals.csv"
    export.write_text(
        "id,name,owner,stage,amount,created,closed\n"
        f"D1,Globex,{owner},won,4800,2026-10-01,2026-11-02\n"
        f"D2,Initech,{owner},proposals,12000,2026-10-05,\n",
        encoding="utf-8",
    )
    run = ("--repo", repo, "--today", TODAY, "funnel", "import", export, "--commit")
    first = cli(*run)
    assert first.exit_code == 0, first.stderr
    stored = "funnel/imports/2026-11-02-deals.csv"
    subject = f"funnel import {stored} (created)"
    assert _last(repo) == (subject, [f"A\t{stored}"])
    head = _git(repo, "rev-parse", "HEAD")
    again = cli(*run)  # the same export: nothing changed, nothing committed
    assert again.exit_code == 0, again.stderr
    assert _git(repo, "rev-parse", "HEAD") == head
