"""Reviewing the funnel: load the data of a review (``funnel_sources``: the latest CRM import
as of a date, the import of each team's last review and those since, the calls of an
activities import or a recent snapshot, else the latest funnel snapshots), the managers asked
for, their 1:1s, and return one ``funnel.TeamReview`` per team, with what changed in its
pipeline since its last review and the strategies recorded for its deals. The agenda's funnel
section is ``team_review_for_meeting``: the same review, for the 1:1 that holds it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from salescoach import cadence, store
from salescoach.cadence import NextMeeting
from salescoach.errors import NotFound, SalescoachError, closest
from salescoach.funnel import OpenItem, Source, TeamReview, calls_window_days, team_summary
from salescoach.funnel.strategies import strategy_views
from salescoach.i18n import _
from salescoach.models import FunnelSnapshot, Manager, Meeting, Settings
from salescoach.usecases.funnel_sources import (
    Sources,
    load_sources,
    review_date,
    snapshot_label,
    team_changes,
)
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


# ---------------------------------------------------------------- loading the data


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
    as-of date), the calls of an activities import (else an import's calls from a recent
    snapshot), the last review before the next 1:1, what changed in the team's pipeline
    since the import of that review, the strategies recorded before the 1:1, and the date
    of the 1:1 that holds the next review."""
    nm = next_1on1 or cadence.next_meeting(manager, meetings, settings, today, calendar)
    last_review = cadence.last_funnel_review(meetings, nm.date)
    current, previous, calls_from = sources.current, sources.previous, None
    team = _team_ids(manager, team_on or current.as_of)
    if current.kind == "import" and sources.activities_from is None:
        now, before = calls_snapshots(
            sources.snapshots, manager, settings, current.as_of, team_on or current.as_of
        )
        if now is not None:
            current, calls_from = current.with_calls(_calls(now, team)), snapshot_label(now)
        if previous is not None and before is not None:
            previous = previous.with_calls(_calls(before, team))
    review = team_summary(
        settings,
        manager,
        current,
        last_review=last_review,
        next_review=nm.funnel_review_due,
        previous=previous,
        team_on=team_on,
    )
    review.calls_from = calls_from
    review.activities_from = sources.activities_from
    review.next_1on1 = nm.date
    review.changes = team_changes(sources, sorted(team), last_review)
    review.strategies = strategy_views(
        meetings, before=nm.date, changes=review.changes, open_deals=_open_deals(current, team)
    )
    return review


def _open_deals(source: Source, team: set[str]) -> list[OpenItem]:
    """The open deals of the team's reps in ``source``."""
    return [d for rep, t in sorted(source.tallies.items()) if rep in team for d in t.open_deals]


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
    the team on the 1:1's date, with the changes since the team's last review; None without
    funnel data."""
    last_review = cadence.last_funnel_review(meetings, next_meeting.date)
    sources = load_sources(
        layout,
        settings,
        on_or_before=next_meeting.date,
        last_reviews=[last_review],
        reps=_team_ids(manager, next_meeting.date),
    )
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
            raise NotFound(_("there are no managers yet (no files in managers/)"))
    if rep_id is None:
        return managers
    store.require_id(rep_id, "rep")
    known = [r.id for m in managers for r in m.reps]
    managers = [m for m in managers if m.rep(rep_id) is not None]
    if not managers:
        raise NotFound(
            (
                _("no rep '{rep}' in the team of {manager}") if manager_id else _("no rep '{rep}'")
            ).format(rep=rep_id, manager=manager_id),
            hint=closest(rep_id, known, what="rep"),
        )
    return managers


def _no_data(as_of: date | None) -> NotFound:
    text = (
        _(
            "no funnel data on or before {date}: no import in funnel/imports/ and no snapshot "
            "funnel/DATE.yaml"
        )
        if as_of
        else _("no funnel data: no import in funnel/imports/ and no snapshot funnel/DATE.yaml")
    )
    return NotFound(
        text.format(date=as_of.isoformat() if as_of else ""),
        hint=_(
            "import a CRM export with `salescoach funnel import FILE`, "
            "or keep the counts by hand in funnel/DATE.yaml"
        ),
    )


@dataclass
class TeamPlan:
    """A team to review: its manager, their recent 1:1s and the next one."""

    manager: Manager
    meetings: list[Meeting]
    next_1on1: NextMeeting


def _team_plans(
    layout: store.Layout,
    settings: Settings,
    managers: list[Manager],
    *,
    every_team: bool,
    review_on: date,
    today: date,
    calendar: WorkCalendar,
) -> list[TeamPlan]:
    """The teams of ``managers`` to review (with ``every_team``: those still led on
    ``review_on``), each with the 1:1s that say when its last review was."""
    window = cadence.meeting_window_days(settings)
    plans = []
    for manager in managers:
        if every_team and not manager.active_on(review_on):
            continue  # no longer in the role on the review's date
        meetings = store.require_recent_meetings(layout, manager.id, today=today, days=window)
        nm = cadence.next_meeting(manager, meetings, settings, today, calendar)
        plans.append(TeamPlan(manager, meetings, nm))
    return plans


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
    review_on = review_date(layout, settings, on_or_before=as_of, as_of=as_of)
    if review_on is None:
        raise _no_data(as_of)
    calendar = WorkCalendar.from_settings(settings.calendar)
    plans = _team_plans(
        layout,
        settings,
        managers,
        every_team=manager_id is None,
        review_on=review_on,
        today=today,
        calendar=calendar,
    )
    last_reviews = [cadence.last_funnel_review(p.meetings, p.next_1on1.date) for p in plans]
    sources = load_sources(
        layout, settings, on_or_before=as_of, as_of=as_of, since=since, last_reviews=last_reviews
    )
    if sources is None:
        raise _no_data(as_of)
    current = sources.current
    if since is not None and since > current.as_of:
        raise SalescoachError(
            _("--since {since} is after the review date {date}").format(
                since=since.isoformat(), date=current.as_of.isoformat()
            )
        )
    teams = []
    for plan in plans:
        review = review_team(
            settings, plan.manager, sources, plan.meetings, today, calendar, plan.next_1on1
        )
        if rep_id is not None:
            review.reps = [r for r in review.reps if r.rep == rep_id]
            if not review.reps:
                continue  # the rep was in another team (or none) on the review's date
        teams.append(review)
    if rep_id is not None and not teams:
        raise NotFound(
            _("{rep} was in no team on {date}").format(rep=rep_id, date=current.as_of.isoformat())
        )
    return ReviewData(
        teams=teams,
        source=current.label,
        kind=current.kind,
        as_of=current.as_of,
        since=since,
        previous=sources.previous.label if sources.previous else None,
        unmatched=sources.unmatched,
    )
