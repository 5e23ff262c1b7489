"""The cache of parsed files never serves stale data, and never trusts a cache it didn't write."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from salescoach.store import Layout, load_repo
from salescoach.store import cache as cache_module
from salescoach.store.cache import CACHE_DIR, FORMAT, shard_file
from salescoach.store.holiday_cache import FILE_NAME as HOLIDAYS_FILE
from tests.conftest import Run

TODAY = "2026-11-27"
MEETING = "meetings/anna-kovacs/2026-11-23.yaml"


def shard(root: Path) -> Path:
    """The cache file of MEETING's folder."""
    return shard_file(root / CACHE_DIR, MEETING)


def age(root: Path, seconds: float = 600) -> None:
    """Date every file back, so none is 'racily' new and all of them get cached."""
    past = time.time() - seconds
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))


def check(cli: Run, root: Path, *extra: str) -> tuple[int, str]:
    result = cli("--repo", root, "--today", TODAY, "check", *extra)
    return result.exit_code, result.stderr


def cached_files(root: Path) -> dict[str, list[object]]:
    files: dict[str, list[object]] = {}
    for path in sorted((root / CACHE_DIR).glob("*.json")):
        if path.name == HOLIDAYS_FILE:  # the holidays of the repo's country, not files
            continue
        files.update(json.loads(path.read_text(encoding="utf-8"))["files"])
    return files


@pytest.fixture
def fresh(example: Path) -> Path:
    """The example without a cache (other tests may have left one in examples/acme)."""
    shutil.rmtree(example / CACHE_DIR, ignore_errors=True)
    return example


@pytest.fixture
def warm(cli: Run, fresh: Path) -> Path:
    """The example with a warm cache holding every meeting and snapshot."""
    example = fresh
    age(example)
    assert check(cli, example) == (0, "checked 46 files: 0 errors, 0 warnings\n")
    assert MEETING in cached_files(example)
    return example


def test_cache_is_written_ignored_by_git_and_gives_the_same_result(cli: Run, warm: Path) -> None:
    assert (warm / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    files = cached_files(warm)
    assert len(files) == 41  # 39 meetings and 2 snapshots; settings and managers are read always
    assert sorted(p.name for p in (warm / CACHE_DIR).glob("*.json")) == [
        f"funnel~2026-09-30-v{FORMAT}.json",
        f"funnel~2026-11-15-v{FORMAT}.json",
        HOLIDAYS_FILE,
        f"meetings~anna-kovacs-v{FORMAT}.json",
        f"meetings~gabor-szabo-v{FORMAT}.json",
        f"meetings~peter-varga-v{FORMAT}.json",
        f"meetings~zsofia-toth-v{FORMAT}.json",
    ]
    assert check(cli, warm) == (0, "checked 46 files: 0 errors, 0 warnings\n")


def test_warm_load_gives_the_same_models_as_a_cold_one(warm: Path) -> None:
    cold = load_repo(Layout(warm), use_cache=False)
    hot = load_repo(Layout(warm))
    assert hot.meetings == cold.meetings
    assert [m.manager for m in hot.meetings["anna-kovacs"]] == ["anna-kovacs"] * 12
    assert hot.snapshots == cold.snapshots
    assert hot.diagnostics == cold.diagnostics == []


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_changed_file_same_size_new_mtime_is_read_again(cli: Run, warm: Path) -> None:
    path = warm / MEETING
    size = path.stat().st_size
    _rewrite(path, "daniel-olah: {score: 2,", "daniel-olah: {score: 7,")
    assert path.stat().st_size == size
    age(warm, 300)  # a different modification time, still not racy
    code, err = check(cli, warm)
    assert code == 1
    assert f"{MEETING}:13:24: invalid-value ratings.daniel-olah.score: a rating is a whole" in err


def test_changed_file_same_mtime_new_size_is_read_again(cli: Run, warm: Path) -> None:
    path = warm / MEETING
    before = path.stat()
    _rewrite(path, "daniel-olah: {score: 2,", "daniel-olah: {score: 22,")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    code, err = check(cli, warm)
    assert code == 1
    assert f"{MEETING}:13:24: invalid-value" in err


def test_deleted_file_is_gone_from_a_warm_load(cli: Run, warm: Path) -> None:
    (warm / MEETING).unlink()
    assert check(cli, warm) == (  # without the 1:1 of 23 Nov, that one is overdue
        0,
        "meetings/anna-kovacs/2026-11-16.yaml: overdue-meeting (warning) the 1:1 due "
        "2026-11-23 is 4 days overdue: hold it or move it with `salescoach meeting move "
        "anna-kovacs --to YYYY-MM-DD --because TEXT`\nchecked 45 files: 0 errors, 1 warning\n",
    )
    repo = load_repo(Layout(warm))
    assert [m.date.isoformat() for m in repo.meetings["anna-kovacs"]][-1] == "2026-11-16"
    assert MEETING not in cached_files(warm)


def test_added_file_is_read(cli: Run, warm: Path) -> None:
    added = warm / "meetings/anna-kovacs/2026-11-30.yaml"
    added.write_text("date: 2026-11-30\nstatus: planned\nratings: {nobody: {score: 3}}\n")
    code, err = check(cli, warm)
    assert code == 1
    assert "meetings/anna-kovacs/2026-11-30.yaml:3:11: unknown-rep rating of 'nobody'" in err


def test_corrupted_file_is_an_error_on_a_warm_run(cli: Run, warm: Path) -> None:
    path = warm / MEETING
    path.write_bytes(b"date: 2026-11-23\nstatus: [held\n")
    age(warm, 300)
    code, err = check(cli, warm)
    assert code == 1
    assert f"{MEETING}:3:1: yaml-syntax did not find expected ',' or ']'" in err


def test_file_with_errors_stays_an_error_when_cached(cli: Run, warm: Path) -> None:
    _rewrite(warm / MEETING, "status: held", "status: hold")
    age(warm, 300)
    first = check(cli, warm)
    assert first[0] == 1
    assert (
        f"{MEETING}:3:9: invalid-value status: must be 'planned' or 'held', got 'hold'" in first[1]
    )
    assert cached_files(warm)[MEETING][1] is None  # no model: only the diagnostics are cached
    assert check(cli, warm) == first


def test_recently_changed_file_is_not_cached(cli: Run, warm: Path) -> None:
    _rewrite(warm / MEETING, "Best 1:1 so far.", "Best 1:1 so far!")  # mtime: now
    assert check(cli, warm)[0] == 0
    assert MEETING not in cached_files(warm)


@pytest.mark.parametrize(
    "content",
    [
        b"\x80\x03cos\nsystem\nq\x00.",  # a pickle
        b'{"format": 2, "fingerprint": "',  # truncated
        b"[]",
        b'{"format": 999, "fingerprint": "x", "files": {}}',
        b"",
    ],
    ids=["pickle", "truncated", "list", "foreign-version", "empty"],
)
def test_corrupt_or_foreign_cache_is_ignored_and_rebuilt(
    cli: Run, warm: Path, content: bytes
) -> None:
    cache_file = shard(warm)
    cache_file.write_bytes(content)
    _rewrite(warm / MEETING, "status: held", "status: hold")
    age(warm, 300)
    code, err = check(cli, warm)
    assert code == 1
    assert f"{MEETING}:3:9: invalid-value status" in err
    assert MEETING in cached_files(warm)


def test_cache_of_an_older_version_is_not_trusted(
    cli: Run, warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rewrite(warm / MEETING, "status: held", "status: hold")
    os.utime(warm / MEETING, ns=(0, (warm / MEETING).stat().st_mtime_ns))
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another-version")
    # the old entry for MEETING no longer matches anyway; a planted valid entry must not be used
    files = cached_files(warm)
    stat = (warm / MEETING).stat()
    files[MEETING][0] = ["Meeting", stat.st_size, stat.st_mtime_ns]
    shard(warm).write_text(
        json.dumps({"format": FORMAT, "fingerprint": "old-version", "files": files})
    )
    assert check(cli, warm)[0] == 1


def test_bad_entry_is_read_again(cli: Run, warm: Path) -> None:
    cache_file = shard(warm)
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    data["files"][MEETING][1] = {"date": "not a date", "status": "held"}
    data["files"]["meetings/anna-kovacs/2026-11-16.yaml"][2] = [["x", "1", 0, "c", "m", "error"]]
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    assert check(cli, warm) == (0, "checked 46 files: 0 errors, 0 warnings\n")


def test_no_cache_neither_reads_nor_creates_the_cache(cli: Run, fresh: Path) -> None:
    example = fresh
    age(example)
    assert check(cli, example, "--no-cache") == (0, "checked 46 files: 0 errors, 0 warnings\n")
    assert not (example / CACHE_DIR).exists()


def test_no_cache_ignores_a_stale_cache(cli: Run, warm: Path) -> None:
    path = warm / MEETING
    before = path.stat()
    _rewrite(path, "daniel-olah: {score: 2,", "daniel-olah: {score: 7,")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the cache can't see it
    assert check(cli, warm, "--no-cache")[0] == 1


def test_failure_to_write_the_cache_is_silent(
    cli: Run, fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = fresh
    from salescoach import writer
    from salescoach.errors import WriteError

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise WriteError("read-only")

    monkeypatch.setattr(writer, "replace_file", refuse)
    age(example)
    assert check(cli, example) == (0, "checked 46 files: 0 errors, 0 warnings\n")
    assert not list((example / CACHE_DIR).glob("*.json"))


def test_a_run_with_errors_creates_no_cache(cli: Run, fresh: Path) -> None:
    """check on a broken repository that had no cache leaves it exactly as it was."""
    path = fresh / MEETING
    path.write_text(path.read_text(encoding="utf-8") + "status: held\n", encoding="utf-8")
    age(fresh)
    code, stderr = check(cli, fresh)
    assert code == 1
    assert "duplicate-key" in stderr
    assert not (fresh / CACHE_DIR).exists()


def test_a_run_with_errors_still_updates_an_existing_cache(cli: Run, warm: Path) -> None:
    path = warm / MEETING
    path.write_text(path.read_text(encoding="utf-8") + "status: held\n", encoding="utf-8")
    age(warm)
    assert check(cli, warm)[0] == 1
    assert cached_files(warm)[MEETING] is not None
    assert check(cli, warm)[0] == 1, "the broken file stays an error on the warm run"
