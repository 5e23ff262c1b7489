"""writer: atomic replace, refusal when the file changed, the folder lock, killed writers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from salescoach import writer
from salescoach.errors import WriteError
from tests.conftest import Run, write

MANAGER = "name: Anna Kovács\nreps:\n  - {id: petra-nagy, name: Petra Nagy}\n"
MEETING = "# keep me\ndate: 2026-11-23\nstatus: held\n"


def test_replace_refuses_when_the_file_changed(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"theirs")
    with pytest.raises(WriteError, match="was changed by someone else"):
        writer.replace_file(target, b"mine", expected=b"original")
    assert target.read_bytes() == b"theirs"
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_replace_refuses_when_the_file_was_deleted(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="was deleted while being edited"):
        writer.replace_file(tmp_path / "gone.yaml", b"mine", expected=b"original")
    assert os.listdir(tmp_path) == []


def test_remove_file_only_when_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"x")
    with pytest.raises(WriteError, match="was changed by someone else"):
        writer.remove_file(target, expected=b"y")
    assert target.exists()
    writer.remove_file(target, expected=b"x")
    assert not target.exists()


def test_clean_temp_files_for_one_target(tmp_path: Path) -> None:
    mine = tmp_path / f"{writer.TEMP_PREFIX}a.yaml.1234"
    other = tmp_path / f"{writer.TEMP_PREFIX}b.yaml.1234"
    mine.write_text("x")
    other.write_text("x")
    assert writer.clean_temp_files(tmp_path, older_than=0, target=tmp_path / "a.yaml") == 1
    assert not mine.exists()
    assert other.exists()


def test_folder_lock_is_exclusive_and_leaves_no_file(tmp_path: Path) -> None:
    with writer.folder_lock(tmp_path, shown="meetings/x") as lock:
        assert lock == tmp_path / writer.LOCK_NAME
        with (
            pytest.raises(WriteError, match=r"writing in meetings/x for more than 0\.1 seconds"),
            writer.folder_lock(tmp_path, timeout=0.1, shown="meetings/x"),
        ):
            pass
    assert os.listdir(tmp_path) == [writer.LOCK_NAME]  # the lock stays (never removed while held)
    with writer.folder_lock(tmp_path, timeout=0.1):
        pass


KILLED_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from salescoach import writer
    from salescoach.models import Meeting
    from salescoach.store import Layout
    from salescoach.yamledit import edit_yaml_file

    root, marker = Path(sys.argv[1]), Path(sys.argv[2])
    real_fsync = os.fsync

    def slow_fsync(fd):
        real_fsync(fd)
        marker.write_text("temp file written")
        time.sleep(60)  # killed here: the temporary file is written, the target not replaced

    os.fsync = slow_fsync
    path = root / "meetings/anna-kovacs/2026-11-23.yaml"
    edit_yaml_file(Layout(root), path, lambda d: d.set(("ratings", "petra-nagy"), {"score": 3}),
                   model=Meeting)
    """
)


def test_killing_a_writer_mid_write_leaves_the_original(repo: Path, cli: Run) -> None:
    write(repo, "managers/anna-kovacs.yaml", MANAGER)
    meeting = write(repo, "meetings/anna-kovacs/2026-11-23.yaml", MEETING)
    marker = repo.parent / "marker"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(repo), str(marker)])
    try:
        for _ in range(600):
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists(), "the writer never reached the write"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert meeting.read_text() == MEETING
    leftovers = [p.name for p in meeting.parent.iterdir() if p.name.startswith(writer.TEMP_PREFIX)]
    assert len(leftovers) == 1
    assert (
        meeting.parent / leftovers[0]
    ).read_text() == MEETING + "ratings:\n  petra-nagy: {score: 3}\n"
    result = cli("--repo", repo, "--today", "2026-11-23", "check")
    assert result.exit_code == 0, result.stderr
    # the next write takes the lock the dead process held and cleans its temporary file
    result = cli("--repo", repo, "--today", "2026-11-23", "rate", "rep", "petra-nagy", "2")
    assert result.exit_code == 0, result.stderr
    assert meeting.read_text() == MEETING + "ratings:\n  petra-nagy: {score: 2}\n"
    assert sorted(p.name for p in meeting.parent.iterdir()) == [writer.LOCK_NAME, "2026-11-23.yaml"]
