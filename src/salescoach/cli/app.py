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
    """Loads command groups when they are used, and turns every failure into one clear
    message on stderr and an exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        loaded = super().list_commands(ctx)
        return [*loaded, *(name for name in LAZY_GROUPS if name not in loaded)]

    def get_command(self, ctx: Any, name: str) -> Any:
        if name in LAZY_GROUPS and name not in self.commands:
            self.add_command(_lazy_group(name), name)
        return super().get_command(ctx, name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as exc:  # "No such command": suggest groups not loaded
            message = getattr(exc, "message", "")
            if args and message.startswith("No such command") and "Did you mean" not in message:
                import difflib

                matches = difflib.get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    names = ", ".join(repr(m) for m in matches)
                    exc.message = f"{message.rstrip('.')}. Did you mean {names}?"
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Plain `--help`'s command list, without loading every group for its help line."""
        rows = [
            (name, LAZY_GROUPS[name][1])
            if name in LAZY_GROUPS and name not in self.commands
            else (name, self.commands[name].get_short_help_str(80))
            for name in self.list_commands(ctx)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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


MARKUP_MODE: Any = "markdown" if sys.stdout.isatty() else None
"""Boxed, reflowed help on a terminal; plain text (and no rich import) when piped."""

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
    rich_markup_mode=MARKUP_MODE,
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


LAZY_GROUPS: dict[str, tuple[str, str]] = {
    "schedule": ("salescoach.cli.schedule", "When each 1:1 is due, how often and why."),
    "calendar": ("salescoach.cli.calendar", "Calendar files of the upcoming 1:1s."),
    "meeting": ("salescoach.cli.meeting", "Planned 1:1s: move them, never skip them."),
    "rate": ("salescoach.cli.rate", "Rate each rep 1-4 at a 1:1, and see the ratings."),
    "agenda": ("salescoach.cli.agenda", "The agenda of the next 1:1."),
    "goal": (
        "salescoach.cli.goal",
        "Record the results of the reps' 30-day goals and the manager's help.",
    ),
    "action": ("salescoach.cli.action", "Add the actions agreed at 1:1s, and mark them done."),
    "actions": ("salescoach.cli.actions", "Every open action across managers, the coach's first."),
    "coach": ("salescoach.cli.coach", "The coach's own scorecard: 1:1s, actions, goals, help."),
    "deal": ("salescoach.cli.deal", "Strategies for large deals: note them, mark them done."),
    "funnel": ("salescoach.cli.funnel", "Import CRM exports and review the sales funnel."),
    "manager": ("salescoach.cli.manager", "Add a manager, or record that one left the role."),
    "rep": ("salescoach.cli.rep", "Add a rep, move one to another team, or record that one left."),
    "team": ("salescoach.cli.team", "Set up teams from a CSV of managers and reps."),
}
"""The command groups, loaded only when used (their modules' `app`), with the line that
`salescoach --help` shows for each: so help and every command load one group, not all."""


def _lazy_group(name: str) -> Any:
    """Import a command group's module and build its click group, help mode as the app's."""
    import importlib

    from typer.main import get_group

    module = importlib.import_module(LAZY_GROUPS[name][0])
    group = get_group(module.app)
    group.name = name
    for command in [group, *group.commands.values()]:
        setattr(command, "rich_markup_mode", MARKUP_MODE)  # noqa: B010 (typer's own attribute)
    return group


def _register() -> None:
    from salescoach.cli import check, init, schema

    app.command("check")(check.check)
    app.command("init")(init.init)
    app.command("schema")(schema.schema)


_register()


def main() -> None:
    """The console script's entry point."""
    app(prog_name="salescoach")
