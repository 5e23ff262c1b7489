"""Diagnostics: every problem found in a repository, with the file and line that caused it.

Loading never raises on bad data; it collects ``Diagnostic`` values instead, so that
``salescoach check`` can show all of them at once and other commands can refuse to act.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem in one file, printed as ``path:line:col: CODE message``.

    ``path`` is relative to the repository root (POSIX separators); ``line`` and
    ``column`` are 1-based, or 0 when the problem concerns the whole file.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"
    loc: tuple[str | int, ...] = field(default=(), compare=False)
    """For cross-file checks: the key path of the value; ``store.locate`` turns it into a line."""

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        label = self.code if self.severity == "error" else f"{self.code} (warning)"
        return f"{where}: {label} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


def errors_in(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics that stop a command (warnings do not)."""
    return [d for d in diagnostics if d.severity == "error"]


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, then line and column, duplicates removed."""
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.column, d.code, d.message))
