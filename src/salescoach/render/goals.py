"""A manager's (or one rep's) goals over time (``salescoach goals``) as JSON-ready data, a rich
table that fits 80 columns, and Markdown: each goal with its result and the help delivered,
then the hit rates with their n. Partly counts half in a rate (it was neither reached nor
missed), and the counts of met, partly and missed are shown beside it, so nothing is hidden."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salescoach.formats import NONE, day, md, number, plural, short_day
from salescoach.i18n import N_, _
from salescoach.style import MIN_GOALS, GoalRate

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from salescoach.usecases.goals import GoalHistory, GoalRecord

PARTLY_RULE = N_(
    "Partly counts half in a rate: it was neither reached nor missed; the counts are shown too."
)


def _rate_dict(rate: GoalRate, keys: tuple[str, str, str]) -> dict[str, Any]:
    value = rate.rate
    return {
        "graded": rate.n,
        keys[0]: rate.met,
        keys[1]: rate.partly,
        keys[2]: rate.missed,
        "rate": None if value is None or rate.n < MIN_GOALS else round(value, 3),
    }


def goals_dict(h: GoalHistory) -> dict[str, Any]:
    """The goals and their rates as JSON-ready data (``goals --format json``)."""
    return {
        "manager": h.manager_id,
        "manager_name": h.manager_name,
        "rep": h.rep,
        "since": h.since.isoformat() if h.since else None,
        "today": h.today.isoformat(),
        "count": len(h.goals),
        "goals": [_goal_dict(g) for g in h.goals],
        "results": {**_rate_dict(h.results, ("met", "partly", "missed")), "waiting": h.waiting},
        "help": _rate_dict(h.help, ("yes", "partly", "no")),
        "partly_counts": 0.5,
    }


def _goal_dict(g: GoalRecord) -> dict[str, Any]:
    return {
        "ref": g.ref,
        "set_on": g.set_on.isoformat(),
        "rep": g.rep,
        "rep_name": g.rep_name,
        "goal": g.goal,
        "manager_help": g.manager_help,
        "due": g.due.isoformat(),
        "result": g.result,
        "help_delivered": g.help_delivered,
    }


RESULT_COUNTS = N_("{met} met, {partly} partly, {missed} missed")
HELP_COUNTS = N_("{met} yes, {partly} partly, {missed} no")


def _rate_text(rate: GoalRate, counts_text: str) -> str:
    """``79% (9 met, 4 partly, 1 missed; n=14)``, or too few to judge."""
    counts = _(counts_text).format(
        met=number(rate.met), partly=number(rate.partly), missed=number(rate.missed)
    )
    if rate.n == 0:
        return _("none graded yet")
    if rate.n < MIN_GOALS:
        return _("too few to judge ({counts}; n={n})").format(counts=counts, n=number(rate.n))
    return _("{percent}% ({counts}; n={n})").format(
        percent=round(100 * (rate.rate or 0)), counts=counts, n=number(rate.n)
    )


def summary_lines(h: GoalHistory) -> list[str]:
    """The rates in sentences, and the goals still waiting for a result."""
    lines = [
        _("Goals met: {rate}.").format(rate=_rate_text(h.results, RESULT_COUNTS)),
        _("Help delivered: {rate}.").format(rate=_rate_text(h.help, HELP_COUNTS)),
        _(PARTLY_RULE),
    ]
    if h.waiting:
        lines.append(
            _(
                "{goals} due by {day} without a result: "
                "salescoach goal grade {manager} GOAL met|partly|missed --help-delivered ..."
            ).format(goals=plural(h.waiting, "goal"), day=day(h.today), manager=h.manager_id)
        )
    return lines


def _heading(h: GoalHistory) -> str:
    whose = (h.rep_name or h.rep) if h.rep else None
    today = day(h.today)
    if whose and h.since:
        text = _("Goals of {rep} since {since}, as of {today}")
    elif whose:
        text = _("Goals of {rep}, as of {today}")
    elif h.since:
        text = _("Goals of {manager}'s team since {since}, as of {today}")
    else:
        text = _("Goals of {manager}'s team, as of {today}")
    since = day(h.since) if h.since else ""
    return text.format(rep=whose, manager=h.manager_name, since=since, today=today)


def goals_table(h: GoalHistory) -> list[RenderableType]:
    """The goals as a rich table (oldest first) that fits the terminal, then the rates."""
    from functools import partial

    from rich.text import Text

    from salescoach.render.fit import ByWidth

    parts: list[RenderableType] = [Text(_heading(h), style="bold")]
    if not h.goals:
        return [*parts, Text(_("No goals recorded in this period."))]
    return [*parts, ByWidth(partial(_fitted, h)), *[Text(line) for line in summary_lines(h)]]


GOAL_MIN_WIDTH = 24
"""The narrowest the goal's column gets beside the rep's name; narrower, the goals are listed
under each rep's name instead."""


def _fitted(h: GoalHistory, width: int) -> RenderableType:
    """A rep column when the names leave the goal room, else a table per rep under the rep's
    name: a name is never cut."""
    from rich.console import Group
    from rich.text import Text

    from salescoach.render.fit import natural_width

    if natural_width(_table(h, h.goals, True, "x" * GOAL_MIN_WIDTH)) <= width:
        return _table(h, h.goals, True)
    parts: list[RenderableType] = [Text("")]
    for name in dict.fromkeys(g.rep_name for g in h.goals):
        mine = [g for g in h.goals if g.rep_name == name]
        parts += [Text(f" {name}", style="bold"), _table(h, mine, False)]
    return Group(*parts)


def _table(
    h: GoalHistory, goals: list[GoalRecord], rep: bool, placeholder: str = ""
) -> RenderableType:
    """The goals, with the rep's name (never wrapped) or without it; ``placeholder`` stands
    for every goal to measure the table with a goal column that wide."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    table.add_column(_("Set"), no_wrap=True)
    if rep:
        table.add_column(_("Rep"), no_wrap=True)
    table.add_column(_("Goal"), ratio=1, overflow="fold", min_width=12)
    table.add_column(_("Due"), no_wrap=True)
    table.add_column(_("Result"), no_wrap=True)
    table.add_column(_("Help"), no_wrap=True)
    for g in goals:
        late = g.result is None and g.due <= h.today
        table.add_row(
            short_day(g.set_on),
            *([g.rep_name] if rep else []),
            placeholder or g.goal,
            short_day(g.due),
            result_word(g.result) or (_("due") if late else NONE),
            help_word(g.help_delivered) or NONE,
            style="yellow" if late else "",
        )
    return table


def print_goals(console: Console, h: GoalHistory) -> None:
    """Print the goals table and rates, without the spaces rich pads lines with."""
    from salescoach.render.agenda_text import without_trailing_spaces

    with console.capture() as captured:
        for part in goals_table(h):
            console.print(part)
    console.file.write(without_trailing_spaces(captured.get()))
    console.file.flush()


def goals_markdown(h: GoalHistory) -> str:
    """The goals as a Markdown table, then the rates."""
    out = [f"# {md(_heading(h))}", ""]
    if not h.goals:
        return "\n".join([*out, _("No goals recorded in this period."), ""])
    heads = [_("Ref"), _("Set on"), _("Rep"), _("Goal"), _("Due"), _("Result")]
    heads += [_("Help promised"), _("Help given")]
    out += [
        "| " + " | ".join(heads) + " |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for g in h.goals:
        cells = [
            f"`{g.ref}`",
            short_day(g.set_on),
            md(g.rep_name),
            md(g.goal),
            day(g.due),
            result_word(g.result) or NONE,
            md(g.manager_help) or NONE,
            help_word(g.help_delivered) or NONE,
        ]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", *[f"- {md(line)}" for line in summary_lines(h)], ""]
    return "\n".join(out)


RESULTS = {"met": N_("met"), "partly": N_("partly"), "missed": N_("missed")}
"""A goal's result as the views show it (the YAML and JSON keep the English code)."""
HELP = {"yes": N_("yes"), "partly": N_("partly"), "no": N_("no")}
"""Whether the manager's help was delivered, as the views show it."""


def result_word(code: str | None) -> str:
    """``met`` in the language in use; empty when not graded."""
    return _(RESULTS.get(code, code)) if code else ""


def help_word(code: str | None) -> str:
    """``yes`` in the language in use; empty when not graded."""
    return _(HELP.get(code, code)) if code else ""
