"""``salescoach check``: validate every file of the repository."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from salescoach.cli.output import FormatTextJson
from salescoach.cli.state import state


def check(
    ctx: typer.Context,
    output_format: FormatTextJson = "text",
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings too (e.g. a skipped 1:1).")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read every file, ignoring and not writing the cache in .salescoach-cache/.",
        ),
    ] = False,
) -> None:
    """Validate every file: syntax, keys, values, IDs and the links between files.

    Prints every problem as `path:line:col: CODE message`, sorted by file and line, then a
    summary. Exits 0 when there are no errors, 1 when there are (or warnings with --strict).
    """
    from salescoach import validate

    layout = state(ctx).layout()
    result = validate.check_repo(
        layout, today=state(ctx).today, progress=_progress_bar(), use_cache=not no_cache
    )
    diagnostics = result.diagnostics
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    if output_format == "json":
        from salescoach.cli.output import emit_json

        emit_json(
            {
                "files": result.files,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": [d.as_dict() for d in diagnostics],
            }
        )
    else:
        from salescoach.cli.output import stderr

        console = stderr()
        for d in diagnostics:
            style = "red" if d.severity == "error" else "yellow"
            console.print(str(d), style=style, markup=False, highlight=False)
        summary = (
            f"checked {result.files} files: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}"
        )
        console.print(summary, style="bold red" if errors else "green", markup=False)
    if errors or (strict and warnings):
        raise typer.Exit(1)


def _progress_bar() -> Callable[[int, int], None] | None:
    """A progress callback drawing a bar on stderr when it is a terminal, else None."""
    import sys

    if not sys.stderr.isatty():
        return None
    from salescoach.cli.progress import ProgressBar

    return ProgressBar("checking")
