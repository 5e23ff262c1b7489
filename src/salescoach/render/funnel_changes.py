"""What changed in a team's pipeline since its last review (``TeamReview.changes``), for the
terminal, Markdown, JSON and the agenda's funnel section: a count per rep of every kind, and
the largest changes by value with the deal's name, its rep and what it did."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from salescoach.formats import day, md, money, number, plural
from salescoach.funnel import TeamReview
from salescoach.funnel.changes import CHANGE_KINDS, DealChange, PipelineChanges, RepChanges
from salescoach.i18n import N_, _, current

if TYPE_CHECKING:
    from rich.console import RenderableType

LARGEST_SHOWN = 10
"""How many of the largest changes the review lists."""
NOT_TRACEABLE = N_("deals have no IDs in the export: changes cannot be traced")
NOT_TRACEABLE_SENTENCE = N_("Deals have no IDs in the export: changes cannot be traced.")
COLUMNS = (
    N_("New"),
    N_("Won"),
    N_("Lost"),
    N_("Fwd"),
    N_("Back"),
    N_("Pushed"),
    N_("Grown"),
    N_("Shrunk"),
    N_("Gone"),
)
"""The table's headings, one per ``CHANGE_KINDS`` (translated where shown)."""
WORDS = {
    "new": N_("new"),
    "won": N_("won"),
    "lost": N_("lost"),
    "forward": N_("moved forward"),
    "back": N_("moved back"),
    "pushed": N_("pushed"),
    "grown": N_("grown"),
    "shrunk": N_("shrunk"),
    "gone": N_("disappeared"),
}
"""Each kind in a sentence."""


# ---------------------------------------------------------------- words of every format


def title(changes: PipelineChanges) -> str:
    """Which import the review's is compared with (the one used at the last review)."""
    return _("Pipeline changes since {date} ({source})").format(
        date=_date(changes.before_as_of), source=changes.before
    )


def _date(d: date | None) -> str:
    """A date in a sentence: ISO in English (as it always was), the language's own otherwise."""
    if d is None:
        return ""
    return d.isoformat() if current() == "en" else day(d)


def deal_label(change: DealChange) -> str:
    """The deal as the review names it: ``name (ID)``, the name alone when the ID is only a
    line of the export, the ID alone without a name."""
    if not change.name:
        return change.id
    if change.id.startswith("line-") or change.id == change.name:
        return change.name
    return f"{change.name} ({change.id})"


def what_changed(change: DealChange) -> str:
    """What the deal did, in words: ``proposals → won (40,000)``, ``close date pushed 2×
    (2026-10-01 → 2026-11-15)``, ``amount 40,000 → 55,000``, joined by '; '."""
    kinds = set(change.kinds)
    before, after = money(change.amount_before), money(change.amount_after)
    parts: list[str] = []
    if "new" in kinds:
        parts.append(_("new at {stage} ({amount})").format(stage=change.stage_after, amount=after))
    if "gone" in kinds:
        parts.append(
            _("gone from the export (was at {stage}, {amount})").format(
                stage=change.stage_before, amount=before
            )
        )
    if kinds & {"won", "lost"}:
        amount = after if "won" in kinds else before
        parts.append(f"{change.stage_before} → {change.stage_after} ({amount})")
    if kinds & {"forward", "back"}:
        parts.append(f"{change.stage_before} → {change.stage_after}")
    if "pushed" in kinds and change.expected_before and change.expected_after:
        parts.append(
            _("close date pushed {times}× ({before} → {after})").format(
                times=number(change.pushes),
                before=_date(change.expected_before),
                after=_date(change.expected_after),
            )
        )
    if kinds & {"grown", "shrunk"}:
        parts.append(_("amount {before} → {after}").format(before=before, after=after))
    return "; ".join(parts)


def rep_names(team: TeamReview) -> dict[str, str]:
    """Rep ID → name, for the team's reps in the review."""
    return {r.rep: r.name for r in team.reps}


def largest(team: TeamReview) -> list[str]:
    """The largest changes by value (at most ``LARGEST_SHOWN``): deal, rep, what changed."""
    if team.changes is None:
        return []
    names = rep_names(team)
    return [
        f"{deal_label(c)}, {names.get(c.rep, c.rep or _('no rep'))}: {what_changed(c)}"
        for c in _shown(team)
    ]


def _shown(team: TeamReview) -> list[DealChange]:
    """The changed deals of the reps shown (all of them when no rep is left out)."""
    assert team.changes is not None
    shown = set(rep_names(team))
    return [c for c in team.changes.deals if c.rep in shown][:LARGEST_SHOWN]


def summary(counts: RepChanges) -> str:
    """The counts in a sentence: ``3 new, 2 won, 1 pushed (2×), 12 unchanged``."""
    parts = []
    for kind in CHANGE_KINDS:
        n = counts.counts.get(kind, 0)
        if n:
            pushes = (
                f" ({number(counts.pushes)}×)" if kind == "pushed" and counts.pushes != n else ""
            )
            parts.append(f"{number(n)} {_(WORDS[kind])}{pushes}")
    parts.append(_("{count} unchanged").format(count=number(counts.unchanged)))
    return ", ".join(parts)


def totals(changes: PipelineChanges) -> str:
    """The team's pushes and unchanged deals in a sentence."""
    return _("Close dates pushed {times} in all; {deals} unchanged.").format(
        times=plural(changes.team.pushes, "time"), deals=plural(changes.team.unchanged, "open deal")
    )


def notes(changes: PipelineChanges) -> list[str]:
    """What the counts leave out: deals that could not be told apart."""
    if not changes.untraced:
        return []
    return [
        _(
            "{deals} without an ID left out: the same name and owner appear more than once "
            "in an import."
        ).format(deals=plural(changes.untraced, "deal"))
    ]


def _rows(team: TeamReview) -> list[tuple[str, RepChanges]]:
    """One row per rep shown, then the team's."""
    assert team.changes is not None
    reps = team.changes.reps
    rows = [(r.name, reps.get(r.rep, RepChanges())) for r in team.reps]
    return [*rows, (_("Team"), team.changes.team)]


def _cells(counts: RepChanges) -> list[str]:
    return [number(counts.counts.get(kind, 0)) for kind in CHANGE_KINDS]


def _head() -> list[str]:
    """The table's column titles, in the language in use."""
    return [_("Rep"), *(_(c) for c in COLUMNS)]


# ---------------------------------------------------------------- terminal


def changes_parts(team: TeamReview) -> list[RenderableType]:
    """The changes for the terminal: the title, a table per rep with the team's row, the
    unchanged deals, then the largest changes (nothing without an earlier import)."""
    from rich.text import Text

    from salescoach.render.fit import Grid, bullet, fitted

    changes = team.changes
    if changes is None:
        return []
    out: list[RenderableType] = [Text(title(changes), style="bold")]
    if not changes.traceable:
        return [*out, Text(_(NOT_TRACEABLE_SENTENCE))]
    grid = Grid(_head(), edge=False)
    rows = _rows(team)
    for i, (name, counts) in enumerate(rows):
        grid.add([name, *_cells(counts)], "bold" if i == len(rows) - 1 else "")
    out.append(fitted([grid]))
    out.append(Text(totals(changes)))
    out += [Text(n) for n in notes(changes)]
    if shown := largest(team):
        out.append(Text(_("Largest changes"), style="bold"))
        out += [bullet(line) for line in shown]
    return out


# ---------------------------------------------------------------- Markdown


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(md(c) for c in cells) + " |"


def changes_markdown(team: TeamReview) -> list[str]:
    """The changes as Markdown lines (a ``###`` section; none without an earlier import)."""
    changes = team.changes
    if changes is None:
        return []
    lines = [f"### {md(title(changes))}", ""]
    if not changes.traceable:
        return [*lines, _(NOT_TRACEABLE_SENTENCE), ""]
    lines += [_md_row(_head()), "| --- |" + " ---: |" * len(COLUMNS)]
    rows = _rows(team)
    for i, (name, counts) in enumerate(rows):
        row = _md_row([name, *_cells(counts)])
        lines.append(
            row.replace(f"| {name} |", f"| **{name}** |", 1) if i == len(rows) - 1 else row
        )
    lines += [
        "",
        totals(changes),
        "",
    ]
    if extra := notes(changes):
        lines += [*extra, ""]
    if shown := largest(team):
        lines += [_("Largest changes:"), "", *(f"- {md(line)}" for line in shown), ""]
    return lines


# ---------------------------------------------------------------- JSON and the agenda


def _counts_json(counts: RepChanges) -> dict[str, Any]:
    return {**counts.counts, "pushes": counts.pushes, "unchanged": counts.unchanged}


def change_json(change: DealChange) -> dict[str, Any]:
    """One deal's change: its kinds, before and after, the pushes and the value at stake."""
    return {
        "deal": change.id,
        "name": change.name,
        "rep": change.rep,
        "kinds": list(change.kinds),
        "stage_before": change.stage_before,
        "stage_after": change.stage_after,
        "amount_before": change.amount_before,
        "amount_after": change.amount_after,
        "expected_before": change.expected_before.isoformat() if change.expected_before else None,
        "expected_after": change.expected_after.isoformat() if change.expected_after else None,
        "pushes": change.pushes,
        "value": change.value,
    }


def changes_json(changes: PipelineChanges | None) -> dict[str, Any] | None:
    """The changes as JSON-ready data (None without an earlier import): the two imports,
    the counts per rep and the team's, and every changed deal, largest value first."""
    if changes is None:
        return None
    return {
        "before": changes.before,
        "before_as_of": changes.before_as_of.isoformat(),
        "after": changes.after,
        "after_as_of": changes.after_as_of.isoformat(),
        "traceable": changes.traceable,
        "untraced": changes.untraced,
        "team": _counts_json(changes.team),
        "reps": {rep: _counts_json(c) for rep, c in changes.reps.items()},
        "deals": [change_json(c) for c in changes.deals],
    }


def changes_lines(team: TeamReview) -> list[str]:
    """A short summary for the agenda's funnel section: the team's counts and the three
    largest changes (none without an earlier import)."""
    changes = team.changes
    if changes is None:
        return []
    since = {"date": _date(changes.before_as_of), "source": changes.before}
    if not changes.traceable:
        return [_("Since {date} ({source}): {changes}.").format(**since, changes=_(NOT_TRACEABLE))]
    lines = [
        _("Since {date} ({source}): {changes}.").format(**since, changes=summary(changes.team))
    ]
    lines += [_("Largest: {change}.").format(change=line) for line in largest(team)[:3]]
    return lines
