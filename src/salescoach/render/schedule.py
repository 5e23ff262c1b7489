"""The schedule of 1:1s as a rich table, JSON-ready rows and CSV text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from salescoach.cadence import NextMeeting
from salescoach.formats import plural, short_weekday, weekday_iso
from salescoach.models import Manager

if TYPE_CHECKING:
    from rich.console import RenderableType

CSV_COLUMNS = (
    "manager",
    "name",
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
        "name": manager.name,
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
    """The rows as CSV with a header line; empty cells for missing values."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row[k] is None else row[k] for k in CSV_COLUMNS})
    return out.getvalue()


def when(row: dict[str, Any]) -> str:
    """ "today", "in 3 days", or "overdue 5 days" (then the meeting is due now)."""
    if row["overdue_days"]:
        return f"overdue {plural(row['overdue_days'], 'day')}"
    days = row["in_days"]
    if days == 0:
        return "today"
    return f"in {plural(days, 'day')}"


def _day(iso: str | None) -> str:
    """``Mon 2026-11-30``, or ``never``."""
    return "never" if iso is None else weekday_iso(date.fromisoformat(iso))


def _short(iso: str | None, year: int) -> str:
    """``Mon 30 Nov`` (the year only when it is not ``year``): fits a narrow terminal."""
    return "never" if iso is None else short_weekday(date.fromisoformat(iso), year)


def schedule_table(rows: list[dict[str, Any]]) -> RenderableType:
    """The rich table of ``salescoach schedule`` (overdue meetings in red), then the reason
    for each manager's interval (which names the level), one line each, so the table fits
    a narrow terminal."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        title="1:1 schedule",
        title_justify="left",
    )
    table.add_column("manager", no_wrap=True)
    table.add_column("every", justify="right", no_wrap=True)
    table.add_column("last held", no_wrap=True)
    table.add_column("next 1:1", no_wrap=True)
    table.add_column("when", no_wrap=True)
    table.add_column("funnel\nreview", no_wrap=True)
    reasons = Text("\n")
    year = date.fromisoformat(rows[0]["next_date"]).year if rows else 0
    for row in rows:
        next_text = _short(row["next_date"], year)
        if row["moved_from"]:
            next_text += f"\n(moved from {_short(row['moved_from'], year)})"
        review = "this 1:1" if row["funnel_review"] else _short(row["funnel_review_due"], year)
        table.add_row(
            row["name"],
            f"{row['every_days']} d",
            _short(row["last_held"], year),
            next_text,
            when(row),
            review,
            style="red" if row["overdue_days"] else None,
        )
        reasons.append(f"{row['name']}: {row['reason']}\n")
    if not rows:
        table.caption = "no managers yet: add one under managers/"
        return table
    return Group(table, reasons)


def next_meeting_text(row: dict[str, Any]) -> str:
    """``schedule next`` in words, a few lines."""
    lines = [
        f"{row['name']} ({row['manager']}): next 1:1 on {_day(row['next_date'])}, {when(row)}",
        f"  {row['reason']}",
    ]
    if row["moved_from"]:
        lines.append(
            f"  moved from {row['moved_from']}: {row['moved_because'] or 'no reason given'}"
        )
    lines.append(f"  last held: {_day(row['last_held'])}")
    review = "this 1:1" if row["funnel_review"] else "not this 1:1"
    lines.append(
        f"  funnel review due {row['funnel_review_due']} ({review}); {row['minutes']} minutes"
    )
    return "\n".join(lines)
