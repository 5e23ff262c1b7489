"""ratings: scores from the command line, trends, averages, flags, the team average."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescoach import ratings
from salescoach.errors import UsageError
from salescoach.models import Manager, Meeting

D0 = date(2026, 10, 5)


def manager() -> Manager:
    m = Manager.model_validate(
        {
            "name": "Anna Kovács",
            "reps": [
                {"id": "petra-nagy", "name": "Petra Nagy"},
                {"id": "kinga-papp", "name": "Kinga Papp"},
            ],
        }
    )
    m._id = "anna-kovacs"
    return m


def meeting(day: date, scores: dict[str, int | None], status: str = "held") -> Meeting:
    return Meeting.model_validate(
        {
            "date": day,
            "status": status,
            "ratings": {
                r: ({"score": s, "note": f"n{s}"} if s else None) for r, s in scores.items()
            },
        }
    )


@pytest.mark.parametrize("text", ["1", "2", "3", "4", " 3 "])
def test_parse_score_accepts_1_to_4(text: str) -> None:
    assert ratings.parse_score(text) == int(text)


@pytest.mark.parametrize("text", ["0", "5", "3.5", "three", "yes", "", "-1", "03", "+3", "３"])
def test_parse_score_refuses_anything_else(text: str) -> None:
    with pytest.raises(UsageError) as info:
        ratings.parse_score(text)
    assert info.value.message == f"'{text}' is not a rating; a rating is a whole number from 1 to 4"
    assert info.value.hint == (
        "use 1 = did not reach the goals, 2 = reached some of the goals, "
        "3 = reached the goals, 4 = exceeded the goals"
    )
    assert info.value.exit_code == 2


def test_trend_average_flags() -> None:
    assert ratings.trend([3]) is None
    assert ratings.trend([2, 3]) == "up"
    assert ratings.trend([3, 1]) == "down"
    assert ratings.trend([3, 3]) == "flat"
    assert ratings.average([]) is None
    assert ratings.average([1, 2]) == 1.5
    assert ratings.flags([2, 1, 1]) == ["rated 1 at two meetings in a row"]
    assert ratings.flags([4, 2]) == ["fell by 2 points since the meeting before"]
    assert ratings.flags([4, 1]) == ["fell by 3 points since the meeting before"]
    assert ratings.flags([1, 2, 1]) == []
    assert ratings.flags([3, 2]) == []


def test_rep_history_over_the_last_rated_meetings() -> None:
    meetings = [
        meeting(D0, {"petra-nagy": 4, "kinga-papp": 2}),
        meeting(D0 + timedelta(7), {"petra-nagy": 3}),
        meeting(D0 + timedelta(14), {}, status="held"),  # nobody rated: not a column
        meeting(D0 + timedelta(21), {"petra-nagy": 1, "kinga-papp": 3, "ex-rep": 2}),
        meeting(D0 + timedelta(28), {}, status="planned"),
    ]
    history = ratings.rep_history(manager(), meetings, last=2)
    assert [h.rep for h in history] == ["petra-nagy", "kinga-papp", "ex-rep"]
    petra, kinga, ex = history
    assert petra.scores == {D0 + timedelta(7): 3, D0 + timedelta(21): 1}
    assert petra.notes == {D0 + timedelta(7): "n3", D0 + timedelta(21): "n1"}
    assert petra.trend == "down"
    assert petra.arrow == "↓"
    assert petra.average == 2.0
    assert petra.flags == ["fell by 2 points since the meeting before"]
    assert petra.sparkline == "▅▁"
    assert petra.latest == 1
    assert kinga.scores == {D0 + timedelta(7): None, D0 + timedelta(21): 3}
    assert kinga.sparkline == "·▅"
    assert kinga.trend is None
    assert ex.name == "ex-rep"
    assert ratings.team_average(meetings[3]) == 2.0
    assert ratings.team_average(meetings[2]) is None


def test_choose_meeting() -> None:
    held = meeting(D0, {"petra-nagy": 3})
    planned = meeting(D0 + timedelta(7), {}, status="planned")
    later = meeting(D0 + timedelta(14), {}, status="planned")
    listed = [later, held, planned]
    assert ratings.choose_meeting(listed, today=D0) is held
    assert ratings.choose_meeting(listed, today=D0 + timedelta(1)) is later
    assert ratings.choose_meeting(listed, today=D0 + timedelta(1), on=D0 + timedelta(7)) is planned
    assert ratings.choose_meeting([held], today=D0 + timedelta(1)) is None


@given(st.lists(st.integers(1, 4), max_size=12), st.integers(1, 8))
def test_history_shows_at_most_last_meetings(scores: list[int], last: int) -> None:
    meetings = [meeting(D0 + timedelta(7 * i), {"petra-nagy": s}) for i, s in enumerate(scores)]
    (petra, _kinga) = ratings.rep_history(manager(), meetings, last=last)
    shown = scores[-last:]
    assert list(petra.scores.values()) == shown
    assert petra.average == (sum(shown) / len(shown) if shown else None)
    assert len(petra.sparkline) == len(shown)


def test_ratings_table_of_one_manager_and_of_one_rep() -> None:
    meetings = [
        meeting(D0, {"petra-nagy": 4, "kinga-papp": 2}),
        meeting(D0 + timedelta(7), {}, status="planned"),
        meeting(D0 + timedelta(14), {"petra-nagy": 3, "kinga-papp": 3}),
    ]
    table = ratings.ratings_table(manager(), meetings, last=6)
    assert table.manager.id == "anna-kovacs"
    assert table.dates == [D0, D0 + timedelta(14)]
    assert [h.rep for h in table.reps] == ["petra-nagy", "kinga-papp"]
    assert table.team == {D0: 3.0, D0 + timedelta(14): 3.0}
    only = ratings.ratings_table(manager(), meetings, last=1, rep="kinga-papp")
    assert only.dates == [D0 + timedelta(14)]
    assert [(h.rep, h.latest) for h in only.reps] == [("kinga-papp", 3)]
