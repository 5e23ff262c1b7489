"""The upcoming 1:1s as an RFC 5545 calendar (.ics), built with ``icalendar``.

Pure: returns bytes; ``usecases.calendar`` chooses the 1:1s and writes the file. Each event's UID is
``salescoach-<manager>-<n>@<organisation>``, where ``n`` is the meeting's number in the
manager's history (see ``cadence.UpcomingMeeting.ordinal``): moving a meeting or shifting
the projected dates keeps the UID, so importing the file again updates the events instead
of duplicating them. DTSTAMP is the export day, so the same repository exported on the
same day gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from salescoach import __version__
from salescoach.cadence import UpcomingMeeting
from salescoach.messages import RATING_SCALE
from salescoach.models import Manager, Settings

if TYPE_CHECKING:
    from salescoach.usecases.calendar import CalendarExport

AGENDA_TOPICS = (
    "1. The manager's routine: time on reports and admin, time for training the reps.",
    f"2. Performance of the reps: each rated {RATING_SCALE}.",
    "3. Goals for the reps: the plan for each rep over the next 30 days, and the manager's help.",
    "4. The manager's own performance: achievements, what could be better, support, "
    "training and coaching needed, and the plan for it.",
)
FUNNEL_TOPIC = (
    "Funnel review: the team's and each rep's funnel, the volume of calls and prospects, "
    "large deals and the next steps."
)


def organisation_slug(name: str) -> str:
    """``Acme Components`` → ``acme-components``: the domain part of the UIDs."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "salescoach"


def event_uid(meeting: UpcomingMeeting, settings: Settings) -> str:
    """The stable UID of one 1:1 (manager + its number in the manager's history)."""
    return (
        f"salescoach-{meeting.manager}-{meeting.ordinal}@{organisation_slug(settings.organisation)}"
    )


def description(meeting: UpcomingMeeting) -> str:
    """The event's description: the agenda's four topics, the funnel review, a move."""
    lines = ["Agenda:", *AGENDA_TOPICS]
    if meeting.funnel_review:
        lines.append(FUNNEL_TOPIC)
    lines.append("Be explicit about your expectations and the manager's agreed actions.")
    if meeting.moved_from is not None:
        because = f": {meeting.moved_because}" if meeting.moved_because else ""
        lines.append(f"Moved from {meeting.moved_from.isoformat()}{because}.")
    if not meeting.planned:
        lines.append("Date from the cadence; no meeting file yet.")
    return "\n".join(lines)


def _start(day: date, settings: Settings) -> datetime:
    hour, minute = (int(part) for part in settings.calendar.meeting_time.split(":"))
    if settings.calendar.timezone:
        import zoneinfo

        return datetime.combine(
            day, time(hour, minute), zoneinfo.ZoneInfo(settings.calendar.timezone)
        )
    return datetime.combine(day, time(hour, minute))


def build_calendar(
    meetings: Sequence[UpcomingMeeting],
    managers: Mapping[str, Manager],
    settings: Settings,
    stamp: date,
) -> bytes:
    """The .ics of ``meetings``: one VEVENT each, sorted by date then manager."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//salescoach//salescoach {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"1:1s, {settings.organisation}")
    dtstamp = datetime.combine(stamp, time(0, 0), UTC)
    for meeting in sorted(meetings, key=lambda m: (m.date, m.manager)):
        manager = managers[meeting.manager]
        event = icalendar.Event()
        event.add("uid", event_uid(meeting, settings))
        event.add("dtstamp", dtstamp)
        start = _start(meeting.date, settings)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=meeting.minutes))
        title = f"1:1 with {manager.name}"
        event.add("summary", title + (" + funnel review" if meeting.funnel_review else ""))
        event.add("description", description(meeting))
        event.add("status", "CONFIRMED" if meeting.planned else "TENTATIVE")
        event.add("categories", ["salescoach", "1:1"])
        if manager.email:
            attendee = icalendar.vCalAddress(f"mailto:{manager.email}")
            attendee.params["cn"] = icalendar.vText(manager.name)
            event.add("attendee", attendee)
        cal.add_component(event)
    if settings.calendar.timezone:
        cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def export_ics(export: CalendarExport) -> bytes:
    """The .ics of a calendar export (``usecases.calendar.export_calendar``)."""
    return build_calendar(export.meetings, export.managers, export.settings, export.stamp)
