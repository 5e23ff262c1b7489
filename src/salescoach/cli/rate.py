"""``salescoach rate rep``: record a rep's 1–4 rating; ``rate show``: ratings over recent 1:1s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.options import (
    CommitOption,
    DateOption,
    OptionalManagerArg,
    complete_manager,
    complete_rep,
)
from salescoach.cli.output import FormatTableMd
from salescoach.cli.state import state
from salescoach.i18n import N_

if TYPE_CHECKING:
    from salescoach.ratings import RatingsTable
    from salescoach.store import Layout
    from salescoach.usecases.ratings import RatingRecorded

app = typer.Typer(
    name="rate",
    help=N_(
        "Rate each rep 1 (did not reach the goals) to 4 (exceeded them) at a 1:1 and see the "
        "ratings over recent 1:1s."
    ),
    no_args_is_help=True,
)

RepArg = Annotated[
    str,
    typer.Argument(
        help=N_("The rep's ID, e.g. petra-nagy."), show_default=False, autocompletion=complete_rep
    ),
]
SCORE_HELP = N_(
    "1 = did not reach the goals, 2 = reached some of the goals, 3 = reached the goals, "
    "4 = exceeded the goals."
)
"""The scale (``messages.RATING_SCALE_FULL``, word for word) as one text of the catalog."""
ScoreArg = Annotated[str, typer.Argument(help=SCORE_HELP, show_default=False)]
NoteOption = Annotated[
    str | None,
    typer.Option("--note", "-n", help=N_("Why this score, in a few words."), show_default=False),
]
RepManagerOption = Annotated[
    str | None,
    typer.Option(
        "--manager",
        "-m",
        help=N_("The rep's manager (default: found from the manager files)."),
        autocompletion=complete_manager,
    ),
]
RepOption = Annotated[
    str | None,
    typer.Option(
        "--rep",
        "-r",
        help=N_("Show only this rep."),
        show_default=False,
        autocompletion=complete_rep,
    ),
]
LastOption = Annotated[
    int, typer.Option("--last", "-n", min=1, max=52, help=N_("How many rated 1:1s to show."))
]


REP_HELP = N_(
    "Record REP's rating (1-4) in their manager's 1:1; rating again replaces the score.\n\n"
    "The file is edited in place: only the rating's line changes, comments and everything "
    "else stay as they were. Prints `REP: OLD → NEW`."
)


@app.command("rep", help=REP_HELP)
def rate_rep(
    ctx: typer.Context,
    rep: RepArg,
    score: ScoreArg,
    note: NoteOption = None,
    on: DateOption = None,
    manager_id: RepManagerOption = None,
    commit: CommitOption = False,
) -> None:
    """``rate rep`` (its help is ``REP_HELP``)."""
    from salescoach.cli.output import say
    from salescoach.cli.state import parse_date
    from salescoach.ratings import parse_score
    from salescoach.usecases import ratings as usecase

    value = parse_score(score)  # before anything is read or written
    day = parse_date(on, "--date") if on is not None else None
    st, layout = state(ctx), state(ctx).layout()
    recorded = usecase.record_rating(
        layout, rep, value, note=note, day=day, manager_id=manager_id, today=st.today
    )
    say(_recorded(layout, recorded))
    if commit and recorded.changed:
        say(usecase.commit_rating(layout, recorded).said)


def _recorded(layout: Layout, recorded: RatingRecorded) -> str:
    """``petra-nagy: 2 → 3 (in meetings/…)``, or that nothing changed."""
    from salescoach.i18n import _

    old, new = recorded.old, recorded.new
    score = f"{old} → {new}" if old is not None and old != new else str(new)
    shown, where = f"{recorded.rep}: {score}", layout.rel(recorded.path)
    if not recorded.changed:
        return _("{shown} (already recorded in {path}; nothing changed)").format(
            shown=shown, path=where
        )
    return _("{shown} (in {path})").format(shown=shown, path=where)


SHOW_HELP = N_(
    "Reps × the last rated 1:1s: each score, the trend, each rep's average, the team average "
    "per 1:1, and flags (rated 1 twice in a row, or fallen by 2 or more)."
)


@app.command("show", help=SHOW_HELP)
def rate_show(
    ctx: typer.Context,
    manager_id: OptionalManagerArg = None,
    rep: RepOption = None,
    last: LastOption = 6,
    output_format: FormatTableMd = "text",
) -> None:
    """``rate show`` (its help is ``SHOW_HELP``)."""
    from salescoach.usecases.ratings import ratings_tables

    st = state(ctx)
    layout = st.layout()
    tables = ratings_tables(layout, manager_id=manager_id, rep_id=rep, last=last, today=st.today)
    _show(tables, output_format)


def _show(tables: list[RatingsTable], output_format: str) -> None:
    """The tables on stdout in ``output_format``; a manager with no ratings says so."""
    from salescoach.cli.output import emit_json, say, stdout, write_text
    from salescoach.i18n import _
    from salescoach.render import ratings as render

    if output_format == "json":
        emit_json(render.as_json(tables))
    elif output_format == "csv":
        write_text(render.csv_text(tables))
    elif output_format == "markdown":
        write_text(render.markdown(tables))
    else:
        console = stdout()
        for table in tables:
            if not table.dates:
                text = _("{name} ({manager}): no ratings yet")
                say(text.format(name=table.manager.name, manager=table.manager.id))
                continue
            console.print(render.rich_table(table, console.width), soft_wrap=True)
            console.print()
