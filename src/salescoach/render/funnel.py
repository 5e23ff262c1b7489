"""The funnel review for people and programs: rich tables and bars, Markdown, JSON-ready dicts."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from salescoach.formats import NONE, compact_money, plural, weekday_iso
from salescoach.formats import money as _money
from salescoach.formats import pct as _pct
from salescoach.funnel import Figures, TeamReview
from salescoach.funnel.numbers import weeks_text
from salescoach.render.deals import strategies_markdown, strategies_parts
from salescoach.render.fit import Grid, bullet, fitted, trimmed
from salescoach.render.funnel_changes import changes_markdown, changes_parts
from salescoach.render.funnel_json import (
    deal_json,
    diagnosis_json,
    figures_json,
    rep_json,
    review_json,
    team_json,
)

if TYPE_CHECKING:
    from collections import Counter

    from rich.console import RenderableType

    from salescoach.usecases.funnel import ReviewData

__all__ = [
    "deal_json",
    "diagnosis_json",
    "figures_json",
    "rep_json",
    "review_json",
    "team_json",
]

BAR_WIDTH = 30
"""The longest bar: the chart, with its counts and conversions (n), fits 80 columns."""


# ---------------------------------------------------------------- numbers as text


money = _money
pct = _pct


def days(value: float | None) -> str:
    """A number of days, whole: ``45``; ``–`` if unknown."""
    return NONE if value is None else f"{value:.0f}"


def arrow(now: float | int | None, before: float | int | None) -> str:
    """↑, ↓ or → comparing a figure with the previous review's; '' when either is unknown."""
    if now is None or before is None:
        return ""
    if math.isclose(float(now), float(before), rel_tol=1e-9, abs_tol=1e-9):
        return "→"
    return "↑" if now > before else "↓"


def sampled(fig: Figures, value: float | None, text: str, n: int) -> str:
    """A rate's cell: the text when ``n`` is at least ``funnel.min_sample`` (or the rate is
    unknown: ``–``), else ``n=N``."""
    return text if value is None or fig.enough(n) else f"n={n:,}"


def with_n(fig: Figures, text: str, n: int) -> str:
    """A rate in a sentence, with its sample: ``45.2% (n=42)``, or ``too few to judge (n=3)``
    below the minimum."""
    return f"{text} (n={n:,})" if fig.enough(n) else f"too few to judge (n={n:,})"


def headline(team: TeamReview) -> str:
    """One line for the agenda: the key numbers, each rate with its n, and the findings."""
    f = team.figures
    rate = with_n(f, pct(f.win_rate), f.win_rate_n) if f.win_rate is not None else "n/a"
    avg = with_n(f, money(f.avg_deal), f.avg_deal_n) if f.avg_deal is not None else "n/a"
    lost = f"{f.lost:,}" if f.lost is not None else "n/a"
    return (
        f"won {f.won:,}, lost {lost}, win rate {rate}, average deal {avg}, "
        f"open {f.open:,} ({money(f.open_value)}); {plural(len(team.findings), 'finding')}"
    )


def _with_arrow(text: str, now: float | int | None, before: float | int | None) -> str:
    mark = arrow(now, before)
    return f"{text} {mark}" if mark else text


def _prev(fig: Figures | None, name: str) -> Any:
    return getattr(fig, name) if fig is not None else None


def open_text(fig: Figures) -> str:
    """The open pipeline as ``count / value`` (``(est.)`` when the value is estimated)."""
    value = money(fig.open_value) + (" (est.)" if fig.open_value_estimated else "")
    return f"{fig.open:,} / {value}"


def _calls_per_prospect(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


Amount = Callable[[float | None], str]
"""How an amount reads: ``money`` in full (Markdown, wide terminals), ``compact_money`` in a
narrow column."""
Field = tuple[str, str, Callable[[Figures, Amount], str], Callable[[Figures], int] | None]
"""A table column: its label, the figure, how it reads, and its sample size (for a rate)."""
ROW_FIELDS: tuple[Field, ...] = (
    ("Won", "won", lambda f, a: f"{f.won:,}", None),
    ("Lost", "lost", lambda f, a: "–" if f.lost is None else f"{f.lost:,}", None),
    ("Win %", "win_rate", lambda f, a: pct(f.win_rate), lambda f: f.win_rate_n),
    ("Won value", "won_value", lambda f, a: a(f.won_value), None),
    ("Avg deal", "avg_deal", lambda f, a: a(f.avg_deal), lambda f: f.avg_deal_n),
    ("Cycle d", "cycle_days_median", lambda f, a: days(f.cycle_days_median), lambda f: f.cycle_n),
    ("Open", "open", lambda f, a: f"{f.open:,}", None),
    (
        "Open val.",
        "open_value",
        lambda f, a: a(f.open_value) + ("*" if f.open_value_estimated else ""),
        None,
    ),
    ("Vel./day", "velocity", lambda f, a: a(f.velocity), lambda f: f.velocity_n),
    (
        "Cover.",
        "coverage",
        lambda f, a: "–" if f.coverage is None else f"{f.coverage:.1f}×",
        None,
    ),
    ("Calls", "calls", lambda f, a: "–" if f.calls is None else f"{f.calls:,}", None),
    (
        "Calls/pr.",
        "calls_per_prospect",
        lambda f, a: _calls_per_prospect(f.calls_per_prospect),
        lambda f: f.calls_per_prospect_n,
    ),
)


def _cell(field: Field, fig: Figures, previous: Figures | None, amount: Amount) -> str:
    """One cell: the figure with its arrow, or ``n=N`` when its sample is too small."""
    _label, attr, fmt, sample = field
    now = getattr(fig, attr)
    if sample is not None and now is not None and not fig.enough(sample(fig)):
        return f"n={sample(fig):,}"
    before = _prev(previous, attr)
    if sample is not None and previous is not None and not previous.enough(sample(previous)):
        before = None
    mark = arrow(now, before)
    return f"{fmt(fig, amount)} {mark}" if mark else fmt(fig, amount)


def figure_cells(fig: Figures, previous: Figures | None, amount: Amount = money) -> list[str]:
    """One table row's cells, each with its arrow against the previous review."""
    return [_cell(field, fig, previous, amount) for field in ROW_FIELDS]


def team_average(team: TeamReview, amount: Amount = money) -> list[str]:
    """The team's average per rep for counts and values; the team's rates as they are."""
    n = max(1, team.team_size)
    f = team.figures
    velocity = f.velocity / n if f.velocity is not None else None
    return [
        f"{f.won / n:,.1f}",
        "–" if f.lost is None else f"{f.lost / n:,.1f}",
        sampled(f, f.win_rate, pct(f.win_rate), f.win_rate_n),
        amount(f.won_value / n),
        sampled(f, f.avg_deal, amount(f.avg_deal), f.avg_deal_n),
        sampled(f, f.cycle_days_median, days(f.cycle_days_median), f.cycle_n),
        f"{f.open / n:,.1f}",
        amount(f.open_value / n),
        sampled(f, velocity, amount(velocity), f.velocity_n),
        "–" if f.coverage is None else f"{f.coverage:.1f}×",
        "–" if f.calls is None else f"{f.calls / n:,.0f}",
        sampled(
            f,
            f.calls_per_prospect,
            _calls_per_prospect(f.calls_per_prospect),
            f.calls_per_prospect_n,
        ),
    ]


def cycle_note(team: TeamReview) -> str | None:
    """When some won deals have no created date: how many the sales cycle is of (``–`` when
    none); None when every won deal has one."""
    won = team.figures.won
    if team.cycle_n >= won:
        return None
    return (
        f"Sales cycle from {team.cycle_n:,} of {plural(won, 'won deal')} "
        "(the others have no created date)."
    )


def team_notes(team: TeamReview) -> list[str]:
    """What the figures rest on, when it is worth saying: the activities' window, the lost
    deals counted at the first stage for want of a known last stage, and the cycle's sample."""
    notes = [activity_note(team)]
    if (assumption := team.lost_assumption) is not None:
        notes.append(f"Conversions: {assumption}.")
    notes.append(cycle_note(team))
    return [n for n in notes if n is not None]


def schedule_text(team: TeamReview) -> str:
    """The review's rhythm in one sentence: the interval, the cycle, the last and next review."""
    weeks = team.interval_days // 7
    last = team.last_review.isoformat() if team.last_review else "none on record"
    due = weekday_iso(team.next_due)
    state = f"the next 1:1 holds it ({due})" if team.review_due else f"next in the 1:1 of {due}"
    return (
        f"Review every {weeks} weeks (sales cycle {days(team.figures.cycle_days_median)} days "
        f"median, {days(team.figures.cycle_days_mean)} mean); last funnel review: {last}; {state}."
    )


# ---------------------------------------------------------------- JSON (render.funnel_json)


def unmatched_text(unmatched: Counter[str]) -> str:
    """The warning about rows whose owner is no rep (the import's very words)."""
    from salescoach.render.imports import unmatched_owners_text

    return unmatched_owners_text(unmatched)


# ---------------------------------------------------------------- terminal


def stage_bars(team: TeamReview) -> RenderableType:
    """The funnel chart: one bar per stage, with the count and the conversion from above."""
    from rich import box
    from rich.table import Table

    stages = team.figures.stages
    top = max((c for _s, c in stages), default=0) or 1
    table = Table(box=box.SIMPLE, show_header=True, title_justify="left")
    table.add_column("Stage", no_wrap=True)
    table.add_column("Deals", justify="right")
    table.add_column("Conv.", justify="right", no_wrap=True)
    table.add_column("Funnel", no_wrap=True)
    prev = dict(team.previous.stages) if team.previous else {}
    for (stage, count), conv in zip(stages, conversion_cells(team.figures), strict=True):
        width = round(BAR_WIDTH * count / top)
        bar = "█" * width if width else ("▏" if count else "")
        table.add_row(stage, _with_arrow(f"{count:,}", count, prev.get(stage)), conv, bar)
    return table


def _conversion_cell(fig: Figures, rate: float | None, n: int) -> str:
    """``45.2% (n=42)``, ``n=3`` below the minimum, ``–`` without deals to convert."""
    if rate is None:
        return "–"
    return f"{pct(rate)} (n={n:,})" if fig.enough(n) else f"n={n:,}"


def conversion_cells(fig: Figures) -> list[str]:
    """The conversion into each level from the one above, with the deals behind it:
    ``45.2% (n=42)``; ``n=3`` below ``funnel.min_sample``; ``""`` for the top level."""
    return [
        "",
        *(_conversion_cell(fig, c.rate, c.n) for c in fig.conversions),
    ]


def activity_rows(team: TeamReview) -> list[list[str]]:
    """Per rep with an activities window: calls, calls a week, the calls the target needs
    (``n=N`` with too few won deals) and a week, meetings and meetings a week."""
    rows = []
    for rep in team.reps:
        act = rep.figures.activity
        if act is None:
            continue
        need = rep.calls_need
        weeks = act.weeks
        if need is not None:
            needed, per_week = f"{need.calls_needed:,}", f"{need.calls_needed / weeks:.1f}"
        elif not rep.figures.enough(rep.figures.won):
            needed, per_week = f"n={rep.figures.won:,}", ""
        else:
            needed, per_week = "–", ""
        rows.append(
            [
                rep.name,
                f"{act.calls:,}",
                f"{act.calls / weeks:.1f}",
                needed,
                per_week,
                f"{act.meetings:,}",
                f"{act.meetings / weeks:.1f}",
            ]
        )
    return rows


ACTIVITY_COLUMNS = ("Calls", "Calls/wk", "Needed", "Needed/wk", "Meetings", "Mtgs/wk")


def activity_note(team: TeamReview) -> str | None:
    """Where the activities come from and their window; None without an activities import."""
    act = team.figures.activity
    if act is None:
        return None
    source = f" from {team.activities_from}" if team.activities_from else ""
    return (
        f"Done activities{source}, {act.start.isoformat()} to {act.end.isoformat()} "
        f"({weeks_text(act.weeks)}); calls needed: the window's target / average deal / "
        "share of prospects won × calls per prospect (n=N: too few won deals to judge)."
    )


RESULT_COLUMNS = 6
"""The first six of ``ROW_FIELDS`` are results; the rest describe the open pipeline."""


def _grid(team: TeamReview, title: str, cols: slice, amount: Amount) -> Grid:
    """One of the rep tables (``cols`` of ``ROW_FIELDS``) with amounts read by ``amount``."""
    grid = Grid(["Rep", *(field[0] for field in ROW_FIELDS[cols])], title=title)
    for rep in team.reps:
        grid.add([rep.name, *figure_cells(rep.figures, rep.previous, amount)[cols]])
    grid.add(["Team total", *figure_cells(team.figures, team.previous, amount)[cols]], "bold")
    grid.add(["Team avg per rep", *team_average(team, amount)[cols]], "dim")
    return grid


def rep_tables(team: TeamReview) -> list[RenderableType]:
    """Two tables (results, then the open pipeline), each rep next to the team, then the
    activities: each in full amounts where the width allows, else compact ones (38.5 M),
    else split over two tables; a name is never cut."""
    tables: list[RenderableType] = []
    for title, cols in (
        ("Results", slice(0, RESULT_COLUMNS)),
        ("Open pipeline", slice(RESULT_COLUMNS, None)),
    ):
        tables.append(fitted([_grid(team, title, cols, a) for a in (money, compact_money)]))
    if rows := activity_rows(team):
        grid = Grid(["Rep", *ACTIVITY_COLUMNS], title="Activities")
        for row in rows:
            grid.add(row)
        tables.append(fitted([grid]))
    return tables


def review_parts(data: ReviewData) -> list[RenderableType]:
    """The whole review for the terminal: where the numbers come from, then every team."""
    from rich.text import Text

    compared = f"; arrows compare with {data.previous}" if data.previous else ""
    out: list[RenderableType] = [Text(f"Source: {data.source}{compared}")]
    for team in data.teams:
        out += [Text(""), *render_team(team)]
    return trimmed(out)


def render_team(team: TeamReview) -> list[RenderableType]:
    """Everything about one team, in the order the review goes through it."""
    from rich.text import Text

    since = f" since {team.since.isoformat()}" if team.since else ""
    out: list[RenderableType] = [
        Text(
            f"{team.name} ({team.manager}): funnel as of {team.as_of.isoformat()}{since}",
            style="bold",
        ),
        stage_bars(team),
        *rep_tables(team),
        Text(schedule_text(team)),
    ]
    for note in team_notes(team):
        out.append(Text(note))
    findings = team.findings
    if team.figures.open_value_estimated:
        out.append(Text("* estimated: open deals without an amount count at the average won deal"))
    out += changes_parts(team)
    if findings:
        out.append(Text("Diagnostics", style="bold"))
        out += [bullet(d.message) for d in findings]
    else:
        out.append(Text("No diagnostics: nothing stands out in this funnel."))
    return out + strategies_parts(team)


# ---------------------------------------------------------------- Markdown


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def review_markdown(data: ReviewData) -> str:
    """The review as Markdown, one section per team."""
    lines = [
        f"# Funnel review as of {data.as_of.isoformat()}",
        "",
        f"Source: `{data.source}`"
        + (f"; compared with `{data.previous}`" if data.previous else ""),
        "",
    ]
    if data.unmatched:
        lines += [f"Note: {unmatched_text(data.unmatched)}.", ""]
    for team in data.teams:
        lines += [f"## {team.name} ({team.manager})", ""]
        lines += [_md_row(["Stage", "Deals", "Conversion"]), _md_row(["---", "---:", "---:"])]
        convs = conversion_cells(team.figures)
        for (stage, count), conv in zip(team.figures.stages, convs, strict=True):
            lines.append(_md_row([stage, f"{count:,}", conv]))
        lines += ["", _md_row(["Rep", *(field[0] for field in ROW_FIELDS)])]
        lines.append(_md_row(["---", *("---:" for _ in ROW_FIELDS)]))
        for rep in team.reps:
            lines.append(_md_row([rep.name, *figure_cells(rep.figures, rep.previous)]))
        lines.append(_md_row(["**Team total**", *figure_cells(team.figures, team.previous)]))
        lines.append(_md_row(["Team avg per rep", *team_average(team)]))
        if rows := activity_rows(team):
            lines += ["", _md_row(["Rep", *ACTIVITY_COLUMNS])]
            lines.append(_md_row(["---", *("---:" for _ in ACTIVITY_COLUMNS)]))
            lines += [_md_row(row) for row in rows]
        lines += ["", schedule_text(team), ""]
        for note in team_notes(team):
            lines += [note, ""]
        lines += changes_markdown(team)
        if findings := team.findings:
            lines += ["### Diagnostics", ""] + [f"- {d.message}" for d in findings] + [""]
        lines += strategies_markdown(team)
    return "\n".join(lines).rstrip() + "\n"
