"""The cadence warnings of ``salescoach check``: a skipped 1:1, a planned 1:1 never recorded.

A meeting is moved, never skipped. These are warnings: ``check`` still exits 0 unless
``--strict``. Listed in ``checks.CHECKS``.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import TYPE_CHECKING

from salescoach.cadence import decide_cadence, meeting_window_days
from salescoach.diagnostics import Diagnostic
from salescoach.errors import SalescoachError
from salescoach.workdays import WorkCalendar, check_country

if TYPE_CHECKING:
    from salescoach.models import Meeting, Repo


def _path(manager_id: str, day: date) -> str:
    return f"meetings/{manager_id}/{day.isoformat()}.yaml"


def check_holiday_country(repo: Repo, today: date) -> list[Diagnostic]:
    """``calendar.holidays`` names a country or region the holidays package knows."""
    if repo.settings is None or repo.settings.calendar.holidays is None:
        return []
    code = repo.settings.calendar.holidays
    if check_country(code) is None:
        return []
    return [
        Diagnostic(
            "salescoach.yaml",
            0,
            0,
            "unknown-holidays",
            f"no public holidays are known for '{code}'; use an ISO 3166 country code such "
            "as HU, DE, GB or US, or a region such as US-CA",
            loc=("calendar", "holidays"),
        )
    ]


def check_cadence(repo: Repo, today: date) -> list[Diagnostic]:
    """Warn about a gap between two held 1:1s longer than the interval plus
    ``cadence.grace_workdays`` working days (``skipped-meeting``), and about a planned
    1:1 in the past that was never recorded as held (``not-recorded``); both stop at the
    day a manager left the role."""
    settings = repo.settings
    if settings is None:
        return []
    calendar = WorkCalendar.from_settings(settings.calendar)
    grace = settings.cadence.grace_workdays
    window = timedelta(days=meeting_window_days(settings))
    out: list[Diagnostic] = []
    for manager_id, meetings in sorted(repo.meetings.items()):
        manager = repo.managers.get(manager_id)
        if manager is None:
            continue
        meetings = [m for m in meetings if manager.active_on(m.date)]  # none after `left`
        held = [m for m in meetings if m.status == "held"]
        rated: Meeting | None = None  # the latest rated held 1:1 up to `before`
        try:
            for before, after in itertools.pairwise(held):
                if any(r is not None and r.score is not None for r in before.ratings.values()):
                    rated = before  # (what `before.scores` says, without building the dict)
                # decide_cadence only looks at the last rated 1:1 of the loaded window, so
                # handing it that one meeting gives the same decision in O(1) per pair
                recent = [rated] if rated and rated.date >= before.date - window else []
                cadence = decide_cadence(manager, recent, settings, before.date)
                due = calendar.next_workday(before.date + timedelta(days=cadence.every_days))
                limit = calendar.add_workdays(due, grace)
                if after.date > limit:
                    out.append(
                        _skipped(manager_id, before.date, after.date, cadence.every_days, grace)
                    )
        except SalescoachError:
            return out  # a calendar that cannot be used is reported by check_holiday_country
        for meeting in meetings:
            if meeting.status == "planned" and meeting.date < today:
                out.append(
                    Diagnostic(
                        _path(manager_id, meeting.date),
                        0,
                        0,
                        "not-recorded",
                        f"the 1:1 planned for {meeting.date.isoformat()} is in the past but "
                        "not recorded as held; set `status: held` and fill it in, or move it "
                        f"with `salescoach meeting move {manager_id} {meeting.date.isoformat()}`",
                        severity="warning",
                        loc=("status",),
                    )
                )
    return out


def _skipped(manager_id: str, before: date, after: date, every: int, grace: int) -> Diagnostic:
    gap = (after - before).days
    return Diagnostic(
        _path(manager_id, after),
        0,
        0,
        "skipped-meeting",
        f"{gap} days since the previous 1:1 on {before.isoformat()}, more than every "
        f"{every} days plus {grace} working days of grace: a meeting was skipped "
        "(move a 1:1 with `salescoach meeting move`, never skip it)",
        severity="warning",
        loc=("date",),
    )


CADENCE_CHECKS = [check_holiday_country, check_cadence]
