"""The options and arguments several commands share, defined once (the output formats are
in ``cli.output``). A command's own options are aliases at the top of its module."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import typer

from salescoach.i18n import N_


def _completion_layout(ctx: typer.Context) -> Any:
    """The repository a completion looks in (``--repo`` if typed, else as usual), or None."""
    from salescoach.errors import SalescoachError
    from salescoach.store import Layout, find_root

    try:
        return Layout(find_root(ctx.find_root().params.get("repo")))
    except SalescoachError:
        return None


def complete_manager(ctx: typer.Context, incomplete: str) -> list[str]:
    """Manager IDs for the shell (imported only when completing: start-up stays quick)."""
    from salescoach.usecases import completion

    layout = _completion_layout(ctx)
    return [] if layout is None else completion.manager_ids(layout)


def complete_rep(ctx: typer.Context, incomplete: str) -> list[str]:
    """Rep IDs for the shell: the team of the manager typed (argument or --manager), else all."""
    from salescoach.usecases import completion

    layout = _completion_layout(ctx)
    manager = ctx.params.get("manager") or ctx.params.get("manager_id")
    return [] if layout is None else completion.rep_ids(layout, manager)


def _complete_items(ctx: typer.Context, kind: Literal["goals", "actions"]) -> list[tuple[str, str]]:
    """The references of the typed manager's latest 1:1s, with their texts."""
    from salescoach.usecases import completion

    layout = _completion_layout(ctx)
    manager = ctx.params.get("manager")
    if layout is None or not manager:
        return []
    return completion.item_refs(layout, manager, kind)


def complete_goal(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """GOAL references (DATE#N) for the shell, from the manager's latest 1:1s."""
    return _complete_items(ctx, "goals")


def complete_action(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """ACTION references (DATE#N) for the shell, from the manager's latest 1:1s."""
    return _complete_items(ctx, "actions")


ManagerArg = Annotated[
    str,
    typer.Argument(
        help=N_("The manager's ID, e.g. anna-kovacs."),
        show_default=False,
        autocompletion=complete_manager,
    ),
]
"""A required manager ID."""

OptionalManagerArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[MANAGER]",
        help=N_("One manager's ID; default: every manager."),
        show_default=False,
        autocompletion=complete_manager,
    ),
]
"""A manager ID that narrows a command about every manager to one."""

DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        metavar="YYYY-MM-DD",
        help=N_("The 1:1 to record it in. Default: today's 1:1, else the latest planned one."),
        show_default=False,
    ),
]
"""The 1:1 a write goes to, by its date (parsed with ``cli.state.parse_date``)."""


def _commit_ready(ctx: typer.Context, commit: bool) -> bool:
    """With ``--commit``, refuse before the command writes anything when git cannot commit on
    a branch now (a merge, rebase, cherry-pick, revert or bisect under way, a detached HEAD,
    no work tree): the option's callback runs before the command's body."""
    if commit and not ctx.resilient_parsing:
        from salescoach.cli.changes import commit_ready

        commit_ready(ctx, commit)
    return commit


CommitOption = Annotated[
    bool,
    typer.Option(
        "--commit",
        help=N_("Commit just this meeting file to git afterwards."),
        callback=_commit_ready,
    ),
]
"""Commit the one file written, and nothing else of the work tree."""

FilesCommitOption = Annotated[
    bool,
    typer.Option(
        "--commit",
        help=N_("Commit just the files written to git afterwards."),
        callback=_commit_ready,
    ),
]
"""Commit the files a command wrote (one or several), and nothing else of the work tree."""

EmailOption = Annotated[str | None, typer.Option("--email", help=N_("Their e-mail address."))]
"""A person's e-mail address (managers and reps)."""
