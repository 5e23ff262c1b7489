"""The ``salescoach`` command: global options, error handling, and the list of commands.

Each command lives in a module named after it and imports the library lazily, so that
``salescoach --help`` stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from salescoach import __version__
from salescoach.cli.state import State, parse_date
from salescoach.errors import SalescoachError


class SalescoachGroup(TyperGroup):
    """Turns every failure into one clear message on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except SalescoachError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _stderr("salescoach: interrupted; nothing was left half-written")
            raise typer.Exit(130) from None
        except Exception as exc:
            if _debug(ctx):
                raise
            _stderr(
                f"salescoach: unexpected error ({type(exc).__name__}: {exc}). "
                "Run the command again with --debug to see the details, and please report it."
            )
            raise typer.Exit(2) from None


def _debug(ctx: Any) -> bool:
    obj = ctx.find_root().obj
    return bool(getattr(obj, "debug", False)) or "--debug" in sys.argv


def _stderr(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def report_error(exc: SalescoachError) -> None:
    """Print an error, its hint and (for an invalid repository) the diagnostics behind it."""
    from salescoach.errors import InvalidRepo

    lines = [f"error: {exc.message}"]
    if isinstance(exc, InvalidRepo):
        from salescoach.diagnostics import sort_diagnostics

        shown = sort_diagnostics(exc.diagnostics)
        lines += [f"  {d}" for d in shown[:20]]
        if len(shown) > 20:
            lines.append(f"  … and {len(shown) - 20} more")
    if exc.hint:
        lines.append(f"hint: {exc.hint}")
    _stderr("\n".join(lines))


app = typer.Typer(
    cls=SalescoachGroup,
    name="salescoach",
    help=(
        "Coach your sales managers from plain files in git: a stable rhythm of 1:1s, "
        "an agenda for each, 1-4 ratings of every rep, and funnel reviews."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Boxed, reflowed help on a terminal; plain text (and no rich import) when piped.
    rich_markup_mode="markdown" if sys.stdout.isatty() else None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"salescoach {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            "-C",
            help="The salescoach repository. Default: $SALESCOACH_REPO, else the nearest "
            "folder upwards that holds salescoach.yaml.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="YYYY-MM-DD",
            help="Act as if today were this date (for reproducible runs). Default: today.",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Coach your sales managers from plain files in git."""
    import datetime as dt

    try:
        day = parse_date(today, "--today") if today else dt.date.today()
    except SalescoachError as exc:
        report_error(exc)
        raise typer.Exit(exc.exit_code) from None
    ctx.obj = State(repo_arg=repo, today=day, debug=debug)


def _register() -> None:
    from salescoach.cli import check, init, schema

    app.command("check")(check.check)
    app.command("init")(init.init)
    app.command("schema")(schema.schema)
    from salescoach.cli import schedule

    app.add_typer(schedule.app, name="schedule")
    from salescoach.cli import calendar

    app.add_typer(calendar.app, name="calendar")
    from salescoach.cli import meeting

    app.add_typer(meeting.app, name="meeting")
    from salescoach.cli import rate

    app.add_typer(rate.app, name="rate")
    from salescoach.cli import agenda

    app.add_typer(agenda.app, name="agenda")
    from salescoach.cli import action, goal

    app.add_typer(goal.app, name="goal")
    app.add_typer(action.app, name="action")
    from salescoach.cli import funnel

    app.add_typer(funnel.app, name="funnel")


_register()


def main() -> None:
    """The console script's entry point."""
    app(prog_name="salescoach")
