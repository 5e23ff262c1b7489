"""``salescoach report``: gather what the one-file report shows, for one manager or every
manager, through the very use cases the commands call (``rate show``, ``funnel review``,
``coach scorecard``, ``goals``, ``schedule``), so that every number in the report is the
number that command gives. A part without data (no funnel data, no 1:1s) is left empty,
not refused: the report shows what exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salescoach import store
from salescoach.cadence import NextMeeting
from salescoach.errors import NotFound, UsageError
from salescoach.i18n import _
from salescoach.models import Manager
from salescoach.ratings import RatingsTable
from salescoach.store import Layout
from salescoach.usecases.funnel import ReviewData, review_funnel
from salescoach.usecases.goals import GoalHistory, goal_history
from salescoach.usecases.ratings import ratings_tables
from salescoach.usecases.schedule import build_schedule, next_meeting_for
from salescoach.usecases.scorecard import Scorecard, coach_scorecard


@dataclass(frozen=True)
class ReportData:
    """Everything one report shows, as the commands it comes from compute it."""

    organisation: str
    coach_name: str | None
    currency: str | None
    """``funnel.currency``: the money in the report is in it."""
    today: date
    since: date | None
    manager: Manager | None
    """The one manager of the report; None: every manager."""
    ratings: list[RatingsTable]
    """As ``rate show [MANAGER]``."""
    funnel: ReviewData | None
    """As ``funnel review [MANAGER] [--since]``; None without funnel data."""
    scorecard: Scorecard
    """As ``coach scorecard [--since]`` (every manager's; the report picks its own)."""
    goals: list[GoalHistory]
    """As ``goals MANAGER [--since]``, one per manager of ``ratings``."""
    schedule: list[tuple[Manager, NextMeeting]]
    """As ``schedule`` (or ``schedule next MANAGER``); empty for a manager who left."""

    @property
    def manager_ids(self) -> list[str]:
        """The managers the report is about, in the order of ``rate show``."""
        return [t.manager.id for t in self.ratings]


def gather_report(
    layout: Layout, *, today: date, manager_id: str | None = None, since: date | None = None
) -> ReportData:
    """The data of the report of ``manager_id`` (default: every manager) from ``since``
    (default: each command's own period) to ``today``; an unknown manager is ``NotFound``
    before anything else is read."""
    if since is not None and since > today:
        raise UsageError(
            _("--since {since} is after today ({today})").format(
                since=since.isoformat(), today=today.isoformat()
            )
        )
    manager = None
    if manager_id is not None:
        store.require_id(manager_id, "manager")
        manager = store.require_manager(layout, manager_id)
    settings = store.require_settings(layout)
    tables = ratings_tables(layout, manager_id=manager_id, today=today)
    return ReportData(
        organisation=settings.organisation,
        coach_name=settings.coach.name if settings.coach else None,
        currency=settings.funnel.currency,
        today=today,
        since=since,
        manager=manager,
        ratings=tables,
        funnel=_funnel(layout, today, manager_id, since),
        scorecard=coach_scorecard(layout, today, since),
        goals=[goal_history(layout, t.manager.id, today, since=since) for t in tables],
        schedule=_schedule(layout, today, manager),
    )


def _funnel(
    layout: Layout, today: date, manager_id: str | None, since: date | None
) -> ReviewData | None:
    """The funnel review, or None when the repository has no funnel data (the manager was
    checked before, so ``NotFound`` here means no import and no snapshot)."""
    try:
        return review_funnel(layout, today=today, manager_id=manager_id, since=since)
    except NotFound:
        return None


def _schedule(
    layout: Layout, today: date, manager: Manager | None
) -> list[tuple[Manager, NextMeeting]]:
    """Every active manager's next 1:1, or the one manager's (none once they left)."""
    if manager is None:
        return build_schedule(layout, today)
    if manager.left is not None and not manager.active_on(today):
        return []
    return [next_meeting_for(layout, manager.id, today)]
