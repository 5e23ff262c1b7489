"""The cadence warnings of ``salescoach check``: a skipped 1:1, an overdue 1:1, a planned 1:1
never recorded, one with notes still marked planned, and a 1:1 moved past the next one (a
move that acts as a skip).

A meeting is moved, never skipped. These are warnings: ``check`` still exits 0 unless
``--strict``. Listed in ``checks.CHECKS``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from salescoach.cadence import (
    NextMeeting,
    decide_cadence,
    intended_date,
    meeting_window_days,
    next_meeting,
)
from salescoach.diagnostics import Diagnostic
from salescoach.errors import SalescoachError
from salescoach.formats import plural
from salescoach.i18n import N_, _
from salescoach.workdays import WorkCalendar, check_country

if TYPE_CHECKING:
    from salescoach.models import Manager, Meeting, Repo, Settings


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
            _(
                "no public holidays are known for '{code}'; use an ISO 3166 country code such "
                "as HU, DE, GB or US, or a region such as US-CA"
            ).format(code=code),
            loc=("calendar", "holidays"),
        )
    ]


def check_cadence(repo: Repo, today: date) -> list[Diagnostic]:
    """Warn about a gap between two held 1:1s longer than the interval plus
    ``cadence.grace_workdays`` working days (``skipped-meeting``), about the next 1:1 past
    its date today (``overdue-meeting``), and about a planned 1:1 in the past that was never
    recorded as held (``not-recorded``, or ``not-marked-held`` when it has ratings or goals);
    all stop at the day a manager left the role."""
    settings = repo.settings
    if settings is None:
        return []
    calendar = WorkCalendar.from_settings(settings.calendar)
    grace = settings.cadence.grace_workdays
    out: list[Diagnostic] = []
    for manager_id, meetings in sorted(repo.meetings.items()):
        manager = repo.managers.get(manager_id)
        if manager is None:
            continue
        meetings = [m for m in meetings if manager.active_on(m.date)]  # none after `left`
        try:
            skips = skipped_meetings(manager, meetings, settings, calendar)
            out += [_skipped(manager_id, s.before, s.after, s.every_days, grace) for s in skips]
            overdue = _overdue(manager, meetings, settings, today, calendar)
        except SalescoachError:
            return out  # a calendar that cannot be used is reported by check_holiday_country
        out += [_past_planned(manager_id, m) for m in meetings if _is_past_planned(m, today)]
        out += moved_past_next(manager, meetings, settings)
        out += [overdue] if overdue is not None else []
    return out


@dataclass(frozen=True)
class Skip:
    """A 1:1 skipped between two held ones: the next 1:1 was ``due`` after ``before`` (every
    ``every_days``), and none was held until ``after``, past the grace."""

    before: date
    after: date
    due: date
    every_days: int


def skipped_meetings(
    manager: Manager, meetings: list[Meeting], settings: Settings, calendar: WorkCalendar
) -> list[Skip]:
    """Each gap between two held 1:1s longer than the interval plus
    ``cadence.grace_workdays`` working days (the rule of ``skipped-meeting``)."""
    grace = settings.cadence.grace_workdays
    window = timedelta(days=meeting_window_days(settings))
    held = [m for m in meetings if m.status == "held"]
    rated: Meeting | None = None  # the latest rated held 1:1 up to `before`
    out: list[Skip] = []
    for before, after in itertools.pairwise(held):
        if any(r is not None and r.score is not None for r in before.ratings.values()):
            rated = before  # (what `before.scores` says, without building the dict)
        # decide_cadence only looks at the last rated 1:1 of the loaded window, so handing
        # it that one meeting gives the same decision in O(1) per pair
        recent = [rated] if rated and rated.date >= before.date - window else []
        cadence = decide_cadence(manager, recent, settings, before.date)
        due = calendar.next_workday(before.date + timedelta(days=cadence.every_days))
        if after.date > calendar.add_workdays(due, grace):
            out.append(Skip(before.date, after.date, due, cadence.every_days))
    return out


def _is_past_planned(meeting: Meeting, today: date) -> bool:
    return meeting.status == "planned" and meeting.date < today


NOTED = {
    (True, False): N_("ratings"),
    (False, True): N_("goals"),
    (True, True): N_("ratings and goals"),
}
"""What a planned 1:1 records, by (ratings, goals), in words."""


def _noted(meeting: Meeting) -> str | None:
    """What a planned 1:1 already records ("ratings", "goals", both), or None: a goal counts
    with its text or a result (the whole-repo summaries keep only the result)."""
    goals = any(g.goal.strip() or g.result is not None for g in meeting.goals)
    found = NOTED.get((bool(meeting.scores), goals))
    return _(found) if found else None


def _past_planned(manager_id: str, meeting: Meeting) -> Diagnostic:
    """A planned 1:1 in the past: ``not-marked-held`` when it has ratings or goals (moving it
    would re-date them), else ``not-recorded``."""
    day = meeting.date.isoformat()
    noted = _noted(meeting)
    if noted is not None:
        code = "not-marked-held"
        message = _(
            "the 1:1 of {day} has {noted} but is still `status: planned`: set `status: held` "
            "(moving it would re-date the {noted})"
        ).format(day=day, noted=noted)
    else:
        code = "not-recorded"
        message = _(
            "the 1:1 planned for {day} is in the past but not recorded as held; set "
            "`status: held` and fill it in, or move it with {command}"
        ).format(day=day, command=f"`salescoach meeting move {manager_id} {day}`")
    return Diagnostic(
        _path(manager_id, meeting.date), 0, 0, code, message, severity="warning", loc=("status",)
    )


def _recent(meetings: list[Meeting], today: date, days: int) -> list[Meeting]:
    """The meetings the commands about the rhythm read (``store.load_recent_meetings``), so
    that ``check`` projects the same dates as ``schedule``."""
    cutoff = today - timedelta(days=days)
    chosen = [m for m in meetings if m.date >= cutoff]
    return chosen if len(chosen) >= 6 else meetings[-6:]


def _overdue(
    manager: Manager,
    meetings: list[Meeting],
    settings: Settings,
    today: date,
    calendar: WorkCalendar,
) -> Diagnostic | None:
    """``overdue-meeting``: the projected 1:1 after the last held one is past today (a past
    planned file is reported by ``_past_planned`` instead); none after the manager left."""
    held = [m for m in meetings if m.status == "held"]
    if not held or not manager.active_on(today):
        return None
    recent = _recent(meetings, today, meeting_window_days(settings))
    nxt = next_meeting(manager, recent, settings, today, calendar)
    if nxt.overdue_days <= 0 or nxt.due is None or any(m.date == nxt.due for m in meetings):
        return None
    last = max(held, key=lambda m: m.date)
    return Diagnostic(
        _path(manager.id, last.date),
        0,
        0,
        "overdue-meeting",
        _("the 1:1 due {day} is {days} overdue: hold it or move it with {command}").format(
            day=nxt.due.isoformat(),
            days=plural(nxt.overdue_days, "day"),
            command=f"`salescoach meeting move {manager.id} --to YYYY-MM-DD --because TEXT`",
        ),
        severity="warning",
    )


def moved_past_next(
    manager: Manager, meetings: list[Meeting], settings: Settings
) -> list[Diagnostic]:
    """``moved-past-next``: a 1:1 moved later than the next one was due (its original date
    plus the interval then): the move skipped a 1:1, which a move may never do."""
    out: list[Diagnostic] = []
    for meeting in meetings:
        if meeting.moved_from is None or meeting.date <= meeting.moved_from:
            continue
        every = move_interval(manager, meetings, settings, meeting.moved_from)
        gap = (meeting.date - meeting.moved_from).days
        if gap > every:
            out.append(_moved_too_far(manager.id, meeting.moved_from, meeting.date, every))
    return out


def move_interval(manager: Manager, meetings: list[Meeting], settings: Settings, day: date) -> int:
    """The days between 1:1s on ``day`` (the cadence of the last rated 1:1 before it)."""
    rated = [
        m
        for m in meetings
        if m.status == "held"
        and m.date < day
        and any(r is not None and r.score is not None for r in m.ratings.values())
    ]
    return decide_cadence(manager, rated[-1:], settings, day).every_days


def _moved_too_far(manager_id: str, moved_from: date, day: date, every: int) -> Diagnostic:
    gap = (day - moved_from).days
    return Diagnostic(
        _path(manager_id, day),
        0,
        0,
        "moved-past-next",
        _(
            "the 1:1 of {since} was moved {gap} to {day}, past the next 1:1 due {every} after "
            "it: a move that passes the next 1:1 skips one (move it to {latest} at the latest)"
        ).format(
            since=moved_from.isoformat(),
            gap=plural(gap, "day"),
            day=day.isoformat(),
            every=plural(every, "day"),
            latest=(moved_from + timedelta(days=every)).isoformat(),
        ),
        severity="warning",
        loc=("date",),
    )


def _skipped(manager_id: str, before: date, after: date, every: int, grace: int) -> Diagnostic:
    gap = (after - before).days
    return Diagnostic(
        _path(manager_id, after),
        0,
        0,
        "skipped-meeting",
        _(
            "{gap} since the previous 1:1 on {before}, more than every {every} plus {grace} "
            "of grace: a meeting was skipped (move a 1:1 with `salescoach meeting move`, "
            "never skip it)"
        ).format(
            gap=plural(gap, "day"),
            before=before.isoformat(),
            every=plural(every, "day"),
            grace=plural(grace, "working day"),
        ),
        severity="warning",
        loc=("date",),
    )


CADENCE_CHECKS = [check_holiday_country, check_cadence]


# ---------------------------------------------------------------- the 1:1s of a period

HELD, MOVED, SKIPPED, OVERDUE, PLANNED = "held", "moved", "skipped", "overdue", "planned"
"""A 1:1's status on the timeline of ``coach scorecard``."""


@dataclass(frozen=True)
class OneOnOne:
    """One 1:1 of a period: the day it was planned for, the day it was held (None when it
    was not), its status, and whether it is the manager's next 1:1."""

    date: dt.date
    held_on: dt.date | None
    status: str
    next: bool = False


def one_on_ones(
    manager: Manager,
    meetings: list[Meeting],
    settings: Settings,
    period: tuple[date, date],
    upcoming: NextMeeting | None,
) -> list[OneOnOne]:
    """The manager's 1:1s of the period ``(start, today)``, by the rules ``check`` warns
    with: each held one (``moved`` when it has ``moved_from``), each skipped one (dated the
    day it was due), each past planned file never recorded (``overdue``), then the next 1:1
    (``upcoming``, as ``schedule`` gives it): ``overdue`` when its day passed, else
    ``planned``. ``coach scorecard`` counts its figures from this very list."""
    start, today = period
    held = [m for m in meetings if start <= m.date <= today and m.status == "held"]
    out = [OneOnOne(intended_date(m), m.date, MOVED if m.moved_from else HELD) for m in held]
    active = [m for m in meetings if manager.active_on(m.date)]
    calendar = WorkCalendar.from_settings(settings.calendar)
    try:
        skips = skipped_meetings(manager, active, settings, calendar)
    except SalescoachError:
        skips = []  # a calendar that cannot be used is reported by check_holiday_country
    out += [OneOnOne(s.due, None, SKIPPED) for s in skips if s.after >= start]
    out += [
        OneOnOne(m.date, None, OVERDUE)
        for m in active
        if m.date >= start and _is_past_planned(m, today) and _noted(m) is None
    ]
    out += _upcoming(upcoming, {o.date for o in out if o.held_on is None})
    return sorted(out, key=lambda o: (o.date, o.held_on or o.date, o.status))


def _upcoming(upcoming: NextMeeting | None, listed: set[date]) -> list[OneOnOne]:
    """The next 1:1: overdue since the day it was due (unless that day's planned file is
    listed already), else planned for its date."""
    if upcoming is None:
        return []
    if upcoming.overdue_days > 0 and upcoming.due is not None:
        return [] if upcoming.due in listed else [OneOnOne(upcoming.due, None, OVERDUE, True)]
    return [OneOnOne(upcoming.date, None, PLANNED, True)]
