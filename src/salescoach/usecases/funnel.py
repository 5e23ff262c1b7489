"""Reviewing the funnel: load the data of a review (the latest CRM import as of a date, with
the calls of a recent snapshot, else the latest funnel snapshots), the managers asked for,
their 1:1s, and return one ``funnel.TeamReview`` per team. The agenda's funnel section is
``team_review_for_meeting``: the same review, for the 1:1 that holds it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from salescoach import cadence, crm, store
from salescoach.cadence import NextMeeting
from salescoach.errors import NotFound, SalescoachError, closest, refuse_errors
from salescoach.funnel import Source, TeamReview, calls_window_days, team_summary
from salescoach.imports import import_files, load_import
from salescoach.models import FunnelSnapshot, Manager, Meeting, Settings
from salescoach.workdays import WorkCalendar


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


@dataclass
class Sources:
    """The data of a review: the current source, the one before it (for the arrows), the
    owners of deals that are no rep, and the latest snapshots (an import's calls)."""

    current: Source
    previous: Source | None
    unmatched: Counter[str] = field(default_factory=Counter)
    snapshots: list[FunnelSnapshot] = field(default_factory=list)


# ---------------------------------------------------------------- loading the data


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
    ignored = crm.owner_index([], ignore=fs.ignore_owners)
    unmatched = Counter(
        d.owner or crm.NO_OWNER
        for d in stored.deals
        if not d.rep and not (d.owner and ignored.match(d.owner).ignored)
    )
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


def load_sources(
    layout: store.Layout,
    settings: Settings,
    *,
    on_or_before: date | None,
    as_of: date | None = None,
    since: date | None = None,
) -> Sources | None:
    """The data of a review up to ``on_or_before``: the latest import (and the one before
    it) with the two latest snapshots for its calls, else the two latest snapshots; None
    when there is neither."""
    snapshots, problems = store.latest_snapshots(layout, count=2, on_or_before=on_or_before)
    refuse_errors(problems)
    found = latest_import_sources(
        layout, settings, on_or_before=on_or_before, as_of=as_of, since=since
    )
    if found is not None:
        current, previous, unmatched = found
        return Sources(current, previous, unmatched, snapshots)
    if not snapshots:
        return None
    fs = settings.funnel
    latest, before = snapshots[-1], (snapshots[-2] if len(snapshots) > 1 else None)
    current = Source.from_snapshot(latest, fs, label=_snapshot_label(latest))
    previous = Source.from_snapshot(before, fs, label=_snapshot_label(before)) if before else None
    return Sources(current, previous)


def _snapshot_label(snapshot: FunnelSnapshot) -> str:
    return f"funnel/{snapshot.date.isoformat()}.yaml"


def _team_ids(manager: Manager, day: date) -> set[str]:
    """The IDs of the reps in ``manager``'s team on ``day``."""
    return {r.id for r in manager.reps_on(day)}


def calls_snapshots(
    snapshots: Sequence[FunnelSnapshot],
    manager: Manager,
    settings: Settings,
    as_of: date,
    team_on: date | None = None,
) -> tuple[FunnelSnapshot | None, FunnelSnapshot | None]:
    """The snapshot whose calls go with an import of ``as_of`` (and the one before it): the
    latest snapshot of the team (on ``team_on``, default ``as_of``), if it lies within the
    shortest review interval (``rules.calls_window_days``) of the import's date; else none."""
    rep_ids = _team_ids(manager, team_on or as_of)
    usable = [s for s in snapshots if rep_ids & set(s.reps)]
    if not usable or abs((usable[-1].date - as_of).days) > calls_window_days(settings.funnel):
        return None, None
    return usable[-1], usable[-2] if len(usable) >= 2 else None


def _calls(snapshot: FunnelSnapshot | None, team: set[str]) -> dict[str, int]:
    if snapshot is None:
        return {}
    return {
        rep_id: rf.calls
        for rep_id, rf in snapshot.reps.items()
        if rep_id in team and rf.calls is not None
    }


# ---------------------------------------------------------------- one team


def review_team(
    settings: Settings,
    manager: Manager,
    sources: Sources,
    meetings: list[Meeting],
    today: date,
    calendar: WorkCalendar | None = None,
    next_1on1: NextMeeting | None = None,
    team_on: date | None = None,
) -> TeamReview:
    """One team's review from ``sources``: the team on ``team_on`` (default: the review's
    as-of date), an import's calls from a recent snapshot, the last review before the next
    1:1 and the date of the 1:1 that holds the next review."""
    nm = next_1on1 or cadence.next_meeting(manager, meetings, settings, today, calendar)
    current, previous, calls_from = sources.current, sources.previous, None
    team = _team_ids(manager, team_on or current.as_of)
    if current.kind == "import":
        now, before = calls_snapshots(
            sources.snapshots, manager, settings, current.as_of, team_on or current.as_of
        )
        if now is not None:
            current, calls_from = current.with_calls(_calls(now, team)), _snapshot_label(now)
        if previous is not None and before is not None:
            previous = previous.with_calls(_calls(before, team))
    review = team_summary(
        settings,
        manager,
        current,
        last_review=cadence.last_funnel_review(meetings, nm.date),
        next_review=nm.funnel_review_due,
        previous=previous,
        team_on=team_on,
    )
    review.calls_from = calls_from
    review.next_1on1 = nm.date
    return review


def team_review_for_meeting(
    layout: store.Layout,
    settings: Settings,
    manager: Manager,
    meetings: list[Meeting],
    next_meeting: NextMeeting,
    today: date,
) -> TeamReview | None:
    """The review the agenda shows for the 1:1 ``next_meeting``: the latest import on or
    before its date (else the two latest snapshots), as ``funnel review`` computes it, of
    the team on the 1:1's date; None without funnel data."""
    sources = load_sources(layout, settings, on_or_before=next_meeting.date)
    if sources is None:
        return None
    return review_team(
        settings,
        manager,
        sources,
        meetings,
        today,
        next_1on1=next_meeting,
        team_on=next_meeting.date,
    )


# ---------------------------------------------------------------- every team


def _managers(layout: store.Layout, manager_id: str | None, rep_id: str | None) -> list[Manager]:
    if manager_id is not None:
        managers = [store.require_manager(layout, store.require_id(manager_id, "manager"))]
    else:
        managers = store.require_managers(layout)
        if not managers:
            raise NotFound("there are no managers yet (no files in managers/)")
    if rep_id is None:
        return managers
    store.require_id(rep_id, "rep")
    known = [r.id for m in managers for r in m.reps]
    managers = [m for m in managers if m.rep(rep_id) is not None]
    if not managers:
        raise NotFound(
            f"no rep '{rep_id}'" + (f" in the team of {manager_id}" if manager_id else ""),
            hint=closest(rep_id, known, what="rep"),
        )
    return managers


def _no_data(as_of: date | None) -> NotFound:
    when = f" on or before {as_of.isoformat()}" if as_of else ""
    return NotFound(
        f"no funnel data{when}: no import in funnel/imports/ and no snapshot funnel/DATE.yaml",
        hint="import a CRM export with `salescoach funnel import FILE`, "
        "or keep the counts by hand in funnel/DATE.yaml",
    )


def review_funnel(
    layout: store.Layout,
    *,
    today: date,
    manager_id: str | None = None,
    rep_id: str | None = None,
    as_of: date | None = None,
    since: date | None = None,
) -> ReviewData:
    """The funnel review of one team (``manager_id``) or of every team still led on the
    review's date, as of ``as_of`` (default: the latest data); ``rep_id`` keeps only that
    rep next to the team they were in on that date."""
    settings = store.require_settings(layout)
    managers = _managers(layout, manager_id, rep_id)
    sources = load_sources(layout, settings, on_or_before=as_of, as_of=as_of, since=since)
    if sources is None:
        raise _no_data(as_of)
    current = sources.current
    if since is not None and since > current.as_of:
        raise SalescoachError(
            f"--since {since.isoformat()} is after the review date {current.as_of.isoformat()}"
        )
    calendar = WorkCalendar.from_settings(settings.calendar)
    window = cadence.meeting_window_days(settings)
    teams = []
    for manager in managers:
        if manager_id is None and not manager.active_on(current.as_of):
            continue  # no longer in the role on the review's date
        meetings = store.require_recent_meetings(layout, manager.id, today=today, days=window)
        review = review_team(settings, manager, sources, meetings, today, calendar)
        if rep_id is not None:
            review.reps = [r for r in review.reps if r.rep == rep_id]
            if not review.reps:
                continue  # the rep was in another team (or none) on the review's date
        teams.append(review)
    if rep_id is not None and not teams:
        raise NotFound(f"{rep_id} was in no team on {current.as_of.isoformat()}")
    return ReviewData(
        teams=teams,
        source=current.label,
        kind=current.kind,
        as_of=current.as_of,
        since=since,
        previous=sources.previous.label if sources.previous else None,
        unmatched=sources.unmatched,
    )
