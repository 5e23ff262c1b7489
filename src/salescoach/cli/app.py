"""The ``salescoach`` command: global options, error handling, and the list of commands.

Each command lives in a module named after it and imports the library lazily, so that
``salescoach --help`` stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.exceptions import MissingParameter as ClickMissingParameter
from typer._click.exceptions import NoArgsIsHelpError as ClickNoArgsIsHelp
from typer._click.exceptions import NoSuchOption as ClickNoSuchOption
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from salescoach import __version__, formats, i18n
from salescoach.cli import help_words
from salescoach.cli.output import closed_pipe
from salescoach.cli.state import State, parse_date
from salescoach.errors import EXIT_INTERNAL, SalescoachError, UsageError, did_you_mean
from salescoach.i18n import N_, _


class SalescoachGroup(TyperGroup):
    """Loads command groups when they are used, speaks the language chosen, and turns every
    failure into one clear message on stderr and an exit code."""

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        """Answer the shell's completion request (``_SALESCOACH_COMPLETE``); a normal run
        imports nothing for it."""
        import os

        if not os.environ.get("_SALESCOACH_COMPLETE"):
            return  # a normal run: the completion module is not even imported
        from salescoach.cli import completion

        instruction = completion.requested()
        if instruction:
            sys.exit(completion.answer(self, ctx_args, instruction))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run in the locale's language until ``--lang`` or the repository says otherwise,
        and in English again afterwards (tests run many commands in one process)."""
        import os

        from salescoach.cli.help_language import help_language

        help_words.install()
        given = kwargs.get("args", args[0] if args else None)
        command_line = list(sys.argv[1:] if given is None else given)
        i18n.use(help_language(command_line, os.environ) or i18n.from_locale())
        self.command_line = command_line
        try:
            return super().main(*args, **kwargs)
        finally:
            i18n.use("en")
            formats.use_currency(None)
            if "salescoach.workdays" in sys.modules:  # the next command finds its own cache
                sys.modules["salescoach.workdays"].use_holiday_source(None)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except ClickNoArgsIsHelp as exc:  # bare `salescoach`: the help, on stderr, exit 2
            sys.stderr.write(exc.format_message() + "\n")
            raise typer.Exit(2) from None
        except ClickUsageError as exc:
            raise _refused(usage_refusal(exc)) from None
        except BrokenPipeError:  # `--help | head -1`: click's own answer would be exit 1
            closed_pipe()

    def list_commands(self, ctx: Any) -> list[str]:
        loaded = super().list_commands(ctx)
        return [*loaded, *(name for name in LAZY_GROUPS if name not in loaded)]

    def get_command(self, ctx: Any, name: str) -> Any:
        if name in LAZY_GROUPS and name not in self.commands:
            self.add_command(_lazy_group(name), name)
        command = super().get_command(ctx, name)
        if command is not None:
            _translate_help(command)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError:  # "No such command": suggest groups not loaded too
            if not args:
                raise
            raise no_such_command(args[0], self.list_commands(ctx), "salescoach") from None

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The help in the language in use: the app's and the global options' texts."""
        items: list[Any] = [self, *self.get_params(ctx)]
        texts = [(item, item.help) for item in items]
        try:
            for item, text in texts:
                item.help = _(text) if text else text
            super().format_help(ctx, formatter)
        finally:
            for item, text in texts:
                item.help = text

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Plain `--help`'s command list, without loading every group for its help line."""
        for command in self.commands.values():
            _translate_help(command)
        rows = [
            (name, _(LAZY_GROUPS[name][1]))
            if name in LAZY_GROUPS and name not in self.commands
            else (name, self.commands[name].get_short_help_str(80))
            for name in self.list_commands(ctx)
        ]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except ClickUsageError as exc:
            if exc.ctx is None or exc.ctx.command is self:  # an option's parse names the app
                exc.ctx = _named_context(self, ctx)
            raise _refused(usage_refusal(exc)) from None
        except SalescoachError as exc:
            raise _refused(exc) from None
        except BrokenPipeError:
            closed_pipe()
        except KeyboardInterrupt:
            _stderr(_("salescoach: interrupted; nothing was left half-written"))
            raise typer.Exit(130) from None
        except Exception as exc:
            if _debug(ctx):
                raise
            _stderr(
                _(
                    "salescoach: unexpected error ({error}). Run the command again with --debug "
                    "to see the details, and please report it."
                ).format(error=f"{type(exc).__name__}: {exc}")
            )
            raise typer.Exit(EXIT_INTERNAL) from None


def _translate_help(command: Any) -> None:
    """Put a command's help texts (its own, its options', its sub-commands') in the language in
    use, from the English ones kept aside the first time (a process may run several)."""
    for item in [command, *command.params]:
        english = item.__dict__.setdefault("_english_help", item.help)
        item.help = _(english) if english else english
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)


def _refused(exc: SalescoachError) -> typer.Exit:
    """Print ``exc`` and give the exit that ends the command with its code."""
    report_error(exc)
    return typer.Exit(exc.exit_code)


def no_such_command(name: str, known: list[str], command: str) -> UsageError:
    """``no such command 'schedul'`` with the closest commands of ``known`` as the hint (lazily
    loaded groups included), for the app's commands and a group's sub-commands alike."""
    import difflib

    matches = difflib.get_close_matches(name.lower(), known)
    hint = did_you_mean(matches) if matches else _("see `{command} --help`").format(command=command)
    return UsageError(_("no such command '{name}'").format(name=name), hint=hint)


def _typed_command(exc: ClickUsageError) -> str | None:
    """The sub-command name in click's ``No such command 'shwo'.``, if that is the refusal."""
    import re

    found = re.compile(r"No such command '(.*)'\.").match(exc.message)  # click's words
    return found.group(1) if found else None


def _named_context(root: Any, ctx: Any) -> Any:
    """A context for the innermost command the command line names (``salescoach check``
    for ``check --format``), so that the hint points at that command's help."""
    from typer._click.core import Context

    command, path = root, [ctx.command_path]
    for token in getattr(root, "command_line", []):
        sub = command.get_command(ctx, token) if hasattr(command, "get_command") else None
        if sub is not None:
            command, path = sub, [*path, token]
    return Context(command, info_name=" ".join(path))


def usage_refusal(exc: ClickUsageError) -> UsageError:
    """A command line the parser refused, in our words: ``error: invalid value for 'result':
    'done' is not one of met, partly, missed`` and a hint, instead of typer's usage block."""
    command = exc.ctx.command_path if exc.ctx else "salescoach"
    hint = _("see `{command} --help`").format(command=command)
    param = getattr(exc, "param", None)
    group: Any = exc.ctx.command if exc.ctx else None
    if hasattr(group, "list_commands") and (typed := _typed_command(exc)) is not None:
        return no_such_command(typed, group.list_commands(exc.ctx), command)
    if isinstance(exc, ClickNoArgsIsHelp):  # `salescoach rate`: the group's commands
        names = ", ".join(group.list_commands(exc.ctx))
        return UsageError(
            _("{command} needs a command: {names}").format(command=command, names=names),
            hint=hint,
        )
    if isinstance(exc, ClickNoSuchOption):
        problem = _("no such option: {option}").format(option=exc.option_name)
        hint = did_you_mean(sorted(exc.possibilities)) if exc.possibilities else hint
    elif param is None:
        problem = help_words.click_message(exc.format_message()).rstrip(".")
    elif isinstance(exc, ClickMissingParameter):
        problem = _("missing {param}").format(param=_param_name(exc, param))
    else:
        problem = _("invalid value for {param}: {problem}").format(
            param=_param_name(exc, param), problem=_value_problem(exc.message, param)
        )
    return UsageError(problem[:1].lower() + problem[1:], hint=hint)


def _param_name(exc: Any, param: Any) -> str:
    """``'result'``, ``'--format' / '-f'``: the parameter as the user wrote it."""
    name = exc.param_hint or param.get_error_hint()
    return name if isinstance(name, str) else " / ".join(name)


def _value_problem(message: str, param: Any) -> str:
    """What is wrong with a value: for a choice, ``'done' is not one of met, partly, missed``."""
    problem = message.removeprefix("Value error, ").rstrip(".")
    choices = getattr(getattr(param, "type_descriptor", None), "choices", None)
    if not choices or " is not one of " not in problem:
        return help_words.click_message(problem)
    given = problem.split(" is not one of ")[0]
    listed = _("is not one of {choices}").format(choices=", ".join(f"'{c}'" for c in choices))
    return f"{given} {listed}"


def _debug(ctx: Any) -> bool:
    obj = ctx.find_root().obj
    return bool(getattr(obj, "debug", False)) or "--debug" in sys.argv


def _stderr(text: str) -> None:
    """A message on stderr, data in it shown as text (``textsafe.visible``: no escape codes)."""
    from salescoach.textsafe import visible

    sys.stderr.write(visible(text) + "\n")
    sys.stderr.flush()


def report_error(exc: SalescoachError) -> None:
    """Print an error, its hint and (for an invalid repository) the diagnostics behind it."""
    from salescoach.errors import InvalidRepo

    lines = [_("error: {message}").format(message=exc.message)]
    if isinstance(exc, InvalidRepo):
        from salescoach.diagnostics import sort_diagnostics

        shown = sort_diagnostics(exc.diagnostics)
        lines += [f"  {d}" for d in shown[:20]]
        if len(shown) > 20:
            lines.append("  " + _("… and {count} more").format(count=len(shown) - 20))
    if exc.hint:
        lines.append(_("hint: {hint}").format(hint=exc.hint))
    _stderr("\n".join(lines))


MARKUP_MODE: Any = "markdown" if sys.stdout.isatty() else None
"""Boxed, reflowed help on a terminal; plain text (and no rich import) when piped."""

app = typer.Typer(
    cls=SalescoachGroup,
    name="salescoach",
    help=N_(
        "Coach your sales managers from plain files in git: a stable rhythm of 1:1s, "
        "an agenda for each, 1-4 ratings of every rep, and funnel reviews."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=MARKUP_MODE,
    context_settings={"help_option_names": ["-h", "--help"], "token_normalize_func": str.lower},
)
"""``token_normalize_func``: commands, options and choices read case-insensitively (``Met``)."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"salescoach {__version__}")
        raise typer.Exit()


def _language(value: str | None) -> str | None:
    """``--lang`` takes effect at once, so that ``--lang hu --help`` is in Hungarian."""
    if value:
        i18n.use(value, given=True)
    return value


RepoOption = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        "-C",
        help=N_(
            "The salescoach repository. Default: $SALESCOACH_REPO, else the nearest "
            "folder upwards that holds salescoach.yaml."
        ),
        file_okay=False,
        show_default=False,
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help=N_("Act as if today were this date (for reproducible runs). Default: today."),
        show_default=False,
    ),
]
LangOption = Annotated[
    i18n.Language | None,
    typer.Option(
        "--lang",
        help=N_(
            "The language of what you read: en or hu. Default: language in salescoach.yaml, "
            "else the locale (LANG), else English."
        ),
        callback=_language,
        is_eager=True,
        show_default=False,
    ),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help=N_("Show the traceback of an unexpected error."))
]
VersionOption = Annotated[
    bool,
    typer.Option(
        "--version", callback=_version, is_eager=True, help=N_("Print the version and exit.")
    ),
]


@app.callback()
def main_options(
    ctx: typer.Context,
    repo: RepoOption = None,
    today: TodayOption = None,
    lang: LangOption = None,
    debug: DebugOption = False,
    version: VersionOption = False,
) -> None:
    """Coach your sales managers from plain files in git."""
    import datetime as dt

    try:
        day = parse_date(today, "--today") if today else dt.date.today()
    except SalescoachError as exc:
        raise _refused(exc) from None
    ctx.obj = State(repo_arg=repo, today=day, debug=debug)
    from salescoach import workdays
    from salescoach.store import holiday_cache

    # holidays from the repository's cache: `holidays` (every country's module) only on a miss
    workdays.use_holiday_source(holiday_cache.for_repo(repo, workdays.compute_holidays))


LAZY_GROUPS: dict[str, tuple[str, str]] = {
    "schedule": ("salescoach.cli.schedule", N_("When each 1:1 is due, how often and why.")),
    "calendar": ("salescoach.cli.calendar", N_("Calendar files of the upcoming 1:1s.")),
    "meeting": ("salescoach.cli.meeting", N_("Planned 1:1s: move them, never skip them.")),
    "rate": ("salescoach.cli.rate", N_("Rate each rep 1-4 at a 1:1, and see the ratings.")),
    "agenda": ("salescoach.cli.agenda", N_("The agenda of the next 1:1.")),
    "goal": (
        "salescoach.cli.goal",
        N_("Record the results of the reps' 30-day goals and the manager's help."),
    ),
    "goals": (
        "salescoach.cli.goals",
        N_("A manager's or rep's goals over time: results, help, hit rates."),
    ),
    "plan": (
        "salescoach.cli.plan",
        N_("The manager's development plan: add items, mark them done."),
    ),
    "action": (
        "salescoach.cli.action",
        N_("Add the actions agreed at 1:1s, and mark them done."),
    ),
    "actions": (
        "salescoach.cli.actions",
        N_("Every open action across managers, the coach's first."),
    ),
    "report": (
        "salescoach.cli.report",
        N_("A one-file HTML report with charts, for the 1:1 and beyond."),
    ),
    "coach": (
        "salescoach.cli.coach",
        N_("The coach's own scorecard: 1:1s, actions, goals, help."),
    ),
    "deal": ("salescoach.cli.deal", N_("Strategies for large deals: note them, mark them done.")),
    "completion": (
        "salescoach.cli.completion",
        N_("Print the shell completion script: bash, zsh or fish."),
    ),
    "funnel": ("salescoach.cli.funnel", N_("Import CRM exports and review the sales funnel.")),
    "manager": ("salescoach.cli.manager", N_("Add a manager, or record that one left the role.")),
    "rep": (
        "salescoach.cli.rep",
        N_("Add a rep, move one to another team, or record that one left."),
    ),
    "team": ("salescoach.cli.team", N_("Set up teams from a CSV of managers and reps.")),
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

    app.command("check", help=check.HELP)(check.check)
    app.command("init", help=init.HELP)(init.init)
    app.command("schema", help=schema.HELP)(schema.schema)


_register()


def main() -> None:
    """The console script's entry point; output still buffered at the end is flushed here, so
    that a closed pipe ends quietly too (not with Python's ``Exception ignored``, exit 120)."""
    try:
        try:
            app(prog_name="salescoach")
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        closed_pipe()
