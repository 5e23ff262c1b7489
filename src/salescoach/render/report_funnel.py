"""The report's funnel parts, from ``funnel review --format json``: each team's funnel (the
count at each stage, the conversions with their n, win rate, cycle), each rep against the
team, and the pipeline changes since the last review when two imports exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from salescoach.formats import day, money, number, pct
from salescoach.funnel.changes import CHANGE_KINDS
from salescoach.i18n import N_, _
from salescoach.render.funnel import days
from salescoach.render.funnel_changes import NOT_TRACEABLE_SENTENCE, WORDS
from salescoach.render.report_charts import Charts
from salescoach.render.report_data import ReportSources
from salescoach.render.report_html import Source, element, paragraph, table, text

Shown = Callable[[Any], str]

HEADLINE = (
    ("win_rate", N_("Win rate"), "win_rate_n"),
    ("won", N_("Won"), None),
    ("lost", N_("Lost"), None),
    ("won_value", N_("Value won"), None),
    ("avg_deal", N_("Average deal"), "avg_deal_n"),
    ("cycle_days_median", N_("Sales cycle (median days)"), "cycle_days_n"),
    ("open", N_("Open deals"), None),
    ("open_value", N_("Open pipeline"), None),
)
"""The team's figures at the top of its funnel: key, words, and the key of its n."""
NO_CHANGES = N_(
    "No pipeline changes to show: they need two CRM imports to compare (a snapshot has no deals)."
)
REP_HEAD = (
    N_("Rep"),
    N_("Won"),
    N_("Lost"),
    N_("Win rate"),
    N_("n"),
    N_("Average deal"),
    N_("Cycle (days)"),
    N_("Open pipeline"),
)


def _day(iso: str) -> str:
    """A date of the JSON in prose (``Mon 30 Nov 2026``)."""
    return day(dt.date.fromisoformat(iso))


def _shown(key: str, currency: str | None) -> Shown:
    """How the figure ``key`` reads: a rate, money, days or a count."""
    if key in ("win_rate", "coverage", "rate"):
        return pct
    if key in ("won_value", "avg_deal", "open_value"):
        return lambda value: money(value, currency)
    if key.startswith("cycle_days"):
        return days
    return number


def funnel_part(sources: ReportSources, charts: Charts) -> str:
    """Every team's funnel and its reps, or that there is no funnel data."""
    src = sources.funnel
    if src is None:
        return paragraph(text(_("No funnel data: no import and no snapshot.")), "note")
    said = _("From {source}, as of {date}.").format(
        source=src.data["source"], date=_day(src.data["as_of"])
    )
    teams = [_team(src, i, sources.data.currency, charts) for i in range(len(src.data["teams"]))]
    return paragraph(text(said), "meta") + "".join(teams)


def _team(src: Source, i: int, currency: str | None, charts: Charts) -> str:
    """One team: its figures, its funnel chart and stages, its reps against the team."""
    from salescoach.render import charts as chart

    team = src.data["teams"][i]
    at: list[str | int] = ["teams", i]
    funnel = charts.add(
        f"{team['manager']}-funnel",
        lambda: chart.team_funnel(team, currency),
        _("Deals at each stage and the conversion into it, with its n."),
    )
    reps = charts.add(
        f"{team['manager']}-reps",
        lambda: chart.rep_vs_team(team),
        _("Each rep's conversions and win rate beside the team's."),
    )
    return (
        element("h3", text(team["manager_name"]))
        + _headline(src, at, currency)
        + funnel
        + _stages(src, at)
        + reps
        + _reps(src, at, currency)
    )


def _headline(src: Source, at: list[str | int], currency: str | None) -> str:
    """The team's figures as a row of boxes, each with its n where it has one."""
    boxes = []
    for key, words, n_key in HEADLINE:
        value = src.num([*at, key], _shown(key, currency))
        if n_key is not None:
            value += " " + text(_("(n={n})")).format(n=src.num([*at, n_key], number))
        boxes.append(element("div", element("dt", text(_(words))) + element("dd", value)))
    return element("dl", "".join(boxes), class_="figures")


def _stages(src: Source, at: list[str | int]) -> str:
    """The count at each stage and the conversion from it to the next, with n."""
    team = src.get(at)
    conversions = {c["from"]: j for j, c in enumerate(team["conversions"])}
    rows = []
    for j, stage in enumerate(team["stages"]):
        row = [text(stage["stage"]), src.num([*at, "stages", j, "count"], number)]
        k = conversions.get(stage["stage"])
        if k is None:
            row += ["", ""]
        else:
            path = [*at, "conversions", k]
            row += [src.num([*path, "rate"], pct), src.num([*path, "n"], number)]
        rows.append(row)
    head = [_("Stage"), _("Deals"), _("On to the next"), _("n")]
    return table(head, rows, caption=_("Stages"))


def _reps(src: Source, at: list[str | int], currency: str | None) -> str:
    """Each rep's figures, the team's last."""
    team = src.get(at)
    paths: list[tuple[str, list[str | int]]] = [
        (rep["rep_name"], [*at, "reps", r]) for r, rep in enumerate(team["reps"])
    ]
    paths.append((_("Team"), at))
    keys = ("won", "lost", "win_rate", "win_rate_n", "avg_deal", "cycle_days_median", "open_value")
    rows = [
        [text(name), *[src.num([*path, k], _shown(k, currency)) for k in keys]]
        for name, path in paths
    ]
    return table([_(h) for h in REP_HEAD], rows, caption=_("Each rep against the team"))


# ---------------------------------------------------------------- pipeline changes


def changes_part(sources: ReportSources, charts: Charts) -> str:
    """Per team, what changed in its pipeline since the last review, when there are two
    imports to compare."""
    src = sources.funnel
    teams = src.data["teams"] if src is not None else []
    shown = [_team_changes(src, i, charts) for i, t in enumerate(teams) if src and t["changes"]]
    if not shown:
        return paragraph(text(_(NO_CHANGES)), "note")
    return "".join(shown)


def _team_changes(src: Source, i: int, charts: Charts) -> str:
    """One team's changes: a waterfall and the count of each kind of change."""
    from salescoach.render import charts as chart

    team = src.data["teams"][i]
    at: list[str | int] = ["teams", i, "changes"]
    changes = team["changes"]
    title = element("h3", text(team["manager_name"]))
    said = _("Since {date} ({source}).").format(
        date=_day(changes["before_as_of"]), source=changes["before"]
    )
    if not changes["traceable"]:
        return title + paragraph(text(_(NOT_TRACEABLE_SENTENCE)), "note")
    waterfall = charts.add(
        f"{team['manager']}-changes",
        lambda: chart.pipeline_waterfall(team),
        _("Deals new, won, lost, moved and pushed since the last review."),
    )
    rows = [[text(_(WORDS[k])), src.num([*at, "team", k], number)] for k in CHANGE_KINDS]
    rows.append([text(_("close dates pushed, in all")), src.num([*at, "team", "pushes"], number)])
    counts = table([_("Change"), _("Deals")], rows)
    return title + paragraph(text(said), "meta") + waterfall + counts
