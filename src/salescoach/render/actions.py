"""The open actions across managers (``salescoach actions``) as JSON-ready data, a rich table
that fits 80 columns, and Markdown; and the sentence ``action add`` answers with."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from salescoach.formats import NONE, day, md, number, plural, short_day
from salescoach.i18n import N_, _

if TYPE_CHECKING:
    from rich.console import RenderableType

    from salescoach.store import Layout
    from salescoach.usecases.actions import ActionAdded, ActionList, OpenAction

DONE_HINT = N_("Mark one done: salescoach action done MANAGER ACTION")


def actions_dict(found: ActionList) -> dict[str, Any]:
    """The open actions as JSON-ready data (``actions --format json``)."""
    return {
        "today": found.today.isoformat(),
        "coach": found.coach_name,
        "managers": found.managers,
        "count": len(found.actions),
        "overdue": sum(1 for a in found.actions if a.item.overdue_days),
        "actions": [_action_dict(a, found.coach_name) for a in found.actions],
    }


def _action_dict(a: OpenAction, coach: str) -> dict[str, Any]:
    i = a.item
    return {
        "manager": a.manager_id,
        "manager_name": a.manager_name,
        "ref": i.ref,
        "owner": i.owner,
        "owner_name": coach if i.owner == "coach" else a.manager_name,
        "do": i.do,
        "due": i.due.isoformat() if i.due else None,
        "set_on": i.set_on.isoformat(),
        "overdue": i.overdue_days > 0,
        "overdue_days": i.overdue_days,
    }


def _due(a: OpenAction) -> str:
    """``27 Nov``, or ``27 Nov, 3 days late``."""
    due = short_day(a.item.due) if a.item.due else NONE
    late = a.item.overdue_days
    return _("{due}, {days} late").format(due=due, days=plural(late, "day")) if late else due


def _late(a: OpenAction) -> str:
    """``3 days`` late, or empty."""
    return plural(a.item.overdue_days, "day") if a.item.overdue_days else ""


def _summary(found: ActionList) -> str:
    late = sum(1 for a in found.actions if a.item.overdue_days)
    coach = sum(1 for a in found.actions if a.item.owner == "coach")
    return _(
        "{actions} ({coach} the coach's, {late} overdue) in the 1:1s of {managers}, as of {day}"
    ).format(
        actions=plural(len(found.actions), "open action"),
        coach=number(coach),
        late=number(late),
        managers=plural(found.managers, "manager"),
        day=day(found.today),
    )


def actions_table(found: ActionList) -> list[RenderableType]:
    """The open actions as rich tables, the coach's own and then the managers' (overdue ones
    in red), with a summary and the hint; each table fits the terminal (``_fitted``)."""
    from rich.text import Text

    from salescoach.render.fit import ByWidth, bullet, trimmed

    if not found.actions:
        return trimmed(
            [bullet(_("No open actions: {summary}.").format(summary=_summary(found)), "")]
        )
    parts: list[RenderableType] = []
    own = _("{coach}'s own").format(coach=found.coach_name)
    for owner, heading in (("coach", own), ("manager", _("The managers'"))):
        rows = [a for a in found.actions if a.item.owner == owner]
        if rows:
            parts += [Text(heading, style="bold"), ByWidth(partial(_fitted, rows))]
    summary = Text(_("{summary}.").format(summary=_summary(found)))
    return [*trimmed([*parts, summary]), Text(_(DONE_HINT), style="dim")]


ACTION_MIN_WIDTH = 28
"""The narrowest the action's column gets beside the manager's name; narrower, the actions
are listed under each manager's name instead."""


def _fitted(rows: list[OpenAction], width: int) -> RenderableType:
    """A manager column when the names leave the action room, else a table per manager
    under the manager's name: a name is never cut."""
    from rich.console import Group
    from rich.text import Text

    from salescoach.render.fit import natural_width

    if natural_width(_table(rows, True, "x" * ACTION_MIN_WIDTH)) <= width:
        return _table(rows, True)
    parts: list[RenderableType] = []
    for name in dict.fromkeys(a.manager_name for a in rows):
        mine = [a for a in rows if a.manager_name == name]
        parts += [Text(f" {name}", style="bold"), _table(mine, False)]
    return Group(*parts)


def _table(rows: list[OpenAction], manager: bool, placeholder: str = "") -> RenderableType:
    """The actions, with the manager's name (never wrapped) or without it; ``placeholder``
    stands for every action to measure the table with an action column that wide."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    if manager:
        table.add_column(_("Manager"), no_wrap=True)
    table.add_column(_("Action"), ratio=1, min_width=12)
    table.add_column(_("Due"), no_wrap=True)
    table.add_column(_("Late"), no_wrap=True)
    table.add_column(_("Ref"), no_wrap=True)
    for a in rows:
        due = short_day(a.item.due) if a.item.due else NONE
        style = "red" if a.item.overdue_days else ""
        cells = [placeholder or a.item.do, due, _late(a), a.item.ref]
        table.add_row(*([a.manager_name] if manager else []), *cells, style=style)
    return table


def actions_markdown(found: ActionList) -> str:
    """The open actions as a Markdown table (overdue in bold) with the summary."""
    out = ["# " + _("Open actions"), "", md(_("{summary}.").format(summary=_summary(found))), ""]
    if found.actions:
        heads = [_("Who"), _("Manager"), _("Action"), _("Due"), _("Ref")]
        out += ["| " + " | ".join(heads) + " |", "| --- | --- | --- | --- | --- |"]
        for a in found.actions:
            due = f"**{_due(a)}**" if a.item.overdue_days else _due(a)
            cells = [a.item.owner, md(a.manager_name), md(a.item.do), due, f"`{a.item.ref}`"]
            out.append("| " + " | ".join(cells) + " |")
        hint = _(DONE_HINT).replace("salescoach", "`salescoach", 1)
        out += ["", f"{hint}`.", ""]
    return "\n".join(out) + "\n"


def added_text(layout: Layout, added: ActionAdded) -> str:
    """What ``action add`` did, in one sentence."""
    if added.meeting_status == "planned":
        text = _("added {ref} ({owner}: {do}, due {due}) to the planned 1:1 of {day}, in {path}")
    else:
        text = _("added {ref} ({owner}: {do}, due {due}) to the held 1:1 of {day}, in {path}")
    return text.format(
        ref=added.ref,
        owner=added.owner,
        do=added.do,
        due=added.due.isoformat(),
        day=added.meeting_date.isoformat(),
        path=layout.rel(added.path),
    )
