"""Many processes taking ``writer.folder_lock`` on one folder many times (issue 17): run as
``python -m tests.hostile.lock_stress FOLDER PROCESSES ACQUISITIONS``; prints one JSON line
with the double entries (two holders at once) and the errors seen."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from pathlib import Path


def _worker(
    folder: str, acquisitions: int, results: multiprocessing.Queue[tuple[int, int]]
) -> None:
    """Take the lock ``acquisitions`` times; count the times another holder was inside."""
    from salescoach import writer
    from salescoach.errors import WriteError

    inside = Path(folder) / "inside"
    doubles = errors = 0
    for _ in range(acquisitions):
        try:
            with writer.folder_lock(Path(folder), timeout=60):
                try:
                    fd = os.open(inside, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                    os.close(fd)
                except FileExistsError:
                    doubles += 1
                    continue
                os.unlink(inside)
        except (WriteError, OSError):
            errors += 1
    results.put((doubles, errors))


def stress(folder: Path, processes: int, acquisitions: int) -> dict[str, int]:
    """Double entries and errors of ``processes`` × ``acquisitions`` lock acquisitions."""
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[tuple[int, int]] = context.Queue()
    workers = [
        context.Process(target=_worker, args=(str(folder), acquisitions, results))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    found = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    return {"doubles": sum(d for d, _ in found), "errors": sum(e for _, e in found)}


if __name__ == "__main__":
    folder, processes, acquisitions = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(stress(folder, processes, acquisitions)))
