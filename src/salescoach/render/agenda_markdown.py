"""The agenda as Markdown that renders well on GitHub and GitLab: headings, tables and
checkboxes, every text from the repository escaped (``formats.md``)."""

from __future__ import annotations

from collections.abc import Iterable

from salescoach.agenda import Agenda
from salescoach.agenda.topics import ASSESS_PROMPT, GRADE_HINT
from salescoach.formats import day, md, short_day
from salescoach.i18n import _
from salescoach.render.agenda_funnel import funnel_markdown
from salescoach.render.agenda_text import reps_question, team_average
from salescoach.render.agenda_words import (
    ARROWS,
    MARKS,
    STYLE,
    action_text,
    average_cell,
    command,
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
        if label == _(STYLE):
            out += [f"  - {md(p)}" for p in a.style_prompts]
    out += ["", f"| {_('Minutes')} | {_('Topic')} |", "| ---: | --- |"]
    out += [f"| {t.minutes} | {md(_(t.title))} |" for t in a.timeboxes]
    out.append("")

    out += [_heading(_("1. The manager's routine"), a.minutes_for("routine")), ""]
    out += [f"- {md(p)}" for p in routine_points(a)]
    out += ["", *_quotes(a.routine.prompts), ""]

    r = a.reps
    out += [_heading(_("2. Rep performance"), a.minutes_for("reps")), ""]
    if a.reps.rows:
        head = [
            _("Rep"),
            *[short_day(d) for d in r.dates],
            _("Avg"),
            _("Trend"),
            _("Today (1–4)"),
            _("Notes"),
        ]
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
        out += ["", f"{md(reps_question())}{team_average(r.team_average)}", ""]
    else:
        out += [_("The manager has no reps in managers/ yet."), ""]

    g = a.goals
    out += [_heading(_("3. Goals for the next 30 days"), a.minutes_for("goals")), ""]
    if g.to_assess:
        out += [_("**To assess** ({question}):").format(question=_(ASSESS_PROMPT)), ""]
        out += _md_table(
            [_("Goal"), _("Rep"), _("Goal set"), _("Due"), _("Help promised (given?)")],
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
            _("Record each result and the help: `{command}`.").format(
                command=command("goal", "grade", a.manager_id, GRADE_HINT)
            ),
            "",
        ]
    else:
        out += [_("No goal falls due by this meeting."), ""]
    if g.running:
        out += [_("**Still running:**"), ""]
        out += [f"- `{x.ref}` {md(goal_text(x))}" for x in g.running]
        out.append("")
    if g.need_goal:
        due = day(g.new_goals_due)
        out += [_("**A goal for the next 30 days** (due by {date}):").format(date=due), ""]
        ask = _("{rep}: goal? how will you personally help?")
        out += [f"- [ ] {ask.format(rep=md(n.name))}" for n in g.need_goal]
        out.append("")
    out += [*_quotes(g.prompts), ""]

    o = a.own
    out += [_heading(_("4. The manager's own performance"), a.minutes_for("own")), ""]
    if o.recorded_on:
        out += [_("Recorded on {date}:").format(date=day(o.recorded_on)), ""]
    out += [f"- **{label}:** {md(text)}" for label, text in own_points(a)]
    if o.coach_support:
        out += ["", _("Did the coach's support happen?"), ""]
        out += [
            f"- [{'x' if x.done else ' '}] {md(action_text(x))}"
            + (" **" + _("not done") + "**" if not x.done else "")
            for x in o.coach_support
        ]
    out += ["", *_plan_markdown(a)]
    out += [*_quotes(o.prompts), ""]

    if a.funnel is not None:
        out += funnel_markdown(a)

    e = a.expectations
    out += [_heading(_("Expectations and actions"), a.minutes_for("wrap_up")), ""]
    if e.recorded_on:
        coach = _("From {coach}:").format(coach=md(a.coach_name))
        commits = _("{manager} commits:").format(manager=md(a.manager_name))
        out += [
            _("Agreed on {date}:").format(date=day(e.recorded_on)),
            "",
            f"- **{coach}** {md(e.from_coach) or '–'}",
            f"- **{commits}** {md(e.manager_commits) or '–'}",
            "",
        ]
    else:
        out += [_("No expectations recorded yet: say yours out loud, and agree theirs."), ""]
    out += _actions_markdown(a)
    return "\n".join(out).rstrip("\n") + "\n"


def _heading(topic: str, minutes: int) -> str:
    """``## 1. The manager's routine (10 min)``."""
    return "## " + _("{topic} ({minutes} min)").format(topic=topic, minutes=minutes)


def _quotes(prompts: Iterable[str]) -> list[str]:
    """The method's questions as a quote, one a line."""
    return [f"> {md(_(q))}  " for q in prompts]


def _actions_markdown(a: Agenda) -> list[str]:
    out = [_("**Open actions** (the coach's own first):"), ""]
    if not a.actions:
        return [*out, _("None open."), ""]
    for x in a.actions:
        who = a.coach_name if x.owner == "coach" else a.manager_name
        late = " **" + _("overdue") + "**" if x.overdue_days else ""
        out.append(f"- [ ] `{x.ref}` {md(who)}: {md(action_text(x))}{late}")
    done = command("action", "done", a.manager_id, "ACTION")
    out += ["", _("Mark one done: `{command}`.").format(command=done), ""]
    return out


def _plan_markdown(a: Agenda) -> list[str]:
    """The development plan in topic 4: its progress, a checklist, how to record one."""
    p = a.own.plan_items
    out = [f"**{_('Development plan:')}** {md(plan_headline(p))}", ""]
    if p.items:
        out += [
            f"- {MARKS[i.status]} #{i.number} {md(plan_item_text(i))}"
            + (" **" + _("overdue") + "**" if i.overdue_days else "")
            for i in p.items
        ]
        out.append("")
    if p.open_items:
        hint = command("plan", "done", a.manager_id, "ITEM")
        out += [
            _("Mark one done: `{command}` (`--dropped` to drop it).").format(command=hint),
            "",
        ]
    else:
        hint = command("plan", "add", a.manager_id, "TEXT", "--due", "YYYY-MM-DD")
        out += [_("Add one: `{command}`.").format(command=hint), ""]
    return out
