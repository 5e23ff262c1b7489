"""Charts over time: the 1:1 rhythm of each manager in a period (``coach scorecard`` with
``schedule``) and the goals' and the manager's help's hit rates month by month (``goals``).
Each returns SVG text, or None when there is nothing to draw (``charts`` lists them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from salescoach.formats import number, pct, short_day
from salescoach.i18n import N_, _, babel_locale, current, ngettext
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
RIGHT_ROOM = 120
"""Room right of the plot for the value printed beside the last point (``78.6% (n=14)``)."""
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


def _rates_by_month(
    goals: list[dict[str, Any]], key: str, codes: tuple[str, ...]
) -> list[GoalRate]:
    """For each month goals were set in, the ``GoalRate`` of ``key``'s ``codes`` of them."""
    rates = []
    for month in sorted({g["set_on"][:7] for g in goals}):
        values = [g[key] for g in goals if g["set_on"][:7] == month]
        rates.append(GoalRate(*(values.count(code) for code in codes)))
    return rates


def _overall(rate: dict[str, Any]) -> dict[str, Any] | None:
    """The command's own rate (``results`` or ``help``) as the last bar, exactly as given."""
    if rate["rate"] is None:
        return None
    shown = _("{rate} (n={n})").format(rate=pct(rate["rate"]), n=number(rate["graded"]))
    return {"value": round(rate["rate"] * 100, 1), "formatter": lambda _v: shown}


def _rate_point(rate: GoalRate) -> dict[str, Any] | None:
    """A month's bar, ``78.6% (n=14)``; None below the rule's minimum of graded goals."""
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
    """The hit rates of the goals and of the manager's help over time: for each month, those
    of the goals set in it (partly counts half; no bar below three graded), then all goals,
    as ``goals --format json`` gives them; None when no goal has been graded."""
    goals = goals_json["goals"]
    if not goals_json["results"]["graded"] and not goals_json["help"]["graded"]:
        return None
    months = sorted({g["set_on"][:7] for g in goals})
    chart = new_chart(
        "HorizontalBar",
        title=_goals_title(goals_json),
        height=max(300, 150 + 60 * (len(months) + 1)),
        range=(0, 100),
        print_values_position="top",
        margin_right=RIGHT_ROOM,
    )
    chart.x_labels = [*(_month(m) for m in months), _("all goals")][::-1]
    for word, key, codes, total in (
        (N_("goals met"), "result", RESULTS, goals_json["results"]),
        (N_("help given"), "help_delivered", HELP, goals_json["help"]),
    ):
        bars = [_rate_point(r) for r in _rates_by_month(goals, key, codes)]
        chart.add(_(word), [*bars, _overall(total)][::-1])
    return render_chart(chart, f"{goals_json['manager']}-goals", goals_json)


def _month(month: str) -> str:
    """``2026-09`` → ``Sep 2026`` (Hungarian ``2026. szept.``): a month as a label."""
    first = dt.date.fromisoformat(month + "-01")
    if current() == "en":
        return f"{first:%b %Y}"
    from babel.dates import format_date

    return format_date(first, "y. LLL", locale=babel_locale())
