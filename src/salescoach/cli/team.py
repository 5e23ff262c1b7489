"""``salescoach team import``: managers and reps from a CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from salescoach.cli.options import FilesCommitOption
from salescoach.i18n import N_

app = typer.Typer(
    name="team", help=N_("Set up teams from a CSV of managers and reps."), no_args_is_help=True
)

FileArg = Annotated[
    Path,
    typer.Argument(
        help=N_("A CSV with a manager and a rep column (e.g. sales_teams.csv)."), show_default=False
    ),
]


IMPORT_HELP = N_(
    "Add the managers and reps of FILE that the repository does not have yet.\n\n"
    "Columns by header: manager; rep (or sales_agent, or name); optional email, crm_name, "
    "monthly_target; others are ignored. All or nothing; running it again changes "
    "nothing. A rep already in another team is reported, not moved."
)


@app.command("import", help=IMPORT_HELP)
def team_import(ctx: typer.Context, file: FileArg, commit: FilesCommitOption = False) -> None:
    """The command (its help is ``IMPORT_HELP``)."""
    from salescoach.cli.output import say
    from salescoach.cli.state import state
    from salescoach.i18n import _
    from salescoach.render.team import import_lines
    from salescoach.usecases import team, team_import

    layout = state(ctx).layout()
    done = team_import.import_team(layout, file)
    say("\n".join(import_lines(layout, done)))
    if commit and done.paths:
        what = _("imported the teams of {file}").format(file=file.name)
        committed = team.commit_change(layout, team.TeamChange(what, tuple(done.paths), ""))
        say(
            _("committed {commit}: {message}").format(
                commit=committed.short, message=committed.message
            )
        )
