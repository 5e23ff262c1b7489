"""A warm ``check`` takes the findings of unchanged meeting folders and snapshots from the
cache, reads none of their files, and says exactly what a run without the cache says."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from salescoach.store import loaders
from salescoach.store import repo as repo_module
from salescoach.store.cache import CACHE_DIR
from salescoach.store.check_results import FILE_NAME
from tests.conftest import Run

TODAY = "2026-11-27"
MEETING = "meetings/anna-kovacs/2026-11-23.yaml"
MANAGER = "managers/anna-kovacs.yaml"


def age(root: Path, seconds: float = 600) -> None:
    """Date every file back, so none is 'racily' new and all of them get recorded."""
    past = time.time() - seconds
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))


def check(cli: Run, root: Path, *extra: str) -> tuple[int, str, str]:
    result = cli("--repo", root, "--today", TODAY, *extra, "check")
    return result.exit_code, result.stdout, result.stderr


def same_as_without_cache(cli: Run, root: Path, *extra: str) -> tuple[int, str, str]:
    """The warm run's result, asserted equal to a run that reads every file."""
    warm = check(cli, root, *extra)
    cold = cli("--repo", root, "--today", TODAY, *extra, "check", "--no-cache")
    assert warm == (cold.exit_code, cold.stdout, cold.stderr)
    return warm


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def warm(cli: Run, example: Path) -> Path:
    """The example with every part recorded (a warning in it, so findings are recorded too)."""
    shutil.rmtree(example / CACHE_DIR, ignore_errors=True)
    (example / MEETING).unlink()  # the 1:1 of 16 Nov is then overdue: a warning
    age(example)
    assert check(cli, example)[0] == 0
    assert (example / CACHE_DIR / FILE_NAME).is_file()
    return example


def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading any meeting or snapshot fail the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"read {args[1:]}")

    monkeypatch.setattr(repo_module, "load_meeting_file", refuse)
    monkeypatch.setattr(repo_module, "load_snapshot", refuse)


def test_a_warm_check_reads_no_meeting_nor_snapshot(
    cli: Run, warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_reading(monkeypatch)
    assert check(cli, warm) == (
        0,
        "",
        "meetings/anna-kovacs/2026-11-16.yaml: overdue-meeting (warning) the 1:1 due "
        "2026-11-23 is 4 days overdue: hold it or move it with `salescoach meeting move "
        "anna-kovacs --to YYYY-MM-DD --because TEXT`\nchecked 45 files: 0 errors, 1 warning\n",
    )


def test_an_edited_meeting_is_checked_again(cli: Run, warm: Path) -> None:
    path = warm / "meetings/anna-kovacs/2026-11-16.yaml"
    _rewrite(path, "daniel-olah:", "daniel-olahh:")
    age(warm, 300)
    code, _out, err = same_as_without_cache(cli, warm)
    assert code == 1
    assert "rating of 'daniel-olahh', who is not a rep of anna-kovacs" in err


def test_an_edited_manager_file_checks_its_meetings_again(cli: Run, warm: Path) -> None:
    _rewrite(warm / MANAGER, "id: daniel-olah", "id: daniel-olah-2")
    age(warm, 300)
    code, _out, err = same_as_without_cache(cli, warm)
    assert code == 1
    assert "meetings/anna-kovacs/2026-11-16.yaml:" in err
    assert "funnel/2026-11-15.yaml:" in err  # a snapshot names the rep too


def test_another_day_is_checked_again(cli: Run, warm: Path) -> None:
    cli("--repo", warm, "--today", "2026-12-20", "check")
    code, _out, err = same_as_without_cache(cli, warm)
    assert code == 0
    assert "4 days overdue" in err
    later = cli("--repo", warm, "--today", "2026-12-20", "check").stderr
    assert "4 days overdue" not in later
    assert "overdue" in later


def test_another_language_is_checked_again(cli: Run, warm: Path) -> None:
    code, _out, err = same_as_without_cache(cli, warm, "--lang", "hu")
    assert code == 0
    assert "4 days overdue" not in err


def test_a_new_and_a_removed_file_are_seen(cli: Run, warm: Path) -> None:
    (warm / "meetings/anna-kovacs/2026-11-23.yml").write_text("x\n", encoding="utf-8")
    (warm / "meetings/anna-kovacs/notes.yaml").write_text("x: 1\n", encoding="utf-8")
    age(warm, 300)
    err = same_as_without_cache(cli, warm)[2]
    assert "meetings/anna-kovacs/notes.yaml: bad-file-name" in err
    (warm / "meetings/anna-kovacs/notes.yaml").unlink()
    (warm / "funnel/2026-09-30.yaml").unlink()
    assert "bad-file-name" not in same_as_without_cache(cli, warm)[2]


def test_a_racily_new_file_is_not_recorded(cli: Run, warm: Path) -> None:
    path = warm / "meetings/anna-kovacs/2026-11-16.yaml"
    _rewrite(path, "daniel-olah:", "daniel-olahh:")  # just now: within the racy window
    assert check(cli, warm)[0] == 1
    _rewrite(path, "daniel-olahh:", "daniel-olah:")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    assert same_as_without_cache(cli, warm)[0] == 0


def test_a_part_file_that_is_not_a_regular_file_is_left_alone(
    cli: Run, warm: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    part = warm / CACHE_DIR / FILE_NAME
    part.unlink()
    part.symlink_to(outside)
    assert check(cli, warm)[0] == 0
    assert outside.read_text(encoding="utf-8") == "keep\n"
    assert part.is_symlink()


def test_a_planted_part_file_is_not_trusted(
    cli: Run, warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    part = warm / CACHE_DIR / FILE_NAME
    part.write_text(part.read_text(encoding="utf-8").replace('"files"', '"filez"'), "utf-8")
    assert same_as_without_cache(cli, warm)[0] == 0
    text = part.read_text(encoding="utf-8").replace("overdue", "fine")
    part.write_text(text.replace(',"warning"]', ',"surely"]'), encoding="utf-8")
    assert "overdue" in same_as_without_cache(cli, warm)[2]


def test_no_cache_writes_no_part_file(cli: Run, example: Path) -> None:
    shutil.rmtree(example / CACHE_DIR, ignore_errors=True)
    age(example)
    assert cli("--repo", example, "--today", TODAY, "check", "--no-cache").exit_code == 0
    assert not (example / CACHE_DIR).exists()


def test_loaders_still_read_a_meeting_on_a_miss(cli: Run, warm: Path) -> None:
    (warm / CACHE_DIR / FILE_NAME).unlink()
    assert loaders.load_meeting_file is repo_module.load_meeting_file
    assert same_as_without_cache(cli, warm)[0] == 0
