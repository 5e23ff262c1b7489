"""The cache folder is used only when it is what it seems (issue 17): a committed link in it,
a link in its place, a FIFO or a device as a shard, an oversized shard: ``check`` goes on
without the cache, writes nothing outside the repository and neither hangs nor crashes."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.hostile.helpers import CACHE_DIR, TODAY, make_repo, snapshot


def _repo(folder: Path) -> Path:
    """The small repository with its files an hour old (a just-written file is not cached)."""
    root = make_repo(folder)
    old = time.time() - 3600
    for path in root.rglob("*.yaml"):
        os.utime(path, (old, old))
    return root


def _check(cli: Run, root: Path) -> None:
    result = cli("--repo", root, "--today", TODAY, "check")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].startswith("checked "), result.stderr


def test_a_linked_gitignore_in_the_cache_is_not_written_through(cli: Run, tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    outside = tmp_path / "victim.txt"
    (root / CACHE_DIR).mkdir()
    (root / CACHE_DIR / ".gitignore").symlink_to(outside)
    _check(cli, root)
    assert not outside.exists()
    assert (root / CACHE_DIR / ".gitignore").is_symlink()


def test_a_cache_folder_linked_elsewhere_gets_nothing_written(cli: Run, tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / CACHE_DIR).symlink_to(elsewhere, target_is_directory=True)
    _check(cli, root)
    _check(cli, root)
    assert sorted(elsewhere.iterdir()) == []
    assert (root / CACHE_DIR).is_symlink()
    result = cli("--repo", root, "--today", TODAY, "check")
    assert f"{CACHE_DIR}: cache-not-used (warning) is a symbolic link" in result.stderr


def test_a_linked_shard_is_neither_read_nor_written_through(cli: Run, tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    _check(cli, root)
    shards = sorted((root / CACHE_DIR).glob("*.json"))
    assert shards
    victim = tmp_path / "victim.json"
    victim.write_bytes(b"keep me")
    for shard in shards:
        shard.unlink()
        shard.symlink_to(victim)
    _check(cli, root)
    assert victim.read_bytes() == b"keep me"
    assert all(shard.is_symlink() for shard in shards)


def test_a_fifo_shard_does_not_hang_check(cli: Run, tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    _check(cli, root)
    shard = sorted((root / CACHE_DIR).glob("meetings~anna-*.json"))[0]
    shard.unlink()
    os.mkfifo(shard)
    done: list[int] = []
    worker = threading.Thread(
        target=lambda: done.append(cli("--repo", root, "--today", TODAY, "check").exit_code),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=20)
    if not done:  # unblock the reader so the thread can end, then fail
        with open(shard, "wb", opener=lambda p, f: os.open(p, f | os.O_NONBLOCK)):
            pass
        pytest.fail("check hung on a FIFO in the cache folder")
    assert done == [0]
    result = cli("--repo", root, "--today", TODAY, "check")
    assert (
        f"{CACHE_DIR}/{shard.name}: cache-not-used (warning) is a FIFO, not what salescoach's "
        f"cache holds: the cache is not used there (delete {CACHE_DIR}/{shard.name}; it is "
        "rebuilt)"
    ) in result.stderr


def test_a_shard_linked_to_dev_zero_is_ignored(cli: Run, tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    _check(cli, root)
    shard = sorted((root / CACHE_DIR).glob("meetings~anna-*.json"))[0]
    shard.unlink()
    shard.symlink_to("/dev/zero")
    result = cli("--repo", root, "--today", TODAY, "check")
    assert result.exit_code == 0, result.output
    assert f"{CACHE_DIR}/{shard.name}: cache-not-used (warning) is a symbolic link" in (
        result.stderr
    )


def test_an_oversized_shard_is_not_read(tmp_path: Path) -> None:
    from salescoach.store import cache

    folder = tmp_path / CACHE_DIR
    folder.mkdir()
    shard = folder / "root-v2.json"
    with open(shard, "wb") as handle:
        handle.truncate(cache.MAX_CACHE_BYTES + 1)
    assert cache.read_capped(shard) is None
    assert cache.read_entries(shard, cache.code_fingerprint()) == {}


def test_the_repository_outside_the_cache_is_unchanged(cli: Run, tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    (root / CACHE_DIR).mkdir()
    (root / CACHE_DIR / ".gitignore").symlink_to(tmp_path / "victim.txt")
    before = {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("repo/")}
    _check(cli, root)
    after = {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("repo/")}
    assert after == before
