"""The funnel review for people and programs: rich tables and bars, Markdown, JSON-ready dicts."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from salescoach.formats import (
    NONE,
    compact_money,
    currency_label,
    day,
    decimal,
    number,
    plural,
    weekday_iso,
)
from salescoach.formats import amount as bare_amount
from salescoach.formats import money as _money
from salescoach.formats import pct as _pct
from salescoach.funnel import Diagnosis, Figures, TeamReview
from salescoach.funnel.numbers import weeks_text
from salescoach.i18n import N_, _
from salescoach.render.deals import strategies_parts
from salescoach.render.fit import Grid, bullet, fitted, trimmed
from salescoach.render.funnel_changes import changes_parts
from salescoach.render.funnel_json import (
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
    "diagnosis_json",
    "figures_json",
    "rep_json",
    "review_json",
    "team_json",
]

BAR_WIDTH = 30
"""The longest bar: the chart, with its counts and conversions (n), fits 80 columns."""
DEALS_LISTED = 10
"""A large-deal finding names at most this many deals in text and Markdown, then how many
more (the agenda lists its stalled deals so); the JSON has every deal."""


# ---------------------------------------------------------------- numbers as text


money = _money
pct = _pct


def days(value: float | None) -> str:
    """A number of days, whole: ``45``; ``–`` if unknown."""
    return decimal(value, 0, NONE)


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
    return text if value is None or fig.enough(n) else f"n={number(n)}"


def with_n(fig: Figures, text: str, n: int) -> str:
    """A rate in a sentence, with its sample: ``45.2% (n=42)``, or ``too few to judge (n=3)``
    below the minimum."""
    if fig.enough(n):
        return f"{text} (n={number(n)})"
    return _("too few to judge (n={n})").format(n=number(n))


def headline(team: TeamReview) -> str:
    """One line for the agenda: the key numbers, each rate with its n, and the findings."""
    f = team.figures
    unknown = _("n/a")
    rate = with_n(f, pct(f.win_rate), f.win_rate_n) if f.win_rate is not None else unknown
    avg = with_n(f, money(f.avg_deal), f.avg_deal_n) if f.avg_deal is not None else unknown
    lost = number(f.lost) if f.lost is not None else unknown
    return _(
        "won {won}, lost {lost}, win rate {rate}, average deal {avg}, open {open} ({value}); "
        "{findings}"
    ).format(
        won=number(f.won),
        lost=lost,
        rate=rate,
        avg=avg,
        open=number(f.open),
        value=money(f.open_value),
        findings=plural(len(team.findings), "finding"),
    )


def _with_arrow(text: str, now: float | int | None, before: float | int | None) -> str:
    mark = arrow(now, before)
    return f"{text} {mark}" if mark else text


def _prev(fig: Figures | None, name: str) -> Any:
    return getattr(fig, name) if fig is not None else None


def open_text(fig: Figures) -> str:
    """The open pipeline as ``count / value`` (``(est.)`` when the value is estimated)."""
    value = money(fig.open_value) + (" " + _("(est.)") if fig.open_value_estimated else "")
    return f"{number(fig.open)} / {value}"


def _calls_per_prospect(value: float | None) -> str:
    return decimal(value)


Amount = Callable[[float | None], str]
"""How an amount reads: ``money`` in full (Markdown, wide terminals), ``compact_money`` in a
narrow column."""
Field = tuple[str, str, Callable[[Figures, Amount], str], Callable[[Figures], int] | None]
"""A table column: its label, the figure, how it reads, and its sample size (for a rate)."""
ROW_FIELDS: tuple[Field, ...] = (
    (N_("Won"), "won", lambda f, a: number(f.won), None),
    (N_("Lost"), "lost", lambda f, a: number(f.lost), None),
    (N_("Win %"), "win_rate", lambda f, a: pct(f.win_rate), lambda f: f.win_rate_n),
    (N_("Won value"), "won_value", lambda f, a: a(f.won_value), None),
    (N_("Avg deal"), "avg_deal", lambda f, a: a(f.avg_deal), lambda f: f.avg_deal_n),
    (
        N_("Cycle d"),
        "cycle_days_median",
        lambda f, a: days(f.cycle_days_median),
        lambda f: f.cycle_n,
    ),
    (N_("Open"), "open", lambda f, a: number(f.open), None),
    (
        N_("Open val."),
        "open_value",
        lambda f, a: a(f.open_value) + ("*" if f.open_value_estimated else ""),
        None,
    ),
    (N_("Vel./day"), "velocity", lambda f, a: a(f.velocity), lambda f: f.velocity_n),
    (
        N_("Cover."),
        "coverage",
        lambda f, a: NONE if f.coverage is None else f"{decimal(f.coverage)}×",
        None,
    ),
    (N_("Calls"), "calls", lambda f, a: number(f.calls), None),
    (
        N_("Calls/pr."),
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
        return f"n={number(sample(fig))}"
    before = _prev(previous, attr)
    if sample is not None and previous is not None and not previous.enough(sample(previous)):
        before = None
    mark = arrow(now, before)
    return f"{fmt(fig, amount)} {mark}" if mark else fmt(fig, amount)


def field_label(field: Field) -> str:
    """A column's heading in the language in use."""
    return _(field[0])


def figure_cells(fig: Figures, previous: Figures | None, amount: Amount = bare_amount) -> list[str]:
    """One table row's cells, each with its arrow against the previous review."""
    return [_cell(field, fig, previous, amount) for field in ROW_FIELDS]


def team_average(team: TeamReview, amount: Amount = bare_amount) -> list[str]:
    """The team's average per rep for counts and values; the team's rates as they are."""
    n = max(1, team.team_size)
    f = team.figures
    velocity = f.velocity / n if f.velocity is not None else None
    return [
        _per_rep(f.won / n),
        NONE if f.lost is None else _per_rep(f.lost / n),
        sampled(f, f.win_rate, pct(f.win_rate), f.win_rate_n),
        amount(f.won_value / n),
        sampled(f, f.avg_deal, amount(f.avg_deal), f.avg_deal_n),
        sampled(f, f.cycle_days_median, days(f.cycle_days_median), f.cycle_n),
        _per_rep(f.open / n),
        amount(f.open_value / n),
        sampled(f, velocity, amount(velocity), f.velocity_n),
        NONE if f.coverage is None else f"{decimal(f.coverage)}×",
        NONE if f.calls is None else number(round(f.calls / n)),
        sampled(
            f,
            f.calls_per_prospect,
            _calls_per_prospect(f.calls_per_prospect),
            f.calls_per_prospect_n,
        ),
    ]


def _per_rep(value: float) -> str:
    """An average per rep, to one decimal with separators: ``1,234.5``."""
    return f"{value:,.1f}" if _is_english() else decimal(value)


def _is_english() -> bool:
    from salescoach.i18n import current

    return current() == "en"


def cycle_note(team: TeamReview) -> str | None:
    """When some won deals have no created date: how many the sales cycle is of (``–`` when
    none); None when every won deal has one."""
    won = team.figures.won
    if team.cycle_n >= won:
        return None
    return _("Sales cycle from {count} of {won} (the others have no created date).").format(
        count=number(team.cycle_n), won=plural(won, "won deal")
    )


def team_notes(team: TeamReview) -> list[str]:
    """What the figures rest on, when it is worth saying: the activities' window, the lost
    deals counted at the first stage for want of a known last stage, and the cycle's sample."""
    notes = [activity_note(team)]
    if (assumption := team.lost_assumption) is not None:
        notes.append(_("Conversions: {assumption}.").format(assumption=assumption))
    notes.append(cycle_note(team))
    return [n for n in notes if n is not None]


def schedule_text(team: TeamReview) -> str:
    """The review's rhythm in one sentence: the interval, the cycle, the last and next review."""
    weeks = team.interval_days // 7
    last = iso(team.last_review) if team.last_review else _("none on record")
    due = weekday_iso(team.next_due) if _is_english() else day(team.next_due)
    state = (
        _("the next 1:1 holds it ({date})") if team.review_due else _("next in the 1:1 of {date}")
    ).format(date=due)
    return _(
        "Review every {weeks} weeks (sales cycle {median} days median, {mean} mean); "
        "last funnel review: {last}; {state}."
    ).format(
        weeks=number(weeks),
        median=days(team.figures.cycle_days_median),
        mean=days(team.figures.cycle_days_mean),
        last=last,
        state=state,
    )


def finding_text(finding: Diagnosis, team: TeamReview) -> str:
    """A finding's sentence for text and Markdown: a large-deal finding of a rep with more
    than ``DEALS_LISTED`` deals names the largest of them, then ``… and N more`` (an import
    of thousands of large deals would otherwise print them all)."""
    from salescoach.funnel.deal_findings import _deal_text as deal_text

    count = finding.numbers.get("count")
    if finding.code != "large-deal" or not isinstance(count, int) or count <= DEALS_LISTED:
        return finding.message
    deals = [d for d in team.large_deals if d.rep == finding.rep]
    listed = [deal_text(d, team.as_of) for d in deals]
    full = "; ".join(listed)
    if len(deals) != count or full not in finding.message:
        return finding.message  # not the rep's deals as the domain listed them: say it all
    more = _("… and {count} more").format(count=number(count - DEALS_LISTED))
    return finding.message.replace(full, "; ".join([*listed[:DEALS_LISTED], more]), 1)


def iso(date: dt.date) -> str:
    """A date in a sentence: ISO in English (as it always was), the language's own otherwise."""
    return date.isoformat() if _is_english() else day(date)


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
    table.add_column(_("Stage"), no_wrap=True)
    table.add_column(_("Deals"), justify="right")
    table.add_column(_("Conv."), justify="right", no_wrap=True)
    table.add_column(_("Funnel"), no_wrap=True)
    prev = dict(team.previous.stages) if team.previous else {}
    for (stage, count), conv in zip(stages, conversion_cells(team.figures), strict=True):
        width = round(BAR_WIDTH * count / top)
        bar = "█" * width if width else ("▏" if count else "")
        table.add_row(stage, _with_arrow(number(count), count, prev.get(stage)), conv, bar)
    return table


def _conversion_cell(fig: Figures, rate: float | None, n: int) -> str:
    """``45.2% (n=42)``, ``n=3`` below the minimum, ``–`` without deals to convert."""
    if rate is None:
        return NONE
    return f"{pct(rate)} (n={number(n)})" if fig.enough(n) else f"n={number(n)}"


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
            needed, per_week = number(need.calls_needed), decimal(need.calls_needed / weeks)
        elif not rep.figures.enough(rep.figures.won):
            needed, per_week = f"n={number(rep.figures.won)}", ""
        else:
            needed, per_week = NONE, ""
        rows.append(
            [
                rep.name,
                number(act.calls),
                decimal(act.calls / weeks),
                needed,
                per_week,
                number(act.meetings),
                decimal(act.meetings / weeks),
            ]
        )
    return rows


ACTIVITY_COLUMNS = (
    N_("Calls"),
    N_("Calls/wk"),
    N_("Needed"),
    N_("Needed/wk"),
    N_("Meetings"),
    N_("Mtgs/wk"),
)
"""The activities table's columns after the rep (marked, translated where shown)."""


def activity_head() -> list[str]:
    """The activities table's column titles, in the language in use."""
    return [_("Rep"), *(_(c) for c in ACTIVITY_COLUMNS)]


def activity_note(team: TeamReview) -> str | None:
    """Where the activities come from and their window; None without an activities import."""
    act = team.figures.activity
    if act is None:
        return None
    text = (
        _("Done activities from {source}, {start} to {end} ({weeks}); ")
        if team.activities_from
        else _("Done activities, {start} to {end} ({weeks}); ")
    ).format(
        source=team.activities_from,
        start=iso(act.start),
        end=iso(act.end),
        weeks=weeks_text(act.weeks),
    )
    return text + _(
        "calls needed: the window's target / average deal / share of prospects won × calls "
        "per prospect (n=N: too few won deals to judge)."
    )


RESULT_COLUMNS = 6
"""The first six of ``ROW_FIELDS`` are results; the rest describe the open pipeline."""


def _grid(team: TeamReview, title: str, cols: slice, amount: Amount) -> Grid:
    """One of the rep tables (``cols`` of ``ROW_FIELDS``) with amounts read by ``amount``."""
    grid = Grid(
        [_("Rep"), *(field_label(field) for field in ROW_FIELDS[cols])],
        title=currency_label(title),  # the amounts' currency, once: `Results (HUF)`
    )
    for rep in team.reps:
        grid.add([rep.name, *figure_cells(rep.figures, rep.previous, amount)[cols]])
    grid.add([_("Team total"), *figure_cells(team.figures, team.previous, amount)[cols]], "bold")
    grid.add([_("Team avg per rep"), *team_average(team, amount)[cols]], "dim")
    return grid


def rep_tables(team: TeamReview) -> list[RenderableType]:
    """Two tables (results, then the open pipeline), each rep next to the team, then the
    activities: each in full amounts where the width allows, else compact ones (38.5 M),
    else split over two tables; a name is never cut."""
    tables: list[RenderableType] = []
    for title, cols in (
        (_("Results"), slice(0, RESULT_COLUMNS)),
        (_("Open pipeline"), slice(RESULT_COLUMNS, None)),
    ):
        tables.append(fitted([_grid(team, title, cols, a) for a in (bare_amount, compact_money)]))
    if rows := activity_rows(team):
        grid = Grid(activity_head(), title=_("Activities"))
        for row in rows:
            grid.add(row)
        tables.append(fitted([grid]))
    return tables


def review_parts(data: ReviewData) -> list[RenderableType]:
    """The whole review for the terminal: where the numbers come from, then every team."""
    from rich.text import Text

    text = (
        _("Source: {source}; arrows compare with {previous}")
        if data.previous
        else _("Source: {source}")
    ).format(source=data.source, previous=data.previous)
    out: list[RenderableType] = [Text(text)]
    for team in data.teams:
        out += [Text(""), *render_team(team)]
    return trimmed(out)


def render_team(team: TeamReview) -> list[RenderableType]:
    """Everything about one team, in the order the review goes through it."""
    from rich.text import Text

    heading = (
        _("{team} ({manager}): funnel as of {date} since {since}")
        if team.since
        else _("{team} ({manager}): funnel as of {date}")
    ).format(
        team=team.name,
        manager=team.manager,
        date=iso(team.as_of),
        since=iso(team.since) if team.since else "",
    )
    out: list[RenderableType] = [
        Text(heading, style="bold"),
        stage_bars(team),
        *rep_tables(team),
        Text(schedule_text(team)),
    ]
    for note in team_notes(team):
        out.append(Text(note))
    findings = team.findings
    if team.figures.open_value_estimated:
        out.append(
            Text(_("* estimated: open deals without an amount count at the average won deal"))
        )
    out += changes_parts(team)
    if findings:
        out.append(Text(_("Diagnostics"), style="bold"))
        out += [bullet(finding_text(d, team)) for d in findings]
    else:
        out.append(Text(_("No diagnostics: nothing stands out in this funnel.")))
    return out + strategies_parts(team)
