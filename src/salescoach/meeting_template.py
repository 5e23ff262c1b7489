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
from salescoach.formats import money, number, plural
from salescoach.funnel import OpenItem, TeamReview
from salescoach.funnel.strategies import StrategyView, deal_key, deal_reference
from salescoach.i18n import N_, _
from salescoach.messages import rating_scale
from salescoach.schemas import schema_comment

INDENT = "  "

NEEDS = {
    "training": N_("training: {text}"),
    "support": N_("support: {text}"),
    "coaching": N_("coaching: {text}"),
}
"""The manager's needs, by their key in the file, as a comment names them."""
DEAL_KINDS = {"large": N_("large"), "stalled": N_("stalled")}
"""Why a deal is on the list to agree a strategy for."""


def _one_line(text: str) -> str:
    """Text for a comment: one line, no control characters."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())


def _comment(text: str, indent: str = "") -> str:
    """A comment line; leading spaces of ``text`` are kept (for indented lists)."""
    lead = text[: len(text) - len(text.lstrip(" "))]
    return f"{indent}# {lead}{_one_line(text)}".rstrip() + "\n"


def _comments(text: str, indent: str = "") -> list[str]:
    """A comment of several lines: a translated text with its own line breaks."""
    return [_comment(line, indent) for line in text.splitlines()]


def _field(key: str, value: str = "", indent: str = "") -> str:
    """A YAML line ``key: value`` (the key stays English in every language)."""
    return f"{indent}{key}: {value}".rstrip() + "\n"


def _flow(**fields: str) -> str:
    """A YAML flow mapping on one line: ``{score: null, note: ""}``."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"


def _command(*words: str) -> str:
    """A salescoach command line (English in every language)."""
    return " ".join(("salescoach", *words))


def _hours(value: float | None) -> str:
    if value is None:
        return _("not recorded")
    return _("{hours} h").format(hours=number(value))


def planned_meeting_text(a: Agenda) -> str:
    """The YAML text of the planned meeting of agenda ``a`` (a valid Meeting file)."""
    out: list[str] = [schema_comment("meeting", 2)]
    out.append(
        _comment(
            _(
                "1:1 with {manager} on {date} ({minutes} minutes), "
                "prepared by `salescoach agenda next --write`."
            ).format(manager=a.manager_name, date=a.date.isoformat(), minutes=a.minutes)
        )
    )
    out += _comments(
        _(
            "Take notes here during the meeting, then set `status: held`. Blank goals\n"
            "and empty ratings are ignored; delete what you do not need."
        )
    )
    out.append(_field("date", a.date.isoformat()))
    out.append(_field("status", "planned"))
    if a.planned and a.moved_from is not None:  # a 1:1 moved before it was prepared
        out.append(_field("moved_from", a.moved_from.isoformat()))
        out.append(_field("moved_because", _quoted(a.moved_because or "")))
    out.append(_field("funnel_review", "true" if holds_review(a) else "false"))
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
        _("Last recorded ({date}): admin {admin}, coaching {coaching} per week.").format(
            date=r.as_of.isoformat(),
            admin=_hours(r.admin_hours),
            coaching=_hours(r.coaching_hours),
        )
        if r.as_of is not None
        else _("No hours recorded yet.")
    )
    out = [
        _comment(
            _("1. The manager's routine ({minutes} min). {last}").format(
                minutes=a.minutes_for("routine"), last=last
            )
        ),
        _comment(
            _("Too much or too little admin? Time to train the reps? A change: what and why.")
        ),
    ]
    if r.change is not None:
        out.append(
            _comment(
                _("Agreed on {date}: {what}; did it happen?").format(
                    date=r.change.agreed_on.isoformat(), what=r.change.what
                )
            )
        )
    out += [
        "routine:\n",
        f"{INDENT}admin_hours_per_week:\n",
        f"{INDENT}coaching_hours_per_week:\n",
        _field("notes", '""', INDENT),
        _comment(_field("change", _flow(what='""', why='""')), INDENT),
        "\n",
    ]
    return out


def _ratings(a: Agenda) -> list[str]:
    out = [
        _comment(
            _("2. Rep performance ({minutes} min): rate each rep {scale}.").format(
                minutes=a.minutes_for("reps"), scale=rating_scale()
            )
        )
    ]
    if not a.reps.rows:
        return [*out, "ratings: {}\n", "\n"]
    out.append("ratings:\n")
    for row in a.reps.rows:
        earlier = " ".join("-" if s is None else str(s) for s in row.scores)
        seen = (
            _("{rep}: earlier {scores}").format(rep=row.name, scores=earlier)
            if earlier
            else _("{rep}: not rated yet").format(rep=row.name)
        )
        flags = f"; {', '.join(row.flags)}" if row.flags else ""
        rating = _flow(score="null", note='""')
        out.append(f"{INDENT}{row.rep_id}: {rating}  " + _comment(seen + flags))
    out.append("\n")
    return out


def _goals(a: Agenda) -> list[str]:
    g = a.goals
    out = [
        _comment(
            _("3. Goals for the next 30 days ({minutes} min).").format(
                minutes=a.minutes_for("goals")
            )
        )
    ]
    if g.to_assess:
        out.append(_comment(_("First assess these (they stay where they were set), with")))
        out.append(
            _comment("  " + _command("goal", "grade", a.manager_id, "GOAL", "met|partly|missed"))
        )
        for x in g.to_assess:
            goal = _("{rep}: {goal} (due {date})").format(
                rep=x.rep_name, goal=x.goal, date=x.due.isoformat()
            )
            out.append(_comment(f"  {x.ref}  {goal}"))
    out.append(_comment(_("Then a goal per rep: what, and how the manager will personally help.")))
    if not g.need_goal:
        return [*out, "goals: []\n", "\n"]
    out.append("goals:\n")
    for n in g.need_goal:
        out += [
            _field("- rep", n.rep_id, INDENT),
            _field("goal", '""', INDENT * 2),
            _field("manager_help", '""', INDENT * 2),
            _field("due", g.new_goals_due.isoformat(), INDENT * 2),
        ]
    out.append("\n")
    return out


def _own(a: Agenda) -> list[str]:
    o = a.own
    out = [
        _comment(
            _(
                "4. The manager's own performance ({minutes} min): achieved? "
                "could be better? support, training, coaching needed, and the coach's plan."
            ).format(minutes=a.minutes_for("own"))
        )
    ]
    if o.recorded_on is not None:
        given = {"training": o.training, "support": o.support, "coaching": o.coaching}
        needs = "; ".join(_(NEEDS[k]).format(text=v) for k, v in given.items() if v)
        out.append(
            _comment(
                _("Last time ({date}): needs {needs}; plan: {plan}").format(
                    date=o.recorded_on.isoformat(),
                    needs=needs or _("none recorded"),
                    plan=o.plan or _("none recorded"),
                )
            )
        )
    missed = [x for x in o.coach_support if not x.done]
    for x in missed:
        out.append(
            _comment(_("Coach's support not done yet: {do} ({ref})").format(do=x.do, ref=x.ref))
        )
    out += _plan(a)
    out += [
        "own_performance:\n",
        _field("achieved", '""', INDENT),
        _field("improve", '""', INDENT),
        _field("needs", _flow(training='""', support='""', coaching='""'), INDENT),
        _field("plan", '""', INDENT),
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
            _(
                "Development plan (managers/{manager}.yaml): {done} of {counted} done; "
                "open items, by number:"
            ).format(manager=a.manager_id, done=p.done, counted=p.counted)
        )
    ]
    for i in p.open_items:
        due = f" ({_due(i.due.isoformat())}{_late(i.overdue_days)})" if i.due else ""
        out.append(_comment(f"  #{i.number} {i.what}{due}"))
    progress = _command("plan", "done", a.manager_id, "N")
    out.append(_comment(_("Progress: {command} (or --dropped)").format(command=progress)))
    return out


def _expectations(a: Agenda) -> list[str]:
    e = a.expectations
    out = [_comment(_("Expectations, both sides, said out loud."))]
    if e.recorded_on is not None:
        out.append(
            _comment(
                _("Last time ({date}): coach: {coach}; manager: {manager}").format(
                    date=e.recorded_on.isoformat(),
                    coach=e.from_coach or "-",
                    manager=e.manager_commits or "-",
                )
            )
        )
    out += [
        "expectations:\n",
        _field("from_coach", '""', INDENT),
        _field("manager_commits", '""', INDENT),
        "\n",
    ]
    return out


def _actions(a: Agenda) -> list[str]:
    example = "- " + _flow(owner="coach", do="...", due="YYYY-MM-DD")
    out = [_comment(_("New actions, the coach's own too: {example}").format(example=example))]
    if a.actions:
        done = _command("action", "done", a.manager_id, "ACTION")
        out.append(_comment(_("Still open ({command}):").format(command=done)))
        for x in a.actions:
            due = ", " + _due(x.due.isoformat()) if x.due else ""
            out.append(_comment(f"  {x.ref}  {x.owner}: {x.do}{due}{_late(x.overdue_days)}"))
    out += ["actions: []\n", "\n"]
    return out


def _due(date: str) -> str:
    """``due 2026-11-27``."""
    return _("due {date}").format(date=date)


def _late(days: int | None) -> str:
    """``, overdue 9 days``, or nothing when it is not late."""
    return _(", overdue {days}").format(days=plural(days, "day")) if days else ""


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
        text = _(
            "Funnel review ({minutes} min) is due, but there is no funnel data yet:\n"
            "import a CRM export or add funnel/DATE.yaml, then set funnel_review: true."
        )
        return [*_comments(text.format(minutes=minutes)), "\n"]
    out = [
        _comment(
            _(
                "Funnel review ({minutes} min): enough prospects? call volume? "
                "each rep's funnel; large deals: strategy, tactics, resources. Notes below."
            ).format(minutes=minutes)
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
    text = _(
        "For each deal: the strategy, the resources and the next step agreed; record\n"
        "them here or with `salescoach deal note {manager} DEAL --strategy ...`."
    )
    out = [*_comments(text.format(manager=manager_id)), "deals:\n"]
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
    what = _(DEAL_KINDS["large" if item in review.large_deals else "stalled"])
    stage = f", {item.stage}" if item.stage else ""
    since = _(", open since {date}").format(date=item.since.isoformat()) if item.since else ""
    rep = names.get(item.rep, item.rep)
    out = [_comment(f"{item.label}, {rep}: {what}, {money(item.amount)}{stage}{since}", INDENT)]
    view = next((earlier[k] for k in (ref, item.id, item.name) if k and k in earlier), None)
    if view is not None:
        out.append(_comment(_earlier_text(view), INDENT))
    out += [
        _field("- deal", _quoted(ref), INDENT),
        _field("name", _quoted(item.name), INDENT * 2),
        _field("rep", item.rep or "null", INDENT * 2),
        _field("strategy", '""', INDENT * 2),
        _field("resources", '""', INDENT * 2),
        _field("next_step", _flow(do='""', owner='""', due="null"), INDENT * 2),
        _field("status", "open", INDENT * 2),
    ]
    return out


def _earlier_text(view: StrategyView) -> str:
    """``Last time (2026-09-14): strategy: …; resources: …; next step: … (manager, due …)``."""
    s = view.strategy
    parts = [_("strategy: {text}").format(text=s.strategy) if s.strategy.strip() else ""]
    parts.append(_("resources: {text}").format(text=s.resources) if s.resources.strip() else "")
    step = s.next_step
    if step is not None and step.do.strip():
        who = [w for w in (step.owner, _due(step.due.isoformat()) if step.due else "") if w]
        do = _("next step: {text}").format(text=step.do)
        parts.append(do + (f" ({', '.join(who)})" if who else ""))
    told = "; ".join(p for p in parts if p)
    return _("Last time ({date}): {told}").format(date=view.recorded_on.isoformat(), told=told)


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
