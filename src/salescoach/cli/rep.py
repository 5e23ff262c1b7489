"""``salescoach rep add``, ``rep move`` and ``rep leave``: reps who join, change team, leave."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.changes import report_change
from salescoach.cli.options import EmailOption, FilesCommitOption, ManagerArg
from salescoach.i18n import N_

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="rep",
    help=N_("Add a rep, move one to another team, or record that one left."),
    no_args_is_help=True,
)

RepArg = Annotated[
    str, typer.Argument(help=N_("The rep's ID, e.g. petra-nagy."), show_default=False)
]
NameArg = Annotated[
    str, typer.Argument(help=N_('The rep\'s name, e.g. "Szőke Ádám".'), show_default=False)
]
IdOption = Annotated[
    str | None,
    typer.Option(
        "--id", help=N_("The ID (default: from the name, e.g. szoke-adam)."), show_default=False
    ),
]
CrmNameOption = Annotated[
    list[str] | None,
    typer.Option(
        "--crm-name", help=N_("Their name in CRM exports (repeat for several)."), show_default=False
    ),
]
TargetOption = Annotated[
    int | None,
    typer.Option("--target", min=0, help=N_("Their monthly sales target."), show_default=False),
]
JoinedOption = Annotated[
    str | None,
    typer.Option(
        "--joined",
        metavar="YYYY-MM-DD",
        help=N_("Their first day in the team."),
        show_default=False,
    ),
]
ToOption = Annotated[
    str,
    typer.Option(
        "--to", help=N_("The ID of the manager whose team they join."), show_default=False
    ),
]
MoveDateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        metavar="YYYY-MM-DD",
        help=N_("Their first day in the new team. Default: today."),
        show_default=False,
    ),
]
LeftOption = Annotated[
    str,
    typer.Option(
        "--date",
        "-d",
        metavar="YYYY-MM-DD",
        help=N_("Their first day no longer in the team."),
        show_default=False,
    ),
]


ADD_HELP = N_(
    "Add a rep to MANAGER's team; the ID comes from the name (Szőke Ádám → szoke-adam) "
    "unless --id gives it, and is unique in the repository."
)


@app.command("add", help=ADD_HELP)
def rep_add(
    ctx: typer.Context,
    manager: ManagerArg,
    name: NameArg,
    rep_id: IdOption = None,
    crm_names: CrmNameOption = None,
    email: EmailOption = None,
    target: TargetOption = None,
    joined: JoinedOption = None,
    commit: FilesCommitOption = False,
) -> None:
    """The command (its help is ``ADD_HELP``)."""
    from salescoach.cli.state import parse_date, state
    from salescoach.usecases import team

    day = parse_date(joined, "--joined") if joined else None
    change = team.add_rep(
        state(ctx).layout(),
        manager,
        name,
        rep_id=rep_id,
        crm_names=crm_names or [],
        email=email,
        target=target,
        joined=day,
    )
    report_change(ctx, change, commit)


MOVE_HELP = N_(
    "Move REP to another manager's team from --date on; their history stays.\n\n"
    "The old team's file gets left and moved_to, the new one's a new entry with joined: "
    "both files change, or neither does."
)


@app.command("move", help=MOVE_HELP)
def rep_move(
    ctx: typer.Context,
    rep: RepArg,
    to: ToOption,
    on: MoveDateOption = None,
    commit: FilesCommitOption = False,
) -> None:
    """The command (its help is ``MOVE_HELP``)."""
    from salescoach.cli.state import parse_date, state
    from salescoach.usecases import team

    st = state(ctx)
    day = parse_date(on, "--date") if on else st.today
    report_change(ctx, team.move_rep(st.layout(), rep, to, day=day), commit)


LEAVE_HELP = N_("Record that REP left their team on --date; their ratings and goals stay.")


@app.command("leave", help=LEAVE_HELP)
def rep_leave(
    ctx: typer.Context, rep: RepArg, on: LeftOption, commit: FilesCommitOption = False
) -> None:
    """The command (its help is ``LEAVE_HELP``)."""
    from salescoach.cli.state import parse_date, state
    from salescoach.usecases import team

    day = parse_date(on, "--date")
    report_change(ctx, team.rep_leaves(state(ctx).layout(), rep, day=day), commit)
