"""The schedule of 1:1s as a rich table, JSON-ready rows and CSV text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from salescoach.cadence import NextMeeting
from salescoach.formats import plural, short_weekday, weekday_iso
from salescoach.i18n import N_, _, ngettext
from salescoach.models import Manager
from salescoach.render.lines import GAP, Line, label_width, labelled, pad, styled, wrap_hanging
from salescoach.textsafe import csv_text, one_line

if TYPE_CHECKING:
    from rich.console import RenderableType

CSV_COLUMNS = (
    "manager",
    "manager_name",
    "level",
    "every_days",
    "reason",
    "last_held",
    "next_date",
    "in_days",
    "overdue_days",
    "planned",
    "moved_from",
    "moved_because",
    "funnel_review_due",
    "funnel_review",
    "minutes",
)


def next_meeting_dict(manager: Manager, nxt: NextMeeting, today: date) -> dict[str, Any]:
    """One manager's next 1:1 as JSON-ready data (``schedule next --format json``)."""
    return {
        "manager": manager.id,
        "manager_name": manager.name,
        "next_date": nxt.date.isoformat(),
        "every_days": nxt.every_days,
        "reason": nxt.reason,
        "overdue_days": nxt.overdue_days,
        "funnel_review_due": nxt.funnel_review_due.isoformat(),
        "level": nxt.cadence.level,
        "last_held": nxt.last_held.isoformat() if nxt.last_held else None,
        "in_days": nxt.days_until(today),
        "planned": nxt.planned,
        "moved_from": nxt.moved_from.isoformat() if nxt.moved_from else None,
        "moved_because": nxt.moved_because,
        "funnel_review": nxt.funnel_review,
        "minutes": nxt.minutes,
    }


def schedule_rows(
    items: Sequence[tuple[Manager, NextMeeting]], today: date
) -> list[dict[str, Any]]:
    """All managers' next 1:1s, soonest first (ties by manager ID)."""
    ordered = sorted(items, key=lambda item: (item[1].date, -item[1].overdue_days, item[0].id))
    return [next_meeting_dict(m, nxt, today) for m, nxt in ordered]


def schedule_csv(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV with a header line; empty cells for missing values, ``true``/``false``
    as in the JSON (not Python's True/False); no cell a spreadsheet would run
    (``textsafe.csv_text``)."""
    return csv_text(CSV_COLUMNS, ([csv_cell(row[k]) for k in CSV_COLUMNS] for row in rows))


def csv_cell(value: Any) -> Any:
    """A CSV cell as JSON spells it: ``true``/``false``, empty for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def when(row: dict[str, Any]) -> str:
    """ "today", "in 3 days", or "overdue 5 days" (then the meeting is due now)."""
    if row["overdue_days"]:
        return _("overdue {days}").format(days=plural(row["overdue_days"], "day"))
    days = row["in_days"]
    if days == 0:
        return _("today")
    return _("in {days}").format(days=plural(days, "day"))


def _day(iso: str | None) -> str:
    """``Mon 2026-11-30``, or ``never``."""
    return _("never") if iso is None else weekday_iso(date.fromisoformat(iso))


def _short(iso: str | None, year: int) -> str:
    """``Mon 30 Nov`` (the year only when it is not ``year``): fits a narrow terminal."""
    return _("never") if iso is None else short_weekday(date.fromisoformat(iso), year)


HEADINGS = (N_("every"), N_("last held"), N_("next 1:1"), N_("when"), N_("funnel review"))


def _figures(cells: Sequence[str], widths: Sequence[int]) -> str:
    """One row's figures in their columns, the interval right-aligned, no trailing space."""
    parts = [pad(c, w, right=(i == 0)) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
    return GAP.join(parts).rstrip()


def _row_cells(row: dict[str, Any], year: int) -> list[str]:
    """The figures of one manager's row, in the order of ``HEADINGS``."""
    review = _("this 1:1") if row["funnel_review"] else _short(row["funnel_review_due"], year)
    return [
        _("{days} d").format(days=row["every_days"]),
        _short(row["last_held"], year),
        _short(row["next_date"], year),
        when(row),
        review,
    ]


def schedule_lines(rows: list[dict[str, Any]], width: int) -> list[Line]:
    """The lines of ``salescoach schedule`` for a terminal ``width`` wide, each with its style:
    one row per manager when the names fit beside the figures, else each name on its own line
    above its figures (a name is never cut); then why each interval is what it is."""
    lines: list[Line] = [(_("1:1 schedule"), "bold"), ("", None)]
    if not rows:
        return [*lines, (_("no managers yet: add one under managers/"), None)]
    year = date.fromisoformat(rows[0]["next_date"]).year
    cells = [_row_cells(row, year) for row in rows]
    from rich.cells import cell_len

    headings = [_(h) for h in HEADINGS]
    widths = [max(cell_len(h), *(cell_len(c[i]) for c in cells)) for i, h in enumerate(headings)]
    figures = sum(widths) + len(GAP) * (len(widths) - 1)
    manager = ngettext("manager", "managers", 1)  # the heading: the pair the catalog has
    names = [one_line(row["manager_name"]) for row in rows]  # a name never adds a row
    at = label_width([manager, *names], figures, width)
    lead = len(GAP) if at is None else at + len(GAP)
    lines += labelled(manager, _figures(headings, widths), "bold", at)
    lines.append(("─" * (lead + figures), None))
    for row, name, row_cells in zip(rows, names, cells, strict=True):
        style = "red" if row["overdue_days"] else None
        lines += labelled(name, _figures(row_cells, widths), style, at)
        if row["moved_from"]:  # under the next 1:1's date
            indent = " " * (lead + widths[0] + widths[1] + 2 * len(GAP))
            moved = _("(moved from {day})").format(day=_short(row["moved_from"], year))
            lines.append((indent + moved, style))
    lines.append(("", None))
    for row, name in zip(rows, names, strict=True):
        reason = _("{name}: {reason}").format(name=name, reason=row["reason"])
        lines += [(line, None) for line in wrap_hanging(reason, width, keep=[name])]
    return lines


def schedule_table(rows: list[dict[str, Any]], width: int = 80) -> RenderableType:
    """The terminal view of ``salescoach schedule`` (overdue meetings in red): exact lines,
    nothing padded, so piped output has no trailing spaces."""
    return styled(schedule_lines(rows, width))


def next_meeting_text(row: dict[str, Any], width: int = 80) -> str:
    """``schedule next`` in words, a few lines, each wrapped to ``width`` with its indent kept."""
    name = one_line(row["manager_name"])
    next_day = _("{name} ({manager}): next 1:1 on {day}, {when}")
    lines = [
        next_day.format(
            name=name, manager=row["manager"], day=_day(row["next_date"]), when=when(row)
        ),
        "  " + row["reason"],
    ]
    if row["moved_from"]:
        because = row["moved_because"] or _("no reason given")
        moved = _("moved from {day}: {because}").format(day=row["moved_from"], because=because)
        lines.append("  " + moved)
    lines.append("  " + _("last held: {day}").format(day=_day(row["last_held"])))
    review = _("this 1:1") if row["funnel_review"] else _("not this 1:1")
    due = _("funnel review due {day} ({review}); {minutes}")
    lines.append(
        "  "
        + due.format(
            day=row["funnel_review_due"], review=review, minutes=plural(row["minutes"], "minute")
        )
    )
    wrapped: list[str] = []
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        keep = [name, _day(row["next_date"]), _day(row["last_held"])]
        wrapped += wrap_hanging(line.lstrip(" "), width, indent, keep=keep)
    return "\n".join(wrapped)
