"""``salescoach rate rep``: record a rep's 1–4 rating; ``rate show``: ratings over recent 1:1s."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.output import FormatTableMd
from salescoach.cli.state import state

if TYPE_CHECKING:
    from salescoach.models import Manager
    from salescoach.render.ratings import RatingsTable
    from salescoach.store import Layout

app = typer.Typer(
    name="rate",
    help="Rate each rep 1-4 at a 1:1 (1 = did not reach the goals … 4 = exceeded them) "
    "and see the ratings over recent 1:1s.",
    no_args_is_help=True,
)


@app.command("rep")
def rate_rep(
    ctx: typer.Context,
    rep: Annotated[str, typer.Argument(help="The rep's ID, e.g. petra-nagy.", show_default=False)],
    score: Annotated[
        str,
        typer.Argument(
            help="1 = did not reach the goals, 2 = reached some of them, 3 = reached them, "
            "4 = exceeded them.",
            show_default=False,
        ),
    ],
    note: Annotated[
        str | None,
        typer.Option("--note", "-n", help="Why this score, in a few words.", show_default=False),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            metavar="YYYY-MM-DD",
            help="The 1:1 to record it in. Default: today's 1:1, else the latest planned one.",
            show_default=False,
        ),
    ] = None,
    manager_id: Annotated[
        str | None,
        typer.Option(
            "--manager", "-m", help="The rep's manager (default: found from the manager files)."
        ),
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit just this meeting file to git afterwards.")
    ] = False,
) -> None:
    """Record REP's rating (1-4) in their manager's 1:1; rating again replaces the score.

    The file is edited in place: only the rating's line changes, comments and everything
    else stay as they were. Prints `REP: OLD → NEW`.
    """
    from salescoach import ratings, store
    from salescoach.cli.output import say
    from salescoach.cli.state import parse_date

    value = ratings.parse_score(score)  # before anything is read or written
    store.require_id(rep, "rep")
    if manager_id is not None:
        store.require_id(manager_id, "manager")
    day = parse_date(on, "--date") if on is not None else None
    st = state(ctx)
    layout = st.layout()
    manager = store.find_rep_manager(layout, rep, manager_id)
    path = _meeting_path(layout, manager, day, st.today)
    old, changed, meeting_day = _write_rating(layout, path, rep, value, note)
    shown = f"{rep}: {old} → {value}" if old is not None and old != value else f"{rep}: {value}"
    if not changed:
        say(f"{shown} (already recorded in {layout.rel(path)}; nothing changed)")
        return
    say(f"{shown} (in {layout.rel(path)})")
    if commit:
        from salescoach.gitops import commit_file

        message = f"rate {rep} {value} ({manager.id}, {meeting_day.isoformat()})"
        short = commit_file(
            layout.root, path, message, written=f"the rating was written to {layout.rel(path)}"
        )
        say(f"committed {short}: {message}")


def _meeting_path(layout: Layout, manager: Manager, day: date | None, today: date) -> Path:
    """The meeting file a rating goes to (see ``ratings.choose_meeting``)."""
    from salescoach import store
    from salescoach.diagnostics import errors_in
    from salescoach.errors import InvalidRepo, NotFound

    create = f"create it with `salescoach agenda next {manager.id} --write`"
    if day is not None:
        path = layout.meeting_file(manager.id, day)
        if not path.exists():
            raise NotFound(
                f"{manager.name} ({manager.id}) has no 1:1 on {day.isoformat()} "
                f"(no file {layout.rel(path)})",
                hint=f"leave out --date to use today's or the next planned 1:1, or {create}",
            )
        return path
    today_path = layout.meeting_file(manager.id, today)
    if today_path.exists():
        return today_path
    from salescoach.ratings import choose_meeting

    meetings, problems = store.load_recent_meetings(layout, manager.id, today=today)
    if errors_in(problems):
        raise InvalidRepo(errors_in(problems))
    chosen = choose_meeting(meetings, today=today)
    if chosen is None:
        raise NotFound(
            f"{manager.name} ({manager.id}) has no 1:1 today ({today.isoformat()}) "
            "and no planned one to record the rating in",
            hint=f"{create}, or give --date DATE of a past 1:1",
        )
    return layout.meeting_file(manager.id, chosen.date)


def _write_rating(
    layout: Layout, path: Path, rep: str, score: int, note: str | None
) -> tuple[int | None, bool, date]:
    """Record the rating in the meeting file; the old score, whether it changed, the date."""
    from salescoach.models import Meeting
    from salescoach.yamledit import EditableDocument, edit_yaml_file

    def change(doc: EditableDocument) -> int | None:
        current = doc.get(("ratings", rep))
        old = current.get("score") if isinstance(current, dict) else None
        if isinstance(current, dict):
            doc.set(("ratings", rep, "score"), score)
            if note is not None:
                doc.set(("ratings", rep, "note"), note)
        else:
            rating: dict[str, object] = {"score": score}
            if note is not None:
                rating["note"] = note
            doc.set(("ratings", rep), rating)
        return old if isinstance(old, int) else None

    result = edit_yaml_file(layout, path, change, model=Meeting)
    meeting = result.model
    assert isinstance(meeting, Meeting)
    return result.value, result.changed, meeting.date


@app.command("show")
def rate_show(
    ctx: typer.Context,
    manager_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[MANAGER]",
            help="One manager's ID; default: every manager.",
            show_default=False,
        ),
    ] = None,
    rep: Annotated[
        str | None, typer.Option("--rep", "-r", help="Show only this rep.", show_default=False)
    ] = None,
    last: Annotated[
        int, typer.Option("--last", "-n", min=1, max=52, help="How many rated 1:1s to show.")
    ] = 6,
    output_format: FormatTableMd = "text",
) -> None:
    """Reps × the last rated 1:1s: each score, the trend, each rep's average, the team
    average per 1:1, and flags (rated 1 twice in a row, or fallen by 2 or more)."""
    from salescoach import store
    from salescoach.render import ratings as render

    st = state(ctx)
    if manager_id is not None:
        store.require_id(manager_id, "manager")
    if rep is not None:
        store.require_id(rep, "rep")
    layout = st.layout()
    if manager_id is not None:
        managers = [store.require_manager(layout, manager_id)]
        if rep is not None:
            store.find_rep_manager(layout, rep, manager_id)
    elif rep is not None:
        managers = [store.find_rep_manager(layout, rep, None)]
    else:
        managers = store.require_managers(layout)
    tables = [_table(layout, m, last=last, today=st.today, rep=rep) for m in managers]
    if output_format == "json":
        from salescoach.cli.output import emit_json

        emit_json(render.as_json(tables))
    elif output_format == "csv":
        import sys

        sys.stdout.write(render.csv_text(tables))
    elif output_format == "markdown":
        import sys

        sys.stdout.write(render.markdown(tables))
    else:
        from salescoach.cli.output import say, stdout

        console = stdout()
        for table in tables:
            if not table.dates:
                say(f"{table.manager.name} ({table.manager.id}): no ratings yet")
                continue
            console.print(render.rich_table(table))


def _table(
    layout: Layout, manager: Manager, *, last: int, today: date, rep: str | None
) -> RatingsTable:
    from salescoach import store
    from salescoach.diagnostics import errors_in
    from salescoach.errors import InvalidRepo
    from salescoach.ratings import rated_meetings, rep_history, team_average
    from salescoach.render.ratings import RatingsTable

    meetings, problems = store.load_recent_meetings(
        layout, manager.id, today=today, days=max(120, 21 * last), at_least=2 * last
    )
    if errors_in(problems):
        raise InvalidRepo(errors_in(problems))
    shown = rated_meetings(meetings, last)
    histories = rep_history(manager, shown, last)
    if rep is not None:
        histories = [h for h in histories if h.rep == rep]
    return RatingsTable(
        manager=manager,
        dates=[m.date for m in shown],
        reps=histories,
        team={m.date: team_average(m) for m in shown},
    )
