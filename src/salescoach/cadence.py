"""The rhythm of 1:1s: how often to meet a manager, and when the next meeting is.

Part 1 of the method: the frequency depends on the manager's experience, performance and
training needs; once set it is kept, and a meeting is moved, never skipped. Pure: no I/O,
``today`` is passed in. See ``docs/cadence.md`` for the rules in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from salescoach.errors import SalescoachError
from salescoach.formats import plural
from salescoach.funnel.rules import review_interval_days, review_target
from salescoach.i18n import N_, _, current, ngettext
from salescoach.messages import schedule_next_command
from salescoach.models import WEEKDAYS, Level, Manager, Meeting, Settings
from salescoach.ratings import team_average
from salescoach.workdays import WorkCalendar

WEEKLY = 7
UNKNOWN_LEVEL: Level = "developing"
"""The level of a manager with neither ``level`` nor ``in_role_since``: the middle one, so
that a manager nobody described is met weekly by default rather than too rarely."""


@dataclass(frozen=True)
class Cadence:
    """How often to meet one manager, and why, in words."""

    level: Level
    every_days: int
    reason: str
    """E.g. "every 7 days: new in role since 2026-06-01"."""


@dataclass(frozen=True)
class NextMeeting:
    """The next 1:1 with one manager."""

    manager: str
    date: dt.date
    """The next 1:1: a working day (or the date of a planned meeting file)."""
    cadence: Cadence
    last_held: dt.date | None
    planned: bool
    """A planned meeting file exists for ``date``."""
    moved_from: dt.date | None
    moved_because: str | None
    overdue_days: int
    """More than 0 when the due date passed without a held meeting; then due today."""
    funnel_review_due: dt.date
    funnel_review: bool
    """This 1:1 includes the funnel review (due on or before ``date``, or planned so)."""
    minutes: int
    due: dt.date | None = None
    """The date the meeting was due by the cadence (before overdue handling), if any."""

    @property
    def every_days(self) -> int:
        return self.cadence.every_days

    @property
    def reason(self) -> str:
        return self.cadence.reason

    def days_until(self, today: dt.date) -> int:
        """Days from ``today`` to the meeting (0 when it is today)."""
        return (self.date - today).days


@dataclass(frozen=True)
class UpcomingMeeting:
    """One 1:1 of the coming weeks: a planned file or a date projected from the cadence."""

    manager: str
    date: dt.date
    minutes: int
    funnel_review: bool
    planned: bool
    moved_from: dt.date | None
    moved_because: str | None
    ordinal: int
    """The meeting's number in the manager's history (1 = first file): stable across moves."""


# ---------------------------------------------------------------- the interval


def experience_level(manager: Manager, settings: Settings, today: dt.date) -> Level:
    """The manager's ``level``; else ``new`` while in role shorter than
    ``cadence.new_for_months``, else ``experienced``; with neither, ``developing``."""
    if manager.level is not None:
        return manager.level
    if manager.in_role_since is not None:
        new_until = manager.in_role_since + relativedelta(months=settings.cadence.new_for_months)
        return "new" if today < new_until else "experienced"
    return UNKNOWN_LEVEL


LEVEL_NAMES: dict[Level, str] = {
    "new": N_("new"),
    "developing": N_("developing"),
    "experienced": N_("experienced"),
}
"""A level in words (the language's word for it, where a reason names it)."""


def _level_reason(manager: Manager, settings: Settings, level: Level) -> str:
    """Why the level's interval: the level given, or how long the manager is in the role."""
    since = manager.in_role_since
    months = settings.cadence.new_for_months
    name = _(LEVEL_NAMES[level])
    if manager.level is not None:
        if since is None:
            return _("level {level}").format(level=name)
        return _("{level} in role since {since}").format(level=name, since=since.isoformat())
    if since is None:
        return _("{level}: no level or in_role_since in the manager's file").format(level=name)
    if level == "new":
        text = _("new in role since {since} (less than {months})")
    else:
        text = _("experienced in role since {since} ({months} or more)")
    return text.format(since=since.isoformat(), months=plural(months, "month"))


def last_rated(meetings: list[Meeting], today: dt.date) -> Meeting | None:
    """The latest held meeting on or before ``today`` where at least one rep was rated."""
    rated = [m for m in meetings if m.status == "held" and m.date <= today and m.scores]
    return max(rated, key=lambda m: m.date) if rated else None


def _number(value: float) -> str:
    """A rating to at most two decimals: ``2.5`` (Hungarian ``2,5``)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if current() == "en" else text.replace(".", ",")


def decide_cadence(
    manager: Manager, meetings: list[Meeting], settings: Settings, today: dt.date
) -> Cadence:
    """Days between 1:1s and the reason: ``cadence_days`` overrides all; else weekly while
    there are training needs or the team's last average rating is below
    ``cadence.weekly_below``; else by experience level."""
    level = experience_level(manager, settings, today)
    if manager.cadence_days is not None:
        every = manager.cadence_days
        why = _("set for this manager (cadence_days)")
        return Cadence(level, every, _every(every, why))
    by_level: int = getattr(settings.cadence, level)
    weekly = min(WEEKLY, settings.cadence.new)
    triggers: list[str] = []
    if manager.training_needs:
        needs = ", ".join(manager.training_needs)
        triggers.append(_("training needs ({needs})").format(needs=needs))
    rated = last_rated(meetings, today)
    average = team_average(rated) if rated else None
    threshold = settings.cadence.weekly_below
    if average is not None and average < threshold:
        rated_text = _("team rated {average} on average at the last 1:1 (below {threshold})")
        triggers.append(rated_text.format(average=_number(average), threshold=_number(threshold)))
    if triggers and weekly < by_level:
        return Cadence(level, weekly, _every(weekly, "; ".join(triggers)))
    return Cadence(level, by_level, _every(by_level, _level_reason(manager, settings, level)))


def _every(days: int, why: str) -> str:
    """``every 7 days: <why>``: the interval and its reason, as the schedule shows it."""
    return ngettext("every {days} day: {why}", "every {days} days: {why}", days).format(
        days=days, why=why
    )


# ---------------------------------------------------------------- the funnel review


def funnel_review_interval_days(settings: Settings) -> int:
    """Days between funnel reviews, whole weeks from the settings (``funnel.rules``)."""
    return review_interval_days(settings.funnel)


def last_funnel_review(
    meetings: Iterable[Meeting], before: dt.date | None = None
) -> dt.date | None:
    """The date of the latest held meeting (before ``before``, if given) that included the
    funnel review. The review and the agenda both take the last review from here."""
    reviews = [
        m.date
        for m in meetings
        if m.status == "held" and m.funnel_review and (before is None or m.date < before)
    ]
    return max(reviews) if reviews else None


def funnel_review_date(
    manager: Manager,
    meetings: list[Meeting],
    settings: Settings,
    today: dt.date,
    calendar: WorkCalendar | None = None,
) -> dt.date:
    """The date of the 1:1 that holds the next funnel review: the first of the manager's 1:1s
    (as the cadence projects them) on or after the last review + the interval, or a planned
    1:1 marked ``funnel_review: true`` before that; with no review yet or an overdue one, the
    next 1:1. Always a 1:1's date, so a working day. ``schedule``, ``calendar export``, the
    agenda and ``funnel review`` all take the date from here."""
    calendar = calendar or WorkCalendar.from_settings(settings.calendar)
    first = _first_meeting(manager, meetings, settings, today, calendar)
    interval = funnel_review_interval_days(settings)
    target = review_target(last_funnel_review(meetings, first.date), interval)
    for day, planned in _projected(first, meetings, calendar):
        if target is None or day >= target or (planned is not None and planned.funnel_review):
            return day
    raise AssertionError("unreachable: the projection is endless")  # pragma: no cover


def meeting_window_days(settings: Settings) -> int:
    """How many days of meetings a caller should load so that the last funnel review and
    the last rated meeting are among them (for ``store.load_recent_meetings``)."""
    return max(120, max(settings.funnel.review_weeks) * 7 + 30)


# ---------------------------------------------------------------- the next meeting


def last_held(meetings: list[Meeting]) -> dt.date | None:
    """The date of the latest held meeting."""
    held = [m.date for m in meetings if m.status == "held"]
    return max(held) if held else None


def _first_planned(meetings: list[Meeting], after: dt.date | None) -> Meeting | None:
    planned = [m for m in meetings if m.status == "planned" and (after is None or m.date >= after)]
    return min(planned, key=lambda m: m.date) if planned else None


@dataclass(frozen=True)
class Series:
    """The days the 1:1s fall on: every ``every_days`` from a day of the anchor weekday, so
    a moved 1:1 does not move the ones after it. ``weekday`` (0 = Monday) is None when the
    interval is not whole weeks or there is no 1:1 to take it from: then the series runs
    from each 1:1's own day."""

    every_days: int
    weekday: int | None

    def slot_of(self, day: dt.date) -> dt.date:
        """The series day ``day`` stands for: the latest anchor weekday on or before it."""
        if self.weekday is None:
            return day
        return day - timedelta(days=(day.weekday() - self.weekday) % 7)

    def next_after(self, origin: dt.date, after: dt.date) -> dt.date:
        """The first day of the series through ``origin`` after both ``origin`` and ``after``
        (the interval counts from the series day, not from a moved or late 1:1's date)."""
        base = self.slot_of(origin)
        steps = max(1, (after - base).days // self.every_days + 1)
        return base + timedelta(days=steps * self.every_days)


def intended_date(meeting: Meeting) -> dt.date:
    """The day a 1:1 was planned for: ``moved_from`` when it was moved, else its date."""
    return meeting.moved_from or meeting.date


def anchor_weekday(manager: Manager, meetings: list[Meeting]) -> int | None:
    """The weekday (0 = Monday) of the manager's 1:1s: ``weekday`` in the manager's file, else
    the day the first 1:1 on record was planned for (held, or planned and still to come:
    a planned file older than the last held 1:1 is stale); None with no 1:1 yet."""
    if manager.weekday is not None:
        return WEEKDAYS.index(manager.weekday)
    held = last_held(meetings)
    on_record = [m for m in meetings if m.status == "held" or held is None or m.date >= held]
    if not on_record:
        return None
    return intended_date(min(on_record, key=lambda m: m.date)).weekday()


def series_of(manager: Manager, meetings: list[Meeting], cadence: Cadence) -> Series:
    """The manager's series: on the anchor weekday when the interval is whole weeks."""
    weekly = cadence.every_days % WEEKLY == 0
    return Series(cadence.every_days, anchor_weekday(manager, meetings) if weekly else None)


@dataclass(frozen=True)
class _First:
    """The next 1:1 before the funnel review is decided: its date and how it came about."""

    cadence: Cadence
    series: Series
    held: dt.date | None
    date: dt.date
    overdue: int
    planned: Meeting | None
    due: dt.date | None
    origin: dt.date
    """The series day this 1:1 stands for (the later ones are counted from it)."""


def _last_held_meeting(meetings: list[Meeting]) -> Meeting | None:
    held = [m for m in meetings if m.status == "held"]
    return max(held, key=lambda m: m.date) if held else None


def _first_meeting(
    manager: Manager,
    meetings: list[Meeting],
    settings: Settings,
    today: dt.date,
    calendar: WorkCalendar,
) -> _First:
    cadence = decide_cadence(manager, meetings, settings, today)
    series = series_of(manager, meetings, cadence)
    last = _last_held_meeting(meetings)
    held = last.date if last is not None else None
    planned = _first_planned(meetings, held)
    if planned is not None and planned.date >= today:
        start = intended_date(planned)
        return _First(cadence, series, held, planned.date, 0, planned, planned.date, start)
    due: dt.date | None = None
    origin: dt.date | None = None
    if planned is not None:
        due, origin = planned.date, intended_date(planned)
    elif last is not None:
        origin = series.next_after(intended_date(last), last.date)
        due = calendar.next_workday(origin)
    if due is not None and origin is not None and due >= today:
        return _First(cadence, series, held, due, 0, None, due, origin)
    overdue = (today - due).days if due is not None else 0
    day = calendar.next_workday(today)
    return _First(cadence, series, held, day, overdue, None, due, origin or day)


def _projected(
    first: _First, meetings: list[Meeting], calendar: WorkCalendar
) -> Iterator[tuple[dt.date, Meeting | None]]:
    """The 1:1s from the next one on, endlessly: planned meeting files, and between them the
    days of the series, each moved to a working day (a day a planned file was moved from is
    taken by that file); with the planned file."""
    planned = {m.date: m for m in meetings if m.status == "planned" and m.date >= first.date}
    taken = {m.moved_from for m in planned.values() if m.moved_from is not None}
    day, origin = first.date, first.origin
    while True:
        yield day, planned.get(day)
        slot = first.series.next_after(origin, day)
        while slot in taken or calendar.next_workday(slot) in taken:
            slot = first.series.next_after(slot, slot)
        projected = calendar.next_workday(slot)
        later = [d for d in planned if day < d <= projected]
        if later:
            day = min(later)
            origin = intended_date(planned[day])
        else:
            day, origin = projected, slot


def next_meeting(
    manager: Manager,
    meetings: list[Meeting],
    settings: Settings,
    today: dt.date,
    calendar: WorkCalendar | None = None,
) -> NextMeeting:
    """The next 1:1 with ``manager``.

    A planned meeting on or after the last held one wins. Otherwise the next day of the
    series after the last held meeting (the anchor weekday at the interval, counted from the
    day it was planned for, so a moved 1:1 does not move the series), moved forward to a
    working day. If that date (or a planned one) passed
    without a held meeting, the meeting is overdue and due today (or the next working day):
    it is never dropped. With no meeting at all, it is due today. It includes the funnel
    review when it is the 1:1 of ``funnel_review_date``.
    """
    calendar = calendar or WorkCalendar.from_settings(settings.calendar)
    first = _first_meeting(manager, meetings, settings, today, calendar)
    review_due = funnel_review_date(manager, meetings, settings, today, calendar)
    review = review_due == first.date
    return NextMeeting(
        manager=manager.id,
        date=first.date,
        cadence=first.cadence,
        last_held=first.held,
        planned=first.planned is not None,
        moved_from=first.planned.moved_from if first.planned else None,
        moved_because=first.planned.moved_because if first.planned else None,
        overdue_days=first.overdue,
        funnel_review_due=review_due,
        funnel_review=review,
        minutes=_minutes(first.planned, review, settings),
        due=first.due,
    )


def _minutes(planned: Meeting | None, review: bool, settings: Settings) -> int:
    if planned is not None and planned.minutes is not None:
        return planned.minutes
    return settings.funnel.meeting_minutes if review else settings.meeting_minutes


def upcoming_meetings(
    manager: Manager,
    meetings: list[Meeting],
    settings: Settings,
    today: dt.date,
    until: dt.date,
    calendar: WorkCalendar | None = None,
    file_dates: list[dt.date] | None = None,
) -> list[UpcomingMeeting]:
    """The 1:1s from the next one up to ``until`` (inclusive): planned meeting files, and
    between them dates projected at the cadence interval, each moved to a working day.

    ``file_dates`` are the dates of all the manager's meeting files (for the ordinal that
    keeps a meeting's identity stable across moves); default: the dates of ``meetings``.
    """
    calendar = calendar or WorkCalendar.from_settings(settings.calendar)
    start = _first_meeting(manager, meetings, settings, today, calendar)
    review_every = funnel_review_interval_days(settings)
    known = sorted(set(file_dates if file_dates is not None else [m.date for m in meetings]))
    out: list[UpcomingMeeting] = []
    review_due = funnel_review_date(manager, meetings, settings, today, calendar)
    for day, meeting in _projected(start, meetings, calendar):
        if day > until or (manager.left is not None and day >= manager.left):
            break  # no 1:1s from the day a manager left the role
        review = review_due <= day or (meeting is not None and meeting.funnel_review)
        out.append(
            UpcomingMeeting(
                manager=manager.id,
                date=day,
                minutes=_minutes(meeting, review, settings),
                funnel_review=review,
                planned=meeting is not None,
                moved_from=meeting.moved_from if meeting else None,
                moved_because=meeting.moved_because if meeting else None,
                ordinal=0,
            )
        )
        if review:
            review_due = day + timedelta(days=review_every)
    dates = sorted(set(known) | {u.date for u in out})
    return [replace(u, ordinal=dates.index(u.date) + 1) for u in out]


# ---------------------------------------------------------------- moving a meeting


class MoveRefused(SalescoachError):
    """A 1:1 cannot be moved as asked; nothing was changed."""


def move_target(
    meeting: Meeting,
    to: dt.date | None,
    *,
    existing: list[dt.date],
    today: dt.date,
    calendar: WorkCalendar,
    force: bool = False,
) -> dt.date:
    """The date a planned 1:1 moves to: ``to``, or the next working day after it (and not
    before today). Refuses a held meeting, a date in the past, a date that already has a
    meeting, and (unless ``force``) a day that is not a working day. There is no skip."""
    where = meeting.date.isoformat()
    if meeting.status != "planned":
        raise MoveRefused(
            _("the 1:1 on {day} was held; only a planned 1:1 is moved").format(day=where),
            hint=_("to plan the next one, see {command}").format(
                command=schedule_next_command(meeting.manager)
            ),
        )
    if to is None:
        to = max(calendar.next_workday_after(meeting.date), calendar.next_workday(today))
    if to == meeting.date:
        raise MoveRefused(_("the 1:1 is already on {day}").format(day=where))
    if to < today:
        raise MoveRefused(
            _("cannot move the 1:1 to {day}: that is in the past (today is {today})").format(
                day=to.isoformat(), today=today.isoformat()
            )
        )
    if to in existing:
        taken = _("there is already a 1:1 on {day} ({path}); nothing was changed")
        path = f"meetings/{meeting.manager}/{to.isoformat()}.yaml"
        raise MoveRefused(
            taken.format(day=to.isoformat(), path=path),
            hint=_("choose another date with --to YYYY-MM-DD"),
        )
    why_not = calendar.why_not_workday(to)
    if why_not and not force:
        hint = _("the next working day is {next}; or pass --force to move it to {day} anyway")
        raise MoveRefused(
            _("{day} is not a working day: it is {why}").format(day=to.isoformat(), why=why_not),
            hint=hint.format(next=calendar.next_workday(to).isoformat(), day=to.isoformat()),
        )
    return to
