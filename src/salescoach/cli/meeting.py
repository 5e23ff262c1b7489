"""``salescoach meeting move``: move a planned 1:1 to another day. There is no skip."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.state import parse_date, state

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.yamledit import EditableDocument

app = typer.Typer(
    name="meeting", help="Planned 1:1s: move them, never skip them.", no_args_is_help=True
)


@app.command("move")
def move(
    ctx: typer.Context,
    manager: Annotated[str, typer.Argument(help="The manager's ID, e.g. anna-kovacs.")],
    day: Annotated[
        str | None,
        typer.Argument(
            metavar="[DATE]",
            help="The planned 1:1 to move (YYYY-MM-DD). Default: the next planned one from today.",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="YYYY-MM-DD",
            help="The new date. Default: the next working day after DATE (not before today).",
            show_default=False,
        ),
    ] = None,
    because: Annotated[
        str | None,
        typer.Option(
            "--because",
            metavar="TEXT",
            help="Why it moves (required); kept in the file as moved_because.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Allow a new date that is not a working day."),
    ] = False,
) -> None:
    """Move a planned 1:1 with MANAGER to another day, with the reason.

    The file meetings/MANAGER/DATE.yaml becomes NEWDATE.yaml; its `date` changes,
    `moved_from` keeps the original date (also after several moves) and `moved_because` the
    reason; everything else in the file stays exactly as it was. A held 1:1, a date that
    already has a 1:1, a date in the past and (without --force) a day that is not a working
    day are refused. There is deliberately no "skip": a 1:1 is moved, never skipped.
    """
    from salescoach import store
    from salescoach.cadence import move_target
    from salescoach.cli.output import say
    from salescoach.errors import NotFound, UsageError
    from salescoach.models import Meeting
    from salescoach.workdays import WorkCalendar
    from salescoach.yamledit import edit_yaml_file

    reason = (because or "").strip()
    if not reason:
        raise UsageError(
            "a 1:1 is moved with a reason: add --because TEXT",
            hint="e.g. --because 'board meeting'; it is kept in the file as moved_because",
        )
    today = state(ctx).today
    layout = state(ctx).layout()
    store.require_id(manager, "manager")
    # every argument is checked before any file is read
    given_day = parse_date(day, "DATE") if day is not None else None
    new_day = parse_date(to, "--to") if to is not None else None
    settings = store.require_settings(layout)
    found = store.require_manager(layout, manager)
    calendar = WorkCalendar.from_settings(settings.calendar)
    old_day = given_day or _next_planned(layout, manager, today)
    path = layout.meeting_file(manager, old_day)
    if not path.exists():
        raise NotFound(
            f"no 1:1 with {manager} on {old_day.isoformat()} (no file {layout.rel(path)})",
            hint="see the dates with `salescoach schedule next " + manager + "`",
        )
    existing = store.meeting_dates(layout, manager)
    moved_to: list[date] = []

    def change(doc: EditableDocument) -> None:
        # read inside the lock: the status is the one of the file being edited
        meeting = Meeting(date=old_day, status=doc.get(("status",)))
        meeting._manager = manager
        new = move_target(
            meeting, new_day, existing=existing, today=today, calendar=calendar, force=force
        )
        doc.set(("date",), new)
        if doc.get(("moved_from",)) is None:
            doc.set(("moved_from",), old_day)
        doc.set(("moved_because",), reason)
        doc.rename(layout.meeting_file(manager, new))
        moved_to.append(new)

    result = edit_yaml_file(layout, path, change, model=Meeting)
    new = moved_to[0]
    say(
        f"moved the 1:1 with {found.name} from {_day(old_day)} to {_day(new)}: "
        f"{layout.rel(result.path)}"
    )


def _day(day: date) -> str:
    return f"{day.strftime('%a')} {day.isoformat()}"


def _next_planned(layout: Layout, manager: str, today: date) -> date:
    """The first planned 1:1 on or after today (only the recent files are read)."""
    from salescoach import store
    from salescoach.diagnostics import errors_in
    from salescoach.errors import InvalidRepo, NotFound

    meetings, problems = store.load_recent_meetings(layout, manager, today=today)
    if errors_in(problems):
        raise InvalidRepo(errors_in(problems))
    planned = [m.date for m in meetings if m.status == "planned" and m.date >= today]
    if not planned:
        raise NotFound(
            f"no planned 1:1 with {manager} on or after {today.isoformat()}",
            hint=f"give the DATE of the 1:1 to move, or see `salescoach schedule next {manager}`",
        )
    return min(planned)
