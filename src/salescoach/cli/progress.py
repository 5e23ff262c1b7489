"""A progress bar for long work, drawn on stderr only when it is a terminal."""

from __future__ import annotations

from typing import Any


class ProgressBar:
    """Callable as ``progress(done, total)``; appears after the first call, ends at total."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._progress is None:
            if total < 500:
                return
            from rich.progress import Progress

            from salescoach.cli.output import stderr

            self._progress = Progress(console=stderr(), transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=total)
        self._progress.update(self._task, completed=done)
        if done >= total:
            self._progress.stop()
