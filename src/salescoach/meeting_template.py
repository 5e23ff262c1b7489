"""The text of a planned meeting file, pre-filled from the agenda for taking notes.

Written by ``salescoach agenda next --write`` as ``meetings/MANAGER/DATE.yaml``. Values are
only IDs, dates and empty fields; everything taken from earlier meetings (names, goals,
needs, actions) goes into ``#`` comments, so no text from a file can change the YAML.
Goals to assess stay in the files that set them (graded with ``salescoach goal grade``);
blank goals and empty ratings left in the file are ignored by the agenda.
"""

from __future__ import annotations

from salescoach.agenda import Agenda
from salescoach.formats import plural
from salescoach.messages import RATING_SCALE
from salescoach.schemas import schema_comment

INDENT = "  "


def _one_line(text: str) -> str:
    """Text for a comment: one line, no control characters."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())


def _comment(text: str, indent: str = "") -> str:
    """A comment line; leading spaces of ``text`` are kept (for indented lists)."""
    lead = text[: len(text) - len(text.lstrip(" "))]
    return f"{indent}# {lead}{_one_line(text)}".rstrip() + "\n"


def _hours(value: float | None) -> str:
    if value is None:
        return "not recorded"
    return f"{value:g} h"


def planned_meeting_text(a: Agenda) -> str:
    """The YAML text of the planned meeting of agenda ``a`` (a valid Meeting file)."""
    out: list[str] = [schema_comment("meeting", 2)]
    out.append(
        _comment(
            f"1:1 with {a.manager_name} on {a.date.isoformat()} ({a.minutes} minutes), "
            "prepared by `salescoach agenda next --write`."
        )
    )
    out.append(_comment("Take notes here during the meeting, then set `status: held`. Blank goals"))
    out.append(_comment("and empty ratings are ignored; delete what you do not need."))
    out.append(f"date: {a.date.isoformat()}\n")
    out.append("status: planned\n")
    out.append(f"funnel_review: {'true' if a.funnel_review else 'false'}\n")
    out.append("\n")
    out += _routine(a)
    out += _ratings(a)
    out += _goals(a)
    out += _own(a)
    if a.funnel is not None:
        out.append(
            _comment(
                f"Funnel review ({a.minutes_for('funnel')} min): enough prospects? call volume? "
                "each rep's funnel; large deals: strategy, tactics, resources. Notes below."
            )
        )
        out.append("\n")
    out += _expectations(a)
    out += _actions(a)
    out.append('notes: ""\n')
    return "".join(out)


def _routine(a: Agenda) -> list[str]:
    r = a.routine
    last = (
        f"Last recorded ({r.as_of.isoformat()}): admin {_hours(r.admin_hours)}, "
        f"coaching {_hours(r.coaching_hours)} per week."
        if r.as_of is not None
        else "No hours recorded yet."
    )
    out = [
        _comment(f"1. The manager's routine ({a.minutes_for('routine')} min). {last}"),
        _comment("Too much or too little admin? Time to train the reps? A change: what and why."),
    ]
    if r.change is not None:
        out.append(
            _comment(f"Agreed on {r.change.agreed_on.isoformat()}: {r.change.what}; did it happen?")
        )
    out += [
        "routine:\n",
        f"{INDENT}admin_hours_per_week:\n",
        f"{INDENT}coaching_hours_per_week:\n",
        f'{INDENT}notes: ""\n',
        _comment('change: {what: "", why: ""}', INDENT),
        "\n",
    ]
    return out


def _ratings(a: Agenda) -> list[str]:
    out = [
        _comment(f"2. Rep performance ({a.minutes_for('reps')} min): rate each rep {RATING_SCALE}.")
    ]
    if not a.reps.rows:
        return [*out, "ratings: {}\n", "\n"]
    out.append("ratings:\n")
    for row in a.reps.rows:
        earlier = " ".join("-" if s is None else str(s) for s in row.scores) or "none yet"
        flags = f"; {', '.join(row.flags)}" if row.flags else ""
        out.append(
            f'{INDENT}{row.rep_id}: {{score: null, note: ""}}  '
            + _comment(f"{row.name}: earlier {earlier}{flags}")
        )
    out.append("\n")
    return out


def _goals(a: Agenda) -> list[str]:
    g = a.goals
    out = [_comment(f"3. Goals for the next 30 days ({a.minutes_for('goals')} min).")]
    if g.to_assess:
        out.append(_comment("First assess these (they stay where they were set), with"))
        out.append(_comment(f"  salescoach goal grade {a.manager_id} GOAL met|partly|missed"))
        for x in g.to_assess:
            out.append(_comment(f"  {x.ref}  {x.rep_name}: {x.goal} (due {x.due.isoformat()})"))
    out.append(_comment("Then a goal per rep: what, and how the manager will personally help."))
    if not g.need_goal:
        return [*out, "goals: []\n", "\n"]
    out.append("goals:\n")
    for n in g.need_goal:
        out += [
            f"{INDENT}- rep: {n.rep_id}\n",
            f'{INDENT}  goal: ""\n',
            f'{INDENT}  manager_help: ""\n',
            f"{INDENT}  due: {g.new_goals_due.isoformat()}\n",
        ]
    out.append("\n")
    return out


def _own(a: Agenda) -> list[str]:
    o = a.own
    out = [
        _comment(
            f"4. The manager's own performance ({a.minutes_for('own')} min): achieved? "
            "could be better? support, training, coaching needed, and the coach's plan."
        )
    ]
    if o.recorded_on is not None:
        needs = "; ".join(
            f"{k}: {v}"
            for k, v in (("training", o.training), ("support", o.support), ("coaching", o.coaching))
            if v
        )
        out.append(
            _comment(
                f"Last time ({o.recorded_on.isoformat()}): needs {needs or 'none recorded'}; "
                f"plan: {o.plan or 'none recorded'}"
            )
        )
    missed = [x for x in o.coach_support if not x.done]
    for x in missed:
        out.append(_comment(f"Coach's support not done yet: {x.do} ({x.ref})"))
    out += [
        "own_performance:\n",
        f'{INDENT}achieved: ""\n',
        f'{INDENT}improve: ""\n',
        f'{INDENT}needs: {{training: "", support: "", coaching: ""}}\n',
        f'{INDENT}plan: ""\n',
        "\n",
    ]
    return out


def _expectations(a: Agenda) -> list[str]:
    e = a.expectations
    out = [_comment("Expectations, both sides, said out loud.")]
    if e.recorded_on is not None:
        out.append(
            _comment(
                f"Last time ({e.recorded_on.isoformat()}): coach: {e.from_coach or '-'}; "
                f"manager: {e.manager_commits or '-'}"
            )
        )
    out += [
        "expectations:\n",
        f'{INDENT}from_coach: ""\n',
        f'{INDENT}manager_commits: ""\n',
        "\n",
    ]
    return out


def _actions(a: Agenda) -> list[str]:
    out = [_comment("New actions, the coach's own too: - {owner: coach, do: ..., due: YYYY-MM-DD}")]
    if a.actions:
        out.append(_comment(f"Still open (salescoach action done {a.manager_id} ACTION):"))
        for x in a.actions:
            due = f", due {x.due.isoformat()}" if x.due else ""
            late = f", overdue {plural(x.overdue_days, 'day')}" if x.overdue_days else ""
            out.append(_comment(f"  {x.ref}  {x.owner}: {x.do}{due}{late}"))
    out += ["actions: []\n", "\n"]
    return out
