"""The charts of ``salescoach report`` and ``agenda next --charts``: static SVG from pygal
(the optional extra ``salescoach[report]``), and ``write_charts`` for SVG and PNG files.

Every chart takes the JSON-ready data of the command its numbers come from (the dicts
``--format json`` prints, docs/json.md) and returns SVG text: no XML declaration, no script,
no link but the SVG namespace, ``width="100%"`` with a viewBox (800 wide: A4's printable
width), the same bytes for the same input, usable inline in HTML5. Every number it prints
is the JSON's, formatted by ``salescoach.formats`` in the language in use.

Function → input → what is drawn:

- ``ratings_heatmap(ratings_json, manager_id) -> str``: ``rate show --format json`` →
  reps × rated 1:1s, each score 1–4 in its colour, each rep's trend and average, the team's
  average per 1:1 (the chart says "No data" when the manager has no ratings).
- ``team_funnel(team_json, currency=None) -> str``: a ``funnel review --format json``
  ``teams[]`` item, and ``funnel.currency`` of the settings → the count at each stage and the
  conversion into it with its n; win rate, median cycle and value won (with n) in the title.
- ``rep_vs_team(team_json) -> str``: the same item → each rep's conversions and win rate
  beside the team's, with n (rates below ``min_sample``, null in the JSON, left out).
- ``pipeline_waterfall(team_json) -> str | None``: the same item's ``changes`` → the deals
  per kind of change since the last review (new up; won, lost and gone down; moved forward or
  back, pushed, grown and shrunk beside); None without an earlier import or traceable IDs.
- ``rhythm_timeline(scorecard_json, schedule_json=None) -> str | None``: ``coach scorecard
  --format json`` (its ``managers[].one_on_ones``) and, optionally, ``schedule --format json``
  → a dated timeline, one row per manager, a mark per 1:1 at the day held or due, shaped by
  status (held, moved, skipped, overdue, next planned), the next 1:1's overdue days beside the
  name; None when no 1:1 fell in the period.
- ``goal_hit_rates(goals_json) -> str | None``: ``goals MANAGER --format json`` → the hit
  rates of the goals and of the manager's help for each month goals were set in (partly
  counts half; no bar below three graded goals), then for all goals (the command's own
  ``results.rate`` and ``help.rate``, also in the title); None when nothing is graded.

``require_pygal()`` refuses (exit 1) with the install hint when pygal is missing: call it
before any work. ``write_charts(folder, charts)`` writes ``NAME.svg`` and ``NAME.png`` for
each ``NAME → SVG`` (names as ``chart_file_names`` gives them: ``anna-kovacs-ratings``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from salescoach.i18n import _
from salescoach.render.charts_base import INSTALL_HINT, chart_id, require_pygal
from salescoach.render.charts_team import (
    pipeline_waterfall,
    ratings_heatmap,
    rep_vs_team,
    team_funnel,
)
from salescoach.render.charts_time import goal_hit_rates, rhythm_timeline

__all__ = [
    "INSTALL_HINT",
    "ChartFiles",
    "chart_id",
    "goal_hit_rates",
    "pipeline_waterfall",
    "ratings_heatmap",
    "rep_vs_team",
    "require_pygal",
    "rhythm_timeline",
    "team_funnel",
    "write_charts",
]

PNG_WIDTH = 1600
"""The PNG copies' width in pixels (twice the viewBox: sharp on a screen and in print)."""
CHART_KINDS = ("ratings", "funnel", "reps", "changes", "goals", "rhythm")
"""The chart names' endings, in the order a page shows them: ``anna-kovacs-ratings``."""


@dataclass
class ChartFiles:
    """What ``write_charts`` wrote: every file, and why the PNG copies are missing if so
    (a sentence for ``no PNG copies: {reason}``)."""

    written: list[Path] = field(default_factory=list)
    svg: dict[str, Path] = field(default_factory=dict)
    png_missing: str | None = None


def _png_converter() -> tuple[object | None, str | None]:
    """cairosvg's ``svg2png``, or None with why not and what to install (cairosvg, or the
    system's cairo library it loads, is missing: the SVG files are still written)."""
    try:
        from cairosvg import svg2png  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None, _("cairosvg is not installed ({hint})").format(hint=_(INSTALL_HINT))
    except OSError:  # cairocffi found no libcairo
        return None, _(
            "cairosvg cannot load the system's cairo library (Debian, Ubuntu: "
            "apt install libcairo2)"
        )
    return svg2png, None


def _png(convert: object, svg: str) -> bytes:
    """The chart as PNG, ``PNG_WIDTH`` pixels wide, on white."""
    data = convert(  # type: ignore[operator]
        bytestring=svg.encode(), output_width=PNG_WIDTH, background_color="white"
    )
    return bytes(data)


def write_charts(folder: Path, charts: dict[str, str], *, png: bool = True) -> ChartFiles:
    """Write each chart as ``folder/NAME.svg`` and, with cairosvg, ``NAME.png``. Every file
    is rendered before the first is written, and each is written atomically and only when
    it changed (``writer.write_new_or_same``), so a failed render writes nothing."""
    from salescoach import writer

    convert, missing = _png_converter() if png else (None, None)
    files: list[tuple[Path, bytes]] = []
    for name, svg in charts.items():
        files.append((folder / f"{name}.svg", svg.encode()))
        if convert is not None:
            files.append((folder / f"{name}.png", _png(convert, svg)))
    done = ChartFiles(png_missing=missing)
    for path, data in files:
        writer.write_new_or_same(path, data)
        done.written.append(path)
        if path.suffix == ".svg":
            done.svg[path.stem] = path
    return done
