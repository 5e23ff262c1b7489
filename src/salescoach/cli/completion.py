"""``salescoach completion bash|zsh|fish``: print the shell's completion script, and answer
the shell when it asks (``_SALESCOACH_COMPLETE`` set): the app hands that over to ``answer``."""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from typing import Any

import typer

from salescoach.i18n import N_, _

PROG_NAME = "salescoach"
COMPLETE_VAR = "_SALESCOACH_COMPLETE"

app = typer.Typer(
    name="completion",
    help=N_("Print the shell completion script: bash, zsh or fish."),
    no_args_is_help=True,
)


def _completion_class(shell: str) -> Any:
    """The shell's completion class, as click looks it up (typer registers its classes)."""
    from typer._click.shell_completion import get_completion_class
    from typer._completion_classes import completion_init

    completion_init()
    return get_completion_class(shell)


def script(cli: Any, shell: str) -> str:
    """The script that makes ``shell`` complete salescoach's commands, IDs and references."""
    comp = _completion_class(shell)(cli, {}, PROG_NAME, COMPLETE_VAR)
    return str(comp.source())


def answer(cli: Any, ctx_args: MutableMapping[str, Any], instruction: str) -> int:
    """Answer the shell: ``bash_complete`` (click's order) or ``complete_bash`` (typer's, as
    its scripts send), ``_source`` likewise; the exit code."""
    first, _sep, second = instruction.partition("_")
    shell, action = (first, second) if first in ("bash", "zsh", "fish") else (second, first)
    cls = _completion_class(shell) if shell in ("bash", "zsh", "fish") else None
    if cls is None or action not in ("complete", "source"):
        typer.echo(
            _("unknown completion instruction '{value}'").format(value=instruction), err=True
        )
        return 1
    comp = cls(cli, ctx_args, PROG_NAME, COMPLETE_VAR)
    typer.echo(comp.complete() if action == "complete" else comp.source())
    return 0


def requested() -> str | None:
    """The shell's instruction when it asks for completions, else None (a normal run)."""
    return os.environ.get(COMPLETE_VAR) or None


def _print(ctx: typer.Context, shell: str) -> None:
    """Print ``shell``'s script, built over the whole ``salescoach`` command."""
    typer.echo(script(ctx.find_root().command, shell))


@app.command(
    "bash", help=N_('The bash script: add `eval "$(salescoach completion bash)"` to ~/.bashrc.')
)
def bash(ctx: typer.Context) -> None:
    _print(ctx, "bash")


@app.command(
    "zsh", help=N_('The zsh script: add `eval "$(salescoach completion zsh)"` to ~/.zshrc.')
)
def zsh(ctx: typer.Context) -> None:
    _print(ctx, "zsh")


@app.command(
    "fish",
    help=N_(
        "The fish script: add `salescoach completion fish | source` to ~/.config/fish/config.fish."
    ),
)
def fish(ctx: typer.Context) -> None:
    _print(ctx, "fish")
