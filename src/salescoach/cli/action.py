"""``salescoach action done``: mark an agreed action done, in the meeting that recorded it."""

from __future__ import annotations

from typing import Annotated

import typer

from salescoach.cli.options import ManagerArg
from salescoach.cli.state import state

app = typer.Typer(
    name="action",
    help="The actions agreed at 1:1s, the coach's own included: mark them done.",
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


app.command("done")(done)
