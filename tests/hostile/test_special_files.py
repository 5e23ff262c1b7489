"""A FIFO where a data file belongs (issue 17): reading it would block until someone writes
to it, so every reader refuses it with a message instead of hanging."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.hostile.helpers import TODAY, make_repo

ROOT = Path(__file__).resolve().parents[2]
NOT_REGULAR = (
    "not-a-file is not a regular file (a FIFO, a socket or a device); salescoach reads only files"
)


def _run_guarded(cli: Run, fifo: Path, *args: object) -> tuple[int, str]:
    """Run the command in a thread; a hang is a failure (the FIFO is then opened to end it)."""
    done: list[tuple[int, str]] = []
    worker = threading.Thread(
        target=lambda: done.append(((r := cli(*args)).exit_code, r.stderr)), daemon=True
    )
    worker.start()
    worker.join(timeout=20)
    if not done:
        with open(fifo, "wb", opener=lambda p, f: os.open(p, f | os.O_NONBLOCK)):
            pass
        pytest.fail("the command hung on a FIFO")
    return done[0]


@pytest.mark.parametrize("rel", ["meetings/anna/2026-11-23.yaml", "managers/bela.yaml"])
def test_check_refuses_a_fifo_data_file(cli: Run, tmp_path: Path, rel: str) -> None:
    root = make_repo(tmp_path / "repo")
    fifo = root / rel
    fifo.unlink()
    os.mkfifo(fifo)
    status, stderr = _run_guarded(cli, fifo, "--repo", root, "--today", TODAY, "check")
    assert status == 1
    assert f"{rel}: {NOT_REGULAR}" in stderr


def test_funnel_review_refuses_a_fifo_stored_import(cli: Run, tmp_path: Path) -> None:
    root = tmp_path / "crm"
    shutil.copytree(ROOT / "examples" / "crm-sample", root)
    stored = next((root / "funnel" / "imports").glob("*.csv"))
    stored.unlink()
    os.mkfifo(stored)
    status, stderr = _run_guarded(cli, stored, "--repo", root, "funnel", "review")
    assert status == 1
    assert f"funnel/imports/{stored.name}: {NOT_REGULAR}" in stderr
