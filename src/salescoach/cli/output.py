"""Where output goes: data to stdout, messages and diagnostics to stderr. NO_COLOR is honoured
by rich itself; ``--format json`` output never has colour."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer

from salescoach.i18n import N_

if TYPE_CHECKING:
    from rich.console import Console


def stdout() -> Console:
    from rich.console import Console

    console = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    console.on_broken_pipe = closed_pipe  # type: ignore[method-assign]  # rich's would exit 1
    return console


def closed_pipe() -> NoReturn:
    """End quietly with exit 0 when the reader of stdout has gone (``rate show | head -1``):
    it stopped reading, which is not an error. The rest of the output goes to the null device,
    so that flushing at exit does not fail again."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file (a test runner's buffer)
        pass
    finally:
        os.close(null)
    raise SystemExit(0)


def stderr() -> Console:
    from rich.console import Console

    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def say(message: str) -> None:
    """A short message for the user (stderr), never data."""
    stderr().print(message, markup=False)


def emit_json(data: Any) -> None:
    """Data as JSON on stdout, with dates as ISO strings."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n")


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")  # a bug, not a message


FormatTextJson = Annotated[
    Literal["text", "json"], typer.Option("--format", "-f", help=N_("Output format: text or json."))
]
FormatAll = Annotated[
    Literal["text", "markdown", "json"],
    typer.Option("--format", "-f", help=N_("Output format: text, markdown or json.")),
]
FormatTable = Annotated[
    Literal["text", "json", "csv"],
    typer.Option("--format", "-f", help=N_("Output format: text, json or csv.")),
]
FormatTableMd = Annotated[
    Literal["text", "markdown", "json", "csv"],
    typer.Option("--format", "-f", help=N_("Output format: text, markdown, json or csv.")),
]
