"""``salescoach funnel import``: store a CRM export; ``funnel review``: the funnel in numbers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from salescoach.cli.options import FilesCommitOption
from salescoach.cli.output import FormatAll, FormatTextJson, emit_json, say
from salescoach.cli.state import parse_date, state
from salescoach.i18n import N_, _

if TYPE_CHECKING:
    from salescoach.usecases.activities import ActivitiesResult
    from salescoach.usecases.funnel import ReviewData
    from salescoach.usecases.imports import ImportResult

app = typer.Typer(
    name="funnel",
    help=N_(
        "Review each team's sales funnel with numbers (every 6-8 weeks, by the sales cycle): "
        "import CRM exports and see counts, conversion, win rates, large and stalled deals."
    ),
    no_args_is_help=True,
)


def _maps(values: list[str]) -> dict[str, str]:
    """The ``--map FIELD=COLUMN`` options as a dict (field → column)."""
    from salescoach.errors import UsageError

    out: dict[str, str] = {}
    for value in values:
        field, sep, column = value.partition("=")
        if not sep or not field.strip():
            raise UsageError(
                _(
                    "--map takes FIELD=COLUMN (e.g. --map owner='Sales Rep'; id= clears a "
                    "field), got '{value}'"
                ).format(value=value)
            )
        out[field.strip()] = column.strip()
    return out


ExportFile = Annotated[
    Path,
    typer.Argument(
        help=N_(
            "The CRM export: a CSV or .xlsx file with one row per opportunity "
            "('-': standard input)."
        ),
        dir_okay=False,
        show_default=False,
    ),
]
ImportAsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help=N_("The date the export was taken. Default: the latest date in the file."),
        show_default=False,
    ),
]
ImportProfile = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help=N_(
            "The CRM layout: salesforce, salesforce-api, hubspot, pipedrive, zoho, dynamics, "
            "close, copper, freshsales, maven or generic; of an activity export: salesforce, "
            "hubspot-calls, hubspot-meetings, pipedrive, dynamics, dynamics-calls or generic. "
            "Default: chosen from the header."
        ),
        show_default=False,
    ),
]
ImportMaps = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="FIELD=COLUMN",
        help=N_(
            "Read FIELD (id, owner, stage, amount, created, closed, status; of activities: "
            "id, type, owner, date, done, subject, deal) from COLUMN; repeat for several."
        ),
        show_default=False,
    ),
]
ImportEncoding = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="NAME",
        help=N_(
            "The file's text encoding when it is not UTF-8 (e.g. cp1250, cp1252, latin-1). "
            "Default: UTF-8, or UTF-16 with a byte-order mark."
        ),
        show_default=False,
    ),
]
ImportSheet = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        metavar="NAME",
        help=N_("The sheet of an Excel workbook (.xlsx) to read. Default: the first."),
        show_default=False,
    ),
]
ImportRates = Annotated[
    list[str] | None,
    typer.Option(
        "--rate",
        metavar="CODE=RATE",
        help=N_(
            "Convert amounts in currency CODE into funnel.currency: RATE is how many of it one "
            "CODE is (e.g. --rate EUR=1.08); repeat for several."
        ),
        show_default=False,
    ),
]
ImportWriteStageMap = Annotated[
    bool,
    typer.Option(
        "--write-stage-map",
        help=N_(
            "When stages are unmapped, add a guess for each to funnel.stage_map in "
            "salescoach.yaml (commented: check them), then import again."
        ),
    ),
]
ImportActivities = Annotated[
    bool,
    typer.Option(
        "--activities",
        help=N_(
            "The file is an activity export (calls, meetings, e-mails, tasks), stored under "
            "funnel/activities/. Default: chosen from the header."
        ),
    ),
]
ImportDateFormat = Annotated[
    str | None,
    typer.Option(
        "--date-format",
        help=N_("The dates' format when the file does not tell: Y-m-d, m/d/Y, d/m/Y or d.m.Y."),
        show_default=False,
    ),
]


IMPORT_HELP = N_(
    "Import a CRM export (CSV or .xlsx; '-': standard input) into funnel/imports/, normalised, "
    "all or nothing; owners are matched to reps, others kept and reported; again, it changes "
    "nothing. An activity export (calls, meetings, e-mails, tasks) goes to funnel/activities/."
)


@app.command("import", help=IMPORT_HELP)
def import_(
    ctx: typer.Context,
    file: ExportFile,
    activities: ImportActivities = False,
    as_of: ImportAsOf = None,
    profile: ImportProfile = None,
    maps: ImportMaps = None,
    date_format: ImportDateFormat = None,
    encoding: ImportEncoding = None,
    sheet: ImportSheet = None,
    rates: ImportRates = None,
    write_stage_map: ImportWriteStageMap = False,
    output_format: FormatTextJson = "text",
    commit: FilesCommitOption = False,
) -> None:
    """Import a CRM export (the command's help is IMPORT_HELP)."""
    from salescoach.usecases import write_commits as commits

    result = _imported(ctx, **ctx.params)
    _show_import(result, output_format)
    if commit and result.status != "unchanged":
        message = commits.import_message(result)
        say(commits.commit_written(state(ctx).layout(), [result.path], message).said)


def _imported(
    ctx: typer.Context,
    *,
    file: Path,
    as_of: str | None,
    maps: list[str] | None,
    output_format: str,
    commit: bool,
    **options: Any,
) -> ImportResult | ActivitiesResult:
    """Run ``funnel import`` with its options (``--as-of`` and ``--map`` parsed first)."""
    from salescoach.usecases.activities import import_file

    return import_file(
        state(ctx).layout(),
        file,
        as_of=parse_date(as_of, "--as-of") if as_of else None,
        maps=_maps(maps or []),
        **options,
    )


def _show_import(result: ImportResult | ActivitiesResult, output_format: str) -> None:
    """What an import did: messages on stderr, and the JSON on stdout with --format json."""
    from salescoach.render import activities, imports
    from salescoach.usecases.activities import ActivitiesResult

    report = output_format != "json"
    if isinstance(result, ActivitiesResult):
        lines = activities.activities_messages(result, report=report)
        data = activities.activities_json(result) if not report else None
    else:
        lines = imports.import_messages(result, report=report)
        data = imports.import_json(result) if not report else None
    for line in lines:
        say(line)
    if data is not None:
        emit_json(data)


ReviewManager = Annotated[
    str | None,
    typer.Argument(
        help=N_("The manager whose team to review. Default: every team."), show_default=False
    ),
]
ReviewRep = Annotated[
    str | None,
    typer.Option("--rep", help=N_("Show only this rep (next to the team)."), show_default=False),
]
ReviewAsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help=N_(
            "Review the funnel as it was on this date (the latest import or snapshot up "
            "to it). Default: the latest data."
        ),
        show_default=False,
    ),
]
ReviewSince = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="YYYY-MM-DD",
        help=N_("Count closed deals from this date on. Default: all in the data."),
        show_default=False,
    ),
]


REVIEW_HELP = N_(
    "Each team's funnel and each rep's: stages and conversion, win rate, average deal, "
    "sales cycle, open pipeline, velocity, coverage and calls; diagnostics in the method's "
    "words; the review interval (whole weeks, by sales_cycle_days) and the 1:1 of the next."
)


@app.command("review", help=REVIEW_HELP)
def review(
    ctx: typer.Context,
    manager: ReviewManager = None,
    rep: ReviewRep = None,
    as_of: ReviewAsOf = None,
    since: ReviewSince = None,
    output_format: FormatAll = "text",
) -> None:
    """Review the funnel (the command's help is REVIEW_HELP)."""
    from salescoach import store
    from salescoach.usecases.funnel import review_funnel

    for value, what in ((manager, "manager"), (rep, "rep")):  # checked before any file is read
        if value is not None:
            store.require_id(value, what)
    as_of_day = parse_date(as_of, "--as-of") if as_of is not None else None
    since_day = parse_date(since, "--since") if since is not None else None
    data = review_funnel(
        state(ctx).layout(),
        today=state(ctx).today,
        manager_id=manager,
        rep_id=rep,
        as_of=as_of_day,
        since=since_day,
    )
    _show_review(data, output_format)


def _show_review(data: ReviewData, output_format: str) -> None:
    """Write the review in the format asked for (the warning about unmatched owners first)."""
    from salescoach.cli.output import emit_json, say, stdout, write_text
    from salescoach.render import funnel as render

    if data.unmatched and output_format != "markdown":
        say(_("warning: {message}").format(message=render.unmatched_text(data.unmatched)))
    if output_format == "json":
        emit_json(render.review_json(data))
    elif output_format == "markdown":
        from salescoach.render.funnel_markdown import review_markdown

        write_text(review_markdown(data))
    else:
        console = stdout()
        for part in render.review_parts(data):
            console.print(part)
