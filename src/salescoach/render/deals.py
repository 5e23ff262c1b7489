"""The deal strategies in words: each strategy recorded at an earlier review beside what the
deal did since (``funnel review`` and the agenda's funnel section, terminal, Markdown and
JSON), and ``deal list``. One sentence per deal, the same in every format."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from salescoach.formats import day, md, money, plural
from salescoach.funnel import TeamReview
from salescoach.funnel.strategies import StrategyView, deal_key, is_overdue, strategy_label
from salescoach.i18n import N_, _, current
from salescoach.models import LOST, WON, DealStrategy, Manager
from salescoach.render.funnel_changes import change_json, what_changed

if TYPE_CHECKING:
    from rich.console import RenderableType

    from salescoach.usecases.deals import DealListed

STRATEGIES_TITLE = N_("Strategies recorded at earlier reviews, and what the deals did since")
"""The strategies' heading (translated where shown: ``_(STRATEGIES_TITLE)``)."""
STATUSES = {"open": N_("open"), "done": N_("done"), "dropped": N_("dropped")}
"""A recorded strategy's status in words (the code stays English in the JSON)."""
CLOSED = {WON: N_("won"), LOST: N_("lost")}


def _date(d: date) -> str:
    """A date in a sentence: ISO in English (as it always was), the language's own otherwise."""
    return d.isoformat() if current() == "en" else day(d)


def review_day(team: TeamReview) -> date:
    """The day a next step counts as overdue on: the 1:1 that holds the review, else the
    review's date."""
    return team.next_1on1 or team.as_of


def agreed_text(entry: DealStrategy, on: date) -> str:
    """``strategy «exec sponsor»; next step «call CFO» (manager, due 2026-11-20, overdue)``."""
    parts = []
    if entry.strategy.strip():
        parts.append(_("strategy «{text}»").format(text=entry.strategy.strip()))
    if entry.resources.strip():
        parts.append(_("resources «{text}»").format(text=entry.resources.strip()))
    step = entry.next_step
    if step is not None and step.do.strip():
        when = [step.owner.strip()] if step.owner.strip() else []
        if step.due is not None:
            when.append(_("due {date}").format(date=_date(step.due)))
        if is_overdue(entry, on):
            when.append(_("overdue"))
        step_text = _("next step «{text}»").format(text=step.do.strip())
        parts.append(step_text + (f" ({', '.join(when)})" if when else ""))
    return "; ".join(parts)


def now_text(view: StrategyView) -> str:
    """Where the deal stands in the latest import: ``80,000 at proposals``, ``won, 80,000``."""
    if not view.found:
        return _("not in the latest import")
    if view.stage in CLOSED:
        stage = _(CLOSED[view.stage])
        return f"{stage}, {money(view.amount)}" if view.amount is not None else stage
    if view.stage:
        return _("{amount} at {stage}").format(amount=money(view.amount), stage=view.stage)
    return money(view.amount)


def movement_text(view: StrategyView, team: TeamReview) -> str:
    """``Since the last review: meetings → proposals; close date pushed 1× (…).``, in the
    words of the pipeline changes (``render.funnel_changes.what_changed``)."""
    changes = team.changes
    if changes is None:
        return _("No earlier import to compare with.")
    if not changes.traceable:
        return _("Its movement is not known: the imports have no stable deal IDs.")
    if view.change is not None and view.change.kinds:
        return _("Since the last review: {changes}.").format(changes=what_changed(view.change))
    if not view.found:
        return _("Not in the latest import.")
    return _("Since the last review: no change.")


def strategy_line(view: StrategyView, team: TeamReview) -> str:
    """One recorded strategy with the deal's movement, in one sentence: ``Globex – 40 seats
    (Petra Nagy), 80,000 at proposals: strategy «exec sponsor»; next step «call CFO»
    (manager, due 2026-11-20, overdue). Since the last review: meetings → proposals; close
    date pushed 1× (2026-10-31 → 2026-12-15).``"""
    entry = view.strategy
    names = {r.rep: r.name for r in team.reps}
    who = f" ({names.get(entry.rep, entry.rep)})" if entry.rep else ""
    agreed = agreed_text(entry, review_day(team))
    shown = entry.name.strip() or deal_key(entry)
    return f"{shown}{who}, {now_text(view)}: {agreed}. {movement_text(view, team)}"


def strategies_lines(team: TeamReview) -> list[str]:
    """Every recorded strategy of the team, one line each (none: empty)."""
    return [strategy_line(v, team) for v in team.strategies]


def strategies_parts(team: TeamReview) -> list[RenderableType]:
    """The strategies in the terminal: a heading and a line per deal (none: nothing)."""
    from rich.text import Text

    from salescoach.render.fit import bullet

    lines = strategies_lines(team)
    if not lines:
        return []
    return [Text(_(STRATEGIES_TITLE), style="bold"), *(bullet(line) for line in lines)]


def strategies_markdown(team: TeamReview) -> list[str]:
    """The strategies as Markdown lines: a heading and a bullet per deal (none: nothing)."""
    lines = strategies_lines(team)
    if not lines:
        return []
    return ["### " + _(STRATEGIES_TITLE), "", *(f"- {md(line)}" for line in lines), ""]


def entry_json(entry: DealStrategy, overdue: bool) -> dict[str, Any]:
    """A recorded entry as data."""
    step = entry.next_step
    return {
        "deal": entry.deal,
        "name": entry.name,
        "rep": entry.rep,
        "strategy": entry.strategy,
        "resources": entry.resources,
        "next_step": None
        if step is None
        else {
            "do": step.do,
            "owner": step.owner,
            "due": step.due.isoformat() if step.due else None,
            "overdue": overdue,
        },
        "status": entry.status,
    }


def strategies_json(team: TeamReview) -> list[dict[str, Any]]:
    """The recorded strategies with each deal's movement, as data."""
    on = review_day(team)
    return [
        {
            **entry_json(v.strategy, is_overdue(v.strategy, on)),
            "recorded_on": v.recorded_on.isoformat(),
            "found": v.found,
            "stage": v.stage,
            "amount": v.amount,
            "change": change_json(v.change) if v.change is not None else None,
            "text": strategy_line(v, team),
        }
        for v in team.strategies
    ]


# ---------------------------------------------------------------- deal list


def list_lines(
    manager: Manager, listed: Sequence[DealListed], today: date, width: int | None = None
) -> list[str]:
    """``deal list``: the manager's recorded strategies, open first, overdue next steps
    flagged (on ``today``); each wrapped to ``width`` (default: the terminal's, when it is
    known) with its wrapped lines indented under it, no word broken."""
    from salescoach.render.fit import terminal_width, wrap_hanging

    width = width or terminal_width()
    return [
        wrapped
        for line in _list_lines(manager, listed, today)
        for wrapped in (wrap_hanging(line, width) if width else [line])
    ]


def _list_lines(manager: Manager, listed: Sequence[DealListed], today: date) -> list[str]:
    if not listed:
        return [
            _("{manager} ({id}): no deal strategies recorded in recent 1:1s").format(
                manager=manager.name, id=manager.id
            )
        ]
    count = plural(len(listed), "deal strategy", "deal strategies")
    out = [f"{manager.name} ({manager.id}): {count}"]
    for item in listed:
        entry, on = item.recorded.strategy, item.recorded.recorded_on
        rep = manager.rep(entry.rep) if entry.rep else None
        who = f", {rep.name if rep else entry.rep}" if entry.rep else ""
        recorded = _("recorded {date}").format(date=_date(on))
        status = _(STATUSES[entry.status])
        out.append(
            f"  {status}: {strategy_label(entry)}{who}, {recorded}: {agreed_text(entry, today)}"
        )
    return out


def list_json(manager: Manager, listed: Sequence[DealListed]) -> dict[str, Any]:
    """``deal list --format json``."""
    return {
        "manager": manager.id,
        "deals": [
            {
                **entry_json(i.recorded.strategy, i.overdue),
                "recorded_on": i.recorded.recorded_on.isoformat(),
            }
            for i in listed
        ],
    }
