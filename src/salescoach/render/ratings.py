"""The ratings table of ``rate show``: reps × recent 1:1s, as a rich table, Markdown, CSV, JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salescoach.formats import decimal, md, month_day, number
from salescoach.i18n import _, ngettext
from salescoach.ratings import RatingsTable, RepHistory
from salescoach.render.lines import GAP, Line, label_width, labelled, styled, wrap_hanging
from salescoach.textsafe import csv_text as csv_table
from salescoach.textsafe import one_line

if TYPE_CHECKING:
    from rich.console import RenderableType


CSV_COLUMNS = (
    *("manager", "rep", "rep_name", "date", "score", "note", "team_average"),
    *("status", "left", "moved_to"),
)


def _num(value: float | None) -> str:
    """An average with one decimal; empty when there is none."""
    return decimal(value, none="")


def average(value: float | None) -> float | None:
    """A score average as data: one decimal, as every view shows it (``rate show``, the
    agenda, their JSON)."""
    return None if value is None else round(value, 1)


def title(table: RatingsTable) -> str:
    """``Anna Kovács (anna-kovacs): ratings at the last 6 rated 1:1s``."""
    n = len(table.dates)
    text = ngettext(
        "{name} ({manager}): ratings at the last rated 1:1",
        "{name} ({manager}): ratings at the last {count} rated 1:1s",
        n,
    )
    return text.format(name=one_line(table.manager.name), manager=table.manager.id, count=number(n))


def rich_table(table: RatingsTable, width: int = 80) -> RenderableType:
    """The terminal view: the title, the table, then one line per flag (flagged reps are
    marked with '!'), the reps no longer in the team, and each rep's latest note."""
    return styled(table_lines(table, width))


def table_lines(table: RatingsTable, width: int) -> list[Line]:
    """The lines of ``rate show`` for a terminal ``width`` wide, each with its style: one row
    per rep when the names fit beside the scores, else each name on its own line above its
    scores (a name is never cut); the notes under the table, wrapped with their indent."""
    heads = [*(month_day(d) for d in table.dates), _("Avg"), _("Trend")]
    rows = [(_rep_label(rep), _rep_cells(table, rep), _rep_style(rep)) for rep in table.reps]
    team = [*(_num(table.team[d]) for d in table.dates), "", ""]
    widths = [max(len(h), *(len(cells[i]) for _, cells, _ in rows)) for i, h in enumerate(heads)]
    figures = sum(widths) + len(GAP) * (len(widths) - 1)
    rep_head, team_head = _("Rep"), _("Team average")
    at = label_width([rep_head, team_head, *(label for label, _, _ in rows)], figures, width)
    rule = ("─" * ((len(GAP) if at is None else at + len(GAP)) + figures), None)
    lines: list[Line] = [(line, "bold") for line in wrap_hanging(title(table), width)]
    lines += [("", None), *labelled(rep_head, _cells(heads, widths), "bold", at), rule]
    for label, cells, style in rows:
        lines += labelled(label, _cells(cells, widths), style, at)
    lines += [rule, *labelled(team_head, _cells(team, widths), "bold", at)]
    return lines + _notes(table, width)


def _rep_label(rep: RepHistory) -> str:
    """The rep's name, with '!' when flagged and ``(left)`` / ``(moved)`` for a rep no longer
    in the team (the notes under the table say when, and where to)."""
    status = {"left": _("left"), "moved": _("moved")}.get(rep.status)
    mark = f" ({status})" if status else ""
    return one_line(rep.name) + mark + (" !" if rep.flags else "")


def _rep_cells(table: RatingsTable, rep: RepHistory) -> list[str]:
    """A rep's scores at each date, the average and the trend."""
    scores = [number(rep.scores[d]) for d in table.dates]
    return [*scores, _num(rep.average), f"{rep.arrow} {rep.sparkline}".strip()]


def _rep_style(rep: RepHistory) -> str | None:
    """Flagged reps red, reps no longer in the team dim."""
    return "red" if rep.flags else ("dim" if rep.mark else None)


def _cells(cells: list[str], widths: list[int]) -> str:
    """Scores centred under their dates, the average right-aligned, the trend left."""
    last = len(cells) - 1
    parts = [
        c.ljust(w) if i == last else (c.rjust(w) if i == last - 1 else c.center(w))
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    ]
    return GAP.join(parts).rstrip()


def _notes(table: RatingsTable, width: int) -> list[Line]:
    """Under the table: the flags, the reps who left or moved, then each rep's latest note."""
    marks: list[Line] = []
    for rep in table.reps:
        for flag in rep.flags:
            marks += [
                (t, "red") for t in wrap_hanging(f"! {rep.name}: {flag}", width, keep=[rep.name])
            ]
    marks += [(f"{rep.name}: {rep.mark}", "dim") for rep in table.reps if rep.mark]
    notes: list[Line] = []
    for rep in table.reps:
        if rep.notes:
            day = max(rep.notes)
            note = _("{rep} ({day}): {note}").format(
                rep=rep.name, day=month_day(day), note=rep.notes[day]
            )
            notes += [(t, None) for t in wrap_hanging(note, width, indent=2, keep=[rep.name])]
    blocks = [marks, [(_("Latest notes"), "bold"), *notes] if notes else []]
    return [line for block in blocks if block for line in [("", None), *block]]


def markdown(tables: list[RatingsTable]) -> str:
    """A Markdown section per manager with a pipe table."""
    parts: list[str] = []
    for table in tables:
        head = [_("Rep"), *[d.isoformat() for d in table.dates], _("Trend"), _("Average")]
        head.append(_("Flags"))
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
        team = [_num(table.team[d]) for d in table.dates]
        rows.append(["**" + _("Team average") + "**", *team, "", "", ""])
        lines = [f"## {md(title(table))}", ""]
        if not table.dates:
            lines.append(_("No ratings yet."))
        else:
            lines.append("| " + " | ".join(head) + " |")
            lines.append(
                "|" + "|".join(["---", *(":---:" for _ in table.dates)]) + "|:---:|---:|---|"
            )
            lines += ["| " + " | ".join(row) + " |" for row in rows]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def csv_text(tables: list[RatingsTable]) -> str:
    """One row per rep and meeting: manager, rep, rep_name, date, score, note, team_average, and
    the rep's status (active, left, moved) with the day they left and the team they moved to;
    no cell a spreadsheet would run (``textsafe.csv_text``)."""
    rows = (
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
        for table in tables
        for rep in table.reps
        for day in table.dates
    )
    return csv_table(CSV_COLUMNS, rows)


def as_json(tables: list[RatingsTable]) -> dict[str, Any]:
    """The data of every table, ready for ``json.dumps``."""
    return {
        "managers": [
            {
                "manager": t.manager.id,
                "manager_name": t.manager.name,
                "meetings": [d.isoformat() for d in t.dates],
                "team_average": {d.isoformat(): average(v) for d, v in t.team.items()},
                "reps": [
                    {
                        "rep": r.rep,
                        "rep_name": r.name,
                        "scores": {d.isoformat(): s for d, s in r.scores.items()},
                        "notes": {d.isoformat(): n for d, n in r.notes.items()},
                        "trend": r.trend,
                        "sparkline": r.sparkline,
                        "average": average(r.average),
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
