"""The agenda's funnel section in the terminal and in Markdown: the team's ``TeamReview``
(figures, each rep's funnel, the pipeline changes since the last review, findings, large and
stalled deals, the strategies recorded at earlier reviews with each deal's movement since,
the review's dates) read with the same numbers and words as ``funnel review``, after the
method's questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salescoach.agenda import FUNNEL_TITLE, Agenda, FunnelTopic, findings
from salescoach.agenda.funnel_section import STALLED_SHOWN, rep_names, stalled_shown
from salescoach.formats import amount as bare_amount
from salescoach.formats import compact_money, day, md, money, number, pct, plural
from salescoach.funnel import Figures, OpenItem, RepReview, TeamReview
from salescoach.i18n import N_, _
from salescoach.render.agenda_words import QUESTION_STYLE, hanging
from salescoach.render.deals import STRATEGIES_TITLE, strategies_lines
from salescoach.render.fit import Grid, bullet, fitted, trimmed
from salescoach.render.funnel import Amount, arrow, headline
from salescoach.render.funnel_changes import changes_lines

if TYPE_CHECKING:
    from rich.console import RenderableType

NO_DATA = N_(
    "No funnel data yet: add a snapshot funnel/DATE.yaml (or import a CRM export) "
    "before the meeting."
)
CHANGES_TITLE = N_("Pipeline changes since the last review")
ESTIMATED = N_("* open value estimated at the average won deal (no open deal has a value).")


# ---------------------------------------------------------------- words of both formats


def intro(review: TeamReview) -> str:
    """Where the numbers come from, what the arrows compare with and where calls come from."""
    as_of = day(review.as_of)
    if review.since:
        out = _("From {source} ({date}, period {start} – {end}).").format(
            source=review.source, date=as_of, start=day(review.since), end=as_of
        )
    else:
        out = _("From {source} ({date}).").format(source=review.source, date=as_of)
    if review.previous_source and has_closed(review):
        out += " " + _("Arrows compare with {source}.").format(source=review.previous_source)
    if review.calls_from:
        out += " " + _("Calls from {source}.").format(source=review.calls_from)
    elif review.figures.calls is None:
        out += " " + _("Calls unknown: no recent snapshot funnel/DATE.yaml has them.")
    return out


def team_lines(review: TeamReview) -> list[str]:
    """The team's levels, the key numbers, calls, and the review's dates."""
    fig = review.figures
    levels = ", ".join(f"{stage} {number(count)}" for stage, count in fig.stages)
    lines = [
        _("Team: {levels}.").format(levels=levels),
        _("In numbers: {headline}.").format(headline=headline(review)),
    ]
    if fig.calls is not None:
        before = review.previous.calls if review.previous else None
        calls = number(fig.calls)
        lines.append(
            _("Calls: {calls} (previous snapshot: {before}).").format(
                calls=calls, before=number(before)
            )
            if before is not None
            else _("Calls: {calls}.").format(calls=calls)
        )
    last = day(review.last_review) if review.last_review else _("none on record")
    lines.append(
        _("Reviewed every {weeks}: last review {last}, this one due {date}.").format(
            weeks=plural(review.interval_days // 7, "week"), last=last, date=day(review.next_due)
        )
    )
    return lines


def section_title(f: FunnelTopic) -> str:
    """``Funnel review (30 min)``."""
    return _("{topic} ({minutes} min)").format(topic=_(FUNNEL_TITLE), minutes=f.minutes)


def has_closed(review: TeamReview) -> bool:
    """The data knows lost deals (an import), so the table shows lost and the win rate
    (hand-kept snapshots count only the levels reached)."""
    return review.figures.lost is not None


def head(review: TeamReview) -> list[str]:
    """The rep table's column titles."""
    closed = [_("Lost"), _("Win rate")] if has_closed(review) else []
    stages = [stage for stage, _n in review.figures.stages]
    return [_("Rep"), _("Calls"), *stages, *closed, _("Won value"), _("Open deals")]


def win_rate_text(fig: Figures, previous: Figures | None) -> str:
    """``63.2% ↑``: the win rate with its arrow against the previous review; ``n=3`` when
    too few deals closed to judge (``funnel.min_sample``)."""
    if fig.win_rate is not None and not fig.enough(fig.win_rate_n):
        return f"n={number(fig.win_rate_n)}"
    mark = arrow(fig.win_rate, previous.win_rate if previous else None)
    return pct(fig.win_rate) + (f" {mark}" if mark and fig.win_rate is not None else "")


def open_text(fig: Figures, amount: Amount = money) -> str:
    """``12 (34,000)``, with ``*`` when the value is estimated at the average won deal."""
    star = "*" if fig.open_value_estimated else ""
    return f"{number(fig.open)} ({amount(fig.open_value)}{star})"


def rep_cells(rep: RepReview, closed: bool, amount: Amount = bare_amount) -> list[str]:
    """One rep's row after the name (``closed``: with lost and the win rate); amounts in full
    or, in a narrow terminal, compact (``amount``)."""
    fig = rep.figures
    return [
        number(fig.calls),
        *(number(count) for _stage, count in fig.stages),
        *([number(fig.lost), win_rate_text(fig, rep.previous)] if closed else []),
        amount(fig.won_value),
        open_text(fig, amount),
    ]


def estimated(review: TeamReview) -> bool:
    """Some open value is estimated (the CRM has no value for the open deals)."""
    return review.figures.open_value_estimated or any(
        r.figures.open_value_estimated for r in review.reps
    )


def deal_text(deal: OpenItem, review: TeamReview, names: dict[str, str]) -> str:
    """``Petra Nagy: Globex renewal (1042), 120,000, proposals, open 75 days, since Tue 1 Sep
    2026``: the deal by its name (``OpenItem.label``), never only an ID."""
    parts = [money(deal.amount)]
    if deal.stage:
        parts.append(deal.stage)
    if deal.since is not None:
        age = (review.as_of - deal.since).days
        parts.append(
            _("open {days}, since {date}").format(days=plural(age, "day"), date=day(deal.since))
        )
    return f"{names.get(deal.rep, deal.rep)}: {deal.label}, {', '.join(parts)}"


def large_title(f: FunnelTopic) -> str:
    """The large deals' heading: the threshold and the method's question."""
    return _("Large deals (at least {amount}): strategy, tactics, resources?").format(
        amount=money(f.large_deal)
    )


def stalled_title(review: TeamReview) -> str:
    """The stalled deals' heading: the team's one limit."""
    return _("Stalled deals (open more than {days}):").format(
        days=plural(review.stalled_after_days, "day")
    )


def deal_lines(review: TeamReview) -> tuple[list[str], list[str]]:
    """The largest deals and the oldest stalled deals in words, at most ``STALLED_SHOWN`` of
    each, then how many more (an import of thousands of large deals lists ten)."""
    names = rep_names(review)
    large = [deal_text(d, review, names) for d in review.large_deals[:STALLED_SHOWN]]
    stalled = [deal_text(d, review, names) for d in stalled_shown(review)]
    for shown, deals in ((large, review.large_deals), (stalled, review.stalled_deals)):
        more = len(deals) - STALLED_SHOWN
        if more > 0:
            shown.append(_("… and {count} more (see funnel review)").format(count=number(more)))
    return large or [_("none")], stalled or [_("none")]


# ---------------------------------------------------------------- Markdown


def funnel_markdown(a: Agenda) -> list[str]:
    """The section's Markdown lines (after topic 4)."""
    f = a.funnel
    assert f is not None
    out = [f"## {section_title(f)}", ""]
    review = f.review
    questions = [f"> {md(_(q))}  " for q in f.questions]
    if review is None:
        return [*out, md(_(NO_DATA)), "", *questions, ""]
    out += [md(intro(review)), "", *questions, ""]
    out += [f"- {md(line)}" for line in team_lines(review)]
    columns = head(review)
    out += ["", "| " + " | ".join(md(c) for c in columns) + " |"]
    out.append("| " + " | ".join(["---", *["---:"] * (len(columns) - 1)]) + " |")
    closed = has_closed(review)
    out += [
        "| " + " | ".join(md(c) for c in [r.name, *rep_cells(r, closed)]) + " |"
        for r in review.reps
    ]
    out.append("")
    if estimated(review):
        out += [md(_(ESTIMATED)), ""]
    changed = changes_lines(review)
    if changed:
        out += [f"**{_(CHANGES_TITLE)}:**", "", *[f"- {md(line)}" for line in changed], ""]
    found = findings(review)
    if found:
        out += [f"**{_('Findings:')}**", "", *[f"- {md(d.message)}" for d in found], ""]
    large, stalled = deal_lines(review)
    out += [
        _("**Large deals** (at least {amount}): strategy, tactics, resources?").format(
            amount=money(f.large_deal)
        ),
        "",
    ]
    out += [f"- {md(line)}" for line in large]
    limit = plural(review.stalled_after_days, "day")
    out += ["", _("**Stalled deals** (open more than {days}):").format(days=limit), ""]
    out += [f"- {md(line)}" for line in stalled]
    out.append("")
    recorded = strategies_lines(review)
    if recorded:
        title = md(_(STRATEGIES_TITLE))
        out += [f"**{title}:**", "", *[f"- {md(line)}" for line in recorded], ""]
    return out


# ---------------------------------------------------------------- terminal


def funnel_rich(a: Agenda) -> list[RenderableType]:
    """The section's terminal parts (after topic 4)."""
    from rich.rule import Rule
    from rich.text import Text

    f = a.funnel
    assert f is not None
    parts: list[RenderableType] = [Rule(Text(section_title(f), style="bold"), align="left")]
    review = f.review
    questions = [hanging("?", _(q), QUESTION_STYLE) for q in f.questions]
    if review is None:
        return trimmed([*parts, bullet(_(NO_DATA), " "), *questions])
    parts += [bullet(intro(review), " "), *questions]
    parts += [hanging("•", line) for line in team_lines(review)]
    parts.append(_rep_table(review))
    if estimated(review):
        parts.append(bullet(_(ESTIMATED), " ", style="dim"))
    changed = changes_lines(review)
    if changed:
        parts.append(Text(f"  {_(CHANGES_TITLE)}:", style="bold"))
        parts += [hanging("•", line) for line in changed]
    found = findings(review)
    if found:
        parts.append(Text("  " + _("Findings:"), style="bold"))
        parts += [hanging("•", d.message, "yellow") for d in found]
    large, stalled = deal_lines(review)
    parts.append(Text(f"  {large_title(f)}", style="bold"))
    parts += [hanging("•", line) for line in large]
    parts.append(Text(f"  {stalled_title(review)}", style="bold"))
    parts += [hanging("•", line) for line in stalled]
    recorded = strategies_lines(review)
    if recorded:
        parts.append(Text(f"  {_(STRATEGIES_TITLE)}:", style="bold"))
        parts += [hanging("•", line) for line in recorded]
    return trimmed(parts)


def _rep_table(review: TeamReview) -> RenderableType:
    """The reps' table: full amounts where they fit, else compact ones, else split in two;
    bare amounts, the sentences above it naming the currency (a heading would split it)."""
    grids = []
    for amount in (bare_amount, compact_money):
        grid = Grid(head(review))
        for rep in review.reps:
            grid.add([rep.name, *rep_cells(rep, has_closed(review), amount)])
        grids.append(grid)
    return fitted(grids)
