"""What the commands that change the team files print: what changed, the files written,
and the commit with ``--commit`` (shared by ``manager``, ``rep`` and ``team``); and the check
every ``--commit`` command makes before it writes (``commit_ready``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from salescoach.i18n import _

if TYPE_CHECKING:
    from salescoach.usecases.team import TeamChange


def report_change(ctx: typer.Context, change: TeamChange, commit: bool) -> None:
    """Say what changed and which files; commit them with ``--commit``."""
    from salescoach.cli.output import say
    from salescoach.cli.state import state
    from salescoach.render.team import change_lines
    from salescoach.usecases import team

    layout = state(ctx).layout()
    say("\n".join(change_lines(layout, change)))
    if commit:
        done = team.commit_change(layout, change)
        say(_("committed {commit}: {message}").format(commit=done.short, message=done.message))


def commit_ready(ctx: typer.Context, commit: bool) -> None:
    """With ``--commit``, refuse before anything is written when git cannot commit on a
    branch now (a merge, rebase, cherry-pick, revert or bisect under way, a detached HEAD)."""
    if commit:
        from salescoach.cli.state import state
        from salescoach.usecases.commits import ready_to_commit

        ready_to_commit(state(ctx).layout())
