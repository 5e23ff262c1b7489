"""``salescoach agenda next``: the agenda of the next 1:1, and ``--write`` for its notes file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.options import FilesCommitOption
from salescoach.cli.output import FormatAll
from salescoach.cli.state import state
from salescoach.collector import paused_gc
from salescoach.i18n import N_, _

if TYPE_CHECKING:
    from datetime import date

    from salescoach.agenda import Agenda
    from salescoach.store import Layout

app = typer.Typer(
    name="agenda",
    help=N_(
        "The agenda of a 1:1: the method's four topics, time-boxed, with everything carried "
        "over from earlier meetings, and the funnel review when it is due."
    ),
    no_args_is_help=True,
)

ManagerArg = Annotated[
    str | None,
    typer.Argument(
        help=N_("The manager's ID. Default: the manager whose 1:1 is due soonest."),
        show_default=False,
    ),
]
WriteOption = Annotated[
    bool,
    typer.Option(
        "--write",
        help=N_(
            "Also create meetings/MANAGER/DATE.yaml pre-filled for taking notes "
            "(never overwrites an existing file)."
        ),
    ),
]
ChartsOption = Annotated[
    Path | None,
    typer.Option(
        "--charts",
        metavar="DIR",
        help=N_(
            "Also write the manager's charts into DIR as SVG and PNG (ratings, funnel, "
            "reps against the team, pipeline changes, goals); with --format markdown, "
            "link them at the end (DIR/NAME.svg, relative to the current folder). "
            "Needs pip install 'salescoach[report]'."
        ),
        show_default=False,
    ),
]


NEXT_HELP = N_(
    "The agenda of the next 1:1 with MANAGER: the date and why, the length (longer with "
    "the funnel review), the coaching style, then the routine, a rating table of every rep, "
    "the goals to assess and to set, the manager's own performance, the funnel review when "
    "due, expectations and open actions (the coach's first). GOAL and ACTION references "
    "shown here are what `goal grade` and `action done` take."
)
"""The command's help (a text of the catalog, so ``--lang hu agenda next --help`` is Hungarian)."""


def next_(
    ctx: typer.Context,
    manager: ManagerArg = None,
    output_format: FormatAll = "text",
    write: WriteOption = False,
    commit: FilesCommitOption = False,
    charts: ChartsOption = None,
) -> None:
    """``agenda next`` (its help is ``NEXT_HELP``)."""
    st = state(ctx)
    if charts is not None:
        from salescoach.render.charts import require_pygal

        require_pygal()  # before anything is written
    layout = st.layout()
    with paused_gc():  # ~25 collections would walk what lives until the process ends
        from salescoach.usecases import agenda as usecase

        manager_id = manager if manager is not None else usecase.soonest_manager(layout, st.today)
        agenda = usecase.prepare_agenda(layout, manager_id, st.today)
        if write:
            _write_meeting(layout, agenda, commit)
        links = _write_charts(layout, agenda, charts, st.today) if charts is not None else ""
        _show(agenda, output_format, links)


def _write_meeting(layout: Layout, agenda: Agenda, commit: bool) -> None:
    """``--write``: the planned meeting file, and with ``--commit`` a commit of it."""
    from salescoach.cli.output import say
    from salescoach.usecases import agenda as usecase
    from salescoach.usecases import write_commits as commits

    rel = usecase.write_planned_meeting(layout, agenda)
    say(
        _("created {path}: take notes there during the 1:1, then set status: held").format(path=rel)
    )
    if commit:
        message = commits.agenda_message(agenda.manager_id, agenda.date)
        path = layout.meeting_file(agenda.manager_id, agenda.date)
        say(commits.commit_written(layout, [path], message).said)


def _write_charts(layout: Layout, agenda: Agenda, folder: Path, today: date) -> str:
    """Write the manager's charts into ``folder``, say what was written, and return the
    Markdown that links them."""
    from salescoach.cli.output import say
    from salescoach.formats import plural
    from salescoach.render.agenda_charts import charts_markdown, manager_charts
    from salescoach.render.charts import write_charts
    from salescoach.usecases.charts import manager_chart_sources

    drawn = manager_charts(manager_chart_sources(layout, agenda.manager_id, today))
    files = write_charts(folder, drawn)
    say(_("wrote {count} to {folder}").format(count=plural(len(drawn), "chart"), folder=folder))
    if files.png_missing:
        say(_("no PNG copies: {reason}").format(reason=files.png_missing))
    return charts_markdown(list(drawn), str(folder))


def _show(agenda: Agenda, output_format: str, charts_links: str = "") -> None:
    """The agenda on stdout in the format asked for."""
    import sys

    from salescoach.cli.output import emit_json, stdout
    from salescoach.render import agenda as render

    if output_format == "json":
        emit_json(render.to_data(agenda))
    elif output_format == "markdown":
        sys.stdout.write(render.to_markdown(agenda) + ("\n" + charts_links if charts_links else ""))
    else:
        render.print_rich(stdout(), agenda)


app.command("next", help=NEXT_HELP)(next_)
