"""``salescoach coach scorecard``: the coach's own discipline, per manager and in total."""

from __future__ import annotations

from typing import Annotated

import typer

from salescoach.cli.output import FormatAll
from salescoach.cli.state import state
from salescoach.i18n import N_

app = typer.Typer(
    name="coach",
    help=N_("The coach's own record: lead by example."),
    no_args_is_help=True,
)

SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="YYYY-MM-DD",
        help=N_("The first day of the period. Default: 13 weeks ago."),
        show_default=False,
    ),
]

SCORECARD_HELP = N_(
    "Per manager and in total: 1:1s due, held on the planned day, moved (average days), "
    "skipped; the coach's actions done on time; goals graded within a week; help delivered."
    "\n\n"
    "JSON keys: since, today, coach, managers (manager, name, meetings, coach_actions, goals, "
    "help) and total."
)


def scorecard(
    ctx: typer.Context, since: SinceOption = None, output_format: FormatAll = "text"
) -> None:
    """``coach scorecard`` (its help is ``SCORECARD_HELP``)."""
    from salescoach.cli.output import emit_json, stdout, write_text
    from salescoach.cli.state import parse_date
    from salescoach.render import scorecard as view
    from salescoach.usecases.scorecard import coach_scorecard

    st = state(ctx)
    start = parse_date(since, "--since") if since else None
    card = coach_scorecard(st.layout(), st.today, start)
    if output_format == "json":
        emit_json(view.scorecard_dict(card))
    elif output_format == "markdown":
        write_text(view.scorecard_markdown(card))
    else:
        for part in view.scorecard_table(card):
            stdout().print(part)


app.command("scorecard", help=SCORECARD_HELP)(scorecard)
