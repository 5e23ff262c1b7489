"""``salescoach action add`` / ``action done``: record an action agreed at a 1:1, and mark
one done, in the meeting that recorded it."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from salescoach.cli.options import FilesCommitOption, ManagerArg, complete_action
from salescoach.cli.state import state
from salescoach.i18n import N_

app = typer.Typer(
    name="action",
    help=N_("The actions agreed at 1:1s, the coach's own included: add them, mark them done."),
    no_args_is_help=True,
)

ActionArg = Annotated[
    str,
    typer.Argument(
        help=N_(
            "The action as `agenda next` shows it: the date of the 1:1 that recorded it "
            "and its number there, e.g. 2026-11-23#2."
        ),
        show_default=False,
        autocompletion=complete_action,
    ),
]

TextArg = Annotated[str, typer.Argument(help=N_("What is to be done."), show_default=False)]
OwnerOption = Annotated[
    Literal["coach", "manager"],
    typer.Option("--owner", help=N_("Who does it: coach or manager."), show_default=False),
]
DueOption = Annotated[
    str, typer.Option("--due", metavar="YYYY-MM-DD", help=N_("By when."), show_default=False)
]


ADD_HELP = N_(
    "Add an action to `actions:` of MANAGER's planned 1:1, else of the latest held one.\n\n"
    "Only the new line is added (atomic, locked, verified); the next `agenda next` shows "
    "it."
)


def add(
    ctx: typer.Context,
    manager: ManagerArg,
    text: TextArg,
    owner: OwnerOption,
    due: DueOption,
    commit: FilesCommitOption = False,
) -> None:
    """The command (its help is ``ADD_HELP``)."""
    from salescoach.cli.output import say
    from salescoach.cli.state import parse_date
    from salescoach.render.actions import added_text
    from salescoach.usecases import write_commits as commits
    from salescoach.usecases.actions import add_action

    st = state(ctx)
    layout = st.layout()
    added = add_action(layout, manager, text, owner, parse_date(due, "--due"), st.today)
    say(added_text(layout, added))
    if commit:
        say(commits.commit_written(layout, [added.path], commits.action_added_message(added)).said)


DONE_HELP = N_(
    "Mark ACTION done in the meeting file that recorded it.\n\n"
    "Only the action's `done` value changes (atomic, locked, verified)."
)


def done(
    ctx: typer.Context, manager: ManagerArg, action: ActionArg, commit: FilesCommitOption = False
) -> None:
    """The command (its help is ``DONE_HELP``)."""
    from salescoach.cli.output import say
    from salescoach.i18n import _
    from salescoach.usecases import write_commits as commits
    from salescoach.usecases.goals import mark_action_done

    st = state(ctx)
    layout = st.layout()
    marked = mark_action_done(layout, manager, action, st.today)
    what = f"{marked.ref} ({marked.owner}: {marked.action})"
    if marked.was_done:
        say(_("{what} was already done; nothing changed").format(what=what))
    else:
        say(_("done: {what}, in {path}").format(what=what, path=layout.rel(marked.path)))
        if commit:
            message = commits.action_done_message(manager, marked)
            say(commits.commit_written(layout, [marked.path], message).said)


app.command("add", help=ADD_HELP)(add)
app.command("done", help=DONE_HELP)(done)
