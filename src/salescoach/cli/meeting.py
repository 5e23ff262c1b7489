"""``salescoach meeting move``: move a planned or projected 1:1 to another day. There is no
skip."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.options import FilesCommitOption, ManagerArg
from salescoach.cli.state import parse_date, state
from salescoach.i18n import N_

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.meetings import MeetingMoved

app = typer.Typer(
    name="meeting", help=N_("1:1s: move them, never skip them."), no_args_is_help=True
)

DayArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[DATE]",
        help=N_(
            "The 1:1 to move (YYYY-MM-DD): a planned file or a date `schedule` projects. "
            "Default: the next one, as `schedule next` shows it."
        ),
        show_default=False,
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="YYYY-MM-DD",
        help=N_("The new date. Default: the next working day after DATE (not before today)."),
        show_default=False,
    ),
]
BecauseOption = Annotated[
    str | None,
    typer.Option(
        "--because",
        metavar="TEXT",
        help=N_("Why it moves (required); kept in the file as moved_because."),
        show_default=False,
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help=N_("Allow a new date that is not a working day."))
]


MOVE_HELP = N_(
    "Move a 1:1 with MANAGER to another day, with the reason.\n\n"
    "The file meetings/MANAGER/DATE.yaml becomes NEWDATE.yaml; its `date` changes, "
    "`moved_from` keeps the original date (also after several moves) and `moved_because` the "
    "reason; the rest stays as it was. A projected 1:1 (no file yet) gets a planned NEWDATE.yaml. "
    "Refused: a held 1:1, a date that has a 1:1, a date in the past, and (without --force) a "
    'day that is not a working day. There is deliberately no "skip": moved, never skipped.'
)


@app.command("move", help=MOVE_HELP)
def move(
    ctx: typer.Context,
    manager: ManagerArg,
    day: DayArg = None,
    to: ToOption = None,
    because: BecauseOption = None,
    force: ForceOption = False,
    commit: FilesCommitOption = False,
) -> None:
    """``meeting move`` (its help is ``MOVE_HELP``)."""
    from salescoach.cli.output import say
    from salescoach.usecases import meetings as usecase
    from salescoach.usecases import write_commits as commits

    reason = usecase.require_reason(because)  # every argument is checked before any read
    old = parse_date(day, "DATE") if day is not None else None
    new = parse_date(to, "--to") if to is not None else None
    st, layout = state(ctx), state(ctx).layout()
    moved = usecase.move_meeting(layout, manager, old, new, reason, force, st.today)
    for line in _moved_lines(layout, moved):
        say(line)
    if commit:
        message = commits.moved_message(moved, reason)
        say(commits.commit_written(layout, commits.moved_paths(moved), message).said)


def _moved_lines(layout: Layout, moved: MeetingMoved) -> list[str]:
    """What a move says: the dates and the file, and the warning when the 1:1 was moved
    past the next one (it then acts as a skip)."""
    from salescoach.formats import weekday_iso
    from salescoach.i18n import _

    since, until = weekday_iso(moved.old_day), weekday_iso(moved.new_day)
    where = layout.rel(moved.path)
    done = _("moved the 1:1 with {name} from {since} to {until}: {path}")
    lines = [done.format(name=moved.manager.name, since=since, until=until, path=where)]
    warning = [_("warning: {warning}").format(warning=moved.warning)] if moved.warning else []
    return lines + warning
