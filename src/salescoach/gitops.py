"""Committing the files a command wrote to git (``--commit``), and nothing else of the work tree.

Only those files are committed: ``git commit --only -- PATH…`` leaves whatever else is
staged or changed exactly as it was.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from salescoach.errors import SalescoachError


class CommitError(SalescoachError):
    """The write happened, but committing it to git failed."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def commit_file(root: Path, path: Path, message: str, *, written: str) -> str:
    """Commit just ``path`` with ``message``; returns the new commit's short hash.

    ``written`` says what was written, for the error messages: the file is already saved
    when this runs, and stays saved if the commit fails.
    """
    return commit_files(root, [path], message, written=written)


def commit_files(root: Path, paths: list[Path], message: str, *, written: str) -> str:
    """Commit just ``paths`` (files changed or created) with ``message``, as one commit;
    returns its short hash. ``written`` as for ``commit_file``."""
    kept = f"{written}, but it was not committed"
    if shutil.which("git") is None:
        raise CommitError(f"{kept}: git is not installed", hint="install git or leave out --commit")
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise CommitError(
            f"{kept}: {root} is not in a git work tree",
            hint="run `git init` in the repository (or leave out --commit)",
        )
    rels = [str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in paths]
    added = _git(root, "add", "--", *rels)
    if added.returncode != 0:
        raise CommitError(f"{kept}: git add failed: {_first_line(added.stderr)}")
    done = _git(root, "commit", "--quiet", "--only", "-m", message, "--", *rels)
    if done.returncode != 0:
        reason = _first_line(done.stderr) or _first_line(done.stdout)
        raise CommitError(f"{kept}: git commit failed: {reason}")
    head = _git(root, "rev-parse", "--short", "HEAD")
    return head.stdout.strip()


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""
