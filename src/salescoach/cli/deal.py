"""``salescoach deal note``, ``deal done`` and ``deal list``: the strategies agreed for large
and stalled deals at the funnel review, recorded in the 1:1s' ``deals:`` lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.options import ManagerArg
from salescoach.cli.output import FormatTextJson
from salescoach.cli.state import state

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.deals import DealClosed, DealNoted

app = typer.Typer(
    name="deal",
    help="Strategies for large and stalled deals: record them, close them, list them.",
    no_args_is_help=True,
)

DealArg = Annotated[
    str,
    typer.Argument(
        help="The deal: its ID in the CRM import (or its name), e.g. XYNTWPN1.",
        show_default=False,
    ),
]
StrategyOption = Annotated[
    str | None,
    typer.Option(
        "--strategy", "-s", help="The strategy and tactics to close it.", show_default=False
    ),
]
ResourcesOption = Annotated[
    str | None,
    typer.Option("--resources", "-r", help="The extra resources it needs.", show_default=False),
]
NextStepOption = Annotated[
    str | None,
    typer.Option("--next-step", "-n", help="The next step agreed.", show_default=False),
]
OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--owner",
        "-o",
        help="Who does the next step: manager, coach or a rep's ID.",
        show_default=False,
    ),
]
DueOption = Annotated[
    str | None,
    typer.Option(
        "--due", metavar="YYYY-MM-DD", help="When the next step is due.", show_default=False
    ),
]
NoteDateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        metavar="YYYY-MM-DD",
        help="The 1:1 to record it in. Default: the planned 1:1, else the latest held one.",
        show_default=False,
    ),
]
DroppedOption = Annotated[
    bool, typer.Option("--dropped", help="The strategy was dropped, not carried out.")
]


def note(
    ctx: typer.Context,
    manager: ManagerArg,
    deal: DealArg,
    strategy: StrategyOption = None,
    resources: ResourcesOption = None,
    next_step: NextStepOption = None,
    owner: OwnerOption = None,
    due: DueOption = None,
    on: NoteDateOption = None,
) -> None:
    """Record the strategy, resources or next step agreed for DEAL in the manager's 1:1.

    The deal's entry in `deals:` is updated (only the fields given change) or added;
    comments and everything else in the file stay as they were.
    """
    from salescoach.cli.output import say
    from salescoach.cli.state import parse_date
    from salescoach.usecases.deals import DealNote, note_deal

    given = DealNote(
        strategy, resources, next_step, owner, parse_date(due, "--due") if due else None
    )
    day = parse_date(on, "--date") if on is not None else None
    st = state(ctx)
    layout = st.layout()
    say(_noted(layout, note_deal(layout, manager, deal, given, day=day, today=st.today)))


def _noted(layout: Layout, noted: DealNoted) -> str:
    """What noting did, in one sentence."""
    where = layout.rel(noted.path)
    if noted.added:
        return f"recorded {noted.deal.label}: {', '.join(noted.changed)}, in {where}"
    if not noted.changed:
        return f"{noted.deal.label} already says so in {where}; nothing changed"
    return f"updated {noted.deal.label}: {', '.join(noted.changed)}, in {where}"


def done(
    ctx: typer.Context, manager: ManagerArg, deal: DealArg, dropped: DroppedOption = False
) -> None:
    """Mark the strategy of DEAL done (or --dropped) in the 1:1 that recorded it last.

    Only the entry's `status` changes; the next review no longer brings it back.
    """
    from salescoach.cli.output import say
    from salescoach.usecases.deals import close_deal

    st = state(ctx)
    layout = st.layout()
    closed = close_deal(layout, manager, deal, "dropped" if dropped else "done", st.today)
    say(_closed(layout, closed))


def _closed(layout: Layout, closed: DealClosed) -> str:
    """What closing did, in one sentence."""
    if closed.old == closed.status:
        return f"{closed.deal.label} was already {closed.status}; nothing changed"
    where = layout.rel(closed.path)
    return f"{closed.status}: {closed.deal.label} ({closed.old} → {closed.status}), in {where}"


def list_(ctx: typer.Context, manager: ManagerArg, output_format: FormatTextJson = "text") -> None:
    """The strategies recorded for the manager's deals (each deal's latest), open first,
    with next steps overdue flagged."""
    import sys

    from salescoach.cli.output import emit_json
    from salescoach.render import deals as render
    from salescoach.usecases.deals import list_deals

    st = state(ctx)
    found, listed = list_deals(st.layout(), manager, st.today)
    if output_format == "json":
        emit_json(render.list_json(found, listed))
    else:
        sys.stdout.write(
            "".join(f"{line}\n" for line in render.list_lines(found, listed, st.today))
        )


app.command("note")(note)
app.command("done")(done)
app.command("list")(list_)
