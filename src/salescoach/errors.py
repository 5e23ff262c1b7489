"""Errors a command can end with. Each carries its exit code; the CLI prints the message.

Data problems inside files are ``Diagnostic`` values, not exceptions; ``InvalidRepo``
carries them when a command refuses to act on a repository that has errors.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from salescoach.messages import HINT_CHECK

if TYPE_CHECKING:
    from salescoach.diagnostics import Diagnostic


class SalescoachError(Exception):
    """A failure the user can fix; printed as one message, never with a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(SalescoachError):
    """A bad argument or option value given on the command line."""

    exit_code = 2


class RepoNotFound(SalescoachError):
    """No salescoach repository where one was looked for."""


class NotFound(SalescoachError):
    """A manager, rep, meeting, goal or action that does not exist."""


class InvalidRepo(SalescoachError):
    """The files a command needs have errors; the command refuses to act."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        files = sorted({d.path for d in diagnostics})
        shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
        super().__init__(
            f"the repository has errors in {shown}; nothing was done",
            hint=HINT_CHECK,
        )
        self.diagnostics = diagnostics


def refuse_errors(diagnostics: Iterable[Diagnostic]) -> None:
    """Raise ``InvalidRepo`` with the errors among ``diagnostics``, if there is any: the one
    way every command refuses to act on files with errors (warnings pass)."""
    found = [d for d in diagnostics if d.severity == "error"]
    if found:
        raise InvalidRepo(found)


class WriteError(SalescoachError):
    """A write was refused or failed; the file on disk is unchanged."""


def closest(name: str, known: Iterable[str], *, what: str) -> str:
    """A 'did you mean' phrase for an unknown ``name`` among ``known`` (or the known ones)."""
    known = sorted(known)
    matches = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    if matches:
        return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"
    if not known:
        return f"there are no {what}s yet"
    listed = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
    return f"known {what}s: {listed}"
