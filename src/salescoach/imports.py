"""CRM imports on disk (``funnel/imports/<as-of>-<source>.csv``) and the data of a funnel review.

``import_export`` reads a CRM export, maps it with the repository's settings and reps
(``crm``), and stores the normalised deals with ``writer`` (all or nothing; the same export
imported twice leaves the file byte-identical). ``review_teams`` loads what ``funnel review``
needs: the latest import as of a date (else the latest funnel snapshots), the managers asked
for, and their last funnel review, and returns one ``funnel.TeamReview`` per team.
``latest_sources`` (import first, else snapshots) and ``latest_import_sources`` (imports only,
used by the agenda's funnel section) load the data of a review.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from salescoach import crm, store, writer
from salescoach.diagnostics import Diagnostic, errors_in
from salescoach.errors import InvalidRepo, NotFound, SalescoachError, closest
from salescoach.funnel import Source, TeamReview, team_summary
from salescoach.models import Settings

_IMPORT_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)\.csv$")
MAX_IMPORT_BYTES = 512 * 1024 * 1024


# ---------------------------------------------------------------- the files


def import_files(layout: store.Layout) -> list[tuple[date, Path]]:
    """The stored imports, oldest first, by the date in their file name (nothing is read)."""
    out: list[tuple[date, Path]] = []
    try:
        entries = list(os.scandir(layout.imports_dir))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        m = _IMPORT_FILE.match(entry.name)
        if not m:
            continue
        try:
            out.append((date.fromisoformat(m.group(1)), Path(entry.path)))
        except ValueError:
            continue
    return sorted(out)


def import_path(layout: store.Layout, as_of: date, source_name: str) -> Path:
    stem = Path(source_name).stem
    return layout.imports_dir / f"{as_of.isoformat()}-{crm.slugify(stem)}.csv"


def _read_file(layout: store.Layout, path: Path, limit: int) -> bytes:
    rel = layout.rel(path)
    if path.is_symlink():
        raise InvalidRepo([Diagnostic(rel, 0, 0, "symlink", "is a symbolic link")])
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InvalidRepo(
            [Diagnostic(rel, 0, 0, "unreadable", f"cannot be read: {exc.strerror}")]
        ) from None
    if len(data) > limit:
        raise InvalidRepo([Diagnostic(rel, 0, 0, "too-large", f"is larger than {limit:,} bytes")])
    return data


def load_import(layout: store.Layout, path: Path, settings: Settings) -> crm.StoredImport:
    """A stored import, or ``InvalidRepo`` naming its bad lines."""
    rel = layout.rel(path)
    data = _read_file(layout, path, MAX_IMPORT_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRepo([Diagnostic(rel, 0, 0, "not-utf8", "is not UTF-8")]) from None
    with crm.paused_gc():
        stored, problems = crm.read_normalised(text, rel, settings.funnel.stages)
    if stored is None or errors_in(problems):
        raise InvalidRepo(problems)
    return stored


# ---------------------------------------------------------------- importing


@dataclass
class ImportResult:
    """What an import did, for the report."""

    parsed: crm.ParsedExport
    path: Path
    status: str
    """'created', 'unchanged' (the same bytes were there already) or 'replaced'."""
    reps_without_deals: list[tuple[str, str, str]] = field(default_factory=list)
    """(manager ID, rep ID, rep name) of every rep with no deal in the export."""


def import_export(
    layout: store.Layout,
    export: Path,
    *,
    as_of: date | None = None,
    profile: str | None = None,
    maps: dict[str, str] | None = None,
    date_format: str | None = None,
) -> ImportResult:
    """Import one CRM export into ``funnel/imports/`` (see the module docstring)."""
    settings = store.require_settings(layout)
    managers = store.require_managers(layout)
    try:
        with open(export, "rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise crm.BadExport(f"{export}: no such file") from None
    except IsADirectoryError:
        raise crm.BadExport(f"{export}: is a folder, not a CSV file") from None
    except OSError as exc:
        raise crm.BadExport(f"{export}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise crm.BadExport(f"{export}: larger than {MAX_IMPORT_BYTES:,} bytes")
    owners = crm.owner_index(
        (rep.id, rep.name, rep.crm_names) for manager in managers for rep in manager.reps
    )
    parsed = crm.parse_export(
        data,
        export.name,
        stages=settings.funnel.stages,
        stage_map=settings.funnel.stage_map,
        owners=owners,
        profile=profile,
        maps=maps,
        date_format=date_format,
        as_of=as_of,
    )
    target = import_path(layout, parsed.as_of, export.name)
    content = crm.normalised_csv(parsed)
    existed = target.exists()
    written = writer.write_new_or_same(target, content)
    status = "replaced" if written and existed else "created" if written else "unchanged"
    without = [
        (manager.id, rep.id, rep.name)
        for manager in managers
        for rep in manager.reps
        if rep.id not in parsed.reps_with_deals
    ]
    return ImportResult(parsed, target, status, without)


# ---------------------------------------------------------------- reviewing


@dataclass
class ReviewData:
    """Every team's review and where the numbers came from."""

    teams: list[TeamReview]
    source: str
    kind: str
    as_of: date
    since: date | None
    previous: str | None
    unmatched: Counter[str]


def latest_import_sources(
    layout: store.Layout,
    settings: Settings,
    *,
    on_or_before: date | None = None,
    as_of: date | None = None,
    since: date | None = None,
) -> tuple[Source, Source | None, Counter[str]] | None:
    """The latest import dated on or before ``on_or_before`` (default: ``as_of``; none: any)
    and the one before it (for the arrows), with the owners of deals that are no rep; None
    when there is no such import. Each is reviewed as of ``as_of``, or of its own date."""
    limit = on_or_before or as_of
    imports = [(d, p) for d, p in import_files(layout) if limit is None or d <= limit]
    if not imports:
        return None
    fs = settings.funnel
    day, path = imports[-1]
    stored = load_import(layout, path, settings)
    review_as_of = as_of or stored.as_of or day
    unmatched = Counter(d.owner or crm.NO_OWNER for d in stored.deals if not d.rep)
    with crm.paused_gc():
        current = Source.from_deals(
            stored.deals, fs, as_of=review_as_of, since=since, label=layout.rel(path)
        )
    previous = None
    if len(imports) > 1:
        prev_day, prev_path = imports[-2]
        prev = load_import(layout, prev_path, settings)
        prev_as_of = prev.as_of or prev_day
        prev_since = since - (review_as_of - prev_as_of) if since else None
        with crm.paused_gc():
            previous = Source.from_deals(
                prev.deals, fs, as_of=prev_as_of, since=prev_since, label=layout.rel(prev_path)
            )
    return current, previous, unmatched


def latest_sources(
    layout: store.Layout, settings: Settings, *, as_of: date | None, since: date | None
) -> tuple[Source, Source | None, Counter[str]]:
    """The data of a review as of ``as_of``: the latest import (and the one before it), else
    the two latest snapshots; ``NotFound`` when there is neither."""
    found = latest_import_sources(layout, settings, as_of=as_of, since=since)
    if found is not None:
        return found
    fs = settings.funnel
    snapshots, problems = store.latest_snapshots(layout, count=2, on_or_before=as_of)
    if errors_in(problems):
        raise InvalidRepo(errors_in(problems))
    if not snapshots:
        when = f" on or before {as_of.isoformat()}" if as_of else ""
        raise NotFound(
            f"no funnel data{when}: no import in funnel/imports/ and no snapshot funnel/DATE.yaml",
            hint="import a CRM export with `salescoach funnel import FILE`, "
            "or keep the counts by hand in funnel/DATE.yaml",
        )
    rel = f"funnel/{snapshots[-1].date.isoformat()}.yaml"
    current = Source.from_snapshot(snapshots[-1], fs, label=rel)
    previous = None
    if len(snapshots) > 1:
        prev_rel = f"funnel/{snapshots[-2].date.isoformat()}.yaml"
        previous = Source.from_snapshot(snapshots[-2], fs, label=prev_rel)
    return current, previous, Counter()


def last_funnel_review(
    layout: store.Layout, manager_id: str, *, today: date, before: date
) -> date | None:
    """The date of the manager's latest held 1:1 with ``funnel_review: true``, up to ``before``."""
    meetings, problems = store.load_recent_meetings(layout, manager_id, today=today, days=180)
    if errors_in(problems):
        raise InvalidRepo(errors_in(problems))
    from salescoach.cadence import last_funnel_review as last_review_in

    return last_review_in([m for m in meetings if m.date <= before])


def review_teams(
    layout: store.Layout,
    *,
    today: date,
    manager_id: str | None = None,
    rep_id: str | None = None,
    as_of: date | None = None,
    since: date | None = None,
) -> ReviewData:
    """The funnel review of one team (``manager_id``) or of every team."""
    settings = store.require_settings(layout)
    if manager_id is not None:
        managers = [store.require_manager(layout, store.require_id(manager_id, "manager"))]
    else:
        managers = store.require_managers(layout)
        if not managers:
            raise NotFound("there are no managers yet (no files in managers/)")
    if rep_id is not None:
        store.require_id(rep_id, "rep")
        known = [r.id for m in managers for r in m.reps]
        managers = [m for m in managers if m.rep(rep_id) is not None]
        if not managers:
            raise NotFound(
                f"no rep '{rep_id}'" + (f" in the team of {manager_id}" if manager_id else ""),
                hint=closest(rep_id, known, what="rep"),
            )
    current, previous, unmatched = latest_sources(layout, settings, as_of=as_of, since=since)
    if since is not None and since > current.as_of:
        raise SalescoachError(
            f"--since {since.isoformat()} is after the review date {current.as_of.isoformat()}"
        )
    teams = []
    for manager in managers:
        last = last_funnel_review(layout, manager.id, today=today, before=today)
        review = team_summary(settings, manager, current, last_review=last, previous=previous)
        if rep_id is not None:
            review.reps = [r for r in review.reps if r.rep == rep_id]
        teams.append(review)
    return ReviewData(
        teams=teams,
        source=current.label,
        kind=current.kind,
        as_of=current.as_of,
        since=since,
        previous=previous.label if previous else None,
        unmatched=unmatched,
    )
