"""``salescoach schedule``: every manager's next 1:1; ``schedule next MANAGER``: one of them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.output import FormatTable, FormatTextJson
from salescoach.cli.state import state

if TYPE_CHECKING:
    from salescoach.models import Manager, Meeting, Settings
    from salescoach.store import Layout

app = typer.Typer(
    name="schedule",
    help="When each 1:1 is due: the interval from the manager's experience, performance and "
    "training needs, the next date on a working day, overdue meetings, the funnel review.",
    no_args_is_help=False,
    invoke_without_command=True,
)


def load_all(layout: Layout, today: date) -> tuple[Settings, list[tuple[Manager, list[Meeting]]]]:
    """The settings, and every manager with their recent meetings (oldest first).

    Only the recent meeting files of each manager are read; any error in them, a manager
    file or salescoach.yaml makes the command refuse with ``InvalidRepo``.
    """
    from salescoach import store
    from salescoach.cadence import meeting_window_days
    from salescoach.diagnostics import errors_in
    from salescoach.errors import InvalidRepo

    settings = store.require_settings(layout)
    window = meeting_window_days(settings)
    problems = []
    out = []
    for manager_id in store.manager_ids(layout):
        manager, found = store.load_manager(layout, manager_id)
        problems += found
        meetings, found = store.load_recent_meetings(layout, manager_id, today=today, days=window)
        problems += found
        if manager is not None:
            out.append((manager, meetings))
    if errors_in(problems):
        raise InvalidRepo(errors_in(problems))
    return settings, out


def load_one(
    layout: Layout, manager_id: str, today: date
) -> tuple[Settings, Manager, list[Meeting]]:
    """The settings, one manager and their recent meetings; only their files are read."""
    from salescoach import store
    from salescoach.cadence import meeting_window_days
    from salescoach.diagnostics import errors_in
    from salescoach.errors import InvalidRepo

    store.require_id(manager_id, "manager")
    settings = store.require_settings(layout)
    manager = store.require_manager(layout, manager_id)
    meetings, problems = store.load_recent_meetings(
        layout, manager_id, today=today, days=meeting_window_days(settings)
    )
    if errors_in(problems):
        raise InvalidRepo(errors_in(problems))
    return settings, manager, meetings


@app.callback(invoke_without_command=True)
def schedule(ctx: typer.Context, output_format: FormatTable = "text") -> None:
    """Every manager's next 1:1, soonest first: level, interval and why, last held meeting,
    next date (a working day), days until it or days overdue (red), funnel review due.

    A meeting whose date passed without a held 1:1 is overdue and due today: it is moved,
    never dropped.
    """
    if ctx.invoked_subcommand is not None:
        return
    from salescoach.cadence import next_meeting
    from salescoach.render.schedule import schedule_csv, schedule_rows, schedule_table
    from salescoach.workdays import WorkCalendar

    today = state(ctx).today
    settings, managers = load_all(state(ctx).layout(), today)
    calendar = WorkCalendar.from_settings(settings.calendar)
    items = [(m, next_meeting(m, meetings, settings, today, calendar)) for m, meetings in managers]
    rows = schedule_rows(items, today)
    if output_format == "json":
        from salescoach.cli.output import emit_json

        emit_json(rows)
    elif output_format == "csv":
        typer.echo(schedule_csv(rows), nl=False)
    else:
        from salescoach.cli.output import stdout

        stdout().print(schedule_table(rows))


@app.command("next")
def next_(
    ctx: typer.Context,
    manager: Annotated[str, typer.Argument(help="The manager's ID, e.g. anna-kovacs.")],
    output_format: FormatTextJson = "text",
) -> None:
    """The date of the next 1:1 with MANAGER and the reason for the interval.

    JSON keys: manager, next_date, every_days, reason, overdue_days, funnel_review_due (and
    name, level, last_held, in_days, planned, moved_from, moved_because, funnel_review,
    minutes).
    """
    from salescoach.cadence import next_meeting
    from salescoach.render.schedule import next_meeting_dict, next_meeting_text

    today = state(ctx).today
    settings, found, meetings = load_one(state(ctx).layout(), manager, today)
    row = next_meeting_dict(found, next_meeting(found, meetings, settings, today), today)
    if output_format == "json":
        from salescoach.cli.output import emit_json

        emit_json(row)
    else:
        typer.echo(next_meeting_text(row))
