"""A team's charts: the ratings heatmap, the funnel, each rep against the team, and the
pipeline changes since the last review. Each reads the JSON-ready data of the command the
numbers come from (docs/json.md) and returns SVG text (``charts`` lists them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from salescoach.formats import decimal, money, number, pct, short_day
from salescoach.funnel.changes import CHANGE_KINDS
from salescoach.i18n import N_, _
from salescoach.render.agenda_words import ARROWS, TRENDS
from salescoach.render.charts_base import SCORE_COLOURS, new_chart, render_chart
from salescoach.render.funnel_changes import COLUMNS

ADDED = ("new",)
"""Kinds of change that bring deals into the pipeline (drawn up)."""
LEFT = ("won", "lost", "gone")
"""Kinds of change that take deals out of it (drawn down)."""
WIN_RATE = N_("win rate")
RIGHT_ROOM = 110
"""Room right of the plot for the value printed at the end of the longest bar."""


def _score_value(score: float | None, shown: str) -> dict[str, Any] | None:
    """A heatmap cell: the score, coloured by its rounded value, printed as ``shown``."""
    if score is None:
        return None
    colour = SCORE_COLOURS[min(4, max(1, round(score)))]
    return {"value": score, "color": colour, "formatter": lambda _v: shown}


def _trend(rep: dict[str, Any]) -> str:
    """``Petra Nagy → flat, avg 3.2``: the rep's row label with the trend and the average."""
    trend = rep.get("trend") or ""
    text = str(rep["rep_name"])
    if trend:
        text += f" {ARROWS[trend]} {_(TRENDS[trend])}"
    if rep.get("average") is not None:
        text += ", " + _("avg {average}").format(average=decimal(rep["average"]))
    return text


def _ratings_of(ratings_json: dict[str, Any], manager_id: str) -> dict[str, Any]:
    """The manager's entry of ``rate show``'s JSON (an empty one when it has none)."""
    for entry in ratings_json.get("managers", []):
        if entry["manager"] == manager_id:
            return dict(entry)
    return {"manager": manager_id, "manager_name": manager_id, "meetings": [], "reps": []}


def ratings_heatmap(ratings_json: dict[str, Any], manager_id: str) -> str:
    """Reps × rated 1:1s, each cell the score (1–4) in its colour, each row the rep's trend
    and average, the last row the team's average (``rate show --format json``)."""
    entry = _ratings_of(ratings_json, manager_id)
    dates = entry["meetings"]
    chart = new_chart(
        "Dot",
        title=_("Ratings: {name}").format(name=entry["manager_name"]),
        height=max(260, 90 + 44 * (len(entry["reps"]) + 1)),
        x_labels=[short_day(dt.date.fromisoformat(d)) for d in dates],
        show_legend=False,
        print_values_position="center",
    )
    for rep in entry["reps"]:
        cells = [rep["scores"].get(d) for d in dates]
        chart.add(_trend(rep), [_score_value(s, number(s) if s else "") for s in cells])
    team = entry.get("team_average", {})
    averages = [team.get(d) for d in dates]
    chart.add(_("Team average"), [_score_value(a, decimal(a)) for a in averages])
    return render_chart(chart, f"{manager_id}-ratings", entry, centred=True)


def _funnel_title(team: dict[str, Any], currency: str | None) -> str:
    """The funnel's title and a second line: win rate, cycle and value won, each with n."""
    second = _("win rate {rate} (n={n}) · cycle {days} days (n={cycle_n}) · won {value}").format(
        rate=pct(team["win_rate"]),
        n=number(team["win_rate_n"]),
        days=number(team["cycle_days_median"]),
        cycle_n=number(team["cycle_days_n"]),
        value=money(team["won_value"], currency),
    )
    return _("Funnel: {name}").format(name=team["manager_name"]) + "\n" + second


def _conversion_label(conversion: dict[str, Any]) -> str:
    """``45.2% (n=42)``: a conversion always with the count it is of."""
    return _("{rate} (n={n})").format(rate=pct(conversion["rate"]), n=number(conversion["n"]))


def team_funnel(team_json: dict[str, Any], currency: str | None = None) -> str:
    """The team's funnel: the count at each stage, the conversion into it with its n, and
    the win rate, cycle and value won in the title (a ``funnel review`` ``teams[]`` item)."""
    stages = team_json["stages"]
    conversions = {c["to"]: c for c in team_json["conversions"]}
    chart = new_chart(
        "HorizontalBar",
        title=_funnel_title(team_json, currency),
        height=max(260, 120 + 56 * len(stages)),
        show_legend=False,
        print_values=False,
        print_labels=True,
        margin_right=RIGHT_ROOM,
    )
    chart.x_labels = [s["stage"] for s in stages][::-1]
    values = []
    for stage in stages[::-1]:
        label = number(stage["count"])
        if stage["stage"] in conversions:
            label += " · → " + _conversion_label(conversions[stage["stage"]])
        values.append({"value": stage["count"], "label": label, "formatter": number})
    chart.add(_("deals"), values)
    return render_chart(chart, f"{team_json['manager']}-funnel", team_json)


def _rate_value(rate: float | None, n: int) -> dict[str, Any] | None:
    """A rate bar (0–100) printed as ``42.7% (n=227)``; None below the minimum sample."""
    if rate is None:
        return None
    shown = _("{rate} (n={n})").format(rate=pct(rate), n=number(n))
    return {"value": round(rate * 100, 2), "formatter": lambda _v: shown}


def _rep_rates(row: dict[str, Any], steps: list[tuple[str, int]]) -> list[dict[str, Any] | None]:
    """A rep's (or the team's) conversions, then its win rate, as bars."""
    conversions = row["conversions"]
    values = [_rate_value(conversions[i]["rate"], conversions[i]["n"]) for _label, i in steps]
    return [*values, _rate_value(row["win_rate"], row["win_rate_n"])]


def rep_vs_team(team_json: dict[str, Any]) -> str:
    """Each rep's conversions and win rate beside the team's (rates below the minimum
    sample are left out: ``null`` in the JSON), one group of bars per rate."""
    rows = [*team_json["reps"], {**team_json, "rep_name": _("Team")}]
    steps = [(f"{c['from']} → {c['to']}", i) for i, c in enumerate(team_json["conversions"])]
    chart = new_chart(
        "HorizontalBar",
        title=_("Conversions and win rate: {name}'s reps and the team").format(
            name=team_json["manager_name"]
        ),
        height=max(320, 140 + 22 * len(rows) * (len(steps) + 1)),
        range=(0, 100),
        print_values_position="top",
        margin_right=RIGHT_ROOM,
    )
    labels = [label for label, _i in steps] + [_(WIN_RATE)]
    table = [(row["rep_name"], _rep_rates(row, steps)) for row in rows]
    shown = [i for i in range(len(labels)) if any(values[i] for _name, values in table)]
    chart.x_labels = [labels[i] for i in shown][::-1]
    for name, values in table:
        chart.add(name, [values[i] for i in shown][::-1])
    return render_chart(chart, f"{team_json['manager']}-reps", team_json)


def _kind_value(kind: str, count: int) -> dict[str, Any]:
    """A change's bar: up for deals that came in, down for those that left."""
    signed = -count if kind in LEFT else count
    colour = "#1b2a49" if kind in ADDED else "#8c1c13" if kind in LEFT else "#a6a6a6"
    return {"value": signed, "color": colour, "formatter": lambda _v: number(count)}


def pipeline_waterfall(team_json: dict[str, Any]) -> str | None:
    """What changed in the pipeline since the last review, deals per kind of change (new up;
    won, lost and disappeared down; moved, pushed, grown and shrunk beside), from the team's
    ``changes``; None without an earlier import or when deals cannot be traced."""
    changes = team_json.get("changes")
    if not changes or not changes.get("traceable", True):
        return None
    counts = changes["team"]
    since = dt.date.fromisoformat(changes["before_as_of"])
    chart = new_chart(
        "Bar",
        title=_("Pipeline changes since {date}: {name}").format(
            date=short_day(since) + f" {since.year}", name=team_json["manager_name"]
        ),
        show_legend=False,
        print_values_position="top",
    )
    chart.x_labels = [_(heading) for heading in COLUMNS]
    chart.add(_("deals"), [_kind_value(k, counts.get(k, 0)) for k in CHANGE_KINDS])
    return render_chart(chart, f"{team_json['manager']}-changes", team_json)
