"""``salescoach check``: validate every file of the repository."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.output import FormatTextJson
from salescoach.cli.state import state
from salescoach.i18n import N_

if TYPE_CHECKING:
    from salescoach.usecases.check import CheckResult

StrictOption = Annotated[
    bool, typer.Option("--strict", help=N_("Exit 1 on warnings too (e.g. a skipped 1:1)."))
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help=N_("Read every file, ignoring and not writing the cache in .salescoach-cache/."),
    ),
]


HELP = N_(
    "Validate every file: syntax, keys, values, IDs and the links between files.\n\n"
    "Prints every problem as `path:line:col: CODE message`, sorted by file and line, then a "
    "summary. Exits 0 when there are no errors, 1 when there are (or warnings with --strict)."
)
"""The command's help (a text of the catalog, so ``--lang hu check --help`` is Hungarian)."""


def check(
    ctx: typer.Context,
    output_format: FormatTextJson = "text",
    strict: StrictOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """``salescoach check`` (its help is ``HELP``)."""
    from salescoach.usecases.check import check_repository

    layout, today = state(ctx).layout(), state(ctx).today
    result = check_repository(layout, today=today, progress=_progress_bar(), use_cache=not no_cache)
    if output_format == "json":
        from salescoach.cli.output import emit_json

        emit_json(_as_json(result))
    else:
        _print(result)
    if result.errors or (strict and result.warnings):
        raise typer.Exit(1)


def _as_json(result: CheckResult) -> dict[str, object]:
    """``check --format json``: the counts and every diagnostic."""
    return {
        "files": result.files,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "diagnostics": [d.as_dict() for d in result.diagnostics],
    }


def _print(result: CheckResult) -> None:
    """Every diagnostic on stderr (errors red, warnings yellow), then the summary line."""
    from salescoach.cli.output import stderr

    console = stderr()
    for d in result.diagnostics:
        style = "red" if d.severity == "error" else "yellow"
        console.print(str(d), style=style, markup=False, highlight=False)
    style = "bold red" if result.errors else "green"
    console.print(check_summary(result), style=style, markup=False)


def check_summary(result: CheckResult) -> str:
    """``checked 1 file: 0 errors, 1 warning``."""
    from salescoach.formats import plural
    from salescoach.i18n import _

    return _("checked {files}: {errors}, {warnings}").format(
        files=plural(result.files, "file"),
        errors=plural(len(result.errors), "error"),
        warnings=plural(len(result.warnings), "warning"),
    )


def _progress_bar() -> Callable[[int, int], None] | None:
    """A progress callback drawing a bar on stderr when it is a terminal, else None."""
    import sys

    if not sys.stderr.isatty():
        return None
    from salescoach.cli.progress import ProgressBar
    from salescoach.i18n import _

    return ProgressBar(_("checking"))
