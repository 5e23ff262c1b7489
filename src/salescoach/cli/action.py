"""``salescoach action done``: mark an agreed action done, in the meeting that recorded it."""

from __future__ import annotations

from typing import Annotated

import typer

from salescoach.cli.state import state

app = typer.Typer(
    name="action",
    help="The actions agreed at 1:1s, the coach's own included: mark them done.",
    no_args_is_help=True,
)


def done(
    ctx: typer.Context,
    manager: Annotated[str, typer.Argument(help="The manager's ID.", show_default=False)],
    action: Annotated[
        str,
        typer.Argument(
            help="The action as `agenda next` shows it: the date of the 1:1 that recorded it "
            "and its number there, e.g. 2026-11-23#2.",
            show_default=False,
        ),
    ],
) -> None:
    """Mark ACTION done in the meeting file that recorded it.

    Only the action's `done` value changes (atomic, locked, verified).
    """
    from salescoach.cli.goal import locate, open_refs
    from salescoach.cli.output import say
    from salescoach.errors import NotFound
    from salescoach.models import Meeting
    from salescoach.yamledit import EditableDocument, edit_yaml_file

    st = state(ctx)
    layout = st.layout()
    path, index = locate(layout, manager, action, "action", st.today)

    def change(doc: EditableDocument) -> tuple[bool, str, str]:
        actions = doc.get(("actions",), [])
        if not isinstance(actions, list) or index >= len(actions):
            count = len(actions) if isinstance(actions, list) else 0
            raise NotFound(
                f"no action {action}: the 1:1 of {path.stem} has "
                f"{count} action{'s' * (count != 1)}",
                hint=open_refs(layout, manager, st.today, "action"),
            )
        item = actions[index]
        was_done = bool(item.get("done", False))
        if not was_done:
            doc.set(("actions", index, "done"), True)
        return was_done, str(item.get("owner", "")), str(item.get("do", ""))

    edited = edit_yaml_file(layout, path, change, model=Meeting)
    was_done, owner, text = edited.value
    what = f"{action} ({owner}: {text})"
    if was_done:
        say(f"{what} was already done; nothing changed")
    else:
        say(f"done: {what}, in {layout.rel(path)}")


app.command("done")(done)
