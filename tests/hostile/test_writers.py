"""Writers: a failure at any point (a crash or an interrupt before the rename, a full disk,
permission denied) leaves the repository as it was, with one clear ``error:`` message.

Tests run as root in CI, so permission denied is simulated by making ``os.open`` / ``os.mkdir``
raise EACCES rather than by chmod (root ignores file modes).
"""

from __future__ import annotations

import errno
import os
import pathlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.hostile.helpers import assert_unchanged, make_repo, snapshot

ROOT = Path(__file__).resolve().parents[2]
CRM_SAMPLE = ROOT / "examples" / "crm-sample"
CRM_EXPORT = CRM_SAMPLE / "export" / "sales_pipeline.csv"

PLANNED = "date: 2026-11-30\nstatus: planned\n"


@dataclass(frozen=True)
class Writer:
    name: str
    args: Callable[[Path], tuple[str, ...]]
    today: str = "2026-11-23"
    setup: Callable[[Path], Path] | None = None
    """Builds the repository in the given folder and returns its root (default: make_repo)."""


def _crm_repo(folder: Path) -> Path:
    root = folder / "crm"
    shutil.copytree(CRM_SAMPLE, root)
    shutil.rmtree(root / "funnel")
    return root


def _with_planned(folder: Path) -> Path:
    root = make_repo(folder / "repo")
    (root / "meetings/anna/2026-11-30.yaml").write_text(PLANNED, encoding="utf-8")
    return root


WRITERS = [
    Writer("rate rep", lambda r: ("rate", "rep", "petra", "4", "--note", "great month")),
    Writer("agenda next --write", lambda r: ("agenda", "next", "anna", "--write"), "2026-11-27"),
    Writer(
        "meeting move",
        lambda r: ("meeting", "move", "anna", "2026-11-30", "--to", "2026-12-01", "--because", "x"),
        "2026-11-27",
        _with_planned,
    ),
    Writer("goal grade", lambda r: ("goal", "grade", "anna", "2026-11-23#1", "met")),
    Writer("action done", lambda r: ("action", "done", "anna", "2026-11-23#1")),
    Writer("funnel import", lambda r: ("funnel", "import", str(CRM_EXPORT)), setup=_crm_repo),
    Writer("init", lambda r: ("init", str(r.parent / "new-repo"))),
]


def _build(tmp_path: Path, writer: Writer) -> tuple[Path, Path]:
    """The repository, and the folder whose every byte must stay as it was (its parent)."""
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    root = writer.setup(sandbox) if writer.setup else make_repo(sandbox / "repo")
    return root, sandbox


def _run(cli: Run, root: Path, writer: Writer) -> Any:
    return cli("--repo", root, "--today", writer.today, *writer.args(root))


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)
def test_writer_succeeds_without_failures(cli: Run, tmp_path: Path, writer: Writer) -> None:
    """The failures below are meaningful: unhindered, each command writes something."""
    root, sandbox = _build(tmp_path, writer)
    before = snapshot(sandbox)
    result = _run(cli, root, writer)
    assert result.exit_code == 0, result.output
    assert snapshot(sandbox) != before


def _raise(error: BaseException) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    return fail


def _crash_before_rename(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    for name in ("replace", "link", "rename"):
        monkeypatch.setattr(os, name, _raise(error))


class _FullDisk:
    """A file whose writes fail as on a full disk."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k)))
    # init writes its files with Path.write_text / write_bytes and copies with shutil
    full = _raise(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    monkeypatch.setattr(pathlib.Path, "write_text", full)
    monkeypatch.setattr(pathlib.Path, "write_bytes", full)
    monkeypatch.setattr(shutil, "copyfileobj", full)
    monkeypatch.setattr(os, "fsync", full)


def _permission_denied(monkeypatch: pytest.MonkeyPatch, sandbox: Path) -> None:
    real_open, real_mkdir = os.open, os.mkdir
    denied = OSError(errno.EACCES, os.strerror(errno.EACCES))
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def guarded_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & writing and os.fspath(path).startswith(str(sandbox)):
            raise PermissionError(denied.errno, denied.strerror, os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    def guarded_mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if os.fspath(path).startswith(str(sandbox)):
            raise PermissionError(denied.errno, denied.strerror, os.fspath(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(os, "mkdir", guarded_mkdir)


FAILURES = ["crash-before-rename", "interrupt-before-rename", "disk-full", "permission-denied"]


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)
def test_failing_write_leaves_the_repository_as_it_was(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: Writer, failure: str
) -> None:
    root, sandbox = _build(tmp_path, writer)
    args = writer.args(root)
    before = snapshot(sandbox)
    if failure == "crash-before-rename":
        _crash_before_rename(monkeypatch, OSError(errno.EIO, os.strerror(errno.EIO)))
    elif failure == "interrupt-before-rename":
        _crash_before_rename(monkeypatch, KeyboardInterrupt())
    elif failure == "disk-full":
        _disk_full(monkeypatch)
    else:
        _permission_denied(monkeypatch, sandbox)
    result = cli("--repo", root, "--today", writer.today, *args)
    monkeypatch.undo()
    assert "Traceback" not in result.output
    assert "unexpected error" not in result.output
    if failure == "interrupt-before-rename":
        assert result.exit_code == 130, result.output
        assert "interrupted; nothing was left half-written" in result.stderr
    else:
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("error: "), result.stderr
        reason = {
            "crash-before-rename": os.strerror(errno.EIO),
            "disk-full": os.strerror(errno.ENOSPC),
            "permission-denied": os.strerror(errno.EACCES),
        }[failure]
        assert reason in result.stderr.splitlines()[0], result.stderr
    # not a byte, mode or mtime changed; no temporary file, lock or half-made repo left
    assert_unchanged(before, sandbox, locked=True)
