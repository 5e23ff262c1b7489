"""Committing the files a command wrote to git (``--commit``), and nothing else of the work tree.

Only those files are committed: ``git commit --only -- PATH…`` leaves whatever else is
staged or changed exactly as it was. A repository in the middle of a merge, a rebase, a
cherry-pick, a revert or a bisect, or on a detached HEAD, is refused before anything is
written (``require_committable``): a commit there lands where ``--abort`` throws it away.
A commit that fails (a hook, a missing identity) leaves the index as it was: never a
half-done commit with the file left staged.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from salescoach.errors import SalescoachError
from salescoach.i18n import N_, _


class CommitError(SalescoachError):
    """Committing to git is not possible, or failed (then the write happened, uncommitted)."""


_STOPPED = (
    ("MERGE_HEAD", N_("a merge"), ("`git merge --continue`", "`git merge --abort`")),
    ("rebase-merge", N_("a rebase"), ("`git rebase --continue`", "`git rebase --abort`")),
    ("rebase-apply", N_("a rebase"), ("`git rebase --continue`", "`git rebase --abort`")),
    ("CHERRY_PICK_HEAD", N_("a cherry-pick"), ("`git cherry-pick --continue`", "`--abort`")),
    ("REVERT_HEAD", N_("a revert"), ("`git revert --continue`", "`git revert --abort`")),
    ("BISECT_LOG", N_("a bisect"), ("`git bisect reset`",)),
)
"""What git leaves in its folder while an operation is stopped: (file, what, the commands
that end it)."""
NOTHING_WRITTEN = N_("nothing was written")
INSTALL_GIT = N_("install git or leave out --commit")
GIT_INIT = N_("run `git init` in the repository (or leave out --commit)")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def require_committable(root: Path, *, kept: str | None = None) -> None:
    """Refuse (``CommitError``) unless a commit can land on a branch now: git installed, a
    work tree, no merge, rebase, cherry-pick, revert or bisect under way, HEAD on a branch.
    Called before a ``--commit`` command writes anything; ``kept`` ends the message
    (``nothing was written`` unless given)."""
    refused = _not_committable(root)
    if refused is not None:
        reason, hint = refused
        kept = _(NOTHING_WRITTEN) if kept is None else kept
        raise CommitError(_("{reason}; {kept}").format(reason=reason, kept=kept), hint=hint)


def _not_committable(root: Path) -> tuple[str, str] | None:
    """Why a commit cannot land on a branch now, and what to do; None when it can."""
    if shutil.which("git") is None:
        return _("git is not installed"), _(INSTALL_GIT)
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return _("{root} is not in a git work tree").format(root=root), _(GIT_INIT)
    stopped = stopped_operation(root)
    if stopped is not None:
        what, how = stopped
        return _("the repository is in the middle of {operation}").format(operation=what), _(
            "finish it first ({how}), then run the command again (or leave out --commit)"
        ).format(how=how)
    if _git(root, "symbolic-ref", "-q", "HEAD").returncode != 0:
        return _("HEAD is detached (on no branch)"), _(
            "check out a branch (`git switch BRANCH`), then run the command again "
            "(or leave out --commit)"
        )
    return None


def stopped_operation(root: Path) -> tuple[str, str] | None:
    """The git operation stopped half-way in the repository (what it is, how to end it), or
    None when there is none."""
    found = _git(root, "rev-parse", "--absolute-git-dir")
    if found.returncode != 0:
        return None
    git_dir = Path(found.stdout.strip())
    for name, what, how in _STOPPED:
        if (git_dir / name).exists():
            return _(what), _(" or ").join(how)
    return None


def commit_file(root: Path, path: Path, message: str, *, written: str) -> str:
    """Commit just ``path`` with ``message``; returns the new commit's short hash.

    ``written`` says what was written, for the error messages: the file is already saved
    when this runs, and stays saved if the commit fails.
    """
    return commit_files(root, [path], message, written=written)


def commit_files(root: Path, paths: list[Path], message: str, *, written: str) -> str:
    """Commit just ``paths`` (files changed or created) with ``message``, as one commit;
    returns its short hash. ``written`` as for ``commit_file``. If the commit fails, the
    index is put back as it was (nothing is left staged)."""
    kept = _("{written}, but it was not committed").format(written=written)
    rels = [str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in paths]
    refused = _not_committable(root)
    if refused is not None:
        reason, hint = refused
        raise CommitError(_("{kept}: {reason}").format(kept=kept, reason=reason), hint=hint)
    before = _git(root, "ls-files", "--stage", "--", *rels).stdout
    added = _git(root, "add", "--", *rels)
    if added.returncode != 0:
        _restore_index(root, rels, before)
        raise CommitError(
            _("{kept}: git add failed: {reason}").format(
                kept=kept, reason=_first_line(added.stderr)
            )
        )
    done = _git(root, "commit", "--quiet", "--only", "-m", message, "--", *rels)
    if done.returncode != 0:
        _restore_index(root, rels, before)
        reason = _first_line(done.stderr) or _first_line(done.stdout)
        files = " ".join(rels)
        raise CommitError(
            _("{kept}: git commit failed: {reason}; nothing was staged").format(
                kept=kept, reason=reason
            ),
            hint=_(
                "fix what git says, then commit it yourself: git add {files} && git commit"
            ).format(files=files),
        )
    head = _git(root, "rev-parse", "--short", "HEAD")
    return head.stdout.strip()


def _restore_index(root: Path, rels: list[str], before: str) -> None:
    """Put the index entries of ``rels`` back as ``git ls-files --stage`` showed them; a
    path that was not in the index leaves it again."""
    _git(root, "rm", "--cached", "--quiet", "--ignore-unmatch", "--", *rels)
    if before:
        subprocess.run(
            ["git", "-C", str(root), "update-index", "--index-info"],
            input=before,
            capture_output=True,
            text=True,
            check=False,
        )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""
