"""``salescoach report``: the one-file HTML report. One HTML5 page with its stylesheet and
charts inline (SVG), no script, no font, image or link from anywhere (a Content-Security-Policy
says so to the browser), in the language of the rest of the tool, and the same bytes for the
same data. Its parts, in order: the ratings, the funnel, the pipeline changes, the rhythm of
the 1:1s with the coach's scorecard, the goals and the manager's help."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from salescoach.formats import day
from salescoach.i18n import N_, _, current
from salescoach.render.report_charts import Charts
from salescoach.render.report_data import ReportSources, report_sources
from salescoach.render.report_funnel import changes_part, funnel_part
from salescoach.render.report_html import element, paragraph, text
from salescoach.render.report_people import goals_part, ratings_part, rhythm_part
from salescoach.render.report_style import DOCTYPE, META, STYLE
from salescoach.usecases.report import ReportData

Part = Callable[[ReportSources, Charts], str]
SECTIONS: tuple[tuple[str, str, Part], ...] = (
    ("ratings", N_("Ratings"), ratings_part),
    ("funnel", N_("The funnel"), funnel_part),
    ("changes", N_("Pipeline changes since the last review"), changes_part),
    ("rhythm", N_("The rhythm of the 1:1s"), rhythm_part),
    ("goals", N_("Goals and the manager's help"), goals_part),
)
"""The report's sections in the order of the page: id, heading, how it is drawn."""


@dataclass(frozen=True)
class Report:
    """The page, and its charts by file name (what ``--charts DIR`` writes)."""

    html: str
    charts: dict[str, str]


def render_report(data: ReportData) -> Report:
    """The report of ``data`` as one HTML page (``charts``: the SVG it holds)."""
    sources = report_sources(data)
    charts = Charts()
    sections = "".join(
        element("section", element("h2", text(_(heading))) + part(sources, charts), id=key)
        for key, heading, part in SECTIONS
    )
    body = _header(data) + _contents() + element("main", sections)
    head = META + element("title", text(_title(data))) + element("style", STYLE)
    page = element("html", element("head", head) + element("body", body), lang=current())
    return Report(DOCTYPE + page + "\n", dict(charts.svgs))


def _title(data: ReportData) -> str:
    """``Acme Components: Anna Kovács's team, Fri 27 Nov 2026`` (or every team)."""
    who = data.manager.name if data.manager is not None else _("every team")
    return _("{organisation}: {who}, {date}").format(
        organisation=data.organisation, who=who, date=day(data.today)
    )


def _header(data: ReportData) -> str:
    """The organisation, whose report it is, its date and period, the coach."""
    if data.manager is not None:
        who = _("{name} ({manager}) and their team").format(
            name=data.manager.name, manager=data.manager.id
        )
    else:
        who = _("Every manager and team")
    said = [_("Report of {date}").format(date=day(data.today))]
    if data.since is not None:
        said.append(_("since {date}").format(date=day(data.since)))
    if data.coach_name:
        said.append(_("coach: {name}").format(name=data.coach_name))
    lines = element("h1", text(data.organisation)) + paragraph(text(who))
    return element("header", lines + paragraph(text(" · ".join(said)), "meta"))


def _contents() -> str:
    """The list of sections, linked (on the screen only; paper has page order)."""
    items = "".join(
        element("li", element("a", text(_(heading)), href=f"#{key}"))
        for key, heading, _part in SECTIONS
    )
    return element("nav", element("ol", items), aria_label=_("Contents"))
