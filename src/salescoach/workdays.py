"""The working-day calendar: which days a 1:1 can fall on.

A day is a working day when its weekday is one of ``calendar.workdays`` and it is not a
public holiday of ``calendar.holidays`` (a country code such as ``HU``, or a subdivision
such as ``US-CA``). Pure: no files are read. The holidays of a year come from the calendar's
``HolidaySource`` (the store's cache, ``store.holiday_cache``, installed with
``use_holiday_source``), else ``compute_holidays`` (the ``holidays`` package, imported only
then), and are asked for once per calendar and year.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from salescoach.errors import SalescoachError
from salescoach.formats import weekday_name
from salescoach.i18n import _
from salescoach.models import WEEKDAYS

if TYPE_CHECKING:
    from salescoach.models import CalendarSettings

_SEARCH_LIMIT = 3 * 366
"""How far ``next_workday`` looks before it gives up (a calendar with no working day)."""


HolidaySource = Callable[[str, int, str], dict[date, str]]
"""(country code such as ``HU`` or ``US-CA``, year, language ``en_US``/``hu``) → that year's
public holidays (date → name)."""

_source: HolidaySource | None = None


def use_holiday_source(source: HolidaySource | None) -> None:
    """Have calendars without a source of their own take holidays from ``source`` (the
    store's cache); None: compute them."""
    global _source
    _source = source


class NoWorkdays(SalescoachError):
    """The calendar has no working day at all within a long search window."""


class UnknownHolidays(SalescoachError):
    """``calendar.holidays`` names a country the ``holidays`` package does not know."""


class WorkCalendar:
    """Working days and public holidays.

    ``workdays`` are weekday names (``mon`` … ``sun``); ``country`` is a holiday country code
    (``HU``, ``US-CA``); ``extra_holidays`` are more days off (tests, company closures).
    """

    def __init__(
        self,
        workdays: Iterable[str] = ("mon", "tue", "wed", "thu", "fri"),
        country: str | None = None,
        extra_holidays: Iterable[date] = (),
        holidays_of: HolidaySource | None = None,
    ) -> None:
        self.workdays: frozenset[int] = frozenset(WEEKDAYS.index(d) for d in workdays)
        self.country = country
        self.extra_holidays: frozenset[date] = frozenset(extra_holidays)
        self._by_year: dict[int, dict[date, str]] = {}
        self._holidays_of = holidays_of

    @classmethod
    def from_settings(
        cls, calendar: CalendarSettings, holidays_of: HolidaySource | None = None
    ) -> WorkCalendar:
        """The calendar described by ``calendar:`` in salescoach.yaml."""
        return cls(calendar.workdays, calendar.holidays, holidays_of=holidays_of)

    def __repr__(self) -> str:
        days = [WEEKDAYS[i] for i in sorted(self.workdays)]
        return f"WorkCalendar(workdays={days}, country={self.country!r})"

    def holidays_in(self, year: int) -> dict[date, str]:
        """The public holidays of ``year`` (date → name); empty without a country."""
        if year not in self._by_year:
            found: dict[date, str] = {}
            if self.country:
                source = self._holidays_of or _source or compute_holidays
                found = source(self.country, year, holiday_language())
            self._by_year[year] = found
        return self._by_year[year]

    def holiday_name(self, day: date) -> str | None:
        """The name of the public holiday on ``day``, or None."""
        if day in self.extra_holidays:
            return _("day off")
        return self.holidays_in(day.year).get(day)

    def is_workday(self, day: date) -> bool:
        """Whether a 1:1 can be held on ``day``."""
        return day.weekday() in self.workdays and self.holiday_name(day) is None

    def why_not_workday(self, day: date) -> str | None:
        """Why ``day`` is not a working day ("a Saturday", "Christmas Day"), or None."""
        if day.weekday() not in self.workdays:
            return _("a {weekday}").format(weekday=weekday_name(day))
        name = self.holiday_name(day)
        return _("a public holiday ({name})").format(name=name) if name else None

    def next_workday(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        for offset in range(_SEARCH_LIMIT):
            candidate = day + timedelta(days=offset)
            if self.is_workday(candidate):
                return candidate
        raise NoWorkdays(
            _("no working day in the {count} days from {day}").format(
                count=_SEARCH_LIMIT, day=day.isoformat()
            ),
            hint=_("check calendar.workdays in salescoach.yaml (e.g. [mon, tue, wed, thu, fri])"),
        )

    def next_workday_after(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.next_workday(day + timedelta(days=1))

    def workdays_between(self, start: date, end: date) -> int:
        """How many working days lie in ``start`` < day < ``end`` (both ends excluded)."""
        count = 0
        day = start + timedelta(days=1)
        while day < end:
            count += self.is_workday(day)
            day += timedelta(days=1)
        return count

    def add_workdays(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself when ``count`` is 0)."""
        for _step in range(count):
            day = self.next_workday_after(day)
        return day


def holiday_language() -> str:
    """The language of holiday names: the output's, not the locale's (holidays reads LANG)."""
    from salescoach import i18n

    return "hu" if i18n.current() == "hu" else "en_US"


def compute_holidays(code: str, year: int, language: str) -> dict[date, str]:
    """The public holidays of ``code`` (``HU``, ``US-CA``) in ``year``, names in ``language``,
    from the ``holidays`` package (imported here: its country modules cost ~100 ms)."""
    import holidays

    country, _sep, subdiv = code.partition("-")
    try:
        found = holidays.country_holidays(
            country, subdiv=subdiv or None, years=year, language=language
        )
    except NotImplementedError:
        raise UnknownHolidays(
            _(
                "salescoach.yaml: calendar.holidays: the holidays package knows no country "
                "or region '{code}'"
            ).format(code=code),
            hint=_(
                "use an ISO 3166 country code such as HU, DE, GB or US, or a region such as "
                "US-CA; remove the key to have no public holidays"
            ),
        ) from None
    return dict(found.items())


def check_country(code: str) -> str | None:
    """None when ``code`` is a known holiday country, else the reason it is not."""
    try:
        compute_holidays(code, 2026, holiday_language())
    except UnknownHolidays as exc:
        return exc.message
    return None
