"""What a manager's charts are drawn from: the data of ``rate show``, ``funnel review`` and
``goals`` for that manager, loaded as those commands load it (``agenda next --charts``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salescoach import store
from salescoach.errors import NotFound
from salescoach.ratings import RatingsTable
from salescoach.usecases.funnel import ReviewData, review_funnel
from salescoach.usecases.goals import GoalHistory, goal_history
from salescoach.usecases.ratings import ratings_tables


@dataclass(frozen=True)
class ChartSources:
    """One manager's data for charts; ``review`` is None without funnel data."""

    manager_id: str
    ratings: list[RatingsTable]
    review: ReviewData | None
    goals: GoalHistory
    currency: str | None


def manager_chart_sources(layout: store.Layout, manager_id: str, today: date) -> ChartSources:
    """The manager's ratings, funnel review and goals, as ``rate show MANAGER``, ``funnel
    review MANAGER`` and ``goals MANAGER`` read them on ``today`` (one manager's files)."""
    settings = store.require_settings(layout)
    ratings = ratings_tables(layout, manager_id=manager_id, today=today)  # refuses a stranger
    try:
        review: ReviewData | None = review_funnel(layout, today=today, manager_id=manager_id)
    except NotFound:  # no funnel data yet: the charts without the funnel
        review = None
    goals = goal_history(layout, manager_id, today)
    return ChartSources(manager_id, ratings, review, goals, settings.funnel.currency)
