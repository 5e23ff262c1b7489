"""``salescoach plan add`` / ``plan done``: the manager's development plan, kept in their
file (``development_plan:``) and shown in topic 4 of every agenda."""

from __future__ import annotations

from typing import Annotated

import typer

from salescoach.cli.options import FilesCommitOption, ManagerArg
from salescoach.cli.state import state
from salescoach.i18n import N_

app = typer.Typer(
    name="plan",
    help=N_("The manager's development plan: what, by when, done or dropped."),
    no_args_is_help=True,
)

TextArg = Annotated[
    str, typer.Argument(help=N_("What the manager will do or learn."), show_default=False)
]
DueOption = Annotated[
    str, typer.Option("--due", metavar="YYYY-MM-DD", help=N_("By when."), show_default=False)
]
ItemArg = Annotated[
    str,
    typer.Argument(
        help=N_(
            "The item's number as `agenda next` shows it (e.g. 2 or '#2'), or words of "
            "its text that name one item."
        ),
        show_default=False,
    ),
]
DroppedOption = Annotated[
    bool, typer.Option("--dropped", help=N_("Drop the item instead: it no longer applies."))
]


ADD_HELP = N_(
    "Add an open item to MANAGER's development plan (`development_plan:` in their file).\n\n"
    "Only the new lines are added (atomic, locked, verified); every agenda shows the "
    "plan."
)


def add(
    ctx: typer.Context,
    manager: ManagerArg,
    text: TextArg,
    due: DueOption,
    commit: FilesCommitOption = False,
) -> None:
    """The command (its help is ``ADD_HELP``)."""
    from salescoach.cli.output import say
    from salescoach.cli.state import parse_date
    from salescoach.render.plans import added_text
    from salescoach.usecases import write_commits as commits
    from salescoach.usecases.plans import add_plan_item

    st = state(ctx)
    layout = st.layout()
    added = add_plan_item(layout, manager, text, parse_date(due, "--due"), st.today)
    say(added_text(layout, added))
    if commit:
        say(commits.commit_written(layout, [added.path], commits.plan_added_message(added)).said)


DONE_HELP = N_(
    "Mark ITEM of MANAGER's development plan done (or --dropped), recording the day.\n\n"
    "Only the item's `status` and `closed` lines change (atomic, locked, verified)."
)


def done(
    ctx: typer.Context,
    manager: ManagerArg,
    item: ItemArg,
    dropped: DroppedOption = False,
    commit: FilesCommitOption = False,
) -> None:
    """The command (its help is ``DONE_HELP``)."""
    from salescoach.cli.output import say
    from salescoach.render.plans import closed_text
    from salescoach.usecases import write_commits as commits
    from salescoach.usecases.plans import close_plan_item

    st = state(ctx)
    layout = st.layout()
    closed = close_plan_item(layout, manager, item, "dropped" if dropped else "done", st.today)
    say(closed_text(layout, closed))
    if commit and closed.changed:
        message = commits.plan_closed_message(closed)
        say(commits.commit_written(layout, [closed.path], message).said)


app.command("add", help=ADD_HELP)(add)
app.command("done", help=DONE_HELP)(done)
