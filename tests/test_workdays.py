"""The working-day calendar: weekdays, public holidays through the holidays package."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescoach.models import CalendarSettings
from salescoach.workdays import (
    NoWorkdays,
    UnknownHolidays,
    WorkCalendar,
    check_country,
)

HU = WorkCalendar(country="HU")


def test_weekends_are_not_workdays() -> None:
    cal = WorkCalendar()
    assert cal.is_workday(date(2026, 11, 27))  # Friday
    assert not cal.is_workday(date(2026, 11, 28))  # Saturday
    assert cal.next_workday(date(2026, 11, 28)) == date(2026, 11, 30)
    assert cal.next_workday(date(2026, 11, 27)) == date(2026, 11, 27)
    assert cal.next_workday_after(date(2026, 11, 27)) == date(2026, 11, 30)


def test_hungarian_christmas_is_skipped() -> None:
    assert HU.holiday_name(date(2026, 12, 24)) == "Christmas Eve"
    assert HU.next_workday(date(2026, 12, 24)) == date(2026, 12, 28)
    assert HU.why_not_workday(date(2026, 12, 25)) == "a public holiday (Christmas Day)"
    assert HU.why_not_workday(date(2026, 12, 27)) == "a Sunday"
    assert HU.why_not_workday(date(2026, 12, 28)) is None


def test_region_codes_and_settings() -> None:
    cal = WorkCalendar.from_settings(CalendarSettings(workdays=["mon", "tue"], holidays="US-CA"))
    assert cal.holiday_name(date(2026, 3, 31)) == "Cesar Chavez Day"
    assert cal.workdays == frozenset({0, 1})


def test_unknown_country_is_a_clear_error() -> None:
    with pytest.raises(UnknownHolidays) as caught:
        WorkCalendar(country="XX").is_workday(date(2026, 1, 1))
    assert caught.value.message == (
        "salescoach.yaml: calendar.holidays: the holidays package knows no country or region 'XX'"
    )
    assert check_country("XX") == caught.value.message
    assert check_country("HU") is None


def test_no_workdays_at_all_is_an_error_not_a_hang() -> None:
    with pytest.raises(NoWorkdays):
        WorkCalendar(workdays=[]).next_workday(date(2026, 1, 1))


def test_workdays_between_excludes_both_ends() -> None:
    assert HU.workdays_between(date(2026, 12, 23), date(2026, 12, 28)) == 0
    assert WorkCalendar().workdays_between(date(2026, 11, 27), date(2026, 12, 4)) == 4
    assert HU.is_workday(date(2026, 12, 28))
    assert HU.next_workday(date(2026, 12, 26)) == date(2026, 12, 28)
    assert WorkCalendar().add_workdays(date(2026, 11, 27), 3) == date(2026, 12, 2)


weekday_sets = st.sets(
    st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1
)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(weekday_sets, st.sampled_from([None, "HU", "DE", "GB", "US"]), days)
def test_next_workday_is_the_first_working_day_on_or_after(
    workdays: set[str], country: str | None, day: date
) -> None:
    cal = WorkCalendar(workdays, country)
    found = cal.next_workday(day)
    assert found >= day
    assert cal.is_workday(found)
    assert all(not cal.is_workday(day + timedelta(days=i)) for i in range((found - day).days))
