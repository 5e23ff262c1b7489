"""Where output goes: data to stdout, messages and diagnostics to stderr. NO_COLOR is honoured
by rich itself; ``--format json`` output never has colour. Every byte of data passes
``salescoach.textsafe`` here, so no view can print a terminal escape, and rich reads no
markup or emoji code in data (issue 17)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer

from salescoach.i18n import N_

if TYPE_CHECKING:
    from rich.console import Console


def _console(**options: Any) -> Console:
    """A rich console that takes text literally (no markup, no emoji codes, no highlighting)
    and shows every control character of the text it prints as an escape (``\\x1b``), while
    rich's own styling and cursor codes go out as they are."""
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment

    from salescoach.textsafe import visible

    class SafeConsole(Console):
        def render(
            self, renderable: RenderableType, options: ConsoleOptions | None = None
        ) -> Iterator[Segment]:
            for segment in super().render(renderable, options):
                if segment.control is None and segment.text:
                    text = visible(segment.text)
                    if text is not segment.text:
                        segment = Segment(text, segment.style)
                yield segment

    return SafeConsole(markup=False, emoji=False, highlight=False, **options)


def stdout() -> Console:
    console = _console(file=sys.stdout, soft_wrap=False)
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
    return _console(file=sys.stderr, soft_wrap=True)


def say(message: str) -> None:
    """A short message for the user (stderr), never data: plain text, controls shown as
    text (``textsafe.visible``), the line unwrapped as the stderr console printed it, without
    loading rich for it."""
    from salescoach.textsafe import visible

    sys.stderr.write(visible(message) + "\n")
    sys.stderr.flush()


def write_text(text: str, newline: str = "\n") -> None:
    """Text output (Markdown, CSV, plain lines, .ics) on stdout, every control character of
    the data shown as an escape and every line break ``newline`` (``\\r\\n`` for .ics)."""
    from salescoach.textsafe import visible

    sys.stdout.write(visible(text, newline))


def emit_json(data: Any) -> None:
    """Data as JSON on stdout, with dates as ISO strings; the control characters that
    ``json.dumps`` keeps raw (C1, bidi overrides) written as ``\\u009b`` (the same data)."""
    from salescoach.render.json_dump import dumps_indented
    from salescoach.textsafe import json_text

    sys.stdout.write(json_text(dumps_indented(data, _default)) + "\n")


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
