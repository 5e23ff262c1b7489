"""``salescoach plan add`` / ``plan done``: the manager's development plan, kept in their
file (``development_plan:``) and shown in topic 4 of every agenda."""

from __future__ import annotations

from typing import Annotated

import typer

from salescoach.cli.options import ManagerArg
from salescoach.cli.state import state

app = typer.Typer(
    name="plan",
    help="The manager's development plan: what, by when, done or dropped.",
    no_args_is_help=True,
)

TextArg = Annotated[
    str, typer.Argument(help="What the manager will do or learn.", show_default=False)
]
DueOption = Annotated[
    str, typer.Option("--due", metavar="YYYY-MM-DD", help="By when.", show_default=False)
]
ItemArg = Annotated[
    str,
    typer.Argument(
        help="The item's number as `agenda next` shows it (e.g. 2 or '#2'), or words of "
        "its text that name one item.",
        show_default=False,
    ),
]
DroppedOption = Annotated[
    bool, typer.Option("--dropped", help="Drop the item instead: it no longer applies.")
]


def add(ctx: typer.Context, manager: ManagerArg, text: TextArg, due: DueOption) -> None:
    """Add an open item to MANAGER's development plan (`development_plan:` in their file).

    Only the new lines are added (atomic, locked, verified); every agenda shows the plan.
    """
    from salescoach.cli.output import say
    from salescoach.cli.state import parse_date
    from salescoach.render.plans import added_text
    from salescoach.usecases.plans import add_plan_item

    st = state(ctx)
    layout = st.layout()
    added = add_plan_item(layout, manager, text, parse_date(due, "--due"), st.today)
    say(added_text(layout, added))


def done(
    ctx: typer.Context, manager: ManagerArg, item: ItemArg, dropped: DroppedOption = False
) -> None:
    """Mark ITEM of MANAGER's development plan done (or --dropped), recording the day.

    Only the item's `status` and `closed` lines change (atomic, locked, verified).
    """
    from salescoach.cli.output import say
    from salescoach.render.plans import closed_text
    from salescoach.usecases.plans import close_plan_item

    st = state(ctx)
    layout = st.layout()
    closed = close_plan_item(layout, manager, item, "dropped" if dropped else "done", st.today)
    say(closed_text(layout, closed))


app.command("add")(add)
app.command("done")(done)
