"""The cadence: interval and reason, the next 1:1 date, the funnel review."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salescoach import cadence
from salescoach.cadence import (
    Cadence,
    decide_cadence,
    experience_level,
    funnel_review_interval_days,
    next_meeting,
    upcoming_meetings,
)
from salescoach.models import Manager, Meeting, Rating, Settings
from salescoach.workdays import WorkCalendar
from tests.conftest import Run, write

HU = Settings(organisation="Test", calendar={"holidays": "HU"})  # type: ignore[arg-type]
PLAIN = Settings(organisation="Test")


def manager(**fields: Any) -> Manager:
    m = Manager(name="Anna", reps=[], **fields)
    m._id = "anna"
    return m


def held(day: date, **fields: Any) -> Meeting:
    return Meeting(date=day, status="held", **fields)


def planned(day: date, **fields: Any) -> Meeting:
    return Meeting(date=day, status="planned", **fields)


def rated(day: date, *scores: int) -> Meeting:
    return held(day, ratings={f"rep-{i}": Rating(score=s) for i, s in enumerate(scores)})


# ---------------------------------------------------------------- must show


def test_new_manager_after_hungarian_christmas() -> None:
    anna = manager(level="new", in_role_since=date(2026, 6, 1))
    nxt = next_meeting(anna, [held(date(2026, 12, 17))], HU, date(2026, 12, 18))
    assert nxt.date == date(2026, 12, 28)
    assert nxt.every_days == 7
    assert nxt.reason == "every 7 days: new in role since 2026-06-01"
    assert nxt.overdue_days == 0
    assert nxt.last_held == date(2026, 12, 17)


def test_experienced_manager_two_weeks_later() -> None:
    peter = manager(level="experienced")
    nxt = next_meeting(peter, [held(date(2026, 11, 2))], HU, date(2026, 11, 3))
    assert nxt.date == date(2026, 11, 16)
    assert nxt.cadence == Cadence("experienced", 14, "every 14 days: level experienced")


@pytest.mark.parametrize("level", ["new", "developing", "experienced"])
def test_training_needs_mean_weekly_whatever_the_level(level: str) -> None:
    m = manager(level=level, training_needs=["forecasting"])
    nxt = next_meeting(m, [held(date(2026, 11, 2))], PLAIN, date(2026, 11, 3))
    assert nxt.every_days == 7
    assert nxt.date == date(2026, 11, 9)


# ---------------------------------------------------------------- the interval and its reason


def test_training_needs_reason_when_it_decides() -> None:
    m = manager(level="experienced", training_needs=["forecasting", "delegation"])
    assert decide_cadence(m, [], PLAIN, date(2026, 11, 3)).reason == (
        "every 7 days: training needs (forecasting, delegation)"
    )


def test_low_team_rating_means_weekly() -> None:
    m = manager(level="experienced")
    history = [
        rated(date(2026, 10, 1), 4, 4),
        rated(date(2026, 10, 15), 2, 2, 3),
        held(date(2026, 10, 29)),
    ]
    got = decide_cadence(m, history, PLAIN, date(2026, 11, 3))
    assert got == Cadence(
        "experienced", 7, "every 7 days: team rated 2.33 on average at the last 1:1 (below 2.5)"
    )


def test_rating_at_threshold_keeps_level_interval() -> None:
    m = manager(level="experienced")
    got = decide_cadence(m, [rated(date(2026, 10, 15), 2, 3)], PLAIN, date(2026, 11, 3))
    assert got.every_days == 14


def test_both_triggers_are_named() -> None:
    m = manager(level="experienced", training_needs=["forecasting"])
    got = decide_cadence(m, [rated(date(2026, 10, 15), 2, 2)], PLAIN, date(2026, 11, 3))
    assert got.reason == (
        "every 7 days: training needs (forecasting); "
        "team rated 2 on average at the last 1:1 (below 2.5)"
    )


def test_cadence_days_overrides_everything() -> None:
    m = manager(level="new", training_needs=["x"], cadence_days=10)
    got = decide_cadence(m, [rated(date(2026, 10, 15), 1)], PLAIN, date(2026, 11, 3))
    assert got == Cadence("new", 10, "every 10 days: set for this manager (cadence_days)")


def test_weekly_never_lengthens_a_shorter_level_interval() -> None:
    s = Settings(organisation="T", cadence={"new": 5})  # type: ignore[arg-type]
    got = decide_cadence(manager(level="new", training_needs=["x"]), [], s, date(2026, 11, 3))
    assert got.every_days == 5
    assert got.reason == "every 5 days: level new"
    got = decide_cadence(
        manager(level="experienced", training_needs=["x"]), [], s, date(2026, 11, 3)
    )
    assert got.every_days == 5


def test_level_from_in_role_since() -> None:
    m = manager(in_role_since=date(2026, 6, 1))
    assert experience_level(m, PLAIN, date(2026, 11, 30)) == "new"
    assert experience_level(m, PLAIN, date(2026, 12, 1)) == "experienced"
    assert decide_cadence(m, [], PLAIN, date(2026, 11, 30)).reason == (
        "every 7 days: new in role since 2026-06-01 (less than 6 months)"
    )
    assert decide_cadence(m, [], PLAIN, date(2026, 12, 1)).reason == (
        "every 14 days: experienced in role since 2026-06-01 (6 months or more)"
    )


def test_no_level_and_no_start_date_is_developing() -> None:
    got = decide_cadence(manager(), [], PLAIN, date(2026, 11, 3))
    assert got == Cadence(
        "developing", 7, "every 7 days: developing: no level or in_role_since in the manager's file"
    )


# ---------------------------------------------------------------- the next date


def test_no_meeting_yet_is_due_today_or_next_workday() -> None:
    assert next_meeting(manager(), [], PLAIN, date(2026, 11, 27)).date == date(2026, 11, 27)
    nxt = next_meeting(manager(), [], PLAIN, date(2026, 11, 28))
    assert nxt.date == date(2026, 11, 30)
    assert nxt.overdue_days == 0
    assert nxt.last_held is None


def test_overdue_meeting_is_due_today_never_dropped() -> None:
    m = manager(level="experienced")
    nxt = next_meeting(m, [held(date(2026, 11, 2))], PLAIN, date(2026, 11, 27))
    assert nxt.date == date(2026, 11, 27)
    assert nxt.overdue_days == 11
    assert nxt.due == date(2026, 11, 16)
    saturday = next_meeting(m, [held(date(2026, 11, 2))], PLAIN, date(2026, 11, 28))
    assert (saturday.date, saturday.overdue_days) == (date(2026, 11, 30), 12)


def test_planned_meeting_wins_and_carries_its_move() -> None:
    m = manager(level="experienced")
    moved = planned(date(2026, 11, 17), moved_from=date(2026, 11, 16), moved_because="trade fair")
    nxt = next_meeting(m, [held(date(2026, 11, 2)), moved], PLAIN, date(2026, 11, 3))
    assert (nxt.date, nxt.planned) == (date(2026, 11, 17), True)
    assert (nxt.moved_from, nxt.moved_because) == (date(2026, 11, 16), "trade fair")


def test_planned_meeting_before_last_held_is_ignored() -> None:
    m = manager(level="experienced")
    history = [planned(date(2026, 10, 20)), held(date(2026, 11, 2))]
    nxt = next_meeting(m, history, PLAIN, date(2026, 11, 3))
    assert (nxt.date, nxt.planned) == (date(2026, 11, 16), False)


def test_past_planned_meeting_not_held_is_overdue() -> None:
    m = manager(level="experienced")
    history = [held(date(2026, 11, 2)), planned(date(2026, 11, 10))]
    nxt = next_meeting(m, history, PLAIN, date(2026, 11, 12))
    assert (nxt.date, nxt.overdue_days, nxt.planned) == (date(2026, 11, 12), 2, False)


# ---------------------------------------------------------------- the funnel review


def test_funnel_review_interval_is_sales_cycle_days_in_whole_weeks() -> None:
    def with_cycle(days: int | None) -> Settings:
        return Settings(organisation="T", funnel={"sales_cycle_days": days})  # type: ignore[arg-type]

    assert funnel_review_interval_days(with_cycle(45)) == 42
    assert funnel_review_interval_days(with_cycle(49)) == 49
    assert funnel_review_interval_days(with_cycle(10)) == 42
    assert funnel_review_interval_days(with_cycle(200)) == 56
    assert funnel_review_interval_days(with_cycle(None)) == 42


def test_funnel_review_is_in_the_first_1on1_on_or_after_its_due_date() -> None:
    m = manager(level="experienced", weekday="mon")  # the 1:1s are on Mondays
    # reviewed 2026-10-01: due 2026-11-12; the next 1:1 (every 14 days) is Mon 2026-11-16
    history = [held(date(2026, 10, 1), funnel_review=True), held(date(2026, 11, 2))]
    nxt = next_meeting(m, history, PLAIN, date(2026, 11, 3))
    assert nxt.date == date(2026, 11, 16)
    assert nxt.funnel_review_due == date(2026, 11, 16)
    assert (nxt.funnel_review, nxt.minutes) == (True, 90)
    # reviewed 2026-10-20: due 2026-12-01; 1:1s on 11-16 and 11-30, then Mon 2026-12-14
    history = [held(date(2026, 10, 20), funnel_review=True), held(date(2026, 11, 2))]
    nxt = next_meeting(m, history, PLAIN, date(2026, 11, 3))
    assert nxt.funnel_review_due == date(2026, 12, 14)
    assert (nxt.funnel_review, nxt.minutes) == (False, 60)


def test_no_review_in_the_window_is_in_the_next_1on1() -> None:
    nxt = next_meeting(manager(), [held(date(2026, 11, 2))], PLAIN, date(2026, 11, 3))
    assert nxt.funnel_review_due == nxt.date == date(2026, 11, 9)
    assert nxt.funnel_review


def test_an_overdue_review_is_in_the_next_1on1() -> None:
    history = [held(date(2026, 8, 3), funnel_review=True), held(date(2026, 11, 2))]
    nxt = next_meeting(manager(), history, PLAIN, date(2026, 11, 3))
    assert nxt.funnel_review_due == nxt.date == date(2026, 11, 9)


def test_a_planned_1on1_marked_for_the_review_holds_it() -> None:
    m = manager(level="experienced")
    history = [
        held(date(2026, 10, 20), funnel_review=True),
        planned(date(2026, 11, 16), funnel_review=True),
    ]
    nxt = next_meeting(m, history, PLAIN, date(2026, 11, 3))
    assert nxt.funnel_review_due == nxt.date == date(2026, 11, 16)
    assert nxt.funnel_review


def test_last_funnel_review_before_a_day() -> None:
    history = [
        held(date(2026, 9, 1), funnel_review=True),
        held(date(2026, 10, 1), funnel_review=True),
        planned(date(2026, 11, 2), funnel_review=True),
    ]
    assert cadence.last_funnel_review(history) == date(2026, 10, 1)
    assert cadence.last_funnel_review(history, date(2026, 10, 1)) == date(2026, 9, 1)
    assert cadence.last_funnel_review(history, date(2026, 9, 1)) is None


# ---------------------------------------------------------------- the coming weeks


def test_upcoming_meetings_follow_the_cadence_and_planned_files() -> None:
    m = manager(level="experienced")
    history = [
        held(date(2026, 11, 2), funnel_review=True),
        planned(date(2026, 11, 17), moved_from=date(2026, 11, 16), moved_because="fair"),
    ]
    got = upcoming_meetings(m, history, HU, date(2026, 11, 3), until=date(2027, 1, 10))
    # the move to Tuesday 11-17 does not move the series: the next ones are on Mondays
    assert [u.date for u in got] == [
        date(2026, 11, 17),
        date(2026, 11, 30),
        date(2026, 12, 14),
        date(2026, 12, 28),
    ]
    assert [u.ordinal for u in got] == [2, 3, 4, 5]
    assert [u.funnel_review for u in got] == [False, False, True, False]
    assert got[0].planned
    assert got[0].moved_from == date(2026, 11, 16)


def test_no_upcoming_1on1_from_the_day_a_manager_left() -> None:
    history = [held(date(2026, 11, 2))]
    m = manager(level="experienced", left=date(2026, 12, 14))
    got = upcoming_meetings(m, history, HU, date(2026, 11, 3), until=date(2027, 1, 10))
    assert [u.date for u in got] == [date(2026, 11, 16), date(2026, 11, 30)]


# ---------------------------------------------------------------- properties

weekday_sets = st.sets(
    st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1
)
countries = st.sampled_from([None, "HU", "DE", "GB", "US"])
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    weekday_sets,
    countries,
    st.lists(days, max_size=8),
    st.sampled_from(["new", "developing", "experienced"]),
    st.integers(min_value=-30, max_value=60),
)
def test_next_date_properties(
    workdays: set[str], country: str | None, history: list[date], level: str, ahead: int
) -> None:
    """The next date is a working day, never before the last held meeting, and the first
    working day from ``base``: the first day after the last held 1:1 on the anchor weekday
    (the first 1:1's) at the interval, or today when that has passed (or there is none)."""
    cal = WorkCalendar(workdays, country)
    meetings = [held(d) for d in sorted(set(history))]
    last = max(history) if history else None
    today = (last or date(2026, 6, 1)) + timedelta(days=ahead)
    nxt = next_meeting(manager(level=level), meetings, PLAIN, today, cal)
    assert cal.is_workday(nxt.date)
    assert last is None or nxt.date >= last
    assert nxt.date >= today
    slot = None
    if last is not None:  # the anchor weekday on or before the last 1:1, + the interval
        back = (last.weekday() - min(history).weekday()) % 7
        slot = last - timedelta(days=back) + timedelta(days=nxt.every_days)
        assert slot > last
        assert slot.weekday() == min(history).weekday()
    base = max(slot, today) if slot else today
    assert nxt.date == cal.next_workday(base)
    due = cal.next_workday(slot) if slot else None
    assert nxt.overdue_days == (max(0, (today - due).days) if due else 0)


@settings(max_examples=100, deadline=None)
@given(weekday_sets, countries, days, st.integers(min_value=1, max_value=30))
def test_upcoming_meetings_are_working_days_in_order(
    workdays: set[str], country: str | None, last: date, every: int
) -> None:
    cal = WorkCalendar(workdays, country)
    m = manager(cadence_days=every)
    got = upcoming_meetings(m, [held(last)], PLAIN, last, last + timedelta(days=120), cal)
    assert got
    assert all(cal.is_workday(u.date) for u in got)
    assert [u.date for u in got] == sorted({u.date for u in got})
    assert [u.ordinal for u in got] == list(range(2, len(got) + 2))


@settings(max_examples=150, deadline=None)
@given(
    weekday_sets,
    countries,
    days,
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=0, max_value=120),
    st.integers(min_value=-20, max_value=60),
)
def test_funnel_review_date_is_a_working_day_of_a_1on1(
    workdays: set[str], country: str | None, last: date, every: int, ago: int, ahead: int
) -> None:
    """The review's date is a working day, the date of one of the projected 1:1s (the first
    one with the review), never before the next 1:1 and, with a review on record, never
    before it is due unless that is the next 1:1."""
    cal = WorkCalendar(workdays, country)
    m = manager(cadence_days=every)
    review = last - timedelta(days=ago)
    history = [held(review, funnel_review=True)] if ago else []
    history.append(held(last))
    today = last + timedelta(days=ahead)
    nxt = next_meeting(m, history, PLAIN, today, cal)
    day = cadence.funnel_review_date(m, history, PLAIN, today, cal)
    assert day == nxt.funnel_review_due
    assert cal.is_workday(day)
    assert day >= nxt.date
    got = upcoming_meetings(m, history, PLAIN, today, day, cal)
    assert [u.date for u in got if u.funnel_review][:1] == [day]
    due = review + timedelta(days=funnel_review_interval_days(PLAIN))
    if ago and day != nxt.date:
        assert day >= due


def test_module_is_pure() -> None:
    source = cadence.__file__
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    for forbidden in ("import typer", "import rich", "open(", "date.today", "Path("):
        assert forbidden not in text


# ---------------------------------------------------------------- check: cadence warnings


def _cadence_repo(root: Path) -> Path:
    write(root, "salescoach.yaml", "organisation: T\ncalendar: {holidays: HU}\n")
    write(root, "managers/anna.yaml", "name: Anna\nlevel: new\nreps: []\n")
    for day in ("2026-10-05", "2026-10-12", "2026-10-26"):
        write(root, f"meetings/anna/{day}.yaml", f"date: {day}\nstatus: held\n")
    write(root, "meetings/anna/2026-11-02.yaml", "date: 2026-11-02\nstatus: planned\n")
    return root


def test_check_warns_about_a_skipped_and_an_unrecorded_meeting(cli: Run, repo: Path) -> None:
    _cadence_repo(repo)
    result = cli("--repo", repo, "--today", "2026-11-05", "check")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "meetings/anna/2026-10-26.yaml:1:7: skipped-meeting (warning) 14 days since the previous "
        "1:1 on 2026-10-12, more than every 7 days plus 3 working days of grace: a meeting was "
        "skipped (move a 1:1 with `salescoach meeting move`, never skip it)",
        "meetings/anna/2026-11-02.yaml:2:9: not-recorded (warning) the 1:1 planned for "
        "2026-11-02 is in the past but not recorded as held; set `status: held` and fill it in, "
        "or move it with `salescoach meeting move anna 2026-11-02`",
        "checked 6 files: 0 errors, 2 warnings",
    ]
    assert cli("--repo", repo, "--today", "2026-11-05", "check", "--strict").exit_code == 1


def test_a_gap_within_the_grace_is_fine(cli: Run, repo: Path) -> None:
    _cadence_repo(repo)
    # due 2026-10-19; + 5 working days (23 October is a Hungarian holiday) is 2026-10-27
    write(
        repo,
        "salescoach.yaml",
        "organisation: T\ncalendar: {holidays: HU}\ncadence: {grace_workdays: 5}\n",
    )
    result = cli("--repo", repo, "--today", "2026-11-01", "check", "--strict")
    assert result.exit_code == 0, result.output


def test_unknown_holiday_country_is_an_error_in_check(cli: Run, repo: Path) -> None:
    write(repo, "salescoach.yaml", "organisation: T\ncalendar:\n  holidays: XX\n")
    result = cli("--repo", repo, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "salescoach.yaml:3:13: unknown-holidays no public holidays are known for 'XX'; use an "
        "ISO 3166 country code such as HU, DE, GB or US, or a region such as US-CA"
    )


def test_the_example_has_no_cadence_warnings(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", "2026-11-27", "check", "--strict")
    assert result.exit_code == 0, result.stderr


# ---------------------------------------------------------------- in Hungarian


@pytest.fixture
def hungarian() -> Any:
    """Reasons in Hungarian for one test, English again afterwards."""
    from salescoach import i18n

    i18n.use("hu")
    yield
    i18n.use("en")


@pytest.mark.usefixtures("hungarian")
def test_reasons_in_hungarian_with_a_decimal_comma() -> None:
    m = manager(level="experienced", training_needs=["forecasting"])
    history = [rated(date(2026, 10, 15), 2, 2, 3)]
    got = decide_cadence(m, history, PLAIN, date(2026, 11, 3))
    assert got.reason == (
        "7 naponta: képzési igények (forecasting); a csapat átlagos értékelése 2,33 volt a "
        "legutóbbi megbeszélésen (2,5 alatt)"
    )
    since = manager(in_role_since=date(2026, 6, 1))
    assert decide_cadence(since, [], PLAIN, date(2026, 11, 30)).reason == (
        "7 naponta: új, 2026-06-01 óta a szerepkörben (kevesebb mint 6 hónap)"
    )
    assert decide_cadence(manager(level="new"), [], PLAIN, date(2026, 11, 3)).reason == (
        "7 naponta: szint: új"
    )


def test_english_reasons_after_hungarian_ones() -> None:
    """The language is chosen per run: English again once Hungarian was used."""
    from salescoach import i18n

    i18n.use("hu")
    i18n.use("en")
    got = decide_cadence(manager(level="new"), [], PLAIN, date(2026, 11, 3))
    assert got.reason == "every 7 days: level new"
