"""The ratings table of ``rate show``: reps × recent 1:1s, as a rich table, Markdown, CSV, JSON."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from salescoach.ratings import RepHistory

if TYPE_CHECKING:
    from rich.console import RenderableType

    from salescoach.models import Manager


@dataclass(frozen=True)
class RatingsTable:
    """One manager's table: the meetings shown (oldest first), each rep's history, and
    the team average at each meeting."""

    manager: Manager
    dates: list[date]
    reps: list[RepHistory]
    team: dict[date, float | None]


def _num(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else ""


def _score(value: int | None) -> str:
    return str(value) if value is not None else "–"


def _day(value: date) -> str:
    return value.strftime("%m-%d")


def title(table: RatingsTable) -> str:
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
        out.add_column(_day(day), justify="center", no_wrap=True)
    out.add_column("Avg", justify="right", no_wrap=True)
    out.add_column("Trend", no_wrap=True)
    for rep in table.reps:
        out.add_row(
            rep.name + (" !" if rep.flags else ""),
            *[_score(rep.scores[d]) for d in table.dates],
            _num(rep.average),
            f"{rep.arrow} {rep.sparkline}".strip(),
            style="red" if rep.flags else None,
        )
    out.add_section()
    out.add_row("Team average", *[_num(table.team[d]) for d in table.dates], "", "", style="bold")
    notes = [Text(f"! {rep.name}: {flag}", style="red") for rep in table.reps for flag in rep.flags]
    return Group(Text(title(table), style="bold"), out, *notes, Text(""))


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown(tables: list[RatingsTable]) -> str:
    """A Markdown section per manager with a pipe table."""
    parts: list[str] = []
    for table in tables:
        head = ["Rep", *[d.isoformat() for d in table.dates], "Trend", "Average", "Flags"]
        rows = [
            [
                rep.name,
                *[_score(rep.scores[d]) for d in table.dates],
                f"{rep.arrow} {rep.sparkline}".strip(),
                _num(rep.average),
                "; ".join(rep.flags),
            ]
            for rep in table.reps
        ]
        rows.append(["**Team average**", *[_num(table.team[d]) for d in table.dates], "", "", ""])
        lines = [f"## {_md_cell(title(table))}", ""]
        if not table.dates:
            lines.append("No ratings yet.")
        else:
            lines.append("| " + " | ".join(_md_cell(c) for c in head) + " |")
            lines.append(
                "|" + "|".join(["---", *(":---:" for _ in table.dates)]) + "|:---:|---:|---|"
            )
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def csv_text(tables: list[RatingsTable]) -> str:
    """One row per rep and meeting: manager, rep, name, date, score, note, team_average."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(["manager", "rep", "name", "date", "score", "note", "team_average"])
    for table in tables:
        for rep in table.reps:
            for day in table.dates:
                out.writerow(
                    [
                        table.manager.id,
                        rep.rep,
                        rep.name,
                        day.isoformat(),
                        _score(rep.scores[day]) if rep.scores[day] is not None else "",
                        rep.notes.get(day, ""),
                        _num(table.team[day]),
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
                    }
                    for r in t.reps
                ],
            }
            for t in tables
        ]
    }
