"""CRM activities imports on disk (``funnel/activities/<as-of>-<source>.csv``): storing a
parsed activities export (all or nothing; the same export imported twice leaves the file
byte-identical) and reading the stored files back, with a diagnostic per bad line.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from salescoach import crm, store
from salescoach.crm.activities import ParsedActivities
from salescoach.crm.cells import large_cells
from salescoach.crm.stored import read_metadata
from salescoach.diagnostics import Diagnostic
from salescoach.errors import refuse_errors
from salescoach.i18n import _
from salescoach.imports import MAX_IMPORT_BYTES, store_csv
from salescoach.models import ACTIVITY_KINDS, Activity

ACTIVITY_COLUMNS = ("id", "rep", "owner", "kind", "date", "done", "subject", "deal")
BANNER = (
    "# salescoach activities import: re-run `salescoach funnel import --activities` "
    "instead of editing\n"
)
DONE_TEXT = {True: "yes", False: "no"}
_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)\.csv$")


def activities_dir(layout: store.Layout) -> Path:
    """The folder of the stored activities imports."""
    return layout.funnel_dir / "activities"


def activity_files(layout: store.Layout) -> list[tuple[date, Path]]:
    """The stored activities imports, oldest first, by the date in their name (none read)."""
    try:
        entries = list(os.scandir(activities_dir(layout)))
    except (FileNotFoundError, NotADirectoryError):
        return []
    out: list[tuple[date, Path]] = []
    for entry in entries:
        m = _FILE.match(entry.name)
        if m:
            try:
                out.append((date.fromisoformat(m.group(1)), Path(entry.path)))
            except ValueError:
                continue
    return sorted(out)


def activities_path(layout: store.Layout, as_of: date, source_name: str) -> Path:
    """Where the activities import of ``source_name`` as of ``as_of`` is stored."""
    stem = Path(source_name).stem
    return activities_dir(layout) / f"{as_of.isoformat()}-{crm.slugify(stem)}.csv"


# ---------------------------------------------------------------- writing


def activities_csv(parsed: ParsedActivities) -> bytes:
    """The stored import: '#' metadata lines, then the fixed columns, one row per activity."""
    out = io.StringIO()
    out.write(BANNER)
    meta = {
        "source": parsed.source,
        "sha256": parsed.sha256,
        "profile": parsed.profile,
        "columns": ", ".join(f"{f}={'|'.join(c)}" for f, c in parsed.columns.items()),
        "date_format": parsed.date_format,
        "as_of": parsed.as_of.isoformat(),
        "rows": str(len(parsed.activities)),
        "unmatched_rows": str(parsed.unmatched_rows),
    }
    for key, value in meta.items():
        out.write(f"# {key}: {value.replace(chr(10), ' ')}\n")
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(ACTIVITY_COLUMNS)
    rows.writerows(
        (a.id, a.rep, a.owner, a.kind, a.day.isoformat(), DONE_TEXT[a.done], a.subject, a.deal)
        for a in parsed.activities
    )
    return out.getvalue().encode("utf-8")


def store_activities(layout: store.Layout, parsed: ParsedActivities) -> tuple[Path, str]:
    """Write a parsed export under ``funnel/activities/``; its path and what happened:
    'created', 'unchanged' (the same bytes were there already) or 'replaced'."""
    target = activities_path(layout, parsed.as_of, parsed.source)
    return target, store_csv(layout, target, activities_csv(parsed))


# ---------------------------------------------------------------- reading


def read_activities(text: str, rel: str) -> tuple[list[Activity], date | None, list[Diagnostic]]:
    """A stored activities import's activities and as-of date; every problem a diagnostic
    naming ``rel`` and the line."""
    lines = text.splitlines(keepends=True)
    meta, start = read_metadata(lines)
    try:
        as_of: date | None = date.fromisoformat(meta.get("as_of", ""))
    except ValueError:
        as_of = None
    reader = csv.reader(lines[start:])
    header = next(reader, None)
    if header is None or tuple(header) != ACTIVITY_COLUMNS:
        message = _("expected the columns {columns}; re-import the export").format(
            columns=",".join(ACTIVITY_COLUMNS)
        )
        return [], as_of, [Diagnostic(rel, start + 1, 1, "bad-import", message)]
    activities: list[Activity] = []
    problems: list[Diagnostic] = []
    for offset, row in enumerate(reader):
        line = start + 2 + offset
        activity, problem = _stored_row(row)
        if activity is not None:
            activities.append(activity)
        else:
            problems.append(Diagnostic(rel, line, 1, "bad-import", problem))
    return activities, as_of, problems


def _stored_row(row: Sequence[str]) -> tuple[Activity | None, str]:
    """One stored row's activity, or what is wrong with it."""
    if len(row) != len(ACTIVITY_COLUMNS):
        return None, _("wrong number of fields")
    activity_id, rep, owner, kind, day_text, done_text, subject, deal = row
    if kind not in ACTIVITY_KINDS:
        return None, _("kind '{kind}' is not one of {kinds}").format(
            kind=kind, kinds=", ".join(ACTIVITY_KINDS)
        )
    if done_text not in ("yes", "no"):
        return None, _("done '{done}' is not yes or no").format(done=done_text)
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return None, _("date '{day}' is not a date (YYYY-MM-DD)").format(day=day_text)
    return Activity(activity_id, rep, owner, kind, day, done_text == "yes", subject, deal), ""


def load_activities(layout: store.Layout, path: Path) -> tuple[list[Activity], date | None]:
    """A stored activities import's activities and as-of date, or ``InvalidRepo`` naming its
    bad lines."""
    activities, as_of, problems = _load(layout, path)
    refuse_errors(problems)
    return activities, as_of


def _load(layout: store.Layout, path: Path) -> tuple[list[Activity], date | None, list[Diagnostic]]:
    rel = layout.rel(path)
    problems = store.folder_problems(layout, path.parent)
    if problems:
        return [], None, problems
    data, problems = store.read_bytes(layout, path, limit=MAX_IMPORT_BYTES)
    if data is None:
        return [], None, problems
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [], None, [crm.problem(rel, 0, "not-utf8", _("is not UTF-8"))]
    with crm.paused_gc(), large_cells():
        return read_activities(text, rel)


def load_latest(
    layout: store.Layout, *, on_or_before: date | None
) -> tuple[str, date, list[Activity]] | None:
    """The latest stored activities import dated on or before ``on_or_before`` (None: any):
    its path in the repository, its as-of date and its activities; None without one.

    Every file of that date counts (HubSpot exports calls and meetings apart): their
    activities together, their paths joined by ', '."""
    files = [
        (day, p) for day, p in activity_files(layout) if not on_or_before or day <= on_or_before
    ]
    if not files:
        return None
    latest = files[-1][0]
    paths = [p for day, p in files if day == latest]
    activities: list[Activity] = []
    for path in paths:
        activities += load_activities(layout, path)[0]
    return ", ".join(layout.rel(p) for p in paths), latest, activities


def check_activities(layout: store.Layout) -> list[Diagnostic]:
    """Every problem of the stored activities imports (for ``salescoach check``)."""
    problems: list[Diagnostic] = []
    for _day, path in activity_files(layout):
        problems += _load(layout, path)[2]
    return problems
