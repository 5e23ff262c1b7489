"""``salescoach goal grade``: record whether a rep's 30-day goal was met, where it was set."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from salescoach.cli.options import ManagerArg
from salescoach.cli.state import state

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.goals import GoalGraded

app = typer.Typer(
    name="goal",
    help="The reps' 30-day goals: record their results without editing files by hand.",
    no_args_is_help=True,
)

GoalArg = Annotated[
    str,
    typer.Argument(
        help="The goal as `agenda next` shows it: the date of the 1:1 that set it and its "
        "number there, e.g. 2026-11-23#1.",
        show_default=False,
    ),
]
ResultArg = Annotated[
    Literal["met", "partly", "missed"],
    typer.Argument(help="met, partly or missed.", show_default=False),
]
HelpOption = Annotated[
    Literal["yes", "partly", "no"] | None,
    typer.Option(
        "--help-delivered",
        help="Did the manager give the help promised with the goal: yes, partly or no.",
        show_default=False,
    ),
]


def grade(
    ctx: typer.Context,
    manager: ManagerArg,
    goal: GoalArg,
    result: ResultArg,
    help_delivered: HelpOption = None,
) -> None:
    """Record the RESULT of a rep's GOAL in the meeting file that set it, and whether the
    manager gave the help promised (--help-delivered).

    Only those lines change (atomic, locked, verified); grading again replaces them and
    says old → new.
    """
    from salescoach.cli.output import say
    from salescoach.usecases.goals import grade_goal

    st = state(ctx)
    layout = st.layout()
    say(_graded(layout, grade_goal(layout, manager, goal, result, st.today, help_delivered)))


def _graded(layout: Layout, graded: GoalGraded) -> str:
    """What grading did, in one sentence."""
    what = f"{graded.ref} ({graded.rep}: {graded.goal})"
    help_ = _help(graded)
    if not graded.changed:
        return f"{what} was already graded {graded.result}{help_}; nothing changed"
    where = f", in {layout.rel(graded.path)}"
    if graded.old is None:
        return f"graded {what}: {graded.result}{help_}{where}"
    if graded.old == graded.result:
        return f"graded {what}: {graded.result}{help_}{where}"
    return f"regraded {what}: {graded.old} → {graded.result}{help_}{where}"


def _help(graded: GoalGraded) -> str:
    """``, help delivered: yes`` (or ``no → yes`` when it changed); empty when not graded."""
    new = graded.help_delivered
    if new is None:
        return ""
    old = graded.old_help
    return f", help delivered: {new}" if old in (None, new) else f", help delivered: {old} → {new}"


app.command("grade")(grade)
