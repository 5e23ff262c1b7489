"""The ratings table of ``rate show``: reps × recent 1:1s, as a rich table, Markdown, CSV, JSON."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from salescoach.formats import decimal, md, month_day, number
from salescoach.ratings import RatingsTable, RepHistory

if TYPE_CHECKING:
    from rich.console import RenderableType


CSV_COLUMNS = (
    *("manager", "rep", "name", "date", "score", "note", "team_average"),
    *("status", "left", "moved_to"),
)


def _num(value: float | None) -> str:
    """An average with one decimal; empty when there is none."""
    return decimal(value, none="")


def title(table: RatingsTable) -> str:
    """``Anna Kovács (anna-kovacs): ratings at the last 6 rated 1:1s``."""
    n = len(table.dates)
    what = f"the last {n} rated 1:1s" if n != 1 else "the last rated 1:1"
    return f"{table.manager.name} ({table.manager.id}): ratings at {what}"


def rich_table(table: RatingsTable) -> RenderableType:
    """The terminal table, then one line per flag (flagged reps are marked with '!')."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    out = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    out.add_column("Rep", no_wrap=True)
    for day in table.dates:
        out.add_column(month_day(day), justify="center", no_wrap=True)
    out.add_column("Avg", justify="right", no_wrap=True)
    out.add_column("Trend", no_wrap=True)
    for rep in table.reps:
        out.add_row(
            _rep_label(rep),
            *[number(rep.scores[d]) for d in table.dates],
            _num(rep.average),
            f"{rep.arrow} {rep.sparkline}".strip(),
            style="red" if rep.flags else None,
        )
    out.add_section()
    out.add_row("Team average", *[_num(table.team[d]) for d in table.dates], "", "", style="bold")
    notes = [Text(f"! {rep.name}: {flag}", style="red") for rep in table.reps for flag in rep.flags]
    gone = [Text(f"{rep.name}: {rep.mark}", style="dim") for rep in table.reps if rep.mark]
    return Group(Text(title(table), style="bold"), out, *notes, *gone, Text(""))


def _rep_label(rep: RepHistory) -> str:
    """The rep's name, with '!' when flagged and ``(left)`` / ``(moved)`` for a rep no longer
    in the team (the table's notes say when, and where to)."""
    mark = f" ({rep.status})" if rep.status != "active" else ""
    return rep.name + mark + (" !" if rep.flags else "")


def markdown(tables: list[RatingsTable]) -> str:
    """A Markdown section per manager with a pipe table."""
    parts: list[str] = []
    for table in tables:
        head = ["Rep", *[d.isoformat() for d in table.dates], "Trend", "Average", "Flags"]
        rows = [
            [
                md(rep.name + (f" ({rep.mark})" if rep.mark else "")),
                *[number(rep.scores[d]) for d in table.dates],
                f"{rep.arrow} {rep.sparkline}".strip(),
                _num(rep.average),
                md("; ".join(rep.flags)),
            ]
            for rep in table.reps
        ]
        rows.append(["**Team average**", *[_num(table.team[d]) for d in table.dates], "", "", ""])
        lines = [f"## {md(title(table))}", ""]
        if not table.dates:
            lines.append("No ratings yet.")
        else:
            lines.append("| " + " | ".join(head) + " |")
            lines.append(
                "|" + "|".join(["---", *(":---:" for _ in table.dates)]) + "|:---:|---:|---|"
            )
            lines += ["| " + " | ".join(row) + " |" for row in rows]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def csv_text(tables: list[RatingsTable]) -> str:
    """One row per rep and meeting: manager, rep, name, date, score, note, team_average, and
    the rep's status (active, left, moved) with the day they left and the team they moved to."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for table in tables:
        for rep in table.reps:
            for day in table.dates:
                out.writerow(
                    [
                        table.manager.id,
                        rep.rep,
                        rep.name,
                        day.isoformat(),
                        number(rep.scores[day]) if rep.scores[day] is not None else "",
                        rep.notes.get(day, ""),
                        _num(table.team[day]),
                        rep.status,
                        rep.left.isoformat() if rep.left else "",
                        rep.moved_to or "",
                    ]
                )
    return buffer.getvalue()


def as_json(tables: list[RatingsTable]) -> dict[str, Any]:
    """The data of every table, ready for ``json.dumps``."""
    return {
        "managers": [
            {
                "manager": t.manager.id,
                "name": t.manager.name,
                "meetings": [d.isoformat() for d in t.dates],
                "team_average": {
                    d.isoformat(): (round(v, 2) if v is not None else None)
                    for d, v in t.team.items()
                },
                "reps": [
                    {
                        "rep": r.rep,
                        "name": r.name,
                        "scores": {d.isoformat(): s for d, s in r.scores.items()},
                        "notes": {d.isoformat(): n for d, n in r.notes.items()},
                        "trend": r.trend,
                        "sparkline": r.sparkline,
                        "average": round(r.average, 2) if r.average is not None else None,
                        "flags": r.flags,
                        "status": r.status,
                        "left": r.left.isoformat() if r.left else None,
                        "moved_to": r.moved_to,
                    }
                    for r in t.reps
                ],
            }
            for t in tables
        ]
    }
