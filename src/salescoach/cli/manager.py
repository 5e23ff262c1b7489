"""``salescoach manager add`` and ``manager leave``: managers who join and who leave the role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from salescoach.cli.changes import report_change
from salescoach.cli.options import EmailOption, FilesCommitOption, ManagerArg
from salescoach.i18n import N_

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="manager",
    help=N_("Add a manager, or record that one left the role."),
    no_args_is_help=True,
)

NameArg = Annotated[
    str, typer.Argument(help=N_('The manager\'s name, e.g. "Kovács Éva".'), show_default=False)
]
IdOption = Annotated[
    str | None,
    typer.Option(
        "--id", help=N_("The ID (default: from the name, e.g. kovacs-eva)."), show_default=False
    ),
]
LevelOption = Annotated[
    Literal["new", "developing", "experienced"] | None,
    typer.Option("--level", help=N_("new, developing or experienced: sets how often you meet.")),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--in-role-since", metavar="YYYY-MM-DD", help=N_("When they became a manager.")),
]
StyleOption = Annotated[
    Literal["directing", "coaching", "supporting", "delegating"] | None,
    typer.Option("--style", help=N_("Your coaching style with them (default: coaching).")),
]
LeftOption = Annotated[
    str,
    typer.Option(
        "--date",
        "-d",
        metavar="YYYY-MM-DD",
        help=N_("Their first day no longer in the role."),
        show_default=False,
    ),
]


ADD_HELP = N_(
    "Add a manager: creates managers/ID.yaml with no reps yet (add them with `rep add`).\n\n"
    "The ID comes from the name (Kovács Éva → kovacs-eva) unless --id gives it."
)


@app.command("add", help=ADD_HELP)
def manager_add(
    ctx: typer.Context,
    name: NameArg,
    manager_id: IdOption = None,
    level: LevelOption = None,
    in_role_since: SinceOption = None,
    style: StyleOption = None,
    email: EmailOption = None,
    commit: FilesCommitOption = False,
) -> None:
    """The command (its help is ``ADD_HELP``)."""
    from salescoach.cli.state import parse_date, state
    from salescoach.usecases import team

    since = parse_date(in_role_since, "--in-role-since") if in_role_since else None
    layout = state(ctx).layout()
    change = team.add_manager(
        layout,
        name,
        manager_id=manager_id,
        level=level,
        in_role_since=since,
        style=style,
        email=email,
    )
    report_change(ctx, change, commit)


LEAVE_HELP = N_(
    "Record that MANAGER left the role on --date; refused while they still have reps.\n\n"
    "Their file and 1:1 notes stay; move their reps first with `rep move`."
)


@app.command("leave", help=LEAVE_HELP)
def manager_leave(
    ctx: typer.Context, manager: ManagerArg, on: LeftOption, commit: FilesCommitOption = False
) -> None:
    """The command (its help is ``LEAVE_HELP``)."""
    from salescoach.cli.state import parse_date, state
    from salescoach.usecases import team

    day = parse_date(on, "--date")
    change = team.manager_leaves(state(ctx).layout(), manager, day=day)
    report_change(ctx, change, commit)
