"""One calendar on a CalDAV server (Nextcloud, Fastmail, iCloud, Radicale ...), through the
``caldav`` library (the ``salescoach[caldav]`` extra, imported only here and only when used):
list its events, put an event's iCalendar object, delete one. Storage: it knows no 1:1s; the
use case ``usecases.calendar_sync`` decides what to create, update and remove.

Events are written with a plain PUT of the bytes given (to ``<UID>.ics`` for a new one), so the
SEQUENCE salescoach chose is stored as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from salescoach.errors import SalescoachError
from salescoach.i18n import N_, _

INSTALL_HINT = N_("install it with: pip install 'salescoach[caldav]'")
REFUSED = {
    "store": N_("the CalDAV server did not store {url} (HTTP {status})"),
    "remove": N_("the CalDAV server did not remove {url} (HTTP {status})"),
}
"""What a server refused, by the request (translated where it is raised)."""


class CalDAVError(SalescoachError):
    """The CalDAV server could not be reached, refused the login, or refused a change."""


@dataclass(frozen=True)
class RemoteEvent:
    """One event of the calendar on the server, as far as a sync needs it."""

    uid: str
    start: datetime | date | None
    sequence: int
    content: tuple[str, ...]
    """What a calendar user sees (times, summary, description, status, people): equal
    contents need no update, whatever DTSTAMP and SEQUENCE say."""
    url: str


def event_content(
    ics: bytes | str,
) -> tuple[str | None, datetime | date | None, int, tuple[str, ...]]:
    """The UID, start, SEQUENCE and content of the first VEVENT of an iCalendar object."""
    import icalendar

    cal = icalendar.Calendar.from_ical(ics)
    for event in cal.walk("VEVENT"):
        start = event.decoded("dtstart") if "dtstart" in event else None
        seen = [str(start), str(event.decoded("dtend") if "dtend" in event else None)]
        for name in ("summary", "description", "status", "organizer", "attendee"):
            seen.append(str(event.get(name, "")))
        uid = str(event["uid"]) if "uid" in event else None
        return uid, start, int(event.get("sequence", 0)), tuple(seen)
    return None, None, 0, ()


class CalDAVCalendar:
    """A calendar collection at ``url``, logged in as ``user``."""

    def __init__(self, url: str, user: str, password: str) -> None:
        caldav = _caldav()
        self.url = url if url.endswith("/") else url + "/"
        self._client = caldav.DAVClient(url=self.url, username=user, password=password)
        self._calendar = self._client.calendar(url=self.url)

    def events(self) -> list[RemoteEvent]:
        """Every event of the calendar (other objects, such as to-dos, are left out)."""
        listing = getattr(self._calendar, "get_events", None) or self._calendar.events
        found: list[RemoteEvent] = []
        for item in self._call(listing):
            uid, start, sequence, content = event_content(item.data)
            if uid is not None:
                found.append(RemoteEvent(uid, start, sequence, content, str(item.url)))
        return found

    def new_event_url(self, uid: str) -> str:
        """Where a new event with ``uid`` is stored: ``<calendar>/<UID>.ics``."""
        return self.url + quote(uid, safe="@-_.") + ".ics"

    def put(self, url: str, ics: bytes) -> None:
        """Store ``ics`` at ``url`` (a new event, or the new version of one)."""
        headers = {"Content-Type": "; ".join(("text/calendar", "charset=utf-8"))}  # a MIME type
        response = self._call(lambda: self._client.put(url, ics.decode("utf-8"), headers))
        self._require_ok(response, "store", url)

    def delete(self, url: str) -> None:
        """Remove the event at ``url``."""
        response = self._call(lambda: self._client.delete(url))
        self._require_ok(response, "remove", url)

    def _call(self, action: Any) -> Any:
        """Run one request; a failure becomes a ``CalDAVError`` that names the calendar."""
        import caldav.lib.error

        try:
            return action()
        except caldav.lib.error.AuthorizationError:
            raise CalDAVError(
                _("the CalDAV server refused the login to {url}").format(url=self.url),
                hint=_("check --user and $SALESCOACH_CALDAV_PASSWORD (an app password, for some)"),
            ) from None
        except caldav.lib.error.NotFoundError:
            raise CalDAVError(
                _("no calendar at {url}").format(url=self.url),
                hint=_("give --url the address of the calendar itself, as the server shows it"),
            ) from None
        except (caldav.lib.error.DAVError, OSError) as failed:
            text = _("the CalDAV server at {url} failed: {problem}")
            raise CalDAVError(text.format(url=self.url, problem=failed)) from None

    def _require_ok(self, response: Any, what: str, url: str) -> None:
        status = int(getattr(response, "status", 0) or 0)
        if not 200 <= status < 300:
            raise CalDAVError(_(REFUSED[what]).format(url=url, status=status))


def _caldav() -> Any:
    """The caldav module, or the refusal saying how to install it."""
    try:
        import caldav
    except ImportError:
        raise CalDAVError(
            _("calendar sync needs the caldav package, which is not installed"),
            hint=_(INSTALL_HINT),
        ) from None
    return caldav
