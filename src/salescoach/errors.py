"""Errors a command can end with. Each carries its exit code; the CLI prints the message.

Data problems inside files are ``Diagnostic`` values, not exceptions; ``InvalidRepo``
carries them when a command refuses to act on a repository that has errors.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from salescoach.i18n import N_, _
from salescoach.messages import hint_check

if TYPE_CHECKING:
    from salescoach.diagnostics import Diagnostic

THINGS = {
    "manager": N_("managers"),
    "rep": N_("reps"),
    "deal": N_("deals"),
    "key": N_("keys"),
    "goal": N_("goals"),
    "action": N_("actions"),
    "meeting": N_("meetings"),
}
"""The plural of each kind of thing ``closest`` names (``there are no reps yet``)."""
EXIT_OK = 0
"""The command did what it was asked."""
EXIT_REFUSED = 1
"""An error in the data, or a refusal: nothing was done (``check`` found errors)."""
EXIT_USAGE = 2
"""A usage error: an unknown command or option, a bad value on the command line."""
EXIT_INTERNAL = 3
"""An unexpected exception: a bug in salescoach, to report (``--debug`` shows it)."""
KINDS_OF_ID = {"manager": N_("manager ID"), "rep": N_("rep ID")}
"""What an ID names, for ``'x' is not a valid rep ID``."""


class SalescoachError(Exception):
    """A failure the user can fix; printed as one message, never with a traceback."""

    exit_code = EXIT_REFUSED

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(SalescoachError):
    """A bad argument or option value given on the command line."""

    exit_code = EXIT_USAGE


class RepoNotFound(SalescoachError):
    """No salescoach repository where one was looked for."""


class NotFound(SalescoachError):
    """A manager, rep, meeting, goal or action that does not exist."""


class InvalidRepo(SalescoachError):
    """The files a command needs have errors; the command refuses to act."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        files = sorted({d.path for d in diagnostics})
        shown = ", ".join(files[:5])
        if len(files) > 5:
            shown = _("{files} and {count} more").format(files=shown, count=len(files) - 5)
        super().__init__(
            _("the repository has errors in {files}; nothing was done").format(files=shown),
            hint=hint_check(),
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
        return did_you_mean(matches)
    things = _(THINGS.get(what, what + "s"))
    if not known:
        return _("there are no {things} yet").format(things=things)
    listed = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
    return _("known {things}: {listed}").format(things=things, listed=listed)


def did_you_mean(candidates: Iterable[str]) -> str:
    """``did you mean 'varga-reka'?``, or ``… 'a' or 'b'?`` for several."""
    separator = " " + _("or") + " "
    names = separator.join(f"'{c}'" for c in candidates)
    return _("did you mean {names}?").format(names=names)


def shown(value: str, limit: int = 60) -> str:
    """A value the user typed, for a message: as it is (``Molnár-Péter``, never
    ``Moln\\xe1r``), with only invisible characters escaped, cut short when long."""
    text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def invalid_id(value: str, what: str) -> UsageError:
    """The refusal of an ID that is not one (``'Varga Réka' is not a valid rep ID``), with
    the ID it suggests when it looks like a name given instead: ``did you mean varga-reka?``."""
    from salescoach.ids import id_from_name
    from salescoach.models import is_slug

    message = _("'{value}' is not a valid {kind}").format(
        value=shown(value), kind=_(KINDS_OF_ID.get(what, what + " ID"))
    )
    rule = _("IDs use lowercase letters, digits and '-', e.g. anna-kovacs")
    suggested = id_from_name(value)
    if suggested and is_slug(suggested) and suggested != value:
        rule = f"{did_you_mean([suggested])} ({rule})"
    return UsageError(message, hint=rule)
