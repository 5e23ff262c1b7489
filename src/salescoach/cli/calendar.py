"""``salescoach calendar export``: the upcoming 1:1s as an .ics file."""

from __future__ import annotations

from typing import Annotated

import typer

from salescoach.cli.state import state

app = typer.Typer(
    name="calendar", help="Calendar files of the upcoming 1:1s.", no_args_is_help=True
)

OutputOption = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        help="The .ics file to write (an existing one is replaced); '-' for stdout.",
        metavar="FILE",
    ),
]
WeeksOption = Annotated[
    int, typer.Option("--weeks", min=1, max=104, help="How many weeks ahead, from today.")
]


@app.command("export")
def export(ctx: typer.Context, output: OutputOption = "-", weeks: WeeksOption = 12) -> None:
    """Export the 1:1s of the next N weeks for every manager as an iCalendar (.ics) file.

    The next 1:1 of each manager and the following ones at the cadence interval (each on a
    working day), 60 minutes or longer with the funnel review, the agenda's topics in the
    description. UIDs are stable: importing the file again updates the events.
    The time of day and time zone come from calendar.meeting_time and calendar.timezone.
    """
    from pathlib import Path

    from salescoach.cli.output import say
    from salescoach.formats import plural
    from salescoach.render.calendar import export_ics
    from salescoach.usecases.calendar import export_calendar, write_calendar

    found = export_calendar(state(ctx).layout(), state(ctx).today, weeks)
    data = export_ics(found)
    if output == "-":
        typer.echo(data.decode("utf-8"), nl=False)
        return
    write_calendar(Path(output), data)
    say(f"wrote {plural(found.count, '1:1')} of the next {weeks} weeks to {output}")
