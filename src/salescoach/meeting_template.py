"""The text of a planned meeting file, pre-filled from the agenda for taking notes.

Written by ``salescoach agenda next --write`` as ``meetings/MANAGER/DATE.yaml``. Values are
only IDs, dates and empty fields, and the deals' references and names in YAML double quotes
with every risky character escaped (``_quoted``); everything else taken from earlier meetings
or the CRM (names, goals, needs, actions, earlier strategies) goes into ``#`` comments, so no
text from a file can change the YAML.
Goals to assess stay in the files that set them (graded with ``salescoach goal grade``);
blank goals and empty ratings left in the file are ignored by the agenda.
"""

from __future__ import annotations

from salescoach.agenda import Agenda
from salescoach.agenda.funnel_section import rep_names, stalled_shown
from salescoach.formats import money, plural
from salescoach.funnel import OpenItem, TeamReview
from salescoach.funnel.strategies import StrategyView, deal_key, deal_reference
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
    if a.planned and a.moved_from is not None:  # a 1:1 moved before it was prepared
        out.append(f"moved_from: {a.moved_from.isoformat()}\n")
        out.append(f"moved_because: {_quoted(a.moved_because or '')}\n")
    out.append(f"funnel_review: {'true' if holds_review(a) else 'false'}\n")
    out.append("\n")
    out += _routine(a)
    out += _ratings(a)
    out += _goals(a)
    out += _own(a)
    out += _funnel(a)
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
    out += _plan(a)
    out += [
        "own_performance:\n",
        f'{INDENT}achieved: ""\n',
        f'{INDENT}improve: ""\n',
        f'{INDENT}needs: {{training: "", support: "", coaching: ""}}\n',
        f'{INDENT}plan: ""\n',
        "\n",
    ]
    return out


def _plan(a: Agenda) -> list[str]:
    """The development plan's open items, in comments: they live in the manager's file
    (``development_plan:``), so the meeting file only reminds of them."""
    p = a.own.plan_items
    if not p.items:  # the agenda itself says how to add one
        return []
    out = [
        _comment(
            f"Development plan (managers/{a.manager_id}.yaml): {p.done} of {p.counted} done; "
            "open items, by number:"
        )
    ]
    for i in p.open_items:
        late = f", overdue {plural(i.overdue_days, 'day')}" if i.overdue_days else ""
        due = f" (due {i.due.isoformat()}{late})" if i.due else ""
        out.append(_comment(f"  #{i.number} {i.what}{due}"))
    out.append(_comment(f"Progress: salescoach plan done {a.manager_id} N (or --dropped)"))
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


def holds_review(a: Agenda) -> bool:
    """The 1:1 holds the funnel review and there is funnel data to review: only then is the
    file marked ``funnel_review: true`` (an empty meeting must not count as the review)."""
    return a.funnel is not None and a.funnel.review is not None


def _funnel(a: Agenda) -> list[str]:
    """The funnel review's notes: a comment, and the deals to agree a strategy for."""
    if a.funnel is None:
        return []
    minutes = a.minutes_for("funnel")
    if a.funnel.review is None:
        return [
            _comment(f"Funnel review ({minutes} min) is due, but there is no funnel data yet:"),
            _comment("import a CRM export or add funnel/DATE.yaml, then set funnel_review: true."),
            "\n",
        ]
    out = [
        _comment(
            f"Funnel review ({minutes} min): enough prospects? call volume? "
            "each rep's funnel; large deals: strategy, tactics, resources. Notes below."
        )
    ]
    return [*out, *_deals(a.funnel.review, a.manager_id), "\n"]


def review_deals(review: TeamReview) -> list[OpenItem]:
    """The deals to agree a strategy for: every large deal, then the stalled deals the
    agenda shows that are not large."""
    large = list(review.large_deals)
    ids = {d.id for d in large}
    return [*large, *(d for d in stalled_shown(review) if d.id not in ids)]


def _deals(review: TeamReview, manager_id: str) -> list[str]:
    """A ``deals:`` entry for each large and stalled deal, its earlier strategy in comments."""
    items = review_deals(review)
    if not items:
        return ["deals: []\n"]
    out = [
        _comment("For each deal: the strategy, the resources and the next step agreed; record"),
        _comment(f"them here or with `salescoach deal note {manager_id} DEAL --strategy ...`."),
        "deals:\n",
    ]
    names = rep_names(review)
    earlier = {deal_key(v.strategy): v for v in review.strategies}
    for item in items:
        out += _deal_entry(item, review, names, earlier)
    return out


def _deal_entry(
    item: OpenItem, review: TeamReview, names: dict[str, str], earlier: dict[str, StrategyView]
) -> list[str]:
    """One pre-filled ``deals:`` entry, with what the deal is and its earlier strategy."""
    ref = deal_reference(item)
    what = "large" if item in review.large_deals else "stalled"
    stage = f", {item.stage}" if item.stage else ""
    since = f", open since {item.since.isoformat()}" if item.since else ""
    out = [
        _comment(
            f"{item.label}, {names.get(item.rep, item.rep)}: {what}, "
            f"{money(item.amount)}{stage}{since}",
            INDENT,
        )
    ]
    view = next((earlier[k] for k in (ref, item.id, item.name) if k and k in earlier), None)
    if view is not None:
        out.append(_comment(_earlier_text(view), INDENT))
    out += [
        f"{INDENT}- deal: {_quoted(ref)}\n",
        f"{INDENT}  name: {_quoted(item.name)}\n",
        f"{INDENT}  rep: {item.rep}\n" if item.rep else f"{INDENT}  rep: null\n",
        f'{INDENT}  strategy: ""\n',
        f'{INDENT}  resources: ""\n',
        f'{INDENT}  next_step: {{do: "", owner: "", due: null}}\n',
        f"{INDENT}  status: open\n",
    ]
    return out


def _earlier_text(view: StrategyView) -> str:
    """``Last time (2026-09-14): strategy: …; resources: …; next step: … (manager, due …)``."""
    s = view.strategy
    parts = [f"strategy: {s.strategy}" if s.strategy.strip() else ""]
    parts.append(f"resources: {s.resources}" if s.resources.strip() else "")
    step = s.next_step
    if step is not None and step.do.strip():
        who = [w for w in (step.owner, f"due {step.due.isoformat()}" if step.due else "") if w]
        parts.append(f"next step: {step.do}" + (f" ({', '.join(who)})" if who else ""))
    return f"Last time ({view.recorded_on.isoformat()}): " + "; ".join(p for p in parts if p)


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line that reads back as ``text``
    (a character that is not valid Unicode becomes U+FFFD)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        elif ch.isprintable() and ch != "\ufeff":
            out.append(ch)
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)
