"""``salescoach calendar export``: the upcoming 1:1s as an .ics file."""

from __future__ import annotations

from typing import Annotated

import typer

from salescoach.cli.state import state
from salescoach.i18n import N_

app = typer.Typer(
    name="calendar", help=N_("Calendar files of the upcoming 1:1s."), no_args_is_help=True
)

OutputOption = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        help=N_("The .ics file to write (an existing one is replaced); '-' for stdout."),
        metavar="FILE",
    ),
]
WeeksOption = Annotated[
    int, typer.Option("--weeks", min=1, max=104, help=N_("How many weeks ahead, from today."))
]


EXPORT_HELP = N_(
    "Export the 1:1s of the next N weeks for every manager as an iCalendar (.ics) file.\n\n"
    "The next 1:1 of each manager and the following ones at the cadence interval (each on a "
    "working day), 60 minutes or longer with the funnel review, the agenda's topics in the "
    "description. UIDs are stable: importing the file again updates the events. "
    "The time of day and time zone come from calendar.meeting_time and calendar.timezone."
)


@app.command("export", help=EXPORT_HELP)
def export(ctx: typer.Context, output: OutputOption = "-", weeks: WeeksOption = 12) -> None:
    """``calendar export`` (its help is ``EXPORT_HELP``)."""
    from pathlib import Path

    from salescoach.cli.output import say, write_text
    from salescoach.formats import plural
    from salescoach.i18n import _
    from salescoach.render.calendar import export_ics
    from salescoach.usecases.calendar import export_calendar, write_calendar

    found = export_calendar(state(ctx).layout(), state(ctx).today, weeks)
    data = export_ics(found)
    if output == "-":
        write_text(data.decode("utf-8"), newline="\r\n")
        return
    write_calendar(Path(output), data)
    wrote = _("wrote {meetings} of the next {weeks} to {path}")
    say(wrote.format(meetings=plural(found.count, "1:1"), weeks=plural(weeks, "week"), path=output))


UrlOption = Annotated[
    str,
    typer.Option("--url", help=N_("The CalDAV address of the calendar itself."), metavar="URL"),
]
UserOption = Annotated[str, typer.Option("--user", help=N_("The CalDAV login."), metavar="USER")]
PASSWORD_VARIABLE = "SALESCOACH_CALDAV_PASSWORD"


SYNC_HELP = N_(
    "Sync the 1:1s of the next N weeks to a CalDAV calendar (Nextcloud, Fastmail, iCloud …).\n\n"
    "By UID: creates the new 1:1s, updates moved or changed ones (SEQUENCE grows) and removes "
    "those from today on that are no longer upcoming. Other events and past 1:1s are left "
    "alone. The password comes from $SALESCOACH_CALDAV_PASSWORD, else a prompt. Needs the "
    "caldav extra: pip install 'salescoach[caldav]'."
)


@app.command("sync", help=SYNC_HELP)
def sync(ctx: typer.Context, url: UrlOption, user: UserOption, weeks: WeeksOption = 12) -> None:
    """``calendar sync`` (its help is ``SYNC_HELP``)."""
    import os

    from salescoach.caldav_sync import CalDAVCalendar
    from salescoach.cli.output import say
    from salescoach.i18n import _
    from salescoach.render.calendar import event_renderer, sync_report
    from salescoach.usecases.calendar import export_calendar
    from salescoach.usecases.calendar_sync import sync_calendar

    found = export_calendar(state(ctx).layout(), state(ctx).today, weeks)
    password = os.environ.get(PASSWORD_VARIABLE) or typer.prompt(_("Password"), hide_input=True)
    report = sync_calendar(found, event_renderer(found), CalDAVCalendar(url, user, password))
    say(sync_report(report, found))
