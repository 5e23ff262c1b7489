"""``--commit`` when git is not ready for it (issue 17): a conflicted merge, a stopped rebase,
cherry-pick or bisect, a detached HEAD, a failing hook, a missing identity. The command
refuses with a message saying what to do, no commit lands where ``--abort`` throws it away,
and nothing is left staged: a following ``git merge --abort`` keeps the rating."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from salescoach import gitops
from tests.conftest import Run
from tests.hostile.helpers import make_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

MEETING = "meetings/anna/2026-11-23.yaml"
DAY = "2026-11-23"


@pytest.fixture(autouse=True)
def identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A git of its own: no global config, a fixed identity."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key, value in {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }.items():
        monkeypatch.setenv(key, value)


def git(root: Path, *args: str, ok: bool = True) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    assert done.returncode == 0 or not ok, done.stderr
    return done.stdout


def _repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    (root / ".gitignore").write_text(".salescoach-cache/\n.salescoach-lock\n.salescoach-tmp-*\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "start")
    return root


def _conflict(root: Path, rel: str = "managers/bela.yaml") -> None:
    """A branch and main that change ``rel`` differently."""
    git(root, "checkout", "-qb", "other")
    (root / rel).write_text((root / rel).read_text() + "# theirs\n")
    git(root, "commit", "-qam", "theirs")
    git(root, "checkout", "-q", "main")
    (root / rel).write_text((root / rel).read_text() + "# ours\n")
    git(root, "commit", "-qam", "ours")


def _merging(root: Path) -> None:
    _conflict(root)
    git(root, "merge", "-q", "other", ok=False)


def _rebasing(root: Path) -> None:
    _conflict(root)
    git(root, "rebase", "-q", "other", ok=False)


def _cherry_picking(root: Path) -> None:
    _conflict(root)
    git(root, "cherry-pick", "other", ok=False)


def _bisecting(root: Path) -> None:
    git(root, "bisect", "start")


def _detached(root: Path) -> None:
    git(root, "checkout", "-q", "--detach")


STATES: dict[str, tuple[Callable[[Path], None], str]] = {
    "merge": (_merging, "the repository is in the middle of a merge"),
    "rebase": (_rebasing, "the repository is in the middle of a rebase"),
    "cherry-pick": (_cherry_picking, "the repository is in the middle of a cherry-pick"),
    "bisect": (_bisecting, "the repository is in the middle of a bisect"),
    "detached HEAD": (_detached, "HEAD is detached (on no branch)"),
}


@pytest.mark.parametrize("state", STATES)
def test_require_committable_refuses_before_anything_is_written(tmp_path: Path, state: str) -> None:
    root = _repo(tmp_path)
    make, reason = STATES[state]
    make(root)
    with pytest.raises(gitops.CommitError) as info:
        gitops.require_committable(root)
    assert info.value.message == f"{reason}; nothing was written"
    assert "then run the command again (or leave out --commit)" in (info.value.hint or "")


def test_require_committable_passes_on_a_branch(tmp_path: Path) -> None:
    gitops.require_committable(_repo(tmp_path))


@pytest.mark.parametrize("state", STATES)
def test_rate_commit_in_a_stopped_state_commits_and_stages_nothing(
    cli: Run, tmp_path: Path, state: str
) -> None:
    root = _repo(tmp_path)
    make, reason = STATES[state]
    make(root)
    head = git(root, "rev-parse", "HEAD")
    staged = git(root, "diff", "--cached", "--name-only")
    result = cli("--repo", root, "--today", DAY, "rate", "rep", "petra", "4", "--commit")
    assert result.exit_code == 1, result.output
    assert reason in result.stderr
    assert git(root, "rev-parse", "HEAD") == head
    assert git(root, "diff", "--cached", "--name-only") == staged
    assert MEETING not in staged


def _kept_or_never_written(result_stderr: str, text: str, before: str) -> None:
    """The rating is in the file, or the command said nothing was written and it was not."""
    if "nothing was written" in result_stderr:
        assert text == before
    else:
        assert "petra: {score: 4" in text


def test_merge_abort_after_a_refused_commit_keeps_the_rating(cli: Run, tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _merging(root)
    before = (root / MEETING).read_text()
    result = cli("--repo", root, "--today", DAY, "rate", "rep", "petra", "4", "--commit")
    git(root, "merge", "--abort")
    _kept_or_never_written(result.stderr, (root / MEETING).read_text(), before)


def test_rebase_abort_after_a_refused_commit_keeps_the_rating(cli: Run, tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _rebasing(root)
    before = (root / MEETING).read_text()
    result = cli("--repo", root, "--today", DAY, "rate", "rep", "petra", "4", "--commit")
    git(root, "rebase", "--abort")
    _kept_or_never_written(result.stderr, (root / MEETING).read_text(), before)
    assert git(root, "log", "--format=%s", "main") == "ours\nstart\n"


def test_a_failing_hook_leaves_nothing_staged_and_says_what_to_do(cli: Run, tmp_path: Path) -> None:
    root = _repo(tmp_path)
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    head = git(root, "rev-parse", "HEAD")
    result = cli("--repo", root, "--today", DAY, "rate", "rep", "petra", "4", "--commit")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"error: the rating was written to {MEETING}, but it was not committed: git commit "
        "failed: no commits today; nothing was staged",
        f"hint: fix what git says, then commit it yourself: git add {MEETING} && git commit",
    ]
    assert git(root, "rev-parse", "HEAD") == head
    assert git(root, "diff", "--cached", "--name-only") == ""
    assert git(root, "status", "--short") == f" M {MEETING}\n"


def test_a_missing_identity_leaves_nothing_staged(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path)
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key)
    git(root, "config", "user.useConfigOnly", "true")
    result = cli("--repo", root, "--today", DAY, "rate", "rep", "petra", "4", "--commit")
    assert result.exit_code == 1
    assert "but it was not committed: git commit failed:" in result.stderr
    assert "nothing was staged" in result.stderr
    assert git(root, "diff", "--cached", "--name-only") == ""


def test_a_failed_commit_puts_back_what_the_user_had_staged(cli: Run, tmp_path: Path) -> None:
    root = _repo(tmp_path)
    path = root / MEETING
    path.write_text(path.read_text() + "# staged by the user\n")
    git(root, "add", MEETING)
    staged = git(root, "ls-files", "--stage", "--", MEETING)
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    result = cli("--repo", root, "--today", DAY, "rate", "rep", "petra", "4", "--commit")
    assert result.exit_code == 1
    assert git(root, "ls-files", "--stage", "--", MEETING) == staged
