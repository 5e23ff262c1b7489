"""``salescoach actions``: every open action across managers, the coach's own first."""

from __future__ import annotations

from typing import Annotated

import typer

from salescoach.cli.output import FormatAll
from salescoach.cli.state import state
from salescoach.i18n import N_

app = typer.Typer(
    name="actions",
    help=N_("Every open action agreed at 1:1s, across managers: the coach's own first."),
    invoke_without_command=True,
    subcommand_metavar="",
)

MineOption = Annotated[bool, typer.Option("--mine", help=N_("Only the coach's own actions."))]
OverdueOption = Annotated[
    bool, typer.Option("--overdue", help=N_("Only actions past their due date."))
]
ManagerOption = Annotated[
    str | None,
    typer.Option(
        "--manager", "-m", metavar="ID", help=N_("Only this manager's 1:1s."), show_default=False
    ),
]


@app.callback(invoke_without_command=True)
def actions(
    ctx: typer.Context,
    mine: MineOption = False,
    manager: ManagerOption = None,
    overdue: OverdueOption = False,
    output_format: FormatAll = "text",
) -> None:
    """Every open action in the managers' recent 1:1s: the coach's own first, then the oldest
    due first, overdue ones marked.

    JSON keys: today, coach, managers, count, overdue, actions (manager, manager_name, ref,
    owner, owner_name, do, due, set_on, overdue, overdue_days).
    """
    from salescoach.cli.output import emit_json, stdout, write_text
    from salescoach.render import actions as view
    from salescoach.usecases.actions import list_open_actions

    st = state(ctx)
    found = list_open_actions(st.layout(), st.today, manager_id=manager, mine=mine, overdue=overdue)
    if output_format == "json":
        emit_json(view.actions_dict(found))
    elif output_format == "markdown":
        write_text(view.actions_markdown(found))
    else:
        for part in view.actions_table(found):
            stdout().print(part)
