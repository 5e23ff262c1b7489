"""``salescoach deal note``, ``deal done`` and ``deal list``: the strategies agreed for large
and stalled deals at the funnel review, recorded in the 1:1s' ``deals:`` lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from salescoach.cli.options import FilesCommitOption, ManagerArg
from salescoach.cli.output import FormatTextJson
from salescoach.cli.state import state
from salescoach.i18n import N_, _

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.deals import DealClosed, DealNoted

app = typer.Typer(
    name="deal",
    help=N_("Strategies for large and stalled deals: record them, close them, list them."),
    no_args_is_help=True,
)

DealArg = Annotated[
    str,
    typer.Argument(
        help=N_("The deal: its ID in the CRM import (or its name), e.g. XYNTWPN1."),
        show_default=False,
    ),
]
StrategyOption = Annotated[
    str | None,
    typer.Option(
        "--strategy", "-s", help=N_("The strategy and tactics to close it."), show_default=False
    ),
]
ResourcesOption = Annotated[
    str | None,
    typer.Option("--resources", "-r", help=N_("The extra resources it needs."), show_default=False),
]
NextStepOption = Annotated[
    str | None,
    typer.Option("--next-step", "-n", help=N_("The next step agreed."), show_default=False),
]
OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--owner",
        "-o",
        help=N_("Who does the next step: manager, coach or a rep's ID."),
        show_default=False,
    ),
]
DueOption = Annotated[
    str | None,
    typer.Option(
        "--due", metavar="YYYY-MM-DD", help=N_("When the next step is due."), show_default=False
    ),
]
NoteDateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        metavar="YYYY-MM-DD",
        help=N_("The 1:1 to record it in. Default: the planned 1:1, else the latest held one."),
        show_default=False,
    ),
]
DroppedOption = Annotated[
    bool, typer.Option("--dropped", help=N_("The strategy was dropped, not carried out."))
]


NOTE_HELP = N_(
    "Record the strategy, resources or next step agreed for DEAL in the manager's 1:1.\n\n"
    "The deal's entry in `deals:` is updated (only the fields given change) or added; "
    "comments and everything else in the file stay as they were."
)
DONE_HELP = N_(
    "Mark the strategy of DEAL done (or --dropped) in the 1:1 that recorded it last.\n\n"
    "Only the entry's `status` changes; the next review no longer brings it back."
)
LIST_HELP = N_(
    "The strategies recorded for the manager's deals (each deal's latest), open first, "
    "with next steps overdue flagged."
)


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
    commit: FilesCommitOption = False,
) -> None:
    """Record a deal's strategy (the command's help is NOTE_HELP)."""
    from salescoach.cli.output import say
    from salescoach.cli.state import parse_date
    from salescoach.usecases import write_commits as commits
    from salescoach.usecases.deals import DealNote, note_deal

    given = DealNote(
        strategy, resources, next_step, owner, parse_date(due, "--due") if due else None
    )
    day = parse_date(on, "--date") if on is not None else None
    st = state(ctx)
    layout = st.layout()
    noted = note_deal(layout, manager, deal, given, day=day, today=st.today)
    say(_noted(layout, noted))
    if commit and noted.changed:
        message = commits.deal_noted_message(manager, noted, given)
        say(commits.commit_written(layout, [noted.path], message).said)


def _noted(layout: Layout, noted: DealNoted) -> str:
    """What noting did, in one sentence."""
    where = layout.rel(noted.path)
    fields = ", ".join(_(name) for name in noted.changed)
    if noted.added:
        text = _("recorded {deal}: {fields}, in {path}")
    elif not noted.changed:
        text = _("{deal} already says so in {path}; nothing changed")
    else:
        text = _("updated {deal}: {fields}, in {path}")
    return text.format(deal=noted.deal.label, fields=fields, path=where)


def done(
    ctx: typer.Context,
    manager: ManagerArg,
    deal: DealArg,
    dropped: DroppedOption = False,
    commit: FilesCommitOption = False,
) -> None:
    """Close a deal's strategy (the command's help is DONE_HELP)."""
    from salescoach.cli.output import say
    from salescoach.usecases import write_commits as commits
    from salescoach.usecases.deals import close_deal

    st = state(ctx)
    layout = st.layout()
    closed = close_deal(layout, manager, deal, "dropped" if dropped else "done", st.today)
    say(_closed(layout, closed))
    if commit and closed.old != closed.status:
        message = commits.deal_closed_message(manager, closed)
        say(commits.commit_written(layout, [closed.path], message).said)


def _closed(layout: Layout, closed: DealClosed) -> str:
    """What closing did, in one sentence."""
    from salescoach.render.deals import STATUSES

    status, old = _(STATUSES[closed.status]), _(STATUSES.get(closed.old, closed.old))
    if closed.old == closed.status:
        return _("{deal} was already {status}; nothing changed").format(
            deal=closed.deal.label, status=status
        )
    return _("{status}: {deal} ({old} → {status}), in {path}").format(
        status=status, deal=closed.deal.label, old=old, path=layout.rel(closed.path)
    )


def list_(ctx: typer.Context, manager: ManagerArg, output_format: FormatTextJson = "text") -> None:
    """List the recorded strategies (the command's help is LIST_HELP)."""
    from salescoach.cli.output import emit_json, write_text
    from salescoach.render import deals as render
    from salescoach.usecases.deals import list_deals

    st = state(ctx)
    found, listed = list_deals(st.layout(), manager, st.today)
    if output_format == "json":
        emit_json(render.list_json(found, listed))
    else:
        write_text("".join(f"{line}\n" for line in render.list_lines(found, listed, st.today)))


app.command("note", help=NOTE_HELP)(note)
app.command("done", help=DONE_HELP)(done)
app.command("list", help=LIST_HELP)(list_)
