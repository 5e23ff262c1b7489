"""``salescoach schedule``: every manager's next 1:1; ``schedule next MANAGER``: one of them."""

from __future__ import annotations

import typer

from salescoach.cli.options import ManagerArg
from salescoach.cli.output import FormatTable, FormatTextJson
from salescoach.cli.state import state
from salescoach.i18n import N_

app = typer.Typer(
    name="schedule",
    help=N_(
        "When each 1:1 is due: the interval from the manager's experience, performance and "
        "training needs, the next date on a working day, overdue meetings, the funnel review."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
)


@app.callback(invoke_without_command=True)
def schedule(ctx: typer.Context, output_format: FormatTable = "text") -> None:
    """Every manager's next 1:1, soonest first: level, interval and why, last held meeting,
    next date (a working day), days until it or days overdue (red), funnel review due.

    A meeting whose date passed without a held 1:1 is overdue and due today: it is moved,
    never dropped.
    """
    if ctx.invoked_subcommand is not None:
        return
    from salescoach.render.schedule import schedule_csv, schedule_rows, schedule_table
    from salescoach.usecases.schedule import build_schedule

    today = state(ctx).today
    rows = schedule_rows(build_schedule(state(ctx).layout(), today), today)
    if output_format == "json":
        from salescoach.cli.output import emit_json

        emit_json(rows)
    elif output_format == "csv":
        from salescoach.cli.output import write_text

        write_text(schedule_csv(rows))
    else:
        from salescoach.cli.output import stdout

        console = stdout()
        console.print(schedule_table(rows, console.width), soft_wrap=True)


NEXT_HELP = N_(
    "The date of the next 1:1 with MANAGER and the reason for the interval.\n\n"
    "JSON keys: manager, next_date, every_days, reason, overdue_days, funnel_review_due (and "
    "manager_name, level, last_held, in_days, planned, moved_from, moved_because, funnel_review, "
    "minutes)."
)


@app.command("next", help=NEXT_HELP)
def next_(ctx: typer.Context, manager: ManagerArg, output_format: FormatTextJson = "text") -> None:
    """``schedule next MANAGER`` (its help is ``NEXT_HELP``)."""
    from salescoach.render.schedule import next_meeting_dict, next_meeting_text
    from salescoach.usecases.schedule import next_meeting_for

    today = state(ctx).today
    found, nxt = next_meeting_for(state(ctx).layout(), manager, today)
    row = next_meeting_dict(found, nxt, today)
    if output_format == "json":
        from salescoach.cli.output import emit_json

        emit_json(row)
    else:
        from salescoach.cli.output import stdout, write_text

        write_text(next_meeting_text(row, stdout().width) + "\n")
