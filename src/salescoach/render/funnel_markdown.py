"""The funnel review as Markdown, one section per team, with the terminal view's words and
figures (``render.funnel``); every name, stage, owner and finding from the data escaped
(``formats.md``): data is never Markdown or HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salescoach.formats import md, number
from salescoach.funnel import TeamReview
from salescoach.i18n import _
from salescoach.render.deals import strategies_markdown
from salescoach.render.funnel import (
    ACTIVITY_COLUMNS,
    ROW_FIELDS,
    activity_head,
    activity_rows,
    conversion_cells,
    field_label,
    figure_cells,
    finding_text,
    iso,
    schedule_text,
    team_average,
    team_notes,
    unmatched_text,
)
from salescoach.render.funnel_changes import changes_markdown

if TYPE_CHECKING:
    from salescoach.usecases.funnel import ReviewData


def _md_row(cells: list[str]) -> str:
    """A table row of cells already Markdown (figures, our own bold), a ``|`` in one escaped."""
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def review_markdown(data: ReviewData) -> str:
    """The review as Markdown, one section per team."""
    source = (
        _("Source: `{source}`; compared with `{previous}`")
        if data.previous
        else _("Source: `{source}`")
    ).format(source=data.source, previous=data.previous)
    title = _("Funnel review as of {date}").format(date=iso(data.as_of))
    lines = [f"# {title}", "", source, ""]
    if data.unmatched:
        note = _("Note: {warning}.").format(warning=md(unmatched_text(data.unmatched)))
        lines += [note, ""]
    for team in data.teams:
        lines += [f"## {md(team.name)} ({md(team.manager)})", ""]
        lines += _team_markdown(team)
    return "\n".join(lines).rstrip() + "\n"


def _team_markdown(team: TeamReview) -> list[str]:
    """One team's section after its heading: the levels, the reps, the notes and findings."""
    lines = [_md_row([_("Stage"), _("Deals"), _("Conversion")]), _md_row(["---", "---:", "---:"])]
    convs = conversion_cells(team.figures)
    for (stage, count), conv in zip(team.figures.stages, convs, strict=True):
        lines.append(_md_row([md(stage), number(count), conv]))
    lines += ["", _md_row([_("Rep"), *(field_label(field) for field in ROW_FIELDS)])]
    lines.append(_md_row(["---", *("---:" for _f in ROW_FIELDS)]))
    for rep in team.reps:
        lines.append(_md_row([md(rep.name), *figure_cells(rep.figures, rep.previous)]))
    total = "**" + _("Team total") + "**"
    lines.append(_md_row([total, *figure_cells(team.figures, team.previous)]))
    lines.append(_md_row([_("Team avg per rep"), *team_average(team)]))
    if rows := activity_rows(team):
        lines += ["", _md_row(activity_head())]
        lines.append(_md_row(["---", *("---:" for _c in ACTIVITY_COLUMNS)]))
        lines += [_md_row([md(row[0]), *row[1:]]) for row in rows]
    lines += ["", schedule_text(team), ""]
    for note in team_notes(team):
        lines += [note, ""]
    lines += changes_markdown(team)
    if findings := team.findings:
        heading = "### " + _("Diagnostics")
        lines += [heading, ""] + [f"- {md(finding_text(d, team))}" for d in findings] + [""]
    return lines + strategies_markdown(team)
