"""``salescoach goal grade``: record whether a rep's 30-day goal was met, where it was set."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from salescoach.cli.state import state

if TYPE_CHECKING:
    from pathlib import Path

    from salescoach.store import Layout

app = typer.Typer(
    name="goal",
    help="The reps' 30-day goals: record their results without editing files by hand.",
    no_args_is_help=True,
)


def open_refs(layout: Layout, manager_id: str, today: date, what: Literal["goal", "action"]) -> str:
    """The references of the manager's open goals or actions in recent meetings, for hints."""
    from salescoach import references, store

    meetings, _problems = store.load_recent_meetings(layout, manager_id, today=today)
    if what == "goal":
        refs = [
            references.item_ref(m.date, i)
            for m in meetings
            for i, g in enumerate(m.goals)
            if g.result is None and g.goal.strip()
        ]
    else:
        refs = [
            references.item_ref(m.date, i)
            for m in meetings
            for i, a in enumerate(m.actions)
            if not a.done and a.do.strip()
        ]
    if not refs:
        return f"{manager_id} has no open {what}s in recent meetings"
    shown = ", ".join(refs[-12:])
    return f"open {what}s of {manager_id}: {shown}"


def locate(
    layout: Layout, manager_id: str, ref: str, what: Literal["goal", "action"], today: date
) -> tuple[Path, int]:
    """The meeting file and the 0-based index that ``ref`` (DATE#N) names."""
    from salescoach import references, store
    from salescoach.errors import NotFound, UsageError

    store.require_id(manager_id, "manager")
    store.require_manager(layout, manager_id)
    parsed = references.parse_ref(ref)
    if parsed is None:
        raise UsageError(
            f"'{ref}' is not {'an' if what == 'action' else 'a'} {what} reference; "
            "write it as MEETING-DATE#N, "
            "e.g. 2026-11-23#1, as `salescoach agenda next` shows it",
            hint=open_refs(layout, manager_id, today, what),
        )
    day, index = parsed
    path = layout.meeting_file(manager_id, day)
    if not path.exists():
        raise NotFound(
            f"no {what} {ref}: {manager_id} has no meeting on {day.isoformat()} "
            f"({layout.rel(path)} does not exist)",
            hint=open_refs(layout, manager_id, today, what),
        )
    return path, index


def grade(
    ctx: typer.Context,
    manager: Annotated[str, typer.Argument(help="The manager's ID.", show_default=False)],
    goal: Annotated[
        str,
        typer.Argument(
            help="The goal as `agenda next` shows it: the date of the 1:1 that set it and its "
            "number there, e.g. 2026-11-23#1.",
            show_default=False,
        ),
    ],
    result: Annotated[
        Literal["met", "partly", "missed"],
        typer.Argument(help="met, partly or missed.", show_default=False),
    ],
) -> None:
    """Record the RESULT of a rep's GOAL in the meeting file that set it.

    Only the goal's `result` line changes (atomic, locked, verified); grading it again
    replaces the result and says old → new.
    """
    from salescoach.cli.output import say
    from salescoach.errors import NotFound
    from salescoach.models import Meeting
    from salescoach.yamledit import EditableDocument, edit_yaml_file

    st = state(ctx)
    layout = st.layout()
    path, index = locate(layout, manager, goal, "goal", st.today)

    def change(doc: EditableDocument) -> tuple[str | None, str, str]:
        goals = doc.get(("goals",), [])
        if not isinstance(goals, list) or index >= len(goals):
            count = len(goals) if isinstance(goals, list) else 0
            raise NotFound(
                f"no goal {goal}: the 1:1 of {path.stem} has {count} goal{'s' * (count != 1)}",
                hint=open_refs(layout, manager, st.today, "goal"),
            )
        item = goals[index]
        old = item.get("result")
        if old != result:
            doc.set(("goals", index, "result"), result)
        return old, str(item.get("rep", "")), str(item.get("goal", ""))

    edited = edit_yaml_file(layout, path, change, model=Meeting)
    old, rep, text = edited.value
    what = f"{goal} ({rep}: {text})"
    if old == result:
        say(f"{what} was already graded {result}; nothing changed")
    elif old is None:
        say(f"graded {what}: {result}, in {layout.rel(path)}")
    else:
        say(f"regraded {what}: {old} → {result}, in {layout.rel(path)}")


app.command("grade")(grade)
