"""``calendar sync``: make the coach's 1:1 events on a CalDAV calendar match the export.

By UID (``salescoach-<manager>-<n>@<organisation>``): a 1:1 not on the server is created, one
whose time or text changed is updated (a moved one with a higher SEQUENCE), and one of ours
from today on that is no longer upcoming is removed. Events of other UIDs, and our past 1:1s
(the history), are left alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

from salescoach.caldav_sync import CalDAVCalendar, RemoteEvent, event_content
from salescoach.usecases.calendar import (
    CalendarEvent,
    CalendarExport,
    event_uid,
    organisation_slug,
)

Action = Literal["created", "updated", "removed"]
RenderEvent = Callable[[CalendarEvent], bytes]


@dataclass(frozen=True)
class SyncChange:
    """One change made on the server."""

    action: Action
    uid: str
    start: datetime | date | None
    was: datetime | date | None = None
    """The start before an update (when it moved)."""
    event: CalendarEvent | None = None


@dataclass
class SyncReport:
    """What ``sync_calendar`` did, for the user to read."""

    url: str
    changes: list[SyncChange] = field(default_factory=list)
    unchanged: int = 0
    left_alone: int = 0
    """Events on the calendar that are not salescoach 1:1s (or past ones): never touched."""

    def count(self, action: Action) -> int:
        return sum(1 for c in self.changes if c.action == action)


def is_our_uid(uid: str, export: CalendarExport) -> bool:
    """A UID that ``calendar export`` writes for this organisation."""
    suffix = "@" + organisation_slug(export.settings.organisation)
    return uid.startswith("salescoach-") and uid.endswith(suffix)


def sync_calendar(
    export: CalendarExport, render: RenderEvent, calendar: CalDAVCalendar
) -> SyncReport:
    """Create, update and remove the coach's 1:1 events on ``calendar`` so that, from the
    export day on, they are the export's; ``render`` gives one event's iCalendar object."""
    remote = {e.uid: e for e in calendar.events()}
    report = SyncReport(calendar.url)
    wanted = {event_uid(e.meeting, export.settings): e for e in export.events}
    for uid, event in wanted.items():
        _create_or_update(uid, event, remote.get(uid), render, calendar, report)
    for uid, old in sorted(remote.items()):
        if uid in wanted:
            continue
        if is_our_uid(uid, export) and _on_or_after(old.start, export.stamp):
            calendar.delete(old.url)
            report.changes.append(SyncChange("removed", uid, old.start))
        else:
            report.left_alone += 1
    return report


def _create_or_update(
    uid: str,
    event: CalendarEvent,
    old: RemoteEvent | None,
    render: RenderEvent,
    calendar: CalDAVCalendar,
    report: SyncReport,
) -> None:
    """Put one 1:1 on the server, unless it is there with the same content."""
    if old is None:
        calendar.put(calendar.new_event_url(uid), render(event))
        report.changes.append(SyncChange("created", uid, event.start, event=event))
        return
    moved = old.start != event.start
    # the server's SEQUENCE may be ahead of the moves counted here (an earlier sync)
    floor = old.sequence + 1 if moved else old.sequence
    event = replace(event, sequence=max(event.sequence, floor))
    ics = render(event)
    if event_content(ics)[3] == old.content:
        report.unchanged += 1
        return
    calendar.put(old.url, ics)
    report.changes.append(
        SyncChange("updated", uid, event.start, old.start if moved else None, event)
    )


def _on_or_after(start: datetime | date | None, day: date) -> bool:
    if start is None:
        return False
    return (start.date() if isinstance(start, datetime) else start) >= day
