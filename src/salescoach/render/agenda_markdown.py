"""The agenda as Markdown that renders well on GitHub and GitLab: headings, tables and
checkboxes, every text from the repository escaped (``formats.md``)."""

from __future__ import annotations

from collections.abc import Iterable

from salescoach.agenda import Agenda
from salescoach.agenda.topics import ASSESS_PROMPT, GRADE_HINT
from salescoach.formats import day, decimal, md, short_day
from salescoach.render.agenda_funnel import funnel_markdown
from salescoach.render.agenda_words import (
    ARROWS,
    MARKS,
    action_text,
    average_cell,
    goal_text,
    header_lines,
    own_points,
    plan_headline,
    plan_item_text,
    routine_points,
    score_cell,
    title,
)


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
    out += [f"- {md(p)}" for p in routine_points(a)]
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
                    average_cell(row.average),
                    ARROWS[row.trend],
                    " ",
                    "; ".join(notes),
                ]
            )
        out += _md_table(head, rows, align)
        team = f" Team average last time: {decimal(r.team_average, 1)}." if r.team_average else ""
        out += ["", f"{md(r.prompt)}{team}", ""]
    else:
        out += ["The manager has no reps in managers/ yet.", ""]

    g = a.goals
    out += [f"## 3. Goals for the next 30 days ({a.minutes_for('goals')} min)", ""]
    if g.to_assess:
        out += [f"**To assess** ({ASSESS_PROMPT}):", ""]
        out += _md_table(
            ["Goal", "Rep", "Goal set", "Due", "Help promised (given?)"],
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
            "Record each result and the help: "
            f"`salescoach goal grade {a.manager_id} {GRADE_HINT}`.",
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
    out += [f"- **{label}:** {md(text)}" for label, text in own_points(a)]
    if o.coach_support:
        out += ["", "Did the coach's support happen?", ""]
        out += [
            f"- [{'x' if x.done else ' '}] {md(action_text(x))}"
            + (" **not done**" if not x.done else "")
            for x in o.coach_support
        ]
    out += ["", *_plan_markdown(a)]
    out += [*[f"> {md(q)}  " for q in o.prompts], ""]

    if a.funnel is not None:
        out += funnel_markdown(a)

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


def _plan_markdown(a: Agenda) -> list[str]:
    """The development plan in topic 4: its progress, a checklist, how to record one."""
    p = a.own.plan_items
    out = [f"**Development plan:** {md(plan_headline(p))}", ""]
    if p.items:
        out += [
            f"- {MARKS[i.status]} #{i.number} {md(plan_item_text(i))}"
            + (" **overdue**" if i.overdue_days else "")
            for i in p.items
        ]
        out.append("")
    if p.open_items:
        hint = f"salescoach plan done {a.manager_id} ITEM"
        out += [f"Mark one done: `{hint}` (`--dropped` to drop it).", ""]
    else:
        out += [f"Add one: `salescoach plan add {a.manager_id} TEXT --due YYYY-MM-DD`.", ""]
    return out
