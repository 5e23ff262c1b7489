"""Charts over time: the 1:1 rhythm of each manager in a period (``coach scorecard`` with
``schedule``) and the goals' and the manager's help's hit rates over time (``goals``).
Each returns SVG text, or None when there is nothing to draw (``charts`` lists them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from salescoach.formats import number, pct, short_day
from salescoach.i18n import N_, _, ngettext
from salescoach.render.charts_base import new_chart, render_chart
from salescoach.style import MIN_GOALS, GoalRate

RHYTHM_PARTS = (
    ("held_on_planned_day", N_("held on the planned day")),
    ("moved", N_("held, moved")),
    ("skipped", N_("skipped")),
    ("not_recorded", N_("not recorded")),
)
"""The parts of a manager's 1:1s due in the period; together they are ``due``."""
RHYTHM_COLOURS = ("#7fa9d6", "#dbe9f5", "#c9473a", "#8a8a8a")
"""Held, moved, skipped, not recorded: blue for held, red for skipped, a grey apart each."""
RESULTS = ("met", "partly", "missed")
"""A goal's ``result`` codes, counted as a ``GoalRate``."""
HELP = ("yes", "partly", "no")
"""A goal's ``help_delivered`` codes, counted as a ``GoalRate``."""


def _overdue(schedule_json: list[dict[str, Any]] | None) -> dict[str, int]:
    """Each manager's overdue days from ``schedule``'s JSON (none without it)."""
    return {s["manager"]: s["overdue_days"] for s in schedule_json or []}


def _manager_label(manager: dict[str, Any], overdue: dict[str, int]) -> str:
    """The manager's name, with the days their next 1:1 is overdue when it is."""
    days = overdue.get(manager["manager"], 0)
    if not days:
        return str(manager["manager_name"])
    text = ngettext("{name} (overdue {days} day)", "{name} (overdue {days} days)", days)
    return text.format(name=manager["manager_name"], days=number(days))


def _period(start: str, end: str) -> str:
    """``1 Sep 2026 – 1 Dec 2026``: the scorecard's period."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return f"{short_day(first)} {first.year} – {short_day(last)} {last.year}"


def rhythm_timeline(
    scorecard_json: dict[str, Any], schedule_json: list[dict[str, Any]] | None = None
) -> str | None:
    """Each manager's 1:1s due in the scorecard's period, as one bar: held on the planned
    day, held after a move, skipped, not recorded; the overdue days of the next 1:1 beside
    the name (from ``schedule``'s JSON, when given). None when no 1:1 was due."""
    managers = [m for m in scorecard_json["managers"] if m["meetings"]["due"]]
    if not managers:
        return None
    overdue = _overdue(schedule_json)
    chart = new_chart(
        "HorizontalStackedBar",
        title=_("1:1 rhythm, {period}").format(
            period=_period(scorecard_json["since"], scorecard_json["today"])
        ),
        height=max(260, 150 + 48 * len(managers)),
        print_zeroes=False,
        value_formatter=number,
    )
    chart.config.style.colors = RHYTHM_COLOURS
    chart.x_labels = [_manager_label(m, overdue) for m in managers][::-1]
    for key, word in RHYTHM_PARTS:
        chart.add(_(word), [m["meetings"][key] for m in managers][::-1])
    return render_chart(chart, "rhythm", [scorecard_json, schedule_json])


def _rates_by_meeting(
    goals: list[dict[str, Any]], key: str, codes: tuple[str, ...]
) -> list[GoalRate]:
    """At each 1:1 that set goals, the ``GoalRate`` of ``key``'s ``codes`` over every goal
    set up to it (the last is the rate ``goals`` gives)."""
    rates = []
    for day in sorted({g["set_on"] for g in goals}):
        values = [g[key] for g in goals if g["set_on"] <= day]
        rates.append(GoalRate(*(values.count(code) for code in codes)))
    return rates


def _rate_point(rate: GoalRate) -> dict[str, Any] | None:
    """A 1:1's point, ``78.6% (n=14)``; None below the rule's minimum of graded goals."""
    if rate.rate is None or rate.n < MIN_GOALS:
        return None
    shown = _("{rate} (n={n})").format(rate=pct(round(rate.rate, 3)), n=number(rate.n))
    return {"value": round(rate.rate * 100, 1), "formatter": lambda _v: shown}


def _goals_title(goals_json: dict[str, Any]) -> str:
    """The title and the overall rates with their n, as ``goals`` gives them."""
    results, help_ = goals_json["results"], goals_json["help"]
    second = _("goals met {rate} (n={n}) · help given {help} (n={help_n})").format(
        rate=pct(results["rate"]),
        n=number(results["graded"]),
        help=pct(help_["rate"]),
        help_n=number(help_["graded"]),
    )
    title = _("Goals and the manager's help: {name}").format(name=goals_json["manager_name"])
    return title + "\n" + second


def goal_hit_rates(goals_json: dict[str, Any]) -> str | None:
    """The hit rates of the goals and of the manager's help over time: at each 1:1 that set
    goals, the rate of every goal set up to it (partly counts half; no point before three
    are graded), from ``goals --format json``; None when no goal has been graded."""
    goals = goals_json["goals"]
    if not goals_json["results"]["graded"] and not goals_json["help"]["graded"]:
        return None
    chart = new_chart(
        "Line",
        title=_goals_title(goals_json),
        range=(0, 100),
        allow_interruptions=True,
        dots_size=5,
    )
    days = sorted({dt.date.fromisoformat(g["set_on"]) for g in goals})
    chart.x_labels = [short_day(d) for d in days]
    met = _rates_by_meeting(goals, "result", RESULTS)
    chart.add(_("goals met"), [_rate_point(r) for r in met])
    helped = _rates_by_meeting(goals, "help_delivered", HELP)
    chart.add(_("help given"), [_rate_point(r) for r in helped])
    return render_chart(chart, f"{goals_json['manager']}-goals", goals_json)
