"""The coach's scorecard (``coach scorecard``) as JSON-ready data, a rich table that fits 80
columns (a column per manager and the total), and Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salescoach.formats import NONE, day, decimal, md, number
from salescoach.i18n import N_, _

if TYPE_CHECKING:
    from rich.console import RenderableType

    from salescoach.cadence_checks import OneOnOne
    from salescoach.usecases.scorecard import Figures, Scorecard

DEFINITIONS = N_(
    "Due: held + skipped + planned but never recorded. Moved: held on another day than "
    "planned (moved_from). Skipped: as `salescoach check` warns. On time: a coach action "
    "that fell due in the period, done by its due date (`action done` records the day; one "
    "marked done by hand without done_on counts as on time). Goals graded: those due at "
    "least a week ago that have a result."
)


def figures_dict(f: Figures) -> dict[str, Any]:
    """One column of the scorecard as JSON-ready data."""
    average = f.moved_days_average
    return {
        "meetings": {
            "due": f.due,
            "held": f.held,
            "held_on_planned_day": f.on_planned_day,
            "moved": f.moved,
            "moved_days_average": None if average is None else round(average, 1),
            "skipped": f.skipped,
            "not_recorded": f.not_recorded,
            "overdue": f.overdue,
        },
        "coach_actions": {
            "due": f.coach_actions_due,
            "on_time": f.coach_actions_on_time,
            "late": f.coach_actions_late,
        },
        "goals": {"due": f.goals_due, "graded_within_a_week": f.goals_graded_in_week},
        "help": {
            "graded": f.help_graded,
            "yes": f.help_yes,
            "partly": f.help_partly,
            "no": f.help_no,
        },
    }


def one_on_one_dict(o: OneOnOne) -> dict[str, Any]:
    """One 1:1 of the period's timeline as JSON-ready data."""
    return {
        "date": o.date.isoformat(),
        "held_on": None if o.held_on is None else o.held_on.isoformat(),
        "status": o.status,
        "next": o.next,
    }


def scorecard_dict(card: Scorecard) -> dict[str, Any]:
    """The scorecard as JSON-ready data (``coach scorecard --format json``)."""
    return {
        "since": card.since.isoformat(),
        "today": card.today.isoformat(),
        "coach": card.coach_name,
        "managers": [
            {
                "manager": m.id,
                "manager_name": m.name,
                **figures_dict(f),
                "one_on_ones": [one_on_one_dict(o) for o in f.one_on_ones],
            }
            for m, f in card.managers
        ],
        "total": figures_dict(card.total),
    }


def _share(part: int, whole: int) -> str:
    """``5/6`` (``–`` when there is nothing to count)."""
    return f"{part}/{whole}" if whole else NONE


def _rows(f: Figures) -> list[str]:
    """The cells of one column, in the order of ``LABELS``."""
    average = f.moved_days_average
    moved = (
        _("{moved} ({days} d)").format(moved=number(f.moved), days=decimal(average))
        if average is not None
        else number(f.moved)
    )
    return [
        number(f.due),
        _share(f.on_planned_day, f.due),
        moved,
        number(f.skipped),
        number(f.not_recorded),
        _share(f.coach_actions_on_time, f.coach_actions_due),
        _share(f.goals_graded_in_week, f.goals_due),
        _share(f.help_yes, f.help_graded),
    ]


LABELS = (
    N_("1:1s due"),
    N_("Held on the planned day"),
    N_("Moved (avg days)"),
    N_("Skipped"),
    N_("Planned, not recorded"),
    N_("Coach's actions on time"),
    N_("Goals graded in a week"),
    N_("Help delivered"),
)


def _title(card: Scorecard) -> str:
    return _("{coach}'s scorecard, {since} to {today}").format(
        coach=card.coach_name, since=day(card.since), today=day(card.today)
    )


def scorecard_table(card: Scorecard) -> list[RenderableType]:
    """The scorecard as a rich table: a row per figure, a column per manager (the full name,
    never cut) and the total, split over several tables where the terminal is too narrow."""
    from rich.text import Text

    from salescoach.render.fit import Grid, bullet, fitted, trimmed

    columns = [(m.name, _rows(f)) for m, f in card.managers]
    columns.append((_("Total"), _rows(card.total)))
    grid = Grid(["", *(name for name, _cells in columns)])
    for index, label in enumerate(LABELS):
        grid.add([_(label), *(cells[index] for _name, cells in columns)])
    parts = [Text(_title(card), style="bold"), fitted([grid])]
    return trimmed([*parts, bullet(_(DEFINITIONS), "", style="dim")])


def scorecard_markdown(card: Scorecard) -> str:
    """The scorecard as a Markdown table."""
    names = [md(m.name) for m, _f in card.managers] + [_("Total")]
    columns = [_rows(f) for _m, f in card.managers] + [_rows(card.total)]
    out = [f"# {md(_title(card))}", "", "| | " + " | ".join(names) + " |"]
    out.append("| --- |" + " ---: |" * len(names))
    for index, label in enumerate(LABELS):
        out.append(f"| {_(label)} | " + " | ".join(c[index] for c in columns) + " |")
    return "\n".join([*out, "", md(_(DEFINITIONS)), ""]) + "\n"
