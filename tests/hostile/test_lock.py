"""The folder lock under contention (issue 17): it is never removed while held, and many
processes taking it many times never hold it at once and never fail spuriously.

CI also runs this file against the lowest filelock version pyproject allows
(``SALESCOACH_LOWEST_FILELOCK=1`` makes the test check that it is that version)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import filelock

from salescoach import writer

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 8
ACQUISITIONS = 200


def _floor() -> str:
    """The lowest filelock version pyproject allows."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    spec = next(d for d in deps["dependencies"] if d.startswith("filelock"))
    found = re.search(r">=\s*([\d.]+)", spec)
    assert found, spec
    return found.group(1)


def test_the_lock_file_is_not_removed_while_held(tmp_path: Path) -> None:
    with writer.folder_lock(tmp_path) as lock:
        held = os.stat(lock).st_ino
    # removing it while held would let a waiter lock the dead file and a newcomer a new one
    assert os.stat(tmp_path / writer.LOCK_NAME).st_ino == held


def test_many_processes_never_hold_the_lock_at_once(tmp_path: Path) -> None:
    if os.environ.get("SALESCOACH_LOWEST_FILELOCK") == "1":
        assert filelock.__version__.split("+")[0] in (_floor(), f"{_floor()}.0"), (
            filelock.__version__
        )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.hostile.lock_stress",
            str(tmp_path),
            str(PROCESSES),
            str(ACQUISITIONS),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"doubles": 0, "errors": 0}
    assert sorted(p.name for p in tmp_path.iterdir()) == [writer.LOCK_NAME]
