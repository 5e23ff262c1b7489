"""``salescoach team import``: managers and reps from a CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from salescoach.cli.options import FilesCommitOption

app = typer.Typer(
    name="team", help="Set up teams from a CSV of managers and reps.", no_args_is_help=True
)

FileArg = Annotated[
    Path,
    typer.Argument(
        help="A CSV with a manager and a rep column (e.g. sales_teams.csv).", show_default=False
    ),
]


@app.command("import")
def team_import(ctx: typer.Context, file: FileArg, commit: FilesCommitOption = False) -> None:
    """Add the managers and reps of FILE that the repository does not have yet.

    Columns by header: manager; rep (or sales_agent, or name); optional email, crm_name,
    monthly_target; others are ignored. All or nothing; running it again changes nothing.
    A rep already in another team is reported, not moved.
    """
    from salescoach.cli.output import say
    from salescoach.cli.state import state
    from salescoach.render.team import import_lines
    from salescoach.usecases import team, team_import

    layout = state(ctx).layout()
    done = team_import.import_team(layout, file)
    say("\n".join(import_lines(layout, done)))
    if commit and done.paths:
        change = team.TeamChange(f"imported the teams of {file.name}", tuple(done.paths), "")
        committed = team.commit_change(layout, change)
        say(f"committed {committed.short}: {committed.message}")
