"""Where output goes: data to stdout, messages and diagnostics to stderr. NO_COLOR is honoured
by rich itself; ``--format json`` output never has colour."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from salescoach.i18n import N_

if TYPE_CHECKING:
    from rich.console import Console


def stdout() -> Console:
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


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
