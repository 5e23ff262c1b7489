"""``salescoach meeting move``: move a planned or projected 1:1 to another day. There is no
skip."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.options import ManagerArg
from salescoach.cli.state import parse_date, state

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.meetings import MeetingMoved

app = typer.Typer(name="meeting", help="1:1s: move them, never skip them.", no_args_is_help=True)

DayArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[DATE]",
        help="The 1:1 to move (YYYY-MM-DD): a planned file or a date `schedule` projects. "
        "Default: the next one, as `schedule next` shows it.",
        show_default=False,
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="YYYY-MM-DD",
        help="The new date. Default: the next working day after DATE (not before today).",
        show_default=False,
    ),
]
BecauseOption = Annotated[
    str | None,
    typer.Option(
        "--because",
        metavar="TEXT",
        help="Why it moves (required); kept in the file as moved_because.",
        show_default=False,
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Allow a new date that is not a working day.")
]


@app.command("move")
def move(
    ctx: typer.Context,
    manager: ManagerArg,
    day: DayArg = None,
    to: ToOption = None,
    because: BecauseOption = None,
    force: ForceOption = False,
) -> None:
    """Move a 1:1 with MANAGER to another day, with the reason.

    The file meetings/MANAGER/DATE.yaml becomes NEWDATE.yaml; its `date` changes,
    `moved_from` keeps the original date (also after several moves) and `moved_because` the
    reason; the rest stays as it was. A projected 1:1 (no file yet) gets a planned NEWDATE.yaml.
    Refused: a held 1:1, a date that has a 1:1, a date in the past, and (without --force) a
    day that is not a working day. There is deliberately no "skip": moved, never skipped.
    """
    from salescoach.cli.output import say
    from salescoach.usecases import meetings as usecase

    reason = usecase.require_reason(because)  # every argument is checked before any read
    old = parse_date(day, "DATE") if day is not None else None
    new = parse_date(to, "--to") if to is not None else None
    st, layout = state(ctx), state(ctx).layout()
    moved = usecase.move_meeting(layout, manager, old, new, reason, force, st.today)
    for line in _moved_lines(layout, moved):
        say(line)


def _moved_lines(layout: Layout, moved: MeetingMoved) -> list[str]:
    """What a move says: the dates and the file, and the warning when the 1:1 was moved
    past the next one (it then acts as a skip)."""
    from salescoach.formats import weekday_iso

    since, until = weekday_iso(moved.old_day), weekday_iso(moved.new_day)
    where = layout.rel(moved.path)
    lines = [f"moved the 1:1 with {moved.manager.name} from {since} to {until}: {where}"]
    return lines + ([f"warning: {moved.warning}"] if moved.warning else [])
