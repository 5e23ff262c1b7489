"""The upcoming 1:1s as an RFC 5545 calendar (.ics), built with ``icalendar``.

Pure: returns bytes; ``usecases.calendar`` chooses the 1:1s and writes the file. Each event's UID is
``salescoach-<manager>-<n>@<organisation>``, where ``n`` is the meeting's number in the
manager's history (see ``cadence.UpcomingMeeting.ordinal``): moving a meeting or shifting
the projected dates keeps the UID, so importing the file again updates the events instead
of duplicating them; SEQUENCE counts the moves, so the new time replaces the old one. DTSTAMP
is the export day, so the same repository exported on the same day gives the same bytes.
Start times come placed from ``usecases.calendar`` (no two 1:1s of the coach overlap) in one
time zone, whose VTIMEZONE is always written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from salescoach import __version__
from salescoach.cadence import UpcomingMeeting
from salescoach.formats import plural, weekday_iso
from salescoach.i18n import N_, _
from salescoach.messages import rating_scale
from salescoach.models import Manager, Settings
from salescoach.textsafe import one_line, visible
from salescoach.usecases.calendar import event_uid, organisation_slug

if TYPE_CHECKING:
    from salescoach.usecases.calendar import CalendarEvent, CalendarExport
    from salescoach.usecases.calendar_sync import Action, SyncReport

AGENDA_TOPICS = (
    N_("1. The manager's routine: time on reports and admin, time for training the reps."),
    N_("2. Performance of the reps: each rated {scale}."),
    N_(
        "3. Goals for the reps: the plan for each rep over the next 30 days, "
        "and the manager's help."
    ),
    N_(
        "4. The manager's own performance: achievements, what could be better, support, "
        "training and coaching needed, and the plan for it."
    ),
)
"""The agenda's four topics (translated where the description is written)."""
FUNNEL_TOPIC = N_(
    "Funnel review: the team's and each rep's funnel, the volume of calls and prospects, "
    "large deals and the next steps."
)


def description(meeting: UpcomingMeeting) -> str:
    """The event's description: the agenda's four topics, the funnel review, a move; control
    characters of a reason shown as escapes, never sent to a calendar raw."""
    lines = [_("Agenda:"), *(_(topic).format(scale=rating_scale()) for topic in AGENDA_TOPICS)]
    if meeting.funnel_review:
        lines.append(_(FUNNEL_TOPIC))
    lines.append(_("Be explicit about your expectations and the manager's agreed actions."))
    if meeting.moved_from is not None:
        day = meeting.moved_from.isoformat()
        if meeting.moved_because:
            moved = _("Moved from {day}: {because}.").format(day=day, because=meeting.moved_because)
        else:
            moved = _("Moved from {day}.").format(day=day)
        lines.append(moved)
    if not meeting.planned:
        lines.append(_("Date from the cadence; no meeting file yet."))
    return visible("\n".join(lines))


def organizer(settings: Settings) -> Any:
    """The ORGANIZER (RFC 5545 §3.8.4.3): the coach of salescoach.yaml, by name (CN) and by
    ``mailto:`` when the settings know the coach's e-mail; else a stable ``urn:uuid:``, since
    the value must be an address (a URI) and an e-mail is never made up."""
    import icalendar

    coach = settings.coach
    name = coach.name if coach is not None else "Coach"
    email = getattr(coach, "email", None)  # Coach.email, once the settings have it
    if email:
        address = f"mailto:{email}"
    else:
        key = f"salescoach:{organisation_slug(settings.organisation)}:{coach.id if coach else ''}"
        address = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"
    value = icalendar.vCalAddress(address)
    value.params["cn"] = icalendar.vText(one_line(name))
    value.params["role"] = icalendar.vText("CHAIR")
    return value


def calendar_name(settings: Settings) -> str:
    """The calendar's name (X-WR-CALNAME and NAME): ``1:1s, <organisation>``."""
    return one_line(f"1:1s, {settings.organisation}")


def _new_calendar(settings: Settings) -> Any:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "//".join(("-", "salescoach", f"salescoach {__version__}", "EN")))  # FPI
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # a TEXT value, escaped (\, \;): an X- property would otherwise be written as given
    cal.add("x-wr-calname", icalendar.vText(calendar_name(settings)))
    cal.add("name", icalendar.vText(calendar_name(settings)))
    return cal


def build_event(event: CalendarEvent, manager: Manager, settings: Settings, stamp: date) -> Any:
    """The VEVENT of one placed 1:1: UID, times in the coach's zone, SEQUENCE, ORGANIZER and
    the manager as ATTENDEE; every TEXT value escaped by ``icalendar``."""
    import icalendar

    meeting = event.meeting
    out = icalendar.Event()
    out.add("uid", event_uid(meeting, settings))
    out.add("dtstamp", datetime.combine(stamp, time(0, 0), UTC))
    out.add("dtstart", event.start)
    out.add("dtend", event.end)
    out.add("sequence", event.sequence)
    out.add("summary", _summary(manager.name, meeting.funnel_review))
    out.add("description", description(meeting))
    out.add("status", "CONFIRMED" if meeting.planned else "TENTATIVE")
    out.add("categories", ["salescoach", "1:1"])
    out.add("organizer", organizer(settings))
    if manager.email:
        attendee = icalendar.vCalAddress(f"mailto:{manager.email}")
        attendee.params["cn"] = icalendar.vText(one_line(manager.name))
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        out.add("attendee", attendee)
    return out


def build_calendar(
    events: Sequence[CalendarEvent],
    managers: Mapping[str, Manager],
    settings: Settings,
    stamp: date,
) -> bytes:
    """The .ics of ``events``: one VEVENT each, in the order given (by day, then start), and
    the VTIMEZONE of their zone."""
    cal = _new_calendar(settings)
    for event in events:
        cal.add_component(build_event(event, managers[event.meeting.manager], settings, stamp))
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def export_ics(export: CalendarExport) -> bytes:
    """The .ics of a calendar export (``usecases.calendar.export_calendar``)."""
    return build_calendar(export.events, export.managers, export.settings, export.stamp)


def event_renderer(export: CalendarExport) -> Callable[[CalendarEvent], bytes]:
    """One 1:1 as its own calendar object (a VEVENT and its VTIMEZONE): what ``calendar
    sync`` stores on a CalDAV server, one resource per event."""
    return lambda event: build_calendar([event], export.managers, export.settings, export.stamp)


def _summary(name: str, funnel_review: bool) -> str:
    """The event's title: ``1:1 with Anna Kovács`` (``+ funnel review`` when it has one), on
    one line with the name's control characters shown (issue 17)."""
    name = one_line(name)
    if funnel_review:
        return _("1:1 with {name} + funnel review").format(name=name)
    return _("1:1 with {name}").format(name=name)


def _when(start: datetime | date | None) -> str:
    if isinstance(start, datetime):
        return f"{weekday_iso(start.date())} {start:%H:%M}"
    return weekday_iso(start) if start is not None else _("(no start)")


SYNC_ACTIONS: dict[Action, str] = {
    "created": N_("created"),
    "updated": N_("updated"),
    "removed": N_("removed"),
}
"""What ``calendar sync`` did to an event, in words."""


def sync_report(report: SyncReport, export: CalendarExport) -> str:
    """What ``calendar sync`` did: one line per change, then the counts."""
    from salescoach.render.lines import pad

    actions = {code: _(word) for code, word in SYNC_ACTIONS.items()}
    width = max(len(word) for word in actions.values()) + 1
    lines = []
    for change in report.changes:
        title = change.uid
        if change.event is not None:
            name = export.managers[change.event.meeting.manager].name
            title = _("1:1 with {name}").format(name=name)
        was = _(" (was {day})").format(day=_when(change.was)) if change.was is not None else ""
        lines.append(f"{pad(actions[change.action], width)} {_when(change.start)}  {title}{was}")
    counts = ", ".join(f"{report.count(code)} {word}" for code, word in actions.items())
    done = _("synced {url}: {counts}, {unchanged} unchanged; {others} left alone")
    others = plural(report.left_alone, "other event")
    return "\n".join(
        [
            *lines,
            done.format(url=report.url, counts=counts, unchanged=report.unchanged, others=others),
        ]
    )
