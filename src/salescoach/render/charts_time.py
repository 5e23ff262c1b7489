"""Charts over time: the 1:1 rhythm of each manager in a period (``coach scorecard`` with
``schedule``) and the goals' and the manager's help's hit rates month by month (``goals``).
Each returns SVG text, or None when there is nothing to draw (``charts`` lists them)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from salescoach import formats
from salescoach.formats import number, pct, short_date, short_day
from salescoach.i18n import N_, _, ngettext
from salescoach.render.charts_base import new_chart, render_chart
from salescoach.style import MIN_GOALS, GoalRate

RHYTHM_MARKS = (
    ("held", N_("held on the planned day"), "#3f6fa8", "circle"),
    ("moved", N_("held, moved"), "#a7cbe8", "diamond"),
    ("skipped", N_("skipped"), "#c9473a", "cross"),
    ("overdue", N_("overdue"), "#e8a33d", "triangle"),
    ("planned", N_("next 1:1, planned"), "#555555", "ring"),
)
"""Each status of a 1:1 on the timeline: its words, colour and shape (the shapes tell them
apart in grey print, the colours on a screen)."""
MARK_SIZE = 7
"""Half the width of a mark, in the viewBox's units."""
EDGE_DAYS = 4
"""Days of room before the first and after the last day, so that no mark is cut."""
LEGEND_ROOM = 40
"""Room under the legend's second row (pygal leaves room for one)."""
NAME_RAISE = 16
"""How far above its row line a manager's name stands (clear of the marks)."""
MAX_TICKS = 7
"""At most this many dates under the timeline, so that none overlaps the next."""
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
    return f"{short_date(first)} – {short_date(last)}"


def _days_of(one_on_one: dict[str, Any]) -> list[dt.date]:
    """The dates of a 1:1 of the JSON: the planned day, and the day held when there is one."""
    days = [dt.date.fromisoformat(one_on_one["date"])]
    return days + ([dt.date.fromisoformat(one_on_one["held_on"])] if one_on_one["held_on"] else [])


def _span(
    scorecard_json: dict[str, Any], managers: list[dict[str, Any]]
) -> tuple[dt.date, dt.date]:
    """The timeline's first and last day: the period, widened to every 1:1 it shows (a
    skip due before ``since``, the next 1:1 after ``today``)."""
    days = [d for m in managers for o in m["one_on_ones"] for d in _days_of(o)]
    first = min([dt.date.fromisoformat(scorecard_json["since"]), *days])
    return first, max([dt.date.fromisoformat(scorecard_json["today"]), *days])


def _ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """The dates under the timeline: the first of each month (every few months over a long
    period; each Monday over a short one), at most ``MAX_TICKS``."""
    months = []
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if len(months) >= 2:
        return months[:: -(-len(months) // MAX_TICKS)]
    mondays = [first + dt.timedelta(days=d) for d in range((last - first).days + 1)]
    mondays = [d for d in mondays if d.weekday() == 0]
    return mondays[:: max(1, -(-len(mondays) // MAX_TICKS))]


def _day_words(first: dt.date, last: dt.date) -> Callable[[dt.date], str]:
    """How the timeline writes a day: ``21 Oct``, with the year when it spans two."""
    if first.year == last.year:
        return short_day
    return short_date


def _mark_size(first: dt.date, last: dt.date) -> float:
    """The marks' half width: ``MARK_SIZE``, smaller over a long period so that weekly 1:1s
    do not touch (a week is about 740 * 7 / days units of the plot wide)."""
    return round(max(3.0, min(MARK_SIZE, 0.35 * 740 * 7 / ((last - first).days + 8))), 1)


def _mark_text(name: str, one_on_one: dict[str, Any], words: Callable[[dt.date], str]) -> str:
    """What a mark says on hover: ``held 21 Oct (planned for 20 Oct)``."""
    planned = words(dt.date.fromisoformat(one_on_one["date"]))
    status = one_on_one["status"]
    if status == "moved":
        held = words(dt.date.fromisoformat(one_on_one["held_on"]))
        return _("{name}: held {held} (planned for {day})").format(
            name=name, held=held, day=planned
        )
    word = next(w for key, w, _c, _s in RHYTHM_MARKS if key == status)
    return _("{name}: {status} {day}").format(name=name, status=_(word), day=planned)


def _marks(
    managers: list[dict[str, Any]], status: str, origin: dt.date, words: Callable[[dt.date], str]
) -> list[dict[str, Any]]:
    """The marks of one status: at the day held (or planned), on the manager's row."""
    out = []
    for row, manager in enumerate(managers, start=1):
        for o in manager["one_on_ones"]:
            if o["status"] != status:
                continue
            shown = _mark_text(str(manager["manager_name"]), o, words)
            x = (_days_of(o)[-1] - origin).days
            out.append({"value": (x, row), "formatter": lambda _v, t=shown: t})
    return out


def rhythm_timeline(
    scorecard_json: dict[str, Any], schedule_json: list[dict[str, Any]] | None = None
) -> str | None:
    """Each manager's 1:1s of the scorecard's period on a dated timeline, one row per
    manager: a mark per 1:1 (``one_on_ones``) at the day it was held, or due, shaped and
    coloured by its status; the overdue days of the next 1:1 beside the name (from
    ``schedule``'s JSON, when given). None when no 1:1 fell in the period (a next 1:1
    planned is all there is)."""
    managers = [m for m in scorecard_json["managers"] if m["one_on_ones"]][::-1]
    if all(o["status"] == "planned" for m in managers for o in m["one_on_ones"]):
        return None  # nothing in the period: only next 1:1s (a team with none held yet)
    first, last = _span(scorecard_json, managers)
    origin = first - dt.timedelta(days=EDGE_DAYS)  # x = days from it: no mark or date at 0
    overdue, words = _overdue(schedule_json), _day_words(first, last)
    chart = new_chart(
        "XY",
        title=_("1:1 rhythm, {period}").format(
            period=_period(scorecard_json["since"], scorecard_json["today"])
        ),
        height=max(300, 190 + 44 * len(managers)),
        stroke=False,
        print_values=False,
        dots_size=_mark_size(first, last),
        xrange=(0, (last - origin).days + EDGE_DAYS),
        range=(0.5, len(managers) + 0.5),
        legend_at_bottom_columns=2,
        margin_bottom=LEGEND_ROOM,
        x_value_formatter=lambda v: words(origin + dt.timedelta(days=round(v))),
    )
    chart.x_labels = [(d - origin).days for d in _ticks(first, last)]
    names = {str(row): _manager_label(m, overdue) for row, m in enumerate(managers, start=1)}
    chart.y_labels = [{"label": " ", "value": int(row)} for row in names]  # names: _shaped
    marks = {status: _marks(managers, status, origin, words) for status, *_rest in RHYTHM_MARKS}
    present = [mark for mark in RHYTHM_MARKS if marks[mark[0]]]
    chart.config.style.colors = tuple(colour for _k, _w, colour, _s in present)
    for status, word, _colour, _shape in present:
        chart.add(_(word), marks[status])
    chart.add_xml_filter(_shaped([shape for _k, _w, _c, shape in present], names))
    return render_chart(chart, "rhythm", [scorecard_json, schedule_json])


def _shape_path(shape: str, x: float, y: float, r: float) -> str:
    """An SVG path of ``shape`` centred on (x, y), ``r`` from the centre to its edge."""
    if shape == "diamond":
        return f"M{x:.2f} {y - r:.2f}L{x + r:.2f} {y:.2f}L{x:.2f} {y + r:.2f}L{x - r:.2f} {y:.2f}Z"
    if shape == "triangle":
        return f"M{x:.2f} {y - r:.2f}L{x + r:.2f} {y + r * 0.8:.2f}L{x - r:.2f} {y + r * 0.8:.2f}Z"
    if shape == "cross":
        a = r * 0.8
        return (
            f"M{x - a:.2f} {y - a:.2f}L{x + a:.2f} {y + a:.2f}"
            f"M{x - a:.2f} {y + a:.2f}L{x + a:.2f} {y - a:.2f}"
        )
    return ""


def _reshape(element: Any, shape: str, x: float, y: float, r: float) -> None:
    """Make a pygal dot or legend square the status's ``shape`` (circles stay circles)."""
    if shape in ("circle", "ring"):
        attrs = {"cx": f"{x:.2f}", "cy": f"{y:.2f}", "r": f"{r:.2f}"}
        element.tag = element.tag.replace("rect", "circle")
        for key in ("x", "y", "width", "height"):
            element.attrib.pop(key, None)
        element.attrib.update(attrs)
        if shape == "ring":
            element.set("style", "fill:white;stroke-width:2.5")
        return
    element.tag = element.tag.replace("circle", "path").replace("rect", "path")
    for key in ("cx", "cy", "r", "x", "y", "width", "height"):
        element.attrib.pop(key, None)
    element.set("d", _shape_path(shape, x, y, r))
    if shape == "cross":
        element.set("style", "fill:none;stroke-width:3.5")


def _serie(element: Any, pattern: str) -> int | None:
    """The series number in an element's class or id (``serie-2``), if any."""
    found = re.search(pattern, f"{element.get('class') or ''} {element.get('id') or ''}")
    return int(found.group(1)) if found else None


def _name_rows(axis: Any, names: dict[str, str]) -> None:
    """Write each manager's name above their row, from the plot's left edge (the rows'
    labels are left blank to pygal, which would narrow the plot by the longest name)."""
    for guide in axis:
        title = next((t for t in guide if str(t.tag).endswith("title")), None)
        label = next((t for t in guide if str(t.tag).endswith("text")), None)
        if title is None or label is None or title.text not in names:
            continue
        label.text = title.text = names[title.text]
        label.set("x", "4")
        label.set("y", f"{float(label.get('y')) - NAME_RAISE:.2f}")
        label.set("style", "text-anchor:start")


def _shape_marks(plot: Any, shapes: list[str]) -> None:
    """Draw each series' marks (pygal's circles) in the series' shape."""
    for serie in plot:
        k = _serie(serie, r"\bserie-(\d+)\b")
        if k is None:
            continue
        for dot in serie.iter():
            if str(dot.tag).endswith("circle"):
                x, y, r = (float(dot.get(a)) for a in ("cx", "cy", "r"))
                _reshape(dot, shapes[k], x, y, r)


def _shape_key(legend: Any, shape: str) -> None:
    """Draw a legend's key (pygal's square) in its series' shape."""
    for key in legend:
        if str(key.tag).endswith("rect"):
            size = float(key.get("width"))
            x, y = float(key.get("x")) + size / 2, float(key.get("y")) + size / 2
            _reshape(key, shape, x, y, size / 2)


def _shaped(shapes: list[str], names: dict[str, str]) -> Callable[[Any], Any]:
    """An XML filter that draws each series' marks, and its legend's key, in its shape, and
    the managers' names above their rows."""

    def reshape(root: Any) -> Any:
        for group in root.iter():
            if not isinstance(group.tag, str):
                continue  # a comment
            classes = group.get("class") or ""
            if classes.startswith("axis y"):
                _name_rows(group, names)
            elif classes == "plot overlay":
                _shape_marks(group, shapes)
            elif (k := _serie(group, r"activate-serie-(\d+)$")) is not None:
                _shape_key(group, shapes[k])
        return root

    return reshape


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
    return formats.month(dt.date.fromisoformat(month + "-01"))
