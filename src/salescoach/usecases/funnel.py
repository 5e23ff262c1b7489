"""Reviewing the funnel: load the data of a review (the latest CRM import as of a date, else
the latest funnel snapshots), the managers asked for and their last funnel review, and return
one ``funnel.TeamReview`` per team. The agenda's funnel section loads its data here too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from salescoach import crm, store
from salescoach.diagnostics import errors_in
from salescoach.errors import InvalidRepo, NotFound, SalescoachError, closest
from salescoach.funnel import Source, TeamReview, team_summary
from salescoach.imports import import_files, load_import
from salescoach.models import Settings

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
