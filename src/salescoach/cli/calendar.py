"""``salescoach calendar export``: the upcoming 1:1s as an .ics file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from salescoach.cli.state import state

app = typer.Typer(
    name="calendar", help="Calendar files of the upcoming 1:1s.", no_args_is_help=True
)


@app.command("export")
def export(
    ctx: typer.Context,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="The .ics file to write (an existing one is replaced); '-' for stdout.",
            metavar="FILE",
        ),
    ] = "-",
    weeks: Annotated[
        int,
        typer.Option("--weeks", min=1, max=104, help="How many weeks ahead, from today."),
    ] = 12,
) -> None:
    """Export the 1:1s of the next N weeks for every manager as an iCalendar (.ics) file.

    The next 1:1 of each manager and the following ones at the cadence interval (each on a
    working day), 60 minutes or longer with the funnel review, the agenda's topics in the
    description. UIDs are stable: importing the file again updates the events.
    The time of day and time zone come from calendar.meeting_time and calendar.timezone.
    """
    from datetime import timedelta

    from salescoach import store
    from salescoach.cadence import upcoming_meetings
    from salescoach.calendar_export import build_calendar
    from salescoach.cli.output import say
    from salescoach.usecases.schedule import load_managers_with_meetings
    from salescoach.workdays import WorkCalendar

    today = state(ctx).today
    layout = state(ctx).layout()
    settings, managers = load_managers_with_meetings(layout, today)
    calendar = WorkCalendar.from_settings(settings.calendar)
    until = today + timedelta(weeks=weeks, days=-1)
    events = []
    for manager, meetings in managers:
        events += upcoming_meetings(
            manager,
            meetings,
            settings,
            today,
            until,
            calendar,
            file_dates=store.meeting_dates(layout, manager.id),
        )
    data = build_calendar(events, {m.id: m for m, _ in managers}, settings, today)
    if output == "-":
        typer.echo(data.decode("utf-8"), nl=False)
        return
    from salescoach.writer import write_new_or_same

    target = Path(output)
    if target.is_dir():
        from salescoach.errors import UsageError

        raise UsageError(f"--output {output} is a folder; give a file name such as 1-1s.ics")
    write_new_or_same(target, data)
    say(f"wrote {len(events)} 1:1s of the next {weeks} weeks to {output}")
