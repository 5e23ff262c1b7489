"""typer's and click's own words (``Usage:``, ``Options``, ``[required]``, ``Show this message
and exit.``, ``Got unexpected extra argument(s)``) in the language in use, from our catalog.

typer 0.29 writes these words itself: some through ``gettext`` in ``typer.core``, some as
literals in its copy of click, some as ``typer.rich_utils`` constants (the boxed help of a
terminal). ``install()`` routes each of them through ``i18n._`` once per process; every word
is looked up when the help is written, so English stays exactly typer's and a process that
runs a Hungarian command and then an English one (the tests) gets each in its own language.
``click_message`` rewords click's refusals that reach the user (``cli/app.usage_refusal``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from salescoach.i18n import N_, _

TYPER_WORDS = frozenset(
    {
        N_("Arguments"),
        N_("Options"),
        N_("Commands"),
        N_("required"),
        N_("default: {default}"),
        N_("env var: {var}"),
        # TRANSLATORS: a default computed when the command runs (typer's help)
        N_("(dynamic)"),
        N_("Aborted!"),
        N_("Missing command."),
    }
)
"""The words ``typer.core`` passes to ``gettext``; its ``No such command {name!r}.`` stays
English on purpose: ``cli/app`` reads it to suggest the command meant."""

USAGE = N_("Usage: ")
HELP_OPTION = N_("Show this message and exit.")
USAGE_PIECES = frozenset(
    {
        # TRANSLATORS: in a usage line, `salescoach check [OPTIONS]`
        N_("[OPTIONS]"),
        # TRANSLATORS: in a usage line, `salescoach rate [OPTIONS] COMMAND [ARGS]...`
        N_("COMMAND [ARGS]..."),
    }
)
TYPE_NAMES = frozenset(
    {
        # TRANSLATORS: the kind of value an option takes, in the help: `--note <str>`
        N_("<str>"),
        N_("<int>"),
        N_("<float>"),
        N_("<file>"),
        N_("<dir>"),
        N_("<path>"),
        N_("<bool>"),
    }
)
"""typer's names of the kinds of value (``<str>``); choices (``<en|hu>``) stay as they are."""

RICH_WORDS = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {default}]"),
    "ENVVAR_STRING": N_("[env var: {var}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
}
"""The constants of ``typer.rich_utils`` (the boxed help on a terminal), with our named
placeholders for typer's ``{}``."""


@functools.cache
def click_messages() -> list[tuple[re.Pattern[str], str]]:
    """click's and typer's refusals (and pydantic's, for an option's value) that reach the
    user, each with our words, whose placeholders the named groups fill; compiled on first use
    (most runs refuse nothing)."""
    return [
        (
            re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)"),
            N_("unexpected extra arguments: {args}"),
        ),
        (
            re.compile(r"Option '(?P<option>[^']*)' requires an argument\.?"),
            N_("{option} needs a value"),
        ),
        (
            re.compile(r"Option '(?P<option>[^']*)' requires (?P<count>\d+) arguments\.?"),
            N_("{option} needs {count} values"),
        ),
        (
            re.compile(r"Option '(?P<option>[^']*)' does not take a value\.?"),
            N_("{option} takes no value"),
        ),
        (
            re.compile(r"Argument '(?P<option>[^']*)' takes (?P<count>\d+) values\.?"),
            N_("{option} needs {count} values"),
        ),
        (re.compile(r"Missing command\.?"), N_("a command is missing")),
        (
            re.compile(r"(?:file|dir|path) (?P<path>'.*') does not exist\.?"),
            N_("{path} does not exist"),
        ),
        (re.compile(r"(?:file|dir|path) (?P<path>'.*') is a file\.?"), N_("{path} is a file")),
        (
            re.compile(r"(?:file|dir|path) (?P<path>'.*') is a directory\.?"),
            N_("{path} is a folder"),
        ),
        (re.compile(r"Input should be a valid integer.*"), N_("expected a whole number")),
        (re.compile(r"Input should be a valid number.*"), N_("expected a number")),
    ]


_installed = False


def install() -> None:
    """Route typer's and click's words through the catalog (once; later calls do nothing)."""
    global _installed
    if _installed:
        return
    import typer.core
    from typer._click import core as click_core
    from typer._click.formatting import HelpFormatter

    patches: list[tuple[Any, str, Callable[[Any], Any]]] = [
        (typer.core, "_", lambda _gettext: typer_word),
        (HelpFormatter, "write_usage", _with_usage_prefix),
        (click_core.Command, "get_help_option", _with_help_option_text),
        (click_core.Command, "collect_usage_pieces", _with_usage_pieces),
        (typer.core.TyperGroup, "collect_usage_pieces", _with_usage_pieces),
        (typer.core._TyperParameter, "display_type", _with_type_name),
        (typer.core.TyperCommand, "format_help", _with_rich_words),
        (typer.core.TyperGroup, "format_help", _with_rich_words),
    ]
    for owner, name, wrap in patches:
        setattr(owner, name, wrap(getattr(owner, name)))
    _installed = True


def typer_word(text: str) -> str:
    """One of ``typer.core``'s words in the language in use; any other text as it is."""
    return _(text) if text in TYPER_WORDS else text


def click_message(message: str) -> str:
    """click's refusal in our words (``Got unexpected extra argument(s) (a b)`` → ``unexpected
    a b``), in the language in use; a message not known here as it is."""
    for pattern, words in click_messages():
        found = pattern.fullmatch(message.strip())
        if found:
            return _(words).format(**found.groupdict())
    return message


def rich_words() -> dict[str, str]:
    """The values of ``typer.rich_utils``' word constants in the language in use (with typer's
    own ``{}`` placeholders)."""
    return {name: re.sub(r"\{[a-z]+\}", "{}", _(text)) for name, text in RICH_WORDS.items()}


def _with_usage_prefix(write_usage: Callable[..., None]) -> Callable[..., None]:
    def translated(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, _(USAGE) if prefix is None else prefix)

    return translated


def _with_help_option_text(get_help_option: Callable[..., Any]) -> Callable[..., Any]:
    def translated(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = _(HELP_OPTION)
        return option

    return translated


def _with_usage_pieces(collect: Callable[..., list[str]]) -> Callable[..., list[str]]:
    def translated(self: Any, ctx: Any) -> list[str]:
        return [_(p) if p in USAGE_PIECES else p for p in collect(self, ctx)]

    return translated


def _with_type_name(display_type: Callable[..., str]) -> Callable[..., str]:
    def translated(self: Any, ctx: Any) -> str:
        shown = display_type(self, ctx)
        return _(shown) if shown in TYPE_NAMES else shown

    return translated


def _with_rich_words(format_help: Callable[..., None]) -> Callable[..., None]:
    def translated(self: Any, ctx: Any, formatter: Any) -> None:
        if getattr(self, "rich_markup_mode", None) is not None:
            from typer import rich_utils  # the boxed help imports it anyway

            for name, value in rich_words().items():
                setattr(rich_utils, name, value)
        format_help(self, ctx, formatter)

    return translated
