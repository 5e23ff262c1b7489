"""The agenda of a 1:1 as rich terminal output, as Markdown (GitHub/GitLab) and as JSON data.

All three show the same content in the same order: header, the four topics, the funnel
review when due, then expectations and open actions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from salescoach.agenda import (
    ActionItem,
    Agenda,
    DealItem,
    FunnelRepRow,
    FunnelTopic,
    GoalItem,
    Trend,
)
from salescoach.funnel import arrow

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

ARROWS: dict[str, str] = {"up": "↑", "down": "↓", "flat": "→", "": ""}


# ---------------------------------------------------------------- words shared by all formats


def day(d: dt.date) -> str:
    """Mon 30 Nov 2026."""
    return f"{d:%a} {d.day} {d:%b %Y}"


def short_day(d: dt.date) -> str:
    """30 Nov."""
    return f"{d.day} {d:%b}"


def number(value: float | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value):,}"


def hours_line(values: list[float | None], trend: Trend) -> str:
    shown = " → ".join(number(v) for v in values) if values else "not recorded"
    return f"{shown} h/week" + (f" ({trend})" if trend else "")


def title(a: Agenda) -> str:
    return f"1:1 with {a.manager_name}: {day(a.date)}, {a.minutes} minutes"


def header_lines(a: Agenda) -> list[tuple[str, str]]:
    """(label, text) pairs of the header, in order."""
    lines: list[tuple[str, str]] = []
    why = a.reason
    if a.last_held is not None:
        why += f"; last 1:1 on {day(a.last_held)}"
    else:
        why += "; no 1:1 held yet"
    lines.append(("Why this date", why))
    if a.overdue_days:
        lines.append(
            (
                "Overdue",
                f"{a.overdue_days} day{'s' * (a.overdue_days != 1)}"
                + (f": the 1:1 was due {day(a.due)}" if a.due else "")
                + "; it is never skipped, so it is due now",
            )
        )
    if a.moved_from is not None:
        because = f" because {a.moved_because}" if a.moved_because else ""
        lines.append(("Moved", f"from {day(a.moved_from)}{because}"))
    if a.funnel_review:
        last = (
            f"last review {day(a.funnel.last_review)}"
            if a.funnel and a.funnel.last_review
            else "no review recorded yet"
        )
        due = (
            f"due since {day(a.funnel_review_due)}"
            if a.funnel_review_due < a.date
            else f"due {day(a.funnel_review_due)}"
        )
        lines.append(("Funnel review", f"included: {due}, {last}"))
    else:
        lines.append(("Funnel review", f"not at this 1:1; next due {day(a.funnel_review_due)}"))
    lines.append(("Coaching style", a.style))
    lines.append(
        ("Training needs", ", ".join(a.training_needs) if a.training_needs else "none recorded")
    )
    return lines


def score_cell(score: int | None) -> str:
    return "·" if score is None else str(score)


def action_text(x: ActionItem) -> str:
    due = f"due {day(x.due)}" if x.due else "no due date"
    late = f", overdue {x.overdue_days} day{'s' * (x.overdue_days != 1)}" if x.overdue_days else ""
    return f"{x.do} ({due}{late}; from {short_day(x.set_on)})"


def goal_text(g: GoalItem) -> str:
    help_ = f"; manager helps: {g.manager_help}" if g.manager_help else ""
    return f"{g.rep_name}: {g.goal} (due {day(g.due)}{help_})"


def deal_text(d: DealItem, currency_note: str = "") -> str:
    parts = [f"{number(d.amount)}{currency_note}"]
    if d.stage:
        parts.append(d.stage)
    if d.age_days is not None and d.since is not None:
        parts.append(f"open {d.age_days} days, since {day(d.since)}")
    return f"{d.rep_name}: {d.name} ({', '.join(parts)})"


def _routine_points(a: Agenda) -> list[str]:
    r = a.routine
    points: list[str] = []
    if r.as_of is None:
        points.append("No hours recorded yet: ask for admin and coaching hours per week.")
    else:
        dates = ", ".join(short_day(h.date) for h in r.history)
        points.append(f"Admin: {hours_line([h.admin for h in r.history], r.admin_trend)}")
        points.append(f"Coaching: {hours_line([h.coaching for h in r.history], r.coaching_trend)}")
        points.append(f"(recorded on {dates})")
    if r.notes:
        points.append(f"Last notes: {r.notes}")
    if r.change is not None:
        c = r.change
        why = f" Why: {c.why}" if c.why else ""
        points.append(f"Change agreed on {day(c.agreed_on)}: {c.what}.{why}")
        if c.admin_now is not None or c.coaching_now is not None:
            points.append(
                f"Since then: admin {number(c.admin_then)} → {number(c.admin_now)} h, "
                f"coaching {number(c.coaching_then)} → {number(c.coaching_now)} h."
            )
        else:
            points.append("No hours recorded since then: check whether the change happened.")
    return points


def _own_points(a: Agenda) -> list[tuple[str, str]]:
    o = a.own
    if o.recorded_on is None:
        return [("Last time", "nothing recorded yet")]
    pairs = [
        ("Achieved", o.achieved),
        ("To improve", o.improve),
        ("Needs: training", o.training),
        ("Needs: support", o.support),
        ("Needs: coaching", o.coaching),
        ("Plan", o.plan),
    ]
    return [(label, text) for label, text in pairs if text]


def _funnel_intro(f: FunnelTopic) -> str:
    if f.as_of is None:
        return (
            "No funnel data yet: add a snapshot funnel/DATE.yaml (or import a CRM export) "
            "before the meeting."
        )
    period = (
        f", period {day(f.period_from)} – {day(f.period_to)}"
        if f.period_from and f.period_to
        else ""
    )
    intro = f"From {f.source} ({day(f.as_of)}{period})."
    if f.imported is not None:
        if f.imported.previous:
            intro += f" Arrows compare with {f.imported.previous}."
        intro += (
            f" Calls from {f.imported.calls_from}."
            if f.imported.calls_from
            else " No recent snapshot funnel/DATE.yaml: calls unknown."
        )
    return intro


def win_rate_text(r: FunnelRepRow) -> str:
    """63.2% ↑ (from an import), '' from snapshots."""
    fig = r.figures
    if fig is None or fig.win_rate is None:
        return "–" if fig is not None else ""
    mark = arrow(fig.win_rate, fig.win_rate_before)
    return f"{fig.win_rate * 100:.1f}%" + (f" {mark}" if mark else "")


def won_text(r: FunnelRepRow) -> str:
    """The won value; from an import in whole units (CRM amounts have cents)."""
    if r.figures is not None and r.won_value is not None:
        return number(round(r.won_value))
    return number(r.won_value)


def open_text(r: FunnelRepRow) -> str:
    """'12 (34,000)'; from an import in whole units, with '*' when the value is estimated
    from the average won deal."""
    if r.figures is None:
        return f"{r.open_deals} ({number(r.open_value)})"
    estimated = "*" if r.figures.open_value_estimated else ""
    return f"{r.open_deals} ({number(round(r.open_value))}{estimated})"


def estimate_note(f: FunnelTopic) -> str:
    if any(r.figures is not None and r.figures.open_value_estimated for r in f.reps):
        return "* open value estimated at the average won deal (no open deal has a value)."
    return ""


def stalled_more(f: FunnelTopic) -> str:
    """'… and N more' when an import has more stalled deals than the agenda lists."""
    if f.imported is None or f.imported.stalled_total <= len(f.stalled_deals):
        return ""
    return f"… and {f.imported.stalled_total - len(f.stalled_deals):,} more (see funnel review)"


def _team_lines(f: FunnelTopic) -> list[str]:
    lines = []
    if f.as_of is not None:
        stages = ", ".join(f"{s} {n}" for s, n in zip(f.stages, f.team_stages, strict=True))
        lines.append(f"Team: {stages}.")
        if f.headline:
            lines.append(f"In numbers: {f.headline}.")
        if f.team_calls is not None:
            before = (
                f" (previous snapshot: {number(f.team_calls_before)})"
                if f.team_calls_before is not None
                else ""
            )
            lines.append(f"Calls: {number(f.team_calls)}{before}.")
    return lines


# ---------------------------------------------------------------- JSON


def to_data(a: Agenda) -> dict[str, Any]:
    """The agenda as JSON-ready data (dates as YYYY-MM-DD); fields marked
    ``agenda.OMIT_IF_NONE`` are left out when None."""
    data: dict[str, Any] = _plain(a)
    return data


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is None and f.metadata.get("omit_if_none"):
                continue
            out[f.name] = _plain(item)
        return out
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# ---------------------------------------------------------------- Markdown


def md(text: str) -> str:
    """Text safe inside Markdown (and a table cell): no markup, no HTML, one line."""
    out = " ".join(str(text).split())
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


def _md_table(
    head: list[str], rows: Iterable[list[str]], align: list[str] | None = None
) -> list[str]:
    lines = ["| " + " | ".join(head) + " |"]
    lines.append("| " + " | ".join(align or ["---"] * len(head)) + " |")
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def to_markdown(a: Agenda) -> str:
    """The agenda as Markdown that renders well on GitHub and GitLab."""
    out: list[str] = [f"# {md(title(a))}", ""]
    for label, text in header_lines(a):
        out.append(f"- **{label}:** {md(text)}")
        if label == "Coaching style":
            out += [f"  - {md(p)}" for p in a.style_prompts]
    out += ["", "| Minutes | Topic |", "| ---: | --- |"]
    out += [f"| {t.minutes} | {md(t.title)} |" for t in a.timeboxes]
    out.append("")

    out += [f"## 1. The manager's routine ({a.minutes_for('routine')} min)", ""]
    out += [f"- {md(p)}" for p in _routine_points(a)]
    out += ["", *[f"> {md(q)}  " for q in a.routine.prompts], ""]

    r = a.reps
    out += [f"## 2. Rep performance ({a.minutes_for('reps')} min)", ""]
    if a.reps.rows:
        head = ["Rep", *[short_day(d) for d in r.dates], "Avg", "Trend", "Today (1–4)", "Notes"]
        align = ["---", *[":---:"] * len(r.dates), "---:", ":---:", ":---:", "---"]
        rows = []
        for row in r.rows:
            notes = [f"**{md(f)}**" for f in row.flags]
            if row.last_note:
                notes.append(md(row.last_note))
            rows.append(
                [
                    f"{md(row.name)} (`{row.rep_id}`)",
                    *[score_cell(s) for s in row.scores],
                    number(row.average) if row.average is not None else "–",
                    ARROWS[row.trend],
                    " ",
                    "; ".join(notes),
                ]
            )
        out += _md_table(head, rows, align)
        team = f" Team average last time: {r.team_average:.2f}." if r.team_average else ""
        out += ["", f"{md(r.prompt)}{team}", ""]
    else:
        out += ["The manager has no reps in managers/ yet.", ""]

    g = a.goals
    out += [f"## 3. Goals for the next 30 days ({a.minutes_for('goals')} min)", ""]
    if g.to_assess:
        out += ["**To assess** (met / partly / missed):", ""]
        out += _md_table(
            ["Goal", "Rep", "Goal set", "Due", "Manager's help"],
            [
                [
                    f"`{x.ref}`",
                    md(x.rep_name),
                    md(x.goal) + f" ({short_day(x.set_on)})",
                    day(x.due),
                    md(x.manager_help),
                ]
                for x in g.to_assess
            ],
        )
        out += [
            "",
            f"Record each result: `salescoach goal grade {a.manager_id} GOAL met|partly|missed`.",
            "",
        ]
    else:
        out += ["No goal falls due by this meeting.", ""]
    if g.running:
        out += ["**Still running:**", ""]
        out += [f"- `{x.ref}` {md(goal_text(x))}" for x in g.running]
        out.append("")
    if g.need_goal:
        out += [f"**A goal for the next 30 days** (due by {day(g.new_goals_due)}):", ""]
        out += [f"- [ ] {md(n.name)}: goal? how will you personally help?" for n in g.need_goal]
        out.append("")
    out += [*[f"> {md(q)}  " for q in g.prompts], ""]

    o = a.own
    out += [f"## 4. The manager's own performance ({a.minutes_for('own')} min)", ""]
    if o.recorded_on:
        out += [f"Recorded on {day(o.recorded_on)}:", ""]
    out += [f"- **{label}:** {md(text)}" for label, text in _own_points(a)]
    if o.coach_support:
        out += ["", "Did the coach's support happen?", ""]
        out += [
            f"- [{'x' if x.done else ' '}] {md(action_text(x))}"
            + (" **not done**" if not x.done else "")
            for x in o.coach_support
        ]
    out += ["", *[f"> {md(q)}  " for q in o.prompts], ""]

    if a.funnel is not None:
        out += _funnel_markdown(a)

    e = a.expectations
    out += [f"## Expectations and actions ({a.minutes_for('wrap_up')} min)", ""]
    if e.recorded_on:
        out += [
            f"Agreed on {day(e.recorded_on)}:",
            "",
            f"- **From {md(a.coach_name)}:** {md(e.from_coach) or '–'}",
            f"- **{md(a.manager_name)} commits:** {md(e.manager_commits) or '–'}",
            "",
        ]
    else:
        out += ["No expectations recorded yet: say yours out loud, and agree theirs.", ""]
    out += _actions_markdown(a)
    return "\n".join(out).rstrip("\n") + "\n"


def _actions_markdown(a: Agenda) -> list[str]:
    out = ["**Open actions** (the coach's own first):", ""]
    if not a.actions:
        return [*out, "None open.", ""]
    for x in a.actions:
        who = a.coach_name if x.owner == "coach" else a.manager_name
        late = " **overdue**" if x.overdue_days else ""
        out.append(f"- [ ] `{x.ref}` {md(who)}: {md(action_text(x))}{late}")
    out += ["", f"Mark one done: `salescoach action done {a.manager_id} ACTION`.", ""]
    return out


def _funnel_markdown(a: Agenda) -> list[str]:
    f = a.funnel
    assert f is not None
    out = [f"## Funnel review ({a.minutes_for('funnel')} min)", "", md(_funnel_intro(f)), ""]
    out += [*[f"> {md(q)}  " for q in f.questions], ""]
    if f.reps:
        out += [f"- {md(line)}" for line in _team_lines(f)]
        out.append("")
        closed = f.imported is not None
        head = ["Rep", "Calls", *[md(s) for s in f.stages]]
        head += ["Lost", "Win rate"] if closed else []
        head += ["Won value", "Open deals", "Notes"]
        align = ["---", "---:", *["---:"] * len(f.stages)]
        align += ["---:", "---:"] if closed else []
        align += ["---:", "---:", "---"]
        rows = [
            [
                md(r.name),
                number(r.calls),
                *[number(n) for n in r.stages],
                *(
                    [number(r.figures.lost if r.figures else None), win_rate_text(r)]
                    if closed
                    else []
                ),
                won_text(r),
                md(open_text(r)),
                md("; ".join(r.notes)),
            ]
            for r in f.reps
        ]
        out += [*_md_table(head, rows, align), ""]
        if estimate_note(f):
            out += [md(estimate_note(f)), ""]
    if f.findings:
        out += ["**Findings:**", "", *[f"- {md(x)}" for x in f.findings], ""]
    out += [f"**Large deals** (at least {number(f.large_deal)}): strategy, tactics, resources?", ""]
    out += [f"- {md(deal_text(d))}" for d in f.large_deals] or ["- none"]
    out += ["", f"**Stalled deals** (open more than {f.stalled_after_days} days):", ""]
    out += [f"- {md(deal_text(d))}" for d in f.stalled_deals] or ["- none"]
    if stalled_more(f):
        out.append(f"- {md(stalled_more(f))}")
    out.append("")
    return out


# ---------------------------------------------------------------- rich


NOTES_IN_TABLE_MIN_WIDTH = 110
"""Narrower consoles get the reps' notes under the rating table, not squeezed into it."""


def print_rich(console: Console, a: Agenda) -> None:
    """Print the agenda to a rich console."""
    for item in rich_parts(a, width=console.width):
        console.print(item)


def rich_parts(a: Agenda, width: int = NOTES_IN_TABLE_MIN_WIDTH) -> list[RenderableType]:
    from rich import box
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    def text(value: str, style: str = "") -> Text:
        return Text(value, style=style)

    def section(name: str, key: str) -> Rule:
        return Rule(Text(f"{name} ({a.minutes_for(key)} min)", style="bold"), align="left")

    def bullets(items: Iterable[str], mark: str = "•", style: str = "") -> list[RenderableType]:
        return [hanging(mark, i, style) for i in items]

    def prompts(items: Iterable[str]) -> list[RenderableType]:
        return [hanging("?", q, "italic cyan") for q in items]

    parts: list[RenderableType] = [Text(title(a), style="bold")]
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for label, value in header_lines(a):
        style = "red" if label == "Overdue" else ("yellow" if label == "Funnel review" else "")
        head.add_row(label, text(value, style))
        if label == "Coaching style":
            for p in a.style_prompts:
                head.add_row("", text(f"• {p}"))
    parts.append(head)
    boxes = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1))
    boxes.add_column("Min", justify="right")
    boxes.add_column("Topic")
    for t in a.timeboxes:
        boxes.add_row(str(t.minutes), t.title)
    parts.append(boxes)

    parts.append(section("1. The manager's routine", "routine"))
    parts += bullets(_routine_points(a))
    parts += prompts(a.routine.prompts)

    r = a.reps
    parts.append(section("2. Rep performance", "reps"))
    if r.rows:
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
        table.add_column("Rep", no_wrap=True)
        for d in r.dates:
            table.add_column(f"{d.day}\n{d:%b}", justify="center")
        table.add_column("Avg", justify="right")
        table.add_column("Trend", justify="center")
        table.add_column("1–4", justify="center")
        notes_inside = width >= NOTES_IN_TABLE_MIN_WIDTH
        if notes_inside:
            table.add_column("Notes", overflow="fold")
        notes_below: list[RenderableType] = []
        for row in r.rows:
            notes = Text()
            for flag in row.flags:
                notes.append(f"⚑ {flag}; ", style="bold red")
            notes.append(row.last_note)
            cells: list[RenderableType] = [
                text(row.name),
                *[score_cell(s) for s in row.scores],
                number(row.average) if row.average is not None else "–",
                ARROWS[row.trend],
                "[ ]",
            ]
            if notes_inside:
                table.add_row(*cells, notes)
            else:
                table.add_row(*cells)
                if notes.plain:
                    style = "red" if row.flags else ""
                    notes_below.append(hanging(f"{row.name}:", notes.plain, style))
        parts.append(table)
        parts += notes_below
        team = f" Team average last time: {r.team_average:.2f}." if r.team_average else ""
        parts += prompts([r.prompt + team])
    else:
        parts.append(text("  The manager has no reps in managers/ yet."))

    g = a.goals
    parts.append(section("3. Goals for the next 30 days", "goals"))
    if g.to_assess:
        parts.append(text("  To assess (met / partly / missed):", "bold"))
        parts += [hanging(x.ref, goal_text(x)) for x in g.to_assess]
        parts.append(
            text(f"  → salescoach goal grade {a.manager_id} GOAL met|partly|missed", "dim")
        )
    else:
        parts.append(text("  No goal falls due by this meeting."))
    if g.running:
        parts.append(text("  Still running:", "bold"))
        parts += [hanging(x.ref, goal_text(x)) for x in g.running]
    if g.need_goal:
        parts.append(
            text(f"  A goal for the next 30 days (due by {day(g.new_goals_due)}):", "bold")
        )
        parts += bullets(
            [f"{n.name}: goal? how will you personally help?" for n in g.need_goal], "[ ]"
        )
    parts += prompts(g.prompts)

    o = a.own
    parts.append(section("4. The manager's own performance", "own"))
    if o.recorded_on:
        parts.append(text(f"  Recorded on {day(o.recorded_on)}:"))
    parts += bullets([f"{label}: {value}" for label, value in _own_points(a)])
    if o.coach_support:
        parts.append(text("  Did the coach's support happen?", "bold"))
        for x in o.coach_support:
            parts.append(
                text(
                    f"  [{'x' if x.done else ' '}] {action_text(x)}"
                    + ("" if x.done else " NOT DONE"),
                    "" if x.done else "red",
                )
            )
    parts += prompts(o.prompts)

    if a.funnel is not None:
        parts += _funnel_rich(a)

    e = a.expectations
    parts.append(section("Expectations and actions", "wrap_up"))
    if e.recorded_on:
        parts.append(text(f"  Agreed on {day(e.recorded_on)}:"))
        parts += bullets(
            [
                f"From {a.coach_name}: {e.from_coach or '–'}",
                f"{a.manager_name} commits: {e.manager_commits or '–'}",
            ]
        )
    else:
        parts.append(text("  No expectations recorded yet: say yours out loud, and agree theirs."))
    parts.append(text("  Open actions (the coach's own first):", "bold"))
    if not a.actions:
        parts.append(text("  None open."))
    for x in a.actions:
        who = a.coach_name if x.owner == "coach" else a.manager_name
        late = " OVERDUE" if x.overdue_days else ""
        parts.append(
            hanging(f"[ ] {x.ref}", f"{who}: {action_text(x)}{late}", "red" if late else "")
        )
    if a.actions:
        parts.append(text(f"  → salescoach action done {a.manager_id} ACTION", "dim"))
    return parts


def hanging(mark: str, value: str, style: str = "") -> RenderableType:
    """One line item, indented, whose wrapped lines line up under its text."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(f" {mark}", style=style), Text(value, style=style))
    return grid


def _funnel_rich(a: Agenda) -> list[RenderableType]:
    from rich import box
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    f = a.funnel
    assert f is not None
    parts: list[RenderableType] = [
        Rule(Text(f"Funnel review ({a.minutes_for('funnel')} min)", style="bold"), align="left"),
        Text(f"  {_funnel_intro(f)}"),
    ]
    parts += [hanging("?", q, "italic cyan") for q in f.questions]
    parts += [hanging("•", line) for line in _team_lines(f)]
    if f.reps:
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
        table.add_column("Rep")
        table.add_column("Calls", justify="right")
        for s in f.stages:
            table.add_column(s, justify="right")
        closed = f.imported is not None
        if closed:
            table.add_column("Lost", justify="right")
            table.add_column("Win rate", justify="right")
        table.add_column("Won", justify="right")
        table.add_column("Open", justify="right")
        table.add_column("Notes", overflow="fold")
        for r in f.reps:
            table.add_row(
                Text(r.name),
                number(r.calls),
                *[number(n) for n in r.stages],
                *(
                    [number(r.figures.lost if r.figures else None), win_rate_text(r)]
                    if closed
                    else []
                ),
                won_text(r),
                open_text(r),
                Text("; ".join(r.notes), style="yellow"),
            )
        parts.append(table)
        if estimate_note(f):
            parts.append(Text(f"  {estimate_note(f)}", style="dim"))
    if f.findings:
        parts.append(Text("  Findings:", style="bold"))
        parts += [hanging("•", x, "yellow") for x in f.findings]
    parts.append(
        Text(
            f"  Large deals (at least {number(f.large_deal)}): strategy, tactics, resources?",
            style="bold",
        )
    )
    parts += [hanging("•", deal_text(d)) for d in f.large_deals] or [hanging("•", "none")]
    parts.append(
        Text(f"  Stalled deals (open more than {f.stalled_after_days} days):", style="bold")
    )
    parts += [hanging("•", deal_text(d)) for d in f.stalled_deals] or [hanging("•", "none")]
    if stalled_more(f):
        parts.append(hanging("•", stalled_more(f)))
    return parts
