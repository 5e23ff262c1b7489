"""The funnel review for people and programs: rich tables and bars, Markdown, JSON-ready dicts."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from salescoach.formats import NONE, plural, weekday_iso
from salescoach.formats import money as _money
from salescoach.formats import pct as _pct
from salescoach.funnel import Diagnosis, Figures, OpenItem, RepReview, TeamReview

if TYPE_CHECKING:
    from collections import Counter

    from rich.console import RenderableType

    from salescoach.usecases.funnel import ReviewData

BAR_WIDTH = 40


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


def headline(team: TeamReview) -> str:
    """One line for the agenda: the key numbers and the count of findings."""
    f = team.figures
    rate = pct(f.win_rate) if f.win_rate is not None else "n/a"
    avg = money(f.avg_deal) if f.avg_deal is not None else "n/a"
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


Field = tuple[str, str, Callable[[Figures], str]]
ROW_FIELDS: tuple[Field, ...] = (
    ("Won", "won", lambda f: f"{f.won:,}"),
    ("Lost", "lost", lambda f: "–" if f.lost is None else f"{f.lost:,}"),
    ("Win %", "win_rate", lambda f: pct(f.win_rate)),
    ("Won value", "won_value", lambda f: money(f.won_value)),
    ("Avg deal", "avg_deal", lambda f: money(f.avg_deal)),
    ("Cycle d", "cycle_days_median", lambda f: days(f.cycle_days_median)),
    ("Open", "open", lambda f: f"{f.open:,}"),
    (
        "Open value",
        "open_value",
        lambda f: money(f.open_value) + ("*" if f.open_value_estimated else ""),
    ),
    ("Velocity/d", "velocity", lambda f: money(f.velocity)),
    ("Coverage", "coverage", lambda f: "–" if f.coverage is None else f"{f.coverage:.1f}×"),
    ("Calls", "calls", lambda f: "–" if f.calls is None else f"{f.calls:,}"),
    (
        "Calls/prosp.",
        "calls_per_prospect",
        lambda f: "–" if f.calls_per_prospect is None else f"{f.calls_per_prospect:.1f}",
    ),
)


def figure_cells(fig: Figures, previous: Figures | None) -> list[str]:
    """One table row's cells, each with its arrow against the previous review."""
    return [
        _with_arrow(fmt(fig), getattr(fig, attr), _prev(previous, attr))
        for _label, attr, fmt in ROW_FIELDS
    ]


def team_average(team: TeamReview) -> list[str]:
    """The team's average per rep for counts and values; the team's rates as they are."""
    n = max(1, team.team_size)
    f = team.figures
    return [
        f"{f.won / n:,.1f}",
        "–" if f.lost is None else f"{f.lost / n:,.1f}",
        pct(f.win_rate),
        money(f.won_value / n),
        money(f.avg_deal),
        days(f.cycle_days_median),
        f"{f.open / n:,.1f}",
        money(f.open_value / n),
        money(f.velocity / n if f.velocity is not None else None),
        "–" if f.coverage is None else f"{f.coverage:.1f}×",
        "–" if f.calls is None else f"{f.calls / n:,.0f}",
        "–" if f.calls_per_prospect is None else f"{f.calls_per_prospect:.1f}",
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


# ---------------------------------------------------------------- JSON


def review_json(data: ReviewData) -> dict[str, Any]:
    """The whole review as JSON-ready data (see docs/funnel.md for the fields)."""
    return {
        "source": data.source,
        "kind": data.kind,
        "as_of": data.as_of.isoformat(),
        "since": data.since.isoformat() if data.since else None,
        "previous": data.previous,
        "unmatched_owners": {
            "rows": sum(data.unmatched.values()),
            "owners": dict(sorted(data.unmatched.items())),
        },
        "teams": [team_json(t) for t in data.teams],
    }


def _round(value: float | None, digits: int) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, digits)
    return int(rounded) if rounded == int(rounded) else rounded


def figures_json(fig: Figures) -> dict[str, Any]:
    """Every figure of one funnel, rounded for reading (see docs/funnel.md for the fields)."""
    return {
        "won": fig.won,
        "lost": fig.lost,
        "open": fig.open,
        "win_rate": _round(fig.win_rate, 4),
        "won_value": _round(fig.won_value, 2),
        "avg_deal": _round(fig.avg_deal, 2),
        "cycle_days_median": _round(fig.cycle_days_median, 1),
        "cycle_days_mean": _round(fig.cycle_days_mean, 1),
        "open_value": _round(fig.open_value, 2),
        "open_value_estimated": fig.open_value_estimated,
        "velocity_per_day": _round(fig.velocity, 2),
        "target_until_next_review": _round(fig.target, 2),
        "coverage": _round(fig.coverage, 2),
        "calls": fig.calls,
        "calls_per_prospect": _round(fig.calls_per_prospect, 2),
        "stages": [{"stage": s, "count": c} for s, c in fig.stages],
        "conversions": [{"from": a, "to": b, "rate": _round(r, 4)} for a, b, r in fig.conversions],
    }


def diagnosis_json(d: Diagnosis) -> dict[str, Any]:
    """One finding: its code, the rep (None for the team), the sentence and its numbers."""
    return {"code": d.code, "rep": d.rep, "message": d.message, **d.numbers}


def deal_json(deal: OpenItem, team: TeamReview) -> dict[str, Any]:
    """One open deal of the team, with its age on the review's date."""
    return {
        "deal": deal.id,
        "name": deal.name,
        "rep": deal.rep,
        "amount": deal.amount,
        "stage": deal.stage,
        "since": deal.since.isoformat() if deal.since else None,
        "age_days": (team.as_of - deal.since).days if deal.since else None,
    }


def team_json(team: TeamReview) -> dict[str, Any]:
    """One team's review: the figures, the previous review's, the schedule, the stalled and
    large deals, the findings and every rep's (the agenda's ``funnel.review`` too)."""
    return {
        "manager": team.manager,
        "name": team.name,
        **figures_json(team.figures),
        "cycle_n": team.cycle_n,
        "previous": figures_json(team.previous) if team.previous else None,
        "period_days": team.period_days,
        "source": team.source,
        "previous_source": team.previous_source,
        "calls_from": team.calls_from,
        "review": {
            "interval_days": team.interval_days,
            "last": team.last_review.isoformat() if team.last_review else None,
            "next_due": team.next_due.isoformat(),
            "due": team.review_due,
        },
        "stalled_after_days": team.stalled_after_days,
        "stalled_deals": [deal_json(d, team) for d in team.stalled_deals],
        "large_deals": [deal_json(d, team) for d in team.large_deals],
        "reps_without_deals": team.reps_without_deals,
        "diagnostics": [diagnosis_json(d) for d in team.diagnoses],
        "reps": [rep_json(r) for r in team.reps],
    }


def rep_json(rep: RepReview) -> dict[str, Any]:
    """One rep's figures, the previous review's, and the findings about the rep."""
    return {
        "rep": rep.rep,
        "name": rep.name,
        **figures_json(rep.figures),
        "cycle_n": rep.cycle_n,
        "previous": figures_json(rep.previous) if rep.previous else None,
        "diagnostics": [diagnosis_json(d) for d in rep.diagnoses],
    }


def unmatched_text(unmatched: Counter[str]) -> str:
    """The warning about rows whose owner is no rep: how many, whose, and what to do."""
    rows = sum(unmatched.values())
    names = ", ".join(f"{name} ({n})" for name, n in sorted(unmatched.items())[:10])
    more = f" and {len(unmatched) - 10} more" if len(unmatched) > 10 else ""
    return (
        f"{plural(rows, 'row')} of {plural(len(unmatched), 'owner')} "
        f"who are no rep: {names}{more}; they are kept with an "
        "empty rep and left out of every team (add the names to a rep's crm_names and import again)"
    )


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
    table.add_column("Conv.", justify="right")
    table.add_column("Funnel", no_wrap=True)
    convs = [None, *(r for _a, _b, r in team.figures.conversions)]
    prev = dict(team.previous.stages) if team.previous else {}
    for (stage, count), conv in zip(stages, convs, strict=True):
        width = round(BAR_WIDTH * count / top)
        bar = "█" * width if width else ("▏" if count else "")
        table.add_row(
            stage,
            _with_arrow(f"{count:,}", count, prev.get(stage)),
            pct(conv) if conv is not None else "",
            bar,
        )
    return table


RESULT_COLUMNS = 6
"""The first six of ``ROW_FIELDS`` are results; the rest describe the open pipeline."""


def rep_tables(team: TeamReview) -> list[RenderableType]:
    """Two tables (results, then the open pipeline), each rep next to the team."""
    from rich import box
    from rich.table import Table

    tables: list[RenderableType] = []
    for title, cols in (
        ("Results", slice(0, RESULT_COLUMNS)),
        ("Open pipeline", slice(RESULT_COLUMNS, None)),
    ):
        table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column("Rep", overflow="ellipsis", min_width=10)
        for label, _attr, _fmt in ROW_FIELDS[cols]:
            table.add_column(label, justify="right", no_wrap=True)
        for rep in team.reps:
            table.add_row(rep.name, *figure_cells(rep.figures, rep.previous)[cols])
        table.add_row("Team total", *figure_cells(team.figures, team.previous)[cols], style="bold")
        table.add_row("Team avg per rep", *team_average(team)[cols], style="dim")
        tables.append(table)
    return tables


def review_parts(data: ReviewData) -> list[RenderableType]:
    """The whole review for the terminal: where the numbers come from, then every team."""
    from rich.text import Text

    compared = f"; arrows compare with {data.previous}" if data.previous else ""
    out: list[RenderableType] = [Text(f"Source: {data.source}{compared}")]
    for team in data.teams:
        out += [Text(""), *render_team(team)]
    return out


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
    if (note := cycle_note(team)) is not None:
        out.append(Text(note))
    findings = [*team.diagnoses, *(d for r in team.reps for d in r.diagnoses)]
    if team.figures.open_value_estimated:
        out.append(Text("* estimated: open deals without an amount count at the average won deal"))
    if findings:
        out.append(Text("Diagnostics", style="bold"))
        out += [Text(f"• {d.message}") for d in findings]
    else:
        out.append(Text("No diagnostics: nothing stands out in this funnel."))
    return out


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
        convs = [None, *(r for _a, _b, r in team.figures.conversions)]
        for (stage, count), conv in zip(team.figures.stages, convs, strict=True):
            lines.append(_md_row([stage, f"{count:,}", pct(conv) if conv is not None else ""]))
        lines += ["", _md_row(["Rep", *(label for label, _a, _f in ROW_FIELDS)])]
        lines.append(_md_row(["---", *("---:" for _ in ROW_FIELDS)]))
        for rep in team.reps:
            lines.append(_md_row([rep.name, *figure_cells(rep.figures, rep.previous)]))
        lines.append(_md_row(["**Team total**", *figure_cells(team.figures, team.previous)]))
        lines.append(_md_row(["Team avg per rep", *team_average(team)]))
        lines += ["", schedule_text(team), ""]
        if (note := cycle_note(team)) is not None:
            lines += [note, ""]
        findings = [*team.diagnoses, *(d for r in team.reps for d in r.diagnoses)]
        if findings:
            lines += ["### Diagnostics", ""] + [f"- {d.message}" for d in findings] + [""]
    return "\n".join(lines).rstrip() + "\n"
