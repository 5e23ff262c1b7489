"""CRM activities imports on disk (``funnel/activities/<as-of>-<source>.csv``): storing a
parsed activities export (all or nothing, idempotent) and reading the stored files back.

(Skeleton: filled in by the activities work of issue 13.)
"""

from __future__ import annotations

from datetime import date

from salescoach import store
from salescoach.models import Activity


def load_latest(
    layout: store.Layout, *, on_or_before: date | None
) -> tuple[str, date, list[Activity]] | None:
    """The latest stored activities import dated on or before ``on_or_before`` (None: any):
    its path in the repository, its as-of date and its activities; None without one."""
    return None
