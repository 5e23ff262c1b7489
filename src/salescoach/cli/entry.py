"""The ``salescoach`` console script: ``salescoach --help`` (and bare ``salescoach``) from a
text kept in the package, everything else through the typer app (``cli.app``).

Printing the help through typer costs importing typer, click and the app (~1.2 × ``import
typer``); this prints the same bytes after importing nothing but ``i18n``. The texts live in
``cli/help/`` per language, rendered by the live app at 80 columns with stdout not a terminal
(plain text: typer's help has no colour then), and ``python -m salescoach.cli.static_help``
writes them again; ``tests/test_static_help.py`` fails when they differ from the live app's.
The app is used whenever the kept text might differ from what it would print: stdout a
terminal (typer then draws rich's boxed, coloured help to the terminal's width), a width under
80 columns, shell completion, or any argument other than ``--lang``/``--repo`` before ``-h``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from salescoach.cli.help_language import repo_language

HELP_DIR = Path(__file__).parent / "help"
WIDTH = 80
"""The width click wraps help at when the terminal is this wide or wider."""
_VALUE_OPTIONS = ("--lang", "--repo", "-C")


def main() -> None:
    """Print the kept help when it is what the app would print; else run the app."""
    kept = kept_help(sys.argv[1:], os.environ)
    if kept is None:
        from salescoach.cli.app import main as run_app

        try:
            run_app()
        finally:
            exit_without_collecting()
        return
    text, to_stderr = kept
    stream = sys.stderr if to_stderr else sys.stdout
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        from salescoach.cli.output import closed_pipe

        closed_pipe()
    raise SystemExit(2 if to_stderr else 0)


def exit_without_collecting() -> None:
    """Freeze every object before the process ends: Python's last full collection at exit
    would walk all of them (pydantic's schemas, typer, rich: ~30 ms of each command) only to
    free memory the operating system takes back anyway. Objects are still finalised as at any
    exit; nothing runs after this but the interpreter's shutdown."""
    import gc

    gc.freeze()


def kept_help(args: list[str], environ: Mapping[str, str]) -> tuple[str, bool] | None:
    """The kept text for this command line and whether it goes to stderr (bare
    ``salescoach``, a usage error exiting 2), or None when the app must answer."""
    if environ.get("_SALESCOACH_COMPLETE") or sys.stdout.isatty() or _width(environ) < WIDTH:
        return None
    options = _options(args[:-1]) if args else {}
    if options is None or (args and args[-1] not in ("-h", "--help")):
        return None
    name = "help" if args else "bare"
    language = options.get("--lang") or repo_language(options.get("--repo"), environ)
    if language is None:
        from salescoach.i18n import from_locale

        language = from_locale(environ) or "en"
    try:
        text = (HELP_DIR / f"{name}-{language}.txt").read_text(encoding="utf-8")
    except OSError:
        return None
    return text, name == "bare"


def _options(args: list[str]) -> dict[str, str] | None:
    """``--lang hu --repo PATH`` as {option: value}; None for anything else."""
    options: dict[str, str] = {}
    tokens = iter(args)
    for token in tokens:
        name, equals, value = token.partition("=")
        if name not in _VALUE_OPTIONS or (name == "-C" and equals):
            return None
        if not equals:
            value = next(tokens, "")
        options["--repo" if name == "-C" else name] = value
    lang = options.get("--lang")
    return None if lang is not None and lang not in ("en", "hu") else options


def _width(environ: Mapping[str, str]) -> int:
    """The terminal width click wraps at: ``COLUMNS``, else stdout's terminal, else 80 (as
    ``shutil.get_terminal_size``)."""
    try:
        columns = int(environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size((sys.__stdout__ or sys.stdout).fileno()).columns or WIDTH
    except (AttributeError, ValueError, OSError):
        return WIDTH
