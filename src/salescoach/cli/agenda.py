"""``salescoach agenda next``: the agenda of the next 1:1, and ``--write`` for its notes file."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.output import FormatAll
from salescoach.cli.state import state

if TYPE_CHECKING:
    from salescoach.agenda import Agenda
    from salescoach.models import FunnelSnapshot
    from salescoach.store import Layout

app = typer.Typer(
    name="agenda",
    help="The agenda of a 1:1: the method's four topics, time-boxed, with everything carried "
    "over from earlier meetings, and the funnel review when it is due.",
    no_args_is_help=True,
)


def _soonest_manager(layout: Layout, today: date) -> str:
    """The manager whose next 1:1 is due soonest (most overdue first on the same day)."""
    from salescoach import cadence
    from salescoach.errors import NotFound
    from salescoach.usecases.schedule import load_managers_with_meetings

    settings, managers = load_managers_with_meetings(layout, today)
    best: tuple[date, int, str] | None = None
    for manager, meetings in managers:
        nm = cadence.next_meeting(manager, meetings, settings, today)
        key = (nm.date, -nm.overdue_days, manager.id)
        if best is None or key < best:
            best = key
    if best is None:
        raise NotFound(
            "there are no managers yet", hint="add one as managers/ID.yaml (see docs/format.md)"
        )
    return best[2]


def prepare(layout: Layout, manager_id: str, today: date) -> Agenda:
    """The agenda of the next 1:1 with one manager, reading only that manager's file, their
    recent meetings, the settings and, when the funnel review is due, the latest CRM import on
    or before the meeting (and the one before it) and the two latest snapshots."""
    from salescoach import cadence, store
    from salescoach.agenda import build_agenda
    from salescoach.diagnostics import errors_in
    from salescoach.errors import InvalidRepo
    from salescoach.usecases import funnel as review_data

    store.require_id(manager_id, "manager")
    settings = store.require_settings(layout)
    manager = store.require_manager(layout, manager_id)
    meetings, problems = store.load_recent_meetings(
        layout, manager_id, today=today, days=cadence.meeting_window_days(settings)
    )
    if errors_in(problems):
        raise InvalidRepo(errors_in(problems))
    nm = cadence.next_meeting(manager, meetings, settings, today)
    snapshots: list[FunnelSnapshot] = []
    imported = None
    if nm.funnel_review:
        imported = review_data.latest_import_sources(layout, settings, on_or_before=nm.date)
        snapshots, problems = store.latest_snapshots(layout, count=2, on_or_before=nm.date)
        if errors_in(problems):
            raise InvalidRepo(errors_in(problems))
    current, previous, _unmatched = imported or (None, None, None)
    return build_agenda(
        manager,
        meetings,
        settings,
        nm,
        snapshots,
        today,
        imported=current,
        imported_before=previous,
    )


def write_planned_meeting(layout: Layout, agenda: Agenda) -> str:
    """Create meetings/MANAGER/DATE.yaml from the agenda; never overwrites. Returns its path."""
    from salescoach import store, writer
    from salescoach.diagnostics import errors_in
    from salescoach.errors import WriteError
    from salescoach.meeting_template import planned_meeting_text
    from salescoach.models import Meeting

    path = layout.meeting_file(agenda.manager_id, agenda.date)
    rel = layout.rel(path)
    if path.exists() or path.is_symlink():
        raise WriteError(
            f"{rel} already exists; it was left as it is",
            hint="open it to take notes, or plan the next 1:1 after it is held",
        )
    data = planned_meeting_text(agenda).encode("utf-8")
    meeting, _node, problems = store.parse_model(data, rel, Meeting)
    if meeting is None or errors_in(problems) or meeting.date != agenda.date:
        raise WriteError(f"the prepared {rel} would not load; nothing was written")
    writer.create_file(path, data)
    return rel


def next_(
    ctx: typer.Context,
    manager: Annotated[
        str | None,
        typer.Argument(
            help="The manager's ID. Default: the manager whose 1:1 is due soonest.",
            show_default=False,
        ),
    ] = None,
    output_format: FormatAll = "text",
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Also create meetings/MANAGER/DATE.yaml pre-filled for taking notes "
            "(never overwrites an existing file).",
        ),
    ] = False,
) -> None:
    """The agenda of the next 1:1 with MANAGER: the date and why, the length (longer with
    the funnel review), the coaching style, then the routine, a rating table of every rep,
    the goals to assess and to set, the manager's own performance, the funnel review when
    due, expectations and open actions (the coach's first). GOAL and ACTION references
    shown here are what `goal grade` and `action done` take.
    """
    from salescoach.cli.output import emit_json, say, stdout
    from salescoach.render import agenda as render

    st = state(ctx)
    layout = st.layout()
    manager_id = manager if manager is not None else _soonest_manager(layout, st.today)
    agenda = prepare(layout, manager_id, st.today)
    if write:
        rel = write_planned_meeting(layout, agenda)
        say(f"created {rel}: take notes there during the 1:1, then set status: held")
    if output_format == "json":
        emit_json(render.to_data(agenda))
    elif output_format == "markdown":
        import sys

        sys.stdout.write(render.to_markdown(agenda))
    else:
        render.print_rich(stdout(), agenda)


app.command("next")(next_)
