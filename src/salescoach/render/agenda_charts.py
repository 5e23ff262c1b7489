"""The agenda's charts (``agenda next --format markdown --charts DIR``): one manager's charts
drawn from the data of ``rate show``, ``funnel review`` and ``goals``, and the Markdown
section appended to the agenda that links the files written.

The links are ``DIR/NAME.svg`` with DIR as given on the command line: relative to the
current folder, so the Markdown saved there (``> agenda.md``) finds them; an absolute DIR
gives absolute links.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from salescoach.i18n import N_, _
from salescoach.render import charts
from salescoach.render.funnel_json import team_json
from salescoach.render.goals import goals_dict
from salescoach.render.ratings import as_json

if TYPE_CHECKING:
    from salescoach.usecases.charts import ChartSources

TITLES = {
    "ratings": N_("Ratings"),
    "funnel": N_("Funnel"),
    "reps": N_("Each rep against the team"),
    "changes": N_("Pipeline changes since the last review"),
    "goals": N_("Goals and the manager's help"),
    "rhythm": N_("1:1 rhythm"),
}
"""Each chart's title in the Markdown, by the name's ending (``anna-kovacs-ratings``)."""


def manager_charts(sources: ChartSources) -> dict[str, str]:
    """The manager's charts, ``NAME → SVG``, those with something to draw: the ratings (once
    a 1:1 is rated), the team's funnel, its reps and changes (with funnel data), the goals."""
    manager = sources.manager_id
    out: dict[str, str] = {}
    ratings = as_json(sources.ratings)
    if any(m["meetings"] for m in ratings["managers"]):
        out[f"{manager}-ratings"] = charts.ratings_heatmap(ratings, manager)
    teams = [team_json(t) for t in sources.review.teams] if sources.review else []
    for team in teams[:1]:
        out[f"{manager}-funnel"] = charts.team_funnel(team, sources.currency)
        out[f"{manager}-reps"] = charts.rep_vs_team(team)
        if (changes := charts.pipeline_waterfall(team)) is not None:
            out[f"{manager}-changes"] = changes
    if (goals := charts.goal_hit_rates(goals_dict(sources.goals))) is not None:
        out[f"{manager}-goals"] = goals
    return out


def _title(name: str) -> str:
    """The chart's title from its name's ending."""
    return _(TITLES[name.rsplit("-", 1)[-1]])


def charts_markdown(names: list[str], folder: str) -> str:
    """The section appended to the agenda: a heading and an image link per chart, to
    ``folder/NAME.svg`` (``folder`` as the user gave it); empty without charts."""
    if not names:
        return ""
    lines = ["## " + _("Charts"), ""]
    for name in names:
        path = PurePath(folder, f"{name}.svg").as_posix()
        lines += [f"![{_title(name)}]({_link(path)})", ""]
    return "\n".join(lines)


def _link(path: str) -> str:
    """A Markdown link target: spaces and parentheses escaped so the link holds."""
    return path.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
