"""The agenda in the terminal (rich): the header, the time boxes, the four topics, the funnel
review when due, then expectations and open actions. Below 110 columns the reps' notes go
under the rating table instead of squeezing it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from salescoach.agenda import Agenda
from salescoach.agenda.topics import ASSESS_PROMPT, GRADE_HINT, REPS_QUESTION, assess_question
from salescoach.formats import day, decimal, short_day
from salescoach.i18n import _, current
from salescoach.messages import rating_scale
from salescoach.render.agenda_words import (
    ARROWS,
    FUNNEL,
    MARKS,
    OVERDUE,
    QUESTION_STYLE,
    STYLE,
    action_text,
    average_cell,
    command,
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
        heading = _("{topic} ({minutes} min)").format(topic=name, minutes=a.minutes_for(key))
        return Rule(Text(heading, style="bold"), align="left")

    def bullets(items: Iterable[str], mark: str = "•", style: str = "") -> list[RenderableType]:
        return [hanging(mark, i, style) for i in items]

    def prompts(items: Iterable[str]) -> list[RenderableType]:
        return [hanging("?", _(q), QUESTION_STYLE) for q in items]

    parts: list[RenderableType] = [Text(title(a), style="bold")]
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for label, value in header_lines(a):
        style = "red" if label == _(OVERDUE) else ("yellow" if label == _(FUNNEL) else "")
        head.add_row(label, text(value, style))
        if label == _(STYLE):
            for p in a.style_prompts:
                head.add_row("", _bullet(p))
    parts.append(head)
    boxes = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1))
    boxes.add_column(_("Min"), justify="right")
    boxes.add_column(_("Topic"))
    for t in a.timeboxes:
        boxes.add_row(str(t.minutes), _(t.title))
    parts.append(boxes)

    parts.append(section(_("1. The manager's routine"), "routine"))
    parts += bullets(routine_points(a))
    parts += prompts(a.routine.prompts)

    r = a.reps
    parts.append(section(_("2. Rep performance"), "reps"))
    if r.rows:
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
        table.add_column(_("Rep"), no_wrap=True)
        for d in r.dates:
            table.add_column(_date_head(d), justify="center")
        table.add_column(_("Avg"), justify="right")
        table.add_column(_("Trend"), justify="center")
        table.add_column("1–4", justify="center")
        notes_inside = width >= NOTES_IN_TABLE_MIN_WIDTH
        if notes_inside:
            table.add_column(_("Notes"), overflow="fold")
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
        parts += prompts([reps_question() + team_average(r.team_average)])
    else:
        parts.append(line(_("The manager has no reps in managers/ yet.")))

    g = a.goals
    parts.append(section(_("3. Goals for the next 30 days"), "goals"))
    if g.to_assess:
        parts.append(line(_("To assess ({question}):").format(question=_(ASSESS_PROMPT)), "bold"))
        parts += [hanging(x.ref, assess_question(x)) for x in g.to_assess]
        parts.append(hanging("→", command("goal", "grade", a.manager_id, GRADE_HINT), "dim"))
    else:
        parts.append(line(_("No goal falls due by this meeting.")))
    if g.running:
        parts.append(line(_("Still running:"), "bold"))
        parts += [hanging(x.ref, goal_text(x)) for x in g.running]
    if g.need_goal:
        due = day(g.new_goals_due)
        parts.append(
            line(_("A goal for the next 30 days (due by {date}):").format(date=due), "bold")
        )
        ask = _("{rep}: goal? how will you personally help?")
        parts += bullets([ask.format(rep=n.name) for n in g.need_goal], "[ ]")
    parts += prompts(g.prompts)

    o = a.own
    parts.append(section(_("4. The manager's own performance"), "own"))
    if o.recorded_on:
        parts.append(line(_("Recorded on {date}:").format(date=day(o.recorded_on))))
    parts += bullets([f"{label}: {value}" for label, value in own_points(a)])
    if o.coach_support:
        parts.append(line(_("Did the coach's support happen?"), "bold"))
        for x in o.coach_support:
            parts.append(
                hanging(
                    f"[{'x' if x.done else ' '}]",
                    action_text(x) + ("" if x.done else " " + _("NOT DONE")),
                    "" if x.done else "red",
                )
            )
    parts += _plan_rich(a)
    parts += prompts(o.prompts)

    if a.funnel is not None:  # the funnel's renderers load only for a review that is due
        from salescoach.render.agenda_funnel import funnel_rich

        parts += funnel_rich(a)

    e = a.expectations
    parts.append(section(_("Expectations and actions"), "wrap_up"))
    if e.recorded_on:
        parts.append(line(_("Agreed on {date}:").format(date=day(e.recorded_on))))
        parts += bullets(
            [
                _("From {coach}: {expects}").format(
                    coach=a.coach_name, expects=e.from_coach or "–"
                ),
                _("{manager} commits: {commits}").format(
                    manager=a.manager_name, commits=e.manager_commits or "–"
                ),
            ]
        )
    else:
        parts.append(line(_("No expectations recorded yet: say yours out loud, and agree theirs.")))
    parts.append(line(_("Open actions (the coach's own first):"), "bold"))
    if not a.actions:
        parts.append(line(_("None open.")))
    for x in a.actions:
        who = a.coach_name if x.owner == "coach" else a.manager_name
        late = " " + _("OVERDUE") if x.overdue_days else ""
        parts.append(
            hanging(f"[ ] {x.ref}", f"{who}: {action_text(x)}{late}", "red" if late else "")
        )
    if a.actions:
        parts.append(hanging("→", command("action", "done", a.manager_id, "ACTION"), "dim"))
    return parts


def _plan_rich(a: Agenda) -> list[RenderableType]:
    """The development plan in topic 4: its progress, each item, and how to record one."""
    from rich.padding import Padding
    from rich.text import Text

    p = a.own.plan_items
    head = Text(_("Development plan:") + " ", style="bold")
    head.append(plan_headline(p), style="")
    parts: list[RenderableType] = [Padding(head, (0, 0, 0, 2))]
    for i in p.items:
        style = "red" if i.overdue_days else ("dim" if i.status != "open" else "")
        parts.append(hanging(f"{MARKS[i.status]} #{i.number}", plan_item_text(i), style))
    if p.open_items:
        hint = _("salescoach plan done {manager} ITEM (--dropped to drop it)").format(
            manager=a.manager_id
        )
    else:
        hint = command("plan", "add", a.manager_id, "TEXT", "--due", "YYYY-MM-DD")
    return [*parts, hanging("→", hint, "dim")]


def _date_head(d: dt.date) -> str:
    """A rating date over two lines, three characters wide (``Nov``/``16``; ``11.``/``16.``)."""
    if current() == "en":
        return short_day(d).replace(" ", "\n")
    return f"{d.month:02}.\n{d.day:02}."


def reps_question() -> str:
    """``Rate each rep 1 (did not reach the goals) to 4 (exceeded them).``"""
    return _(REPS_QUESTION).format(scale=rating_scale())


def team_average(average: float | None) -> str:
    """`` Team average last time: 2.7.`` after the rating prompt (nothing without one)."""
    if not average:
        return ""
    return " " + _("Team average last time: {average}.").format(average=decimal(average, 1))


def _bullet(value: str) -> RenderableType:
    """``• value``, its wrapped lines under the text (not under the bullet)."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("•", value)
    return grid
