"""``salescoach action add`` / ``action done``: record an action agreed at a 1:1, and mark
one done, in the meeting that recorded it."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from salescoach.cli.options import ManagerArg
from salescoach.cli.state import state

app = typer.Typer(
    name="action",
    help="The actions agreed at 1:1s, the coach's own included: add them, mark them done.",
    no_args_is_help=True,
)

ActionArg = Annotated[
    str,
    typer.Argument(
        help="The action as `agenda next` shows it: the date of the 1:1 that recorded it "
        "and its number there, e.g. 2026-11-23#2.",
        show_default=False,
    ),
]

TextArg = Annotated[str, typer.Argument(help="What is to be done.", show_default=False)]
OwnerOption = Annotated[
    Literal["coach", "manager"],
    typer.Option("--owner", help="Who does it: coach or manager.", show_default=False),
]
DueOption = Annotated[
    str, typer.Option("--due", metavar="YYYY-MM-DD", help="By when.", show_default=False)
]


def add(
    ctx: typer.Context, manager: ManagerArg, text: TextArg, owner: OwnerOption, due: DueOption
) -> None:
    """Add an action to `actions:` of MANAGER's planned 1:1, else of the latest held one.

    Only the new line is added (atomic, locked, verified); the next `agenda next` shows it.
    """
    from salescoach.cli.output import say
    from salescoach.cli.state import parse_date
    from salescoach.render.actions import added_text
    from salescoach.usecases.actions import add_action

    st = state(ctx)
    layout = st.layout()
    added = add_action(layout, manager, text, owner, parse_date(due, "--due"), st.today)
    say(added_text(layout, added))


def done(ctx: typer.Context, manager: ManagerArg, action: ActionArg) -> None:
    """Mark ACTION done in the meeting file that recorded it.

    Only the action's `done` value changes (atomic, locked, verified).
    """
    from salescoach.cli.output import say
    from salescoach.usecases.goals import mark_action_done

    st = state(ctx)
    layout = st.layout()
    marked = mark_action_done(layout, manager, action, st.today)
    what = f"{marked.ref} ({marked.owner}: {marked.action})"
    if marked.was_done:
        say(f"{what} was already done; nothing changed")
    else:
        say(f"done: {what}, in {layout.rel(marked.path)}")


app.command("add")(add)
app.command("done")(done)
