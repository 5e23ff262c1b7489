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


def test_parallel_rate_commands_all_land_without_spurious_errors(tmp_path: Path) -> None:
    """Through the CLI: 8 processes rating in the same 1:1 file at once, 4 times each; every
    run succeeds (no "changed by someone else", no temp file of another writer removed)."""
    from tests.hostile.helpers import make_repo

    root = make_repo(tmp_path / "repo")
    script = (
        "import sys\n"
        "from salescoach.cli.app import app\n"
        "for k in range(4):\n"
        "    try:\n"
        "        app(['--repo', sys.argv[1], '--today', '2026-11-23', 'rate', 'rep',\n"
        "             sys.argv[2], str(1 + k % 4), '--note', f'{sys.argv[3]}-{k}'],\n"
        "            standalone_mode=False)\n"
        "    except SystemExit as exit:\n"
        "        if exit.code: raise\n"
    )
    env = {**os.environ, "NO_COLOR": "1"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(root), ("petra", "laszlo")[i % 2], f"p{i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for i in range(8)
    ]
    results = [(run.wait(timeout=120), run.stderr.read() if run.stderr else "") for run in runs]
    assert [(code, err) for code, err in results if code or "error" in err] == []
    meeting = (root / "meetings/anna/2026-11-23.yaml").read_text(encoding="utf-8")
    assert "note: p" in meeting
    assert [p.name for p in meeting_folder(root) if p.name.startswith(writer.TEMP_PREFIX)] == []


def meeting_folder(root: Path) -> list[Path]:
    return sorted((root / "meetings" / "anna").iterdir())
