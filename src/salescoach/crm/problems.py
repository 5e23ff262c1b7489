"""How a CRM import fails: every problem is a ``Diagnostic`` naming the export (as the user
gave it) or the repository file at fault, and one ``InvalidExport`` carries them all, so the
command prints each as ``path:line:col: code message`` and refuses the whole import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath

from salescoach.diagnostics import Diagnostic
from salescoach.errors import InvalidRepo
from salescoach.formats import plural

HINT_EXPORT = "fix these lines in the CRM (or in the export) and import it again"


class InvalidExport(InvalidRepo):
    """A CRM export that cannot be imported, with every problem found; nothing was written."""

    def __init__(
        self,
        diagnostics: Sequence[Diagnostic],
        *,
        summary: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(list(diagnostics))
        self.message = summary or default_summary(self.diagnostics)
        self.args = (self.message,)
        self.hint = hint or HINT_EXPORT


def default_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """``2 problems in export.csv; nothing was imported`` (the lines below give the paths)."""
    names = ", ".join(sorted({file_name(d.path) for d in diagnostics}))
    return f"{plural(len(diagnostics), 'problem')} in {names}; nothing was imported"


def file_name(path: str) -> str:
    """The file name of a path as the user gave it (``exports/q3.csv`` → ``q3.csv``)."""
    return PurePath(path).name or path


def problem(path: str, line: int, code: str, message: str) -> Diagnostic:
    """One problem of a CRM import, on ``line`` of ``path`` (0: the whole file)."""
    return Diagnostic(path, line, 0, code, message)


def refusal(
    path: str, line: int, code: str, message: str, *, hint: str | None = None
) -> InvalidExport:
    """The error of an import stopped by one problem (``raise refusal(...)``)."""
    return InvalidExport([problem(path, line, code, message)], hint=hint)


def mixed_currencies(
    source: str, rows: Mapping[str, int], first_lines: Mapping[str, int], column: str
) -> InvalidExport:
    """The refusal of an export whose amounts are in several currencies: salescoach adds
    amounts up, and a sum of yen and dollars means nothing. One diagnostic per currency."""
    ordered = sorted(rows, key=lambda c: (-rows[c], first_lines[c]))
    listed = ", ".join(f"{c} ({plural(rows[c], 'row')})" for c in ordered)
    return InvalidExport(
        [
            problem(
                source,
                first_lines[c],
                "mixed-currency",
                f"{plural(rows[c], 'amount')} in {c} (column '{column}'), the first on this line",
            )
            for c in ordered
        ],
        summary=f"amounts in {len(rows)} currencies: {listed}; salescoach cannot add them up",
        hint="export one currency at a time (filter the CRM report by currency), "
        "or convert the amounts in the CRM first; nothing was imported",
    )
