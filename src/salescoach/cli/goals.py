"""``salescoach goals``: a manager's (or one rep's) goals over time, with hit rates."""

from __future__ import annotations

from typing import Annotated

import typer

from salescoach.cli.options import ManagerArg
from salescoach.cli.output import FormatAll
from salescoach.cli.state import state
from salescoach.i18n import N_

app = typer.Typer(
    name="goals",
    help=N_("A manager's or a rep's 30-day goals over time: results, help delivered, hit rates."),
    invoke_without_command=True,
    subcommand_metavar="",
    context_settings={"allow_interspersed_args": True},
)
"""A group without subcommands (as ``actions``), so its options may follow MANAGER."""

RepOption = Annotated[
    str | None,
    typer.Option(
        "--rep", "-r", metavar="ID", help=N_("Only this rep's goals."), show_default=False
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="YYYY-MM-DD",
        help=N_("Only goals set at 1:1s from this day on. Default: every 1:1."),
        show_default=False,
    ),
]


@app.callback(invoke_without_command=True)
def goals(
    ctx: typer.Context,
    manager: ManagerArg,
    rep: RepOption = None,
    since: SinceOption = None,
    output_format: FormatAll = "text",
) -> None:
    """MANAGER's goals (or one rep's), oldest first, with results and help delivered, and
    the hit rates with their n (partly counts half; the counts are shown too; the JSON keys
    are in docs/json.md)."""
    from salescoach.cli.state import parse_date
    from salescoach.render import goals as view
    from salescoach.usecases.goals import goal_history

    st = state(ctx)
    start = parse_date(since, "--since") if since else None
    history = goal_history(st.layout(), manager, st.today, rep=rep, since=start)
    if output_format == "json":
        from salescoach.cli.output import emit_json

        emit_json(view.goals_dict(history))
    elif output_format == "markdown":
        from salescoach.cli.output import write_text

        write_text(view.goals_markdown(history))
    else:
        from salescoach.cli.output import stdout

        view.print_goals(stdout(), history)
