"""``style.suggest_style``: the coaching style that follows the person, from experience, the
team's last rating and the goals of the last 13 weeks (partly counts half)."""

from __future__ import annotations

from datetime import date

import pytest

from salescoach import i18n
from salescoach.models import Goal, Manager, Meeting, Rating, Rep, Settings
from salescoach.style import GoalRate, recent_goal_rate, suggest_style

TODAY = date(2026, 11, 27)
SETTINGS = Settings(organisation="Test Co")


def _manager(level: str, style: str = "coaching") -> Manager:
    return Manager.model_validate(
        {
            "name": "Anna",
            "level": level,
            "style": style,
            "reps": [Rep(id="petra", name="Petra"), Rep(id="laszlo", name="László")],
        }
    )


def _meeting(day: date, scores: tuple[int, int], results: list[str]) -> Meeting:
    return Meeting(
        date=day,
        status="held",
        ratings={"petra": Rating(score=scores[0]), "laszlo": Rating(score=scores[1])},
        goals=[Goal(rep="petra", goal=f"Goal {i}", result=r) for i, r in enumerate(results)],
    )


@pytest.mark.parametrize(
    ("level", "scores", "results", "style"),
    [
        ("new", (2, 2), ["missed", "missed", "met"], "directing"),
        ("new", (3, 3), ["met", "met", "met", "partly"], "coaching"),
        ("developing", (3, 2), ["met", "partly", "missed"], "coaching"),
        ("developing", (2, 2), [], "directing"),
        ("experienced", (3, 4), ["met", "met", "met", "partly"], "delegating"),
        ("experienced", (3, 3), ["met", "partly", "missed", "met"], "supporting"),
        ("experienced", (2, 2), ["met", "met", "met"], "coaching"),
        ("experienced", (4, 4), ["missed", "missed", "partly"], "coaching"),
    ],
)
def test_the_style_steps_with_experience_and_results(
    level: str, scores: tuple[int, int], results: list[str], style: str
) -> None:
    meetings = [_meeting(date(2026, 11, 16), scores, results)]
    assert suggest_style(_manager(level), meetings, SETTINGS, TODAY).style == style


def test_the_reason_names_the_level_the_rating_and_the_goals() -> None:
    meetings = [_meeting(date(2026, 11, 16), (3, 4), ["met", "met", "met", "partly"])]
    suggestion = suggest_style(_manager("experienced"), meetings, SETTINGS, TODAY)
    assert suggestion.reason == (
        "experienced manager, results strong: team average 3.5 at the 1:1 of 2026-11-16; "
        "3 of 4 goals of the last 13 weeks met, 1 partly (partly counts half: 88%)"
    )


def test_too_few_goals_leave_the_ratings_to_decide() -> None:
    meetings = [_meeting(date(2026, 11, 16), (3, 3), ["missed", "missed"])]
    suggestion = suggest_style(_manager("experienced"), meetings, SETTINGS, TODAY)
    assert suggestion.style == "delegating"
    assert suggestion.reason.endswith("(partly counts half: 0%, too few to judge (n=2))")


def test_goals_set_more_than_13_weeks_ago_or_not_graded_do_not_count() -> None:
    old = _meeting(date(2026, 8, 20), (3, 3), ["missed"] * 5)  # 99 days before today
    recent = _meeting(date(2026, 10, 5), (3, 3), ["met", "partly"])
    recent.goals.append(Goal(rep="petra", goal="Not graded yet"))
    rate = recent_goal_rate([old, recent], TODAY)
    assert (rate.met, rate.partly, rate.missed, rate.n) == (1, 1, 0, 2)
    assert rate.rate == (1 + 0.5) / 2


def test_no_history_is_the_level_alone() -> None:
    suggestion = suggest_style(_manager("new", "directing"), [], SETTINGS, TODAY)
    assert suggestion.style == "directing"
    assert suggestion.reason == (
        "new manager, results fair: no ratings yet; no goal set in the last 13 weeks graded yet"
    )
    assert GoalRate(0, 0, 0).rate is None


def test_one_graded_goal_is_one_goal_not_goals() -> None:
    meetings = [_meeting(date(2026, 11, 16), (3, 3), ["met"])]
    reason = suggest_style(_manager("experienced"), meetings, SETTINGS, TODAY).reason
    assert reason.endswith(
        "; 1 of 1 goal of the last 13 weeks met, 0 partly "
        "(partly counts half: 100%, too few to judge (n=1))"
    )


def test_the_reason_in_hungarian() -> None:
    meetings = [_meeting(date(2026, 11, 16), (3, 4), ["met", "met", "met", "partly"])]
    i18n.use("hu")
    try:
        suggestion = suggest_style(_manager("experienced"), meetings, SETTINGS, TODAY)
        unrated = suggest_style(_manager("new"), [], SETTINGS, TODAY)
    finally:
        i18n.use("en")
    assert suggestion.reason == (
        "tapasztalt vezető, erős eredmények: a csapat átlaga a legutóbbi értékelt megbeszélésen "
        "(2026-11-16): 3,5; az elmúlt 13 hét 4 céljából 3 teljesült, 1 részben "
        "(a részben teljesült fél pontot ér: 88%)"
    )
    assert unrated.reason == (
        "új vezető, közepes eredmények: még nincs értékelés; "
        "az elmúlt 13 hétben kitűzött célok közül még egyiket sem értékelték"
    )
