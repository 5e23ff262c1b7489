"""What every format of the agenda says the same way: the title, the header, the routine and
own-performance points, goals and actions in a line, and the hanging line item of the
terminal. Values read through ``salescoach.formats``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salescoach.agenda import ActionItem, Agenda, GoalItem, Trend
from salescoach.agenda.parts import PlanEntry, PlanProgress
from salescoach.formats import day, decimal, number, plural, short_day

if TYPE_CHECKING:
    from rich.console import RenderableType

ARROWS: dict[str, str] = {"up": "↑", "down": "↓", "flat": "→", "": ""}


def hours_line(values: list[float | None], trend: Trend) -> str:
    """``12 → 8 h/week (down)``."""
    shown = " → ".join(number(v) for v in values) if values else "not recorded"
    return f"{shown} h/week" + (f" ({trend})" if trend else "")


def title(a: Agenda) -> str:
    """``1:1 with Anna Kovács: Mon 30 Nov 2026, 60 minutes``."""
    return f"1:1 with {a.manager_name}: {day(a.date)}, {a.minutes} minutes"


def _funnel_line(a: Agenda) -> str:
    if not a.funnel_review:
        return f"not at this 1:1; next due {day(a.funnel_review_due)}"
    last = a.funnel.last_review if a.funnel else None
    last_text = f"last review {day(last)}" if last else "no review recorded yet"
    since = "due since" if a.funnel_review_due < a.date else "due"
    return f"included: {since} {day(a.funnel_review_due)}, {last_text}"


def header_lines(a: Agenda) -> list[tuple[str, str]]:
    """(label, text) pairs of the header, in order."""
    why = a.reason
    why += f"; last 1:1 on {day(a.last_held)}" if a.last_held is not None else "; no 1:1 held yet"
    lines: list[tuple[str, str]] = [("Why this date", why)]
    if a.overdue_days:
        was_due = f": the 1:1 was due {day(a.due)}" if a.due else ""
        lines.append(
            (
                "Overdue",
                f"{plural(a.overdue_days, 'day')}{was_due}; it is never skipped, so it is due now",
            )
        )
    if a.moved_from is not None:
        because = f" because {a.moved_because}" if a.moved_because else ""
        lines.append(("Moved", f"from {day(a.moved_from)}{because}"))
    lines.append(("Funnel review", _funnel_line(a)))
    lines.append(("Coaching style", a.style))
    if a.suggested_style != a.style:
        lines.append(("Suggested style", f"{a.suggested_style}: {a.style_reason}"))
    lines.append(
        ("Training needs", ", ".join(a.training_needs) if a.training_needs else "none recorded")
    )
    return lines


def score_cell(score: int | None) -> str:
    """A rating in the table: the score, or ``·`` when the rep was not rated there."""
    return "·" if score is None else str(score)


def average_cell(average: float | None) -> str:
    """A rep's average rating to one decimal, as everywhere (``–`` without any)."""
    return decimal(average, 1)


def action_text(x: ActionItem) -> str:
    """``Share the playbook (due Fri 20 Nov 2026, overdue 7 days; from 16 Nov)``."""
    due = f"due {day(x.due)}" if x.due else "no due date"
    late = f", overdue {plural(x.overdue_days, 'day')}" if x.overdue_days else ""
    return f"{x.do} ({due}{late}; from {short_day(x.set_on)})"


def goal_text(g: GoalItem) -> str:
    """``Petra Nagy: Book 12 calls (due Wed 23 Dec 2026; manager helps: Joins two)``."""
    help_ = f"; manager helps: {g.manager_help}" if g.manager_help else ""
    return f"{g.rep_name}: {g.goal} (due {day(g.due)}{help_})"


def routine_points(a: Agenda) -> list[str]:
    """The routine topic's points: the hours and their trend, notes, the agreed change."""
    r = a.routine
    points: list[str] = []
    if r.as_of is None:
        points.append("No hours recorded yet: ask for admin and coaching hours per week.")
    else:
        dates = ", ".join(short_day(h.date) for h in r.history)
        points.append(f"Admin: {hours_line([h.admin for h in r.history], r.admin_trend)}")
        points.append(f"Coaching: {hours_line([h.coaching for h in r.history], r.coaching_trend)}")
        points.append(f"(recorded on {dates})")
    if r.notes:
        points.append(f"Last notes: {r.notes}")
    if r.change is not None:
        c = r.change
        why = f" Why: {c.why}" if c.why else ""
        points.append(f"Change agreed on {day(c.agreed_on)}: {c.what}.{why}")
        if c.admin_now is not None or c.coaching_now is not None:
            points.append(
                f"Since then: admin {number(c.admin_then)} → {number(c.admin_now)} h, "
                f"coaching {number(c.coaching_then)} → {number(c.coaching_now)} h."
            )
        else:
            points.append("No hours recorded since then: check whether the change happened.")
    return points


def own_points(a: Agenda) -> list[tuple[str, str]]:
    """(label, text) of what the last 1:1 recorded about the manager's own performance."""
    o = a.own
    if o.recorded_on is None:
        return [("Last time", "nothing recorded yet")]
    pairs = [
        ("Achieved", o.achieved),
        ("To improve", o.improve),
        ("Needs: training", o.training),
        ("Needs: support", o.support),
        ("Needs: coaching", o.coaching),
        ("Plan", o.plan),
    ]
    return [(label, text) for label, text in pairs if text]


MARKS = {"open": "[ ]", "done": "[x]", "dropped": "[-]"}
"""How a development plan item's status reads in a checklist."""


def plan_headline(p: PlanProgress) -> str:
    """``2 of 3 done; «Run the forecast call alone» due Tue 15 Dec 2026`` (and the dropped)."""
    if not p.items:
        return "no items yet: agree what the manager will develop, and by when"
    head = f"{p.done} of {p.counted} done" if p.next_open else f"all {p.counted} done"
    if p.dropped:
        head += f" ({p.dropped} dropped)"
    if p.next_open is not None:
        head += f"; «{p.next_open.what}» {_plan_due(p.next_open)}"
    return head


def _plan_due(i: PlanEntry) -> str:
    """``due Tue 15 Dec 2026``, ``due …, overdue 3 days`` or ``no due date``."""
    if i.due is None:
        return "no due date"
    late = f", overdue {plural(i.overdue_days, 'day')}" if i.overdue_days else ""
    return f"due {day(i.due)}{late}"


def plan_item_text(i: PlanEntry) -> str:
    """``Run the forecast call alone (due Tue 15 Dec 2026)``, or ``(done)`` / ``(dropped)``."""
    return f"{i.what} ({_plan_due(i) if i.status == 'open' else i.status})"


def hanging(mark: str, value: str, style: str = "") -> RenderableType:
    """One line item of the terminal, indented, whose wrapped lines line up under its text."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(f" {mark}", style=style), Text(value, style=style))
    return grid
