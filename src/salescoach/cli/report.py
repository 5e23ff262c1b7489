"""``salescoach report [MANAGER]``: the one-file HTML report with charts (docs/report.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.options import OptionalManagerArg
from salescoach.cli.state import state
from salescoach.i18n import N_

if TYPE_CHECKING:
    from salescoach.render.report import Report

REPORT_HELP = N_(
    "A one-file HTML report with charts, for the 1:1 and beyond: each team's ratings heatmap, "
    "funnel and reps against the team, the pipeline changes since the last review, the rhythm "
    "of the 1:1s and the coach's scorecard, the goals and the manager's help. Inline SVG and "
    "CSS, no script: it opens offline and prints to A4. Its numbers are those of rate show, "
    "funnel review, schedule, coach scorecard and goals with --format json. Needs the report "
    "extra: pip install 'salescoach[report]'."
)

app = typer.Typer(
    name="report",
    help=REPORT_HELP,
    invoke_without_command=True,
    subcommand_metavar="",
    context_settings={"allow_interspersed_args": True},
)
"""A group without subcommands (as ``goals``), so its options may follow MANAGER."""

SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="YYYY-MM-DD",
        help=N_(
            "The start of the period: closed deals, the scorecard and goals from this day on. "
            "Default: each part's own (the scorecard: 13 weeks)."
        ),
        show_default=False,
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=N_(
            "Write the report to FILE ('-': standard output). Default: "
            "report-[MANAGER-]DATE.html in the current folder."
        ),
        show_default=False,
    ),
]
ChartsOption = Annotated[
    Path | None,
    typer.Option(
        "--charts",
        metavar="DIR",
        help=N_("Also write each chart to DIR as SVG and PNG (for the Markdown agenda)."),
        file_okay=False,
        show_default=False,
    ),
]


@app.callback(invoke_without_command=True)
def report(
    ctx: typer.Context,
    manager: OptionalManagerArg = None,
    since: SinceOption = None,
    output: OutputOption = None,
    charts: ChartsOption = None,
) -> None:
    """``report [MANAGER]`` (its help is ``REPORT_HELP``): check the extra, gather, render,
    write the page (and the charts)."""
    from salescoach.cli.state import parse_date
    from salescoach.render.charts import require_pygal
    from salescoach.render.report import render_report
    from salescoach.usecases.report import gather_report

    require_pygal()  # before anything is read
    st = state(ctx)
    start = parse_date(since, "--since") if since is not None else None
    data = gather_report(st.layout(), today=st.today, manager_id=manager, since=start)
    page = render_report(data)
    who = f"{manager}-" if manager is not None else ""
    _write_page(page, output or f"report-{who}{st.today.isoformat()}.html")
    if charts is not None:
        _write_charts(page, charts)


def _write_page(page: Report, output: str) -> None:
    """The page to standard output (``-``) or to a file, replaced atomically."""
    import sys

    from salescoach.cli.output import say
    from salescoach.errors import UsageError
    from salescoach.i18n import _
    from salescoach.writer import write_new_or_same

    if output == "-":
        sys.stdout.write(page.html)
        return
    path = Path(output)
    if path.is_dir():
        raise UsageError(_("-o takes a file, and {path} is a folder").format(path=output))
    write_new_or_same(path, page.html.encode())
    say(_("wrote {path}: open it in a browser, print it from there on A4").format(path=output))


def _write_charts(page: Report, folder: Path) -> None:
    """Each chart of the page as ``folder/NAME.svg`` (and ``.png`` with cairosvg)."""
    from salescoach.cli.output import say
    from salescoach.formats import plural
    from salescoach.i18n import _
    from salescoach.render.charts import write_charts

    done = write_charts(folder, page.charts)
    count = plural(len(page.charts), "chart")
    say(_("wrote {count} to {folder}").format(count=count, folder=folder))
    if done.png_missing:
        say(_("no PNG copies: {reason}").format(reason=done.png_missing))
