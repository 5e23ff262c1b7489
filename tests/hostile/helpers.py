"""What every hostile test needs: a small valid repository, a snapshot of all its bytes, and
running salescoach in-process or as a memory-limited subprocess."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TODAY = "2026-11-27"
MANAGER = "anna"
CACHE_DIR = ".salescoach-cache"
LOCK_NAME = ".salescoach-lock"
"""The folder lock file a writing command leaves (empty, ignored by git)."""
"""Whole-repo commands may keep a cache here; it is the only thing a reading command may add."""

MEMORY_LIMIT = 1024 * 1024 * 1024
"""Address space allowed to a subprocess run over a bomb: 1 GiB."""

SUBPROCESS_TIMEOUT = 20
"""A hang guard for subprocesses, not a timing assertion."""


def examples(quick: int) -> int:
    """Hypothesis examples: ``quick`` normally, many more with ``HYPOTHESIS_PROFILE=long``."""
    return 20_000 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else quick


FILES: dict[str, str] = {
    "salescoach.yaml": """\
organisation: Hostile Testing Ltd
coach: {id: eva, name: Eva Coach}
calendar:
  workdays: [mon, tue, wed, thu, fri]
cadence: {new: 7, developing: 7, experienced: 14}
meeting_minutes: 60
funnel:
  sales_cycle_days: 45
  review_weeks: [6, 8]
  stages: [prospects, meetings, proposals, won]
  large_deal: 50000
""",
    "managers/anna.yaml": """\
name: Anna Manager
in_role_since: 2025-01-01
level: developing
style: coaching
reps:
  - {id: petra, name: Petra Rep, monthly_target: 40000}
  - {id: laszlo, name: Laszlo Rep, monthly_target: 40000}
""",
    "managers/bela.yaml": """\
name: Bela Manager
level: experienced
reps:
  - {id: kinga, name: Kinga Rep}
""",
    "meetings/anna/2026-11-16.yaml": """\
date: 2026-11-16
status: held
ratings:
  petra: {score: 3, note: steady}
  laszlo: {score: 2, note: two deals slipped}
goals:
  - {rep: petra, goal: Book 12 calls, manager_help: Joins two, due: 2026-12-16}
actions:
  - {owner: coach, do: Share the playbook, due: 2026-11-23, done: true}
""",
    "meetings/anna/2026-11-23.yaml": """\
date: 2026-11-23
status: held
funnel_review: false
routine: {admin_hours_per_week: 6, coaching_hours_per_week: 5, notes: fine}
ratings:
  petra: {score: 3, note: on track}
  laszlo: {score: 3, note: recovered}
goals:
  - rep: laszlo
    goal: Close the Globex renewal
    manager_help: Joins the negotiation
    due: 2026-12-23
own_performance: {achieved: Q3 at 104%, improve: delegation, plan: weekly review}
expectations: {from_coach: Forecast by Friday, manager_commits: Sends it by Friday}
actions:
  - {owner: coach, do: Book the training, due: 2026-11-30, done: false}
  - {owner: manager, do: Pair Petra with Laszlo, due: 2026-11-30, done: false}
notes: Free text.
""",
    "meetings/bela/2026-11-20.yaml": """\
date: 2026-11-20
status: held
ratings:
  kinga: {score: 4, note: best month}
""",
    "funnel/2026-09-30.yaml": """\
date: 2026-09-30
period: {from: 2026-08-15, to: 2026-09-30}
reps:
  petra: {calls: 200, stages: {prospects: 40, meetings: 18, proposals: 9, won: 4}}
  laszlo: {calls: 180, stages: {prospects: 35, meetings: 15, proposals: 7, won: 3}}
  kinga: {calls: 150, stages: {prospects: 30, meetings: 12, proposals: 6, won: 3}}
""",
    "funnel/2026-11-15.yaml": """\
date: 2026-11-15
period: {from: 2026-10-01, to: 2026-11-15}
reps:
  petra:
    calls: 220
    stages: {prospects: 40, meetings: 18, proposals: 9, won: 4}
    won_value: 52000
    open_deals:
      - {name: Globex renewal, amount: 120000, stage: proposals, since: 2026-09-01}
  laszlo:
    calls: 190
    stages: {prospects: 36, meetings: 16, proposals: 8, won: 3}
  kinga:
    calls: 160
    stages: {prospects: 31, meetings: 13, proposals: 6, won: 3}
""",
}

TARGETS: dict[str, str] = {
    "settings": "salescoach.yaml",
    "manager": "managers/anna.yaml",
    "meeting": "meetings/anna/2026-11-23.yaml",
    "snapshot": "funnel/2026-11-15.yaml",
}
"""Where a hostile file is put: the files that the reading commands read about ``anna``."""


def make_repo(root: Path) -> Path:
    """A small valid repository: two managers, their latest meetings, two funnel snapshots."""
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root


@dataclass(frozen=True)
class Entry:
    kind: str  # "file" | "dir" | "link"
    digest: str
    mtime_ns: int
    mode: int


def snapshot(root: Path, *, exclude_cache: bool = True) -> dict[str, Entry]:
    """Every path under ``root`` with a digest of its bytes (or link target), mtime and mode.

    The cache folder of whole-repo commands is left out (it is the only thing a reading
    command may add)."""
    out: dict[str, Entry] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        rel_folder = Path(folder).relative_to(root)
        if exclude_cache and rel_folder.parts[:1] == (CACHE_DIR,):
            continue
        for name in dirs + files:
            path = Path(folder) / name
            rel = (rel_folder / name).as_posix()
            if exclude_cache and rel == CACHE_DIR:
                continue
            st = path.lstat()
            if path.is_symlink():
                out[rel] = Entry("link", os.readlink(path), st.st_mtime_ns, st.st_mode)
            elif path.is_dir():
                out[rel] = Entry("dir", "", st.st_mtime_ns, st.st_mode)
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                out[rel] = Entry("file", digest, st.st_mtime_ns, st.st_mode)
    return out


def assert_unchanged(before: dict[str, Entry], root: Path, *, locked: bool = False) -> None:
    """Nothing under ``root`` was added, removed or changed (bytes, mtime, mode).

    With ``locked`` (a writing command ran), folders may have a new mtime and a new folder
    lock file (``.salescoach-lock``: it stays, since removing a held lock is unsafe); every
    other entry is still compared."""
    after = snapshot(root)
    added = sorted(set(after) - set(before))
    if locked:
        added = [k for k in added if Path(k).name != LOCK_NAME]
    removed = sorted(set(before) - set(after))

    def same(a: Entry, b: Entry) -> bool:
        if locked and a.kind == b.kind == "dir":
            return a.mode == b.mode
        return a == b

    changed = sorted(k for k in set(before) & set(after) if not same(before[k], after[k]))
    assert (added, removed, changed) == ([], [], []), "the repository changed"


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_subprocess(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m salescoach ARGS`` with at most 1 GiB of memory and a 20 s hang guard."""
    env = {k: v for k, v in os.environ.items() if k != "SALESCOACH_REPO"}
    env["NO_COLOR"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "salescoach", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=SUBPROCESS_TIMEOUT,
        preexec_fn=_limit_memory,
        env=env,
        cwd=cwd,
        check=False,
    )
