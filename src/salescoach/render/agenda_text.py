"""The agenda in the terminal (rich): the header, the time boxes, the four topics, the funnel
review when due, then expectations and open actions. Below 110 columns the reps' notes go
under the rating table instead of squeezing it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from salescoach.agenda import Agenda
from salescoach.agenda.topics import ASSESS_PROMPT, GRADE_HINT, assess_question
from salescoach.formats import day, decimal, short_day
from salescoach.render.agenda_funnel import funnel_rich
from salescoach.render.agenda_words import (
    ARROWS,
    MARKS,
    action_text,
    average_cell,
    goal_text,
    hanging,
    header_lines,
    own_points,
    plan_headline,
    plan_item_text,
    routine_points,
    score_cell,
    title,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


NOTES_IN_TABLE_MIN_WIDTH = 110
"""Narrower consoles get the reps' notes under the rating table, not squeezed into it."""


def print_rich(console: Console, a: Agenda) -> None:
    """Print the agenda to a rich console, without the spaces rich pads lines with (piped
    output and diffs of it stay clean)."""
    with console.capture() as captured:
        for item in rich_parts(a, width=console.width):
            console.print(item)
    console.file.write(without_trailing_spaces(captured.get()))
    console.file.flush()


_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def without_trailing_spaces(text: str) -> str:
    """``text`` with the spaces at the end of each line removed (colour codes kept)."""
    return _TRAILING.sub(r"\1", text)


def rich_parts(a: Agenda, width: int = NOTES_IN_TABLE_MIN_WIDTH) -> list[RenderableType]:
    from rich import box
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    def text(value: str, style: str = "") -> Text:
        return Text(value, style=style)

    def line(value: str, style: str = "") -> RenderableType:
        """A line indented by two, its wrapped lines too."""
        return Padding(Text(value, style=style), (0, 0, 0, 2))

    def section(name: str, key: str) -> Rule:
        return Rule(Text(f"{name} ({a.minutes_for(key)} min)", style="bold"), align="left")

    def bullets(items: Iterable[str], mark: str = "•", style: str = "") -> list[RenderableType]:
        return [hanging(mark, i, style) for i in items]

    def prompts(items: Iterable[str]) -> list[RenderableType]:
        return [hanging("?", q, "italic cyan") for q in items]

    parts: list[RenderableType] = [Text(title(a), style="bold")]
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for label, value in header_lines(a):
        style = "red" if label == "Overdue" else ("yellow" if label == "Funnel review" else "")
        head.add_row(label, text(value, style))
        if label == "Coaching style":
            for p in a.style_prompts:
                head.add_row("", _bullet(p))
    parts.append(head)
    boxes = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1))
    boxes.add_column("Min", justify="right")
    boxes.add_column("Topic")
    for t in a.timeboxes:
        boxes.add_row(str(t.minutes), t.title)
    parts.append(boxes)

    parts.append(section("1. The manager's routine", "routine"))
    parts += bullets(routine_points(a))
    parts += prompts(a.routine.prompts)

    r = a.reps
    parts.append(section("2. Rep performance", "reps"))
    if r.rows:
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
        table.add_column("Rep", no_wrap=True)
        for d in r.dates:
            table.add_column(short_day(d).replace(" ", "\n"), justify="center")
        table.add_column("Avg", justify="right")
        table.add_column("Trend", justify="center")
        table.add_column("1–4", justify="center")
        notes_inside = width >= NOTES_IN_TABLE_MIN_WIDTH
        if notes_inside:
            table.add_column("Notes", overflow="fold")
        notes_below: list[RenderableType] = []
        for row in r.rows:
            notes = Text()
            for flag in row.flags:
                notes.append(f"⚑ {flag}; ", style="bold red")
            notes.append(row.last_note)
            cells: list[RenderableType] = [
                text(row.name),
                *[score_cell(s) for s in row.scores],
                average_cell(row.average),
                ARROWS[row.trend],
                "[ ]",
            ]
            if notes_inside:
                table.add_row(*cells, notes)
            else:
                table.add_row(*cells)
                if notes.plain:
                    style = "red" if row.flags else ""
                    notes_below.append(hanging(f"{row.name}:", notes.plain, style))
        parts.append(table)
        parts += notes_below
        team = f" Team average last time: {decimal(r.team_average, 1)}." if r.team_average else ""
        parts += prompts([r.prompt + team])
    else:
        parts.append(line("The manager has no reps in managers/ yet."))

    g = a.goals
    parts.append(section("3. Goals for the next 30 days", "goals"))
    if g.to_assess:
        parts.append(line(f"To assess ({ASSESS_PROMPT}):", "bold"))
        parts += [hanging(x.ref, assess_question(x)) for x in g.to_assess]
        parts.append(hanging("→", f"salescoach goal grade {a.manager_id} {GRADE_HINT}", "dim"))
    else:
        parts.append(line("No goal falls due by this meeting."))
    if g.running:
        parts.append(line("Still running:", "bold"))
        parts += [hanging(x.ref, goal_text(x)) for x in g.running]
    if g.need_goal:
        parts.append(line(f"A goal for the next 30 days (due by {day(g.new_goals_due)}):", "bold"))
        parts += bullets(
            [f"{n.name}: goal? how will you personally help?" for n in g.need_goal], "[ ]"
        )
    parts += prompts(g.prompts)

    o = a.own
    parts.append(section("4. The manager's own performance", "own"))
    if o.recorded_on:
        parts.append(line(f"Recorded on {day(o.recorded_on)}:"))
    parts += bullets([f"{label}: {value}" for label, value in own_points(a)])
    if o.coach_support:
        parts.append(line("Did the coach's support happen?", "bold"))
        for x in o.coach_support:
            parts.append(
                hanging(
                    f"[{'x' if x.done else ' '}]",
                    action_text(x) + ("" if x.done else " NOT DONE"),
                    "" if x.done else "red",
                )
            )
    parts += _plan_rich(a)
    parts += prompts(o.prompts)

    if a.funnel is not None:
        parts += funnel_rich(a)

    e = a.expectations
    parts.append(section("Expectations and actions", "wrap_up"))
    if e.recorded_on:
        parts.append(line(f"Agreed on {day(e.recorded_on)}:"))
        parts += bullets(
            [
                f"From {a.coach_name}: {e.from_coach or '–'}",
                f"{a.manager_name} commits: {e.manager_commits or '–'}",
            ]
        )
    else:
        parts.append(line("No expectations recorded yet: say yours out loud, and agree theirs."))
    parts.append(line("Open actions (the coach's own first):", "bold"))
    if not a.actions:
        parts.append(line("None open."))
    for x in a.actions:
        who = a.coach_name if x.owner == "coach" else a.manager_name
        late = " OVERDUE" if x.overdue_days else ""
        parts.append(
            hanging(f"[ ] {x.ref}", f"{who}: {action_text(x)}{late}", "red" if late else "")
        )
    if a.actions:
        parts.append(hanging("→", f"salescoach action done {a.manager_id} ACTION", "dim"))
    return parts


def _plan_rich(a: Agenda) -> list[RenderableType]:
    """The development plan in topic 4: its progress, each item, and how to record one."""
    from rich.padding import Padding
    from rich.text import Text

    p = a.own.plan_items
    head = Text("Development plan: ", style="bold")
    head.append(plan_headline(p), style="")
    parts: list[RenderableType] = [Padding(head, (0, 0, 0, 2))]
    for i in p.items:
        style = "red" if i.overdue_days else ("dim" if i.status != "open" else "")
        parts.append(hanging(f"{MARKS[i.status]} #{i.number}", plan_item_text(i), style))
    if p.open_items:
        hint = f"salescoach plan done {a.manager_id} ITEM (--dropped to drop it)"
    else:
        hint = f"salescoach plan add {a.manager_id} TEXT --due YYYY-MM-DD"
    return [*parts, hanging("→", hint, "dim")]


def _bullet(value: str) -> RenderableType:
    """``• value``, its wrapped lines under the text (not under the bullet)."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("•", value)
    return grid
