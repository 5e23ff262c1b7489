"""The report's parts about people: the ratings of each team (``rate show``), the rhythm of
the 1:1s (``schedule`` and ``coach scorecard``) and the reps' goals with the manager's help
(``goals``). Each reads only the JSON of its command (``report_data``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from salescoach.formats import NONE, day, decimal, number, pct, short_day
from salescoach.i18n import N_, _
from salescoach.render.agenda_words import ARROWS, TRENDS
from salescoach.render.report_charts import Charts
from salescoach.render.report_data import ReportSources
from salescoach.render.report_html import Source, element, paragraph, table, text


def _iso_day(value: Any) -> str:
    """A date of the JSON as a short day (``30 Nov``), ``–`` when there is none."""
    return NONE if value is None else short_day(dt.date.fromisoformat(str(value)))


def _trend(value: Any) -> str:
    """``↑ up``: a trend of the JSON in words."""
    return f"{ARROWS[value]} {_(TRENDS[value])}" if value else NONE


# ---------------------------------------------------------------- ratings


def ratings_part(sources: ReportSources, charts: Charts) -> str:
    """A heatmap and a table per team: each rep's scores at the rated 1:1s, their average
    and trend, the team's average at each."""
    src = sources.ratings
    parts = [_team_ratings(src, i, entry, charts) for i, entry in enumerate(src.data["managers"])]
    return "".join(parts)


def _team_ratings(src: Source, i: int, entry: dict[str, Any], charts: Charts) -> str:
    """One team's ratings (or that it has none yet)."""
    title = element("h3", text(entry["manager_name"]))
    if not entry["meetings"]:
        return title + paragraph(text(_("No ratings yet.")), "note")
    from salescoach.render import charts as chart

    figure = charts.add(
        f"{entry['manager']}-ratings",
        lambda: chart.ratings_heatmap(src.data, entry["manager"]),
        _("Each rep's 1–4 rating at the last rated 1:1s, with the trend."),
    )
    dates = entry["meetings"]
    head = [_("Rep"), *[_iso_day(d) for d in dates], _("Average"), _("Trend")]
    rows = [_rep_row(src, i, r, rep, dates) for r, rep in enumerate(entry["reps"])]
    team = [text(_("Team average"))]
    team += [src.num(["managers", i, "team_average", d], decimal) for d in dates]
    return title + figure + table(head, [*rows, [*team, "", ""]], numeric_from=1)


def _rep_row(src: Source, i: int, r: int, rep: dict[str, Any], dates: list[str]) -> list[str]:
    """A rep's row: name, the score at each rated 1:1 (``–``: not rated), average, trend."""
    at: list[str | int] = ["managers", i, "reps", r]
    cells = [text(rep["rep_name"])]
    for d in dates:
        score = rep["scores"].get(d)
        cells.append(src.num([*at, "scores", d], number) if score is not None else NONE)
    cells.append(src.num([*at, "average"], decimal))
    cells.append(text(_trend(rep["trend"])))
    return cells


# ---------------------------------------------------------------- rhythm

SCHEDULE_HEAD = (
    N_("Manager"),
    N_("Every (days)"),
    N_("Last held"),
    N_("Next 1:1"),
    N_("Overdue (days)"),
    N_("Funnel review due"),
)
SCORECARD_ROWS = (
    (("meetings", "due"), N_("1:1s due")),
    (("meetings", "held"), N_("held")),
    (("meetings", "held_on_planned_day"), N_("held on the planned day")),
    (("meetings", "moved"), N_("moved")),
    (("meetings", "moved_days_average"), N_("days moved, on average")),
    (("meetings", "skipped"), N_("skipped")),
    (("meetings", "not_recorded"), N_("due but not recorded")),
    (("meetings", "overdue"), N_("overdue, the next 1:1 included")),
    (("coach_actions", "due"), N_("the coach's actions due")),
    (("coach_actions", "on_time"), N_("done on time")),
    (("coach_actions", "late"), N_("late")),
    (("goals", "due"), N_("goals due")),
    (("goals", "graded_within_a_week"), N_("graded within a week")),
    (("help", "graded"), N_("help graded")),
    (("help", "yes"), N_("help given")),
    (("help", "partly"), N_("given in part")),
    (("help", "no"), N_("not given")),
)
"""The scorecard's rows: where each figure is in the JSON, and its words."""


def rhythm_part(sources: ReportSources, charts: Charts) -> str:
    """The next 1:1 of each manager (overdue ones first in the command's order), the
    rhythm on a timeline, and the coach's scorecard over the period."""
    return _schedule(sources) + _rhythm_chart(sources, charts) + _scorecard(sources)


def _schedule(sources: ReportSources) -> str:
    """The schedule's table (nothing for a manager who has left the role)."""
    src = sources.schedule
    entries = sources.schedule_entries()
    if not entries:
        return paragraph(text(_("No next 1:1: the manager has left the role.")), "note")
    rows = []
    for i, entry in enumerate(entries):
        at = sources.schedule_path(i)
        rows.append(
            [
                text(entry["manager_name"]),
                src.num([*at, "every_days"], number),
                text(_iso_day(entry["last_held"])),
                text(_iso_day(entry["next_date"])),
                src.num([*at, "overdue_days"], number),
                text(_iso_day(entry["funnel_review_due"])),
            ]
        )
    head = [_(h) for h in SCHEDULE_HEAD]
    return table(head, rows, numeric_from=1, caption=_("The next 1:1s"))


def _rhythm_chart(sources: ReportSources, charts: Charts) -> str:
    """Each manager's 1:1s of the period on a timeline: held, moved, skipped, overdue and
    the next one planned, from the scorecard's list of them (when there are)."""
    from salescoach.render import charts as chart

    card = dict(sources.scorecard.data)
    wanted = set(sources.data.manager_ids)
    card["managers"] = [m for m in card["managers"] if m["manager"] in wanted]
    return charts.add(
        "rhythm",
        lambda: chart.rhythm_timeline(card, sources.schedule_entries()),
        _(
            "The rhythm of the 1:1s per manager, on a timeline: held, moved, skipped, overdue, "
            "and the next one planned."
        ),
    )


def _scorecard_columns(sources: ReportSources) -> list[tuple[str, list[str | int]]]:
    """The scorecard's columns: the report's managers (and the total for every manager)."""
    card = sources.scorecard.data
    wanted = set(sources.data.manager_ids)
    columns: list[tuple[str, list[str | int]]] = [
        (m["manager_name"], ["managers", i])
        for i, m in enumerate(card["managers"])
        if m["manager"] in wanted
    ]
    if sources.data.manager is None:
        columns.append((_("Total"), ["total"]))
    return columns


def _scorecard(sources: ReportSources) -> str:
    """The coach's scorecard of the period, one column per manager (and the total)."""
    src, columns = sources.scorecard, _scorecard_columns(sources)
    period = _("The coach's scorecard from {since} to {today}").format(
        since=day(dt.date.fromisoformat(src.data["since"])),
        today=day(dt.date.fromisoformat(src.data["today"])),
    )
    if not columns or all(src.get([*at, "meetings", "due"]) == 0 for _n, at in columns):
        return element("h3", text(period)) + paragraph(text(_("No 1:1 was due in the period.")))
    rows = [
        [text(_(words))] + [src.num([*at, *path], _figure) for _n, at in columns]
        for path, words in SCORECARD_ROWS
    ]
    head = ["", *[name for name, _at in columns]]
    return element("h3", text(period)) + table(head, rows, numeric_from=1)


def _figure(value: Any) -> str:
    """A count, or an average with one decimal."""
    return decimal(value) if isinstance(value, float) else number(value)


# ---------------------------------------------------------------- goals

RATE_ROWS = (
    ("results", N_("Goals met"), ("met", "partly", "missed")),
    ("help", N_("Help delivered"), ("yes", "partly", "no")),
)
RATE_HEAD = (N_("Rate"), N_("Graded (n)"), N_("Yes / met"), N_("Partly"), N_("No / missed"))


def goals_part(sources: ReportSources, charts: Charts) -> str:
    """Per manager: the hit rates of the reps' goals and of the help promised, with n."""
    return "".join(_manager_goals(src, charts) for src in sources.goals)


def _manager_goals(src: Source, charts: Charts) -> str:
    """One manager's goal rates and their chart (or that no goal was set)."""
    data = src.data
    title = element("h3", text(data["manager_name"]))
    if not data["count"]:
        return title + paragraph(text(_("No goals set in the period.")), "note")
    from salescoach.render import charts as chart

    figure = charts.add(
        f"{data['manager']}-goals",
        lambda: chart.goal_hit_rates(data),
        _("The goals' hit rate and the help delivered, over time."),
    )
    rows = [
        [
            text(_(words)),
            src.num([key, "rate"], pct),
            src.num([key, "graded"], number),
            *[src.num([key, k], number) for k in keys],
        ]
        for key, words, keys in RATE_ROWS
    ]
    head = ["", *[_(h) for h in RATE_HEAD]]
    waiting = text(_("Goals due and not graded yet: {count}; partly counts half.")).format(
        count=src.num(["results", "waiting"], number)
    )
    count = text(_("Goals set: {count}.")).format(count=src.num(["count"], number))
    return title + figure + table(head, rows) + paragraph(count + " " + waiting, "note")
