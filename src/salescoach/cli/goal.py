"""``salescoach goal grade``: record whether a rep's 30-day goal was met, where it was set."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from salescoach.cli.options import FilesCommitOption, ManagerArg, complete_goal
from salescoach.cli.state import state
from salescoach.i18n import N_

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.goals import GoalGraded

app = typer.Typer(
    name="goal",
    help=N_("The reps' 30-day goals: record their results without editing files by hand."),
    no_args_is_help=True,
)

GoalArg = Annotated[
    str,
    typer.Argument(
        help=N_(
            "The goal as `agenda next` shows it: the date of the 1:1 that set it and its "
            "number there, e.g. 2026-11-23#1."
        ),
        show_default=False,
        autocompletion=complete_goal,
    ),
]
ResultArg = Annotated[
    Literal["met", "partly", "missed"],
    typer.Argument(help=N_("met, partly or missed."), show_default=False),
]
HelpOption = Annotated[
    Literal["yes", "partly", "no"] | None,
    typer.Option(
        "--help-delivered",
        help=N_("Did the manager give the help promised with the goal: yes, partly or no."),
        show_default=False,
    ),
]


GRADE_HELP = N_(
    "Record the RESULT of a rep's GOAL in the meeting file that set it, and whether the "
    "manager gave the help promised (--help-delivered).\n\n"
    "Only those lines change (atomic, locked, verified); grading again replaces them and "
    "says old → new."
)


def grade(
    ctx: typer.Context,
    manager: ManagerArg,
    goal: GoalArg,
    result: ResultArg,
    help_delivered: HelpOption = None,
    commit: FilesCommitOption = False,
) -> None:
    """The command (its help is ``GRADE_HELP``)."""
    from salescoach.cli.output import say
    from salescoach.usecases import write_commits as commits
    from salescoach.usecases.goals import grade_goal

    st = state(ctx)
    layout = st.layout()
    graded = grade_goal(layout, manager, goal, result, st.today, help_delivered)
    say(_graded(layout, graded))
    if commit and graded.changed:
        message = commits.goal_message(manager, graded)
        say(commits.commit_written(layout, [graded.path], message).said)


def _graded(layout: Layout, graded: GoalGraded) -> str:
    """What grading did, in one sentence."""
    from salescoach.i18n import _
    from salescoach.render.goals import result_word

    what = f"{graded.ref} ({graded.rep}: {graded.goal})"
    words = {"what": what, "result": result_word(graded.result), "help": _help(graded)}
    if not graded.changed:
        return _("{what} was already graded {result}{help}; nothing changed").format(**words)
    path = layout.rel(graded.path)
    if graded.old is None or graded.old == graded.result:
        return _("graded {what}: {result}{help}, in {path}").format(**words, path=path)
    old = result_word(graded.old)
    return _("regraded {what}: {old} → {result}{help}, in {path}").format(
        **words, old=old, path=path
    )


def _help(graded: GoalGraded) -> str:
    """``, help delivered: yes`` (or ``no → yes`` when it changed); empty when not graded."""
    from salescoach.i18n import _
    from salescoach.render.goals import help_word

    if graded.help_delivered is None:
        return ""
    new, old = help_word(graded.help_delivered), help_word(graded.old_help)
    if graded.old_help in (None, graded.help_delivered):
        return _(", help delivered: {new}").format(new=new)
    return _(", help delivered: {old} → {new}").format(old=old, new=new)


app.command("grade", help=GRADE_HELP)(grade)
