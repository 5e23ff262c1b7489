"""What every format of the agenda says the same way: the title, the header, the routine and
own-performance points, goals and actions in a line, and the hanging line item of the
terminal. Values read through ``salescoach.formats``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salescoach.agenda import ActionItem, Agenda, AgreedChange, GoalItem, Trend
from salescoach.agenda.parts import PlanEntry, PlanProgress
from salescoach.formats import day, decimal, number, plural, short_day
from salescoach.i18n import N_, _

if TYPE_CHECKING:
    from rich.console import RenderableType

ARROWS: dict[str, str] = {"up": "↑", "down": "↓", "flat": "→", "": ""}
TRENDS = {"up": N_("up"), "down": N_("down"), "flat": N_("flat")}
"""A trend in words (the hours of the routine)."""
STYLES = {
    "directing": N_("directing"),
    "coaching": N_("coaching"),
    "supporting": N_("supporting"),
    "delegating": N_("delegating"),
}
"""A coaching style in words (the code is English in the files)."""


def style_name(style: str) -> str:
    """The style in the language in use (``coaching`` → ``felkészítő``)."""
    return _(STYLES[style]) if style in STYLES else style


QUESTION_STYLE = " ".join(("italic", "cyan"))
"""How the method's questions look in the terminal."""


def command(*words: str) -> str:
    """A command line as it is typed (never translated): ``salescoach action done anna ACTION``."""
    return " ".join(("salescoach", *words))


def hours_line(values: list[float | None], trend: Trend) -> str:
    """``12 → 8 h/week (down)``."""
    if not values:
        return _("not recorded")
    shown = " → ".join(number(v) for v in values)
    text = _("{hours} h/week").format(hours=shown)
    return text + (f" ({_(TRENDS[trend])})" if trend else "")


def title(a: Agenda) -> str:
    """``1:1 with Anna Kovács: Mon 30 Nov 2026, 60 minutes``."""
    return _("1:1 with {manager}: {date}, {minutes} minutes").format(
        manager=a.manager_name, date=day(a.date), minutes=a.minutes
    )


def _funnel_line(a: Agenda) -> str:
    due = day(a.funnel_review_due)
    if not a.funnel_review:
        return _("not at this 1:1; next due {date}").format(date=due)
    last = a.funnel.last_review if a.funnel else None
    last_text = (
        _("last review {date}").format(date=day(last)) if last else _("no review recorded yet")
    )
    if a.funnel_review_due < a.date:
        return _("included: due since {date}, {last}").format(date=due, last=last_text)
    return _("included: due {date}, {last}").format(date=due, last=last_text)


def header_lines(a: Agenda) -> list[tuple[str, str]]:
    """(label, text) pairs of the header, in order."""
    lines: list[tuple[str, str]] = [(_(WHY), _why(a))]
    if a.overdue_days:
        lines.append((_(OVERDUE), _overdue(a)))
    if a.moved_from is not None:
        moved = day(a.moved_from)
        text = (
            _("from {date} because {reason}").format(date=moved, reason=a.moved_because)
            if a.moved_because
            else _("from {date}").format(date=moved)
        )
        lines.append((_("Moved"), text))
    lines.append((_(FUNNEL), _funnel_line(a)))
    lines.append((_(STYLE), style_name(a.style)))
    if a.suggested_style != a.style:
        suggested = f"{style_name(a.suggested_style)}: {a.style_reason}"
        lines.append((_("Suggested style"), suggested))
    needs = ", ".join(a.training_needs) if a.training_needs else _("none recorded")
    lines.append((_("Training needs"), needs))
    return lines


WHY = N_("Why this date")
OVERDUE = N_("Overdue")
FUNNEL = N_("Funnel review")
STYLE = N_("Coaching style")
"""Header labels the formats look for (to colour them, to list the style's prompts)."""


def _why(a: Agenda) -> str:
    """The cadence's reason, and the last 1:1 held."""
    if a.last_held is None:
        return _("{reason}; no 1:1 held yet").format(reason=a.reason)
    return _("{reason}; last 1:1 on {date}").format(reason=a.reason, date=day(a.last_held))


def _overdue(a: Agenda) -> str:
    """How late the 1:1 is, and that it is due now."""
    days = plural(a.overdue_days, "day")
    if a.due:
        return _("{days}: the 1:1 was due {date}; it is never skipped, so it is due now").format(
            days=days, date=day(a.due)
        )
    return _("{days}; it is never skipped, so it is due now").format(days=days)


def score_cell(score: int | None) -> str:
    """A rating in the table: the score, or ``·`` when the rep was not rated there."""
    return "·" if score is None else str(score)


def average_cell(average: float | None) -> str:
    """A rep's average rating to one decimal, as everywhere (``–`` without any)."""
    return decimal(average, 1)


def action_text(x: ActionItem) -> str:
    """``Share the playbook (due Fri 20 Nov 2026, overdue 7 days; from 16 Nov)``."""
    due = _("due {date}").format(date=day(x.due)) if x.due else _("no due date")
    late = (
        _(", overdue {days}").format(days=plural(x.overdue_days, "day")) if x.overdue_days else ""
    )
    return _("{action} ({due}; from {date})").format(
        action=x.do, due=due + late, date=short_day(x.set_on)
    )


def goal_text(g: GoalItem) -> str:
    """``Petra Nagy: Book 12 calls (due Wed 23 Dec 2026; manager helps: Joins two)``."""
    if g.manager_help:
        return _("{rep}: {goal} (due {date}; manager helps: {help})").format(
            rep=g.rep_name, goal=g.goal, date=day(g.due), help=g.manager_help
        )
    return _("{rep}: {goal} (due {date})").format(rep=g.rep_name, goal=g.goal, date=day(g.due))


def routine_points(a: Agenda) -> list[str]:
    """The routine topic's points: the hours and their trend, notes, the agreed change."""
    r = a.routine
    points: list[str] = []
    if r.as_of is None:
        points.append(_("No hours recorded yet: ask for admin and coaching hours per week."))
    else:
        dates = ", ".join(short_day(h.date) for h in r.history)
        admin = hours_line([h.admin for h in r.history], r.admin_trend)
        coaching = hours_line([h.coaching for h in r.history], r.coaching_trend)
        points.append(_("Admin: {hours}").format(hours=admin))
        points.append(_("Coaching: {hours}").format(hours=coaching))
        points.append(_("(recorded on {dates})").format(dates=dates))
    if r.notes:
        points.append(_("Last notes: {notes}").format(notes=r.notes))
    if r.change is not None:
        points += _change_points(r.change)
    return points


def _change_points(c: AgreedChange) -> list[str]:
    """The routine change agreed, and how the hours moved since."""
    agreed = _("Change agreed on {date}: {what}.").format(date=day(c.agreed_on), what=c.what)
    if c.why:
        agreed += " " + _("Why: {why}").format(why=c.why)
    if c.admin_now is None and c.coaching_now is None:
        return [agreed, _("No hours recorded since then: check whether the change happened.")]
    since = _(
        "Since then: admin {admin_then} → {admin_now} h, coaching {coaching_then} → "
        "{coaching_now} h."
    ).format(
        admin_then=number(c.admin_then),
        admin_now=number(c.admin_now),
        coaching_then=number(c.coaching_then),
        coaching_now=number(c.coaching_now),
    )
    return [agreed, since]


def own_points(a: Agenda) -> list[tuple[str, str]]:
    """(label, text) of what the last 1:1 recorded about the manager's own performance."""
    o = a.own
    if o.recorded_on is None:
        return [(_("Last time"), _("nothing recorded yet"))]
    pairs = [
        (N_("Achieved"), o.achieved),
        (N_("To improve"), o.improve),
        (N_("Needs: training"), o.training),
        (N_("Needs: support"), o.support),
        (N_("Needs: coaching"), o.coaching),
        (N_("Plan"), o.plan),
    ]
    return [(_(label), text) for label, text in pairs if text]


MARKS = {"open": "[ ]", "done": "[x]", "dropped": "[-]"}
"""How a development plan item's status reads in a checklist."""


def plan_headline(p: PlanProgress) -> str:
    """``2 of 3 done; «Run the forecast call alone» due Tue 15 Dec 2026`` (and the dropped)."""
    if not p.items:
        return _("no items yet: agree what the manager will develop, and by when")
    if p.next_open:
        head = _("{done} of {counted} done").format(done=p.done, counted=p.counted)
    else:
        head = _("all {counted} done").format(counted=p.counted)
    if p.dropped:
        head += " " + _("({dropped} dropped)").format(dropped=p.dropped)
    if p.next_open is not None:
        head += f"; «{p.next_open.what}» {_plan_due(p.next_open)}"
    return head


def _plan_due(i: PlanEntry) -> str:
    """``due Tue 15 Dec 2026``, ``due …, overdue 3 days`` or ``no due date``."""
    if i.due is None:
        return _("no due date")
    late = (
        _(", overdue {days}").format(days=plural(i.overdue_days, "day")) if i.overdue_days else ""
    )
    return _("due {date}").format(date=day(i.due)) + late


def plan_item_text(i: PlanEntry) -> str:
    """``Run the forecast call alone (due Tue 15 Dec 2026)``, or ``(done)`` / ``(dropped)``."""
    status = _plan_due(i) if i.status == "open" else _(PLAN_STATUS[i.status])
    return f"{i.what} ({status})"


PLAN_STATUS = {"done": N_("done"), "dropped": N_("dropped")}


def hanging(mark: str, value: str, style: str = "") -> RenderableType:
    """One line item of the terminal, indented, whose wrapped lines line up under its text
    (wrapped at spaces only: a Hungarian number's no-break spaces hold it together)."""
    from salescoach.render.agenda_hanging import Hanging

    return Hanging(mark, value, style)
