"""The scorecard's list of 1:1s (``cadence_checks.one_on_ones``): for any history of held,
moved and planned 1:1s, its skips are ``check``'s ``skipped-meeting`` warnings and its past
planned files ``check``'s ``not-recorded``, each once, and every held 1:1 of the period is
in it once."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from salescoach.cadence import next_meeting
from salescoach.cadence_checks import check_cadence, one_on_ones
from salescoach.models import Manager, Meeting, Repo, Settings

PLAIN = Settings(organisation="Test")
FIRST = date(2026, 6, 1)
TODAY = date(2026, 11, 20)
START = date(2026, 8, 21)


def _manager() -> Manager:
    m = Manager(name="Anna", level="new", reps=[])
    m._id = "anna"
    return m


@st.composite
def histories(draw: st.DrawFn) -> list[Meeting]:
    """1:1s a few days to several weeks apart; some moved a day or two, some still planned."""
    meetings, day = [], FIRST
    while day < TODAY + timedelta(days=10):
        kind = draw(st.sampled_from(["held", "held", "held", "moved", "planned"]))
        if kind == "moved":
            meetings.append(Meeting(date=day + timedelta(days=1), status="held", moved_from=day))
        else:
            meetings.append(Meeting(date=day, status=kind))
        day += timedelta(days=draw(st.sampled_from([7, 7, 7, 14, 21, 28])))
    return meetings


@settings(max_examples=60, deadline=None)
@given(histories())
def test_the_list_holds_each_warning_of_check_once_and_each_held_1_1(
    meetings: list[Meeting],
) -> None:
    manager = _manager()
    upcoming = next_meeting(manager, meetings, PLAIN, TODAY)
    listed = one_on_ones(manager, meetings, PLAIN, (START, TODAY), upcoming)
    repo = Repo(PLAIN, managers={"anna": manager}, meetings={"anna": meetings})
    warned: dict[str, list[date]] = {"skipped-meeting": [], "not-recorded": []}
    for d in check_cadence(repo, TODAY):
        day = date.fromisoformat(PurePosixPath(d.path).stem)
        if d.code in warned and day >= START:
            warned[d.code].append(day)
    skipped = [o for o in listed if o.status == "skipped"]
    assert len(skipped) == len(warned["skipped-meeting"])
    unrecorded = [o.date for o in listed if o.status == "overdue" and not o.next]
    assert unrecorded == warned["not-recorded"]
    held = [m for m in meetings if m.status == "held" and START <= m.date <= TODAY]
    assert sorted(o.held_on for o in listed if o.held_on) == [m.date for m in held]
    assert [o.status for o in listed].count("moved") == sum(bool(m.moved_from) for m in held)
    assert sum(o.next for o in listed) <= 1
    assert listed == sorted(listed, key=lambda o: (o.date, o.held_on or o.date, o.status))
