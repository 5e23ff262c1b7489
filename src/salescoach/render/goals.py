"""A manager's (or one rep's) goals over time (``salescoach goals``) as JSON-ready data, a rich
table that fits 80 columns, and Markdown: each goal with its result and the help delivered,
then the hit rates with their n. Partly counts half in a rate (it was neither reached nor
missed), and the counts of met, partly and missed are shown beside it, so nothing is hidden."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salescoach.formats import NONE, day, md, plural, short_day
from salescoach.style import MIN_GOALS, GoalRate

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from salescoach.usecases.goals import GoalHistory, GoalRecord

PARTLY_RULE = (
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


def _rate_text(rate: GoalRate, words: tuple[str, str, str]) -> str:
    """``79% (9 met, 4 partly, 1 missed; n=14)``, or too few to judge."""
    counts = f"{rate.met} {words[0]}, {rate.partly} {words[1]}, {rate.missed} {words[2]}"
    if rate.n == 0:
        return "none graded yet"
    if rate.n < MIN_GOALS:
        return f"too few to judge ({counts}; n={rate.n})"
    return f"{round(100 * (rate.rate or 0))}% ({counts}; n={rate.n})"


def summary_lines(h: GoalHistory) -> list[str]:
    """The rates in sentences, and the goals still waiting for a result."""
    lines = [
        f"Goals met: {_rate_text(h.results, ('met', 'partly', 'missed'))}.",
        f"Help delivered: {_rate_text(h.help, ('yes', 'partly', 'no'))}.",
        PARTLY_RULE,
    ]
    if h.waiting:
        lines.append(
            f"{plural(h.waiting, 'goal')} due by {day(h.today)} without a result: "
            f"salescoach goal grade {h.manager_id} GOAL met|partly|missed --help-delivered ..."
        )
    return lines


def _heading(h: GoalHistory) -> str:
    whose = f"{h.rep_name or h.rep}" if h.rep else f"{h.manager_name}'s team"
    since = f" since {day(h.since)}" if h.since else ""
    return f"Goals of {whose}{since}, as of {day(h.today)}"


def goals_table(h: GoalHistory) -> list[RenderableType]:
    """The goals as a rich table (oldest first), then the rates."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = [Text(_heading(h), style="bold")]
    if not h.goals:
        return [*parts, Text("No goals recorded in this period.")]
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    table.add_column("Set", no_wrap=True)
    table.add_column("Rep", max_width=14, overflow="fold")
    table.add_column("Goal", ratio=1, overflow="fold", min_width=20)
    table.add_column("Due", no_wrap=True)
    table.add_column("Result", no_wrap=True)
    table.add_column("Help", no_wrap=True)
    for g in h.goals:
        late = g.result is None and g.due <= h.today
        table.add_row(
            short_day(g.set_on),
            g.rep_name,
            g.goal,
            short_day(g.due),
            g.result or ("due" if late else NONE),
            g.help_delivered or NONE,
            style="yellow" if late else "",
        )
    return [*parts, table, *[Text(line) for line in summary_lines(h)]]


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
        return "\n".join([*out, "No goals recorded in this period.", ""])
    out += [
        "| Ref | Set on | Rep | Goal | Due | Result | Help promised | Help given |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for g in h.goals:
        cells = [
            f"`{g.ref}`",
            short_day(g.set_on),
            md(g.rep_name),
            md(g.goal),
            day(g.due),
            g.result or NONE,
            md(g.manager_help) or NONE,
            g.help_delivered or NONE,
        ]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", *[f"- {md(line)}" for line in summary_lines(h)], ""]
    return "\n".join(out)
