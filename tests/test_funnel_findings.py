"""funnel: findings, at most one per rep and kind, ordered by the value at stake (the team's
first), and the call volume an activities window needs."""

from __future__ import annotations

import io
import math
from datetime import date, timedelta

from rich.console import Console

from salescoach import funnel
from salescoach.funnel import Deal, Source
from salescoach.funnel.activity import ActivityCount
from salescoach.models import FunnelSettings, Manager, Settings
from salescoach.render import funnel as render

D = date
AS_OF = D(2026, 6, 30)
FS = FunnelSettings(
    stages=["prospects", "meetings", "won"], large_deal=10000, stalled_after_days=30
)
SETTINGS = Settings(organisation="Test", funnel=FS)


def _manager(*reps: dict[str, object]) -> Manager:
    manager = Manager.model_validate({"name": "Mia", "reps": list(reps)})
    manager._id = "mia"
    return manager


def _codes(review: funnel.RepReview) -> list[str]:
    return [d.code for d in review.diagnoses]


# ---------------------------------------------------------------- one finding per rep and kind

BIG = [
    Deal(f"L{i}", "a", "Ann Longname-Smith", "meetings", amount, D(2026, 1, 1), None, f"Big {i}")
    for i, amount in enumerate([12000.0, 50000.0, 20000.0, 11000.0])
]
SMALL = [
    Deal(f"S{i}", "b", "Bob", "meetings", amount, D(2026, 6, 20), None, f"Small {i}")
    for i, amount in enumerate([300.0, 900.0, 500.0, 700.0])
]
TEAM = _manager({"id": "a", "name": "Ann"}, {"id": "b", "name": "Bob"})


def _review() -> funnel.TeamReview:
    return funnel.team_summary(SETTINGS, TEAM, Source.from_deals(BIG + SMALL, FS, as_of=AS_OF))


def test_large_deals_of_a_rep_are_one_finding_largest_first() -> None:
    ann, bob = _review().reps
    assert _codes(ann).count("large-deal") == 1
    [large] = [d for d in ann.diagnoses if d.code == "large-deal"]
    assert large.message.startswith(
        "Large deals: Big 1 (L1) (a), 50,000 at meetings, open 180 days; Big 2 (L2) (a), 20,000 "
        "at meetings, open 180 days; Big 0 (L0) (a), 12,000"
    )
    assert [d["deal"] for d in large.numbers["deals"]] == ["L1", "L2", "L0", "L3"]  # type: ignore[index,union-attr]
    assert large.value == 50000 + 20000 + 12000 + 11000
    # without a large deal: the three largest, one finding
    [top] = [d for d in bob.diagnoses if d.code == "top-deal"]
    assert top.message.startswith("The largest open deals: Small 1 (S1) (b), 900 at meetings")
    assert top.value == 900 + 700 + 500


def test_at_most_one_finding_per_rep_and_kind() -> None:
    for rep in _review().reps:
        assert len(_codes(rep)) == len(set(_codes(rep))), _codes(rep)
    [stalled] = [d for d in _review().reps[0].diagnoses if d.code == "stalled-deals"]
    assert stalled.numbers["count"] == 4
    assert stalled.value == 93000


def test_findings_are_the_team_s_then_the_reps_by_value_at_stake() -> None:
    team = _review()
    findings = team.findings
    n_team = len(team.diagnoses)
    assert all(d.rep is None for d in findings[:n_team])
    assert all(d.rep is not None for d in findings[n_team:])
    values = [d.value for d in findings[n_team:]]
    assert values == sorted(values, reverse=True)
    reps = [d for r in team.reps for d in r.diagnoses]
    assert sorted((d.code, d.rep) for d in findings[n_team:]) == sorted(
        (d.code, d.rep) for d in reps
    )
    # JSON keeps the per-rep lists, by value, each with its value
    data = render.team_json(team)
    for rep in data["reps"]:
        assert [d["value"] for d in rep["diagnostics"]] == sorted(
            (d["value"] for d in rep["diagnostics"]), reverse=True
        )


def test_win_rate_gap_is_valued_at_the_rep_s_closed_value() -> None:
    deals = [
        Deal(f"a{i}", "a", "Ann", "won", 100.0, D(2026, 5, 1), D(2026, 6, 1)) for i in range(9)
    ]
    deals += [
        Deal(f"b{i}", "b", "Bob", "won", 100.0, D(2026, 5, 1), D(2026, 6, 1)) for i in range(2)
    ]
    deals += [
        Deal(f"c{i}", "b", "Bob", "lost", 300.0, D(2026, 5, 1), D(2026, 6, 1)) for i in range(4)
    ]
    team = funnel.team_summary(SETTINGS, TEAM, Source.from_deals(deals, FS, as_of=AS_OF))
    [gap] = [d for d in team.reps[1].diagnoses if d.code == "win-rate-below-team"]
    team_rate, bob_rate = 11 / 15, 2 / 6
    assert gap.value == round((team_rate - bob_rate) * (2 * 100 + 4 * 300), 2)


# ---------------------------------------------------------------- call volume with activities

START, END = D(2026, 5, 20), AS_OF
WEEKS = ((END - START).days + 1) / 7
PETRA_TARGET = 30440


def _petra_deals() -> list[Deal]:
    """8 won at 5,000, 16 lost, 8 open prospects: 24 of the 32 created in the window."""
    stages = ["won"] * 8 + ["lost"] * 16 + ["prospects"] * 8
    out = []
    for i, stage in enumerate(stages):
        created = START + timedelta(days=i) if i < 24 else START - timedelta(days=10 + i)
        closed = AS_OF if stage in ("won", "lost") else None
        amount = 5000.0 if stage == "won" else None
        out.append(Deal(f"p{i}", "p", "Petra", stage, amount, created, closed))
    return out


def _small_deals() -> list[Deal]:
    """Kim: 6 won at 2,000 of 12, only 3 created in the window."""
    out = []
    for i in range(12):
        created = START + timedelta(days=i) if i < 3 else START - timedelta(days=5 + i)
        stage = "won" if i < 6 else "lost"
        out.append(Deal(f"k{i}", "k", "Kim", stage, 2000.0 if i < 6 else None, created, AS_OF))
    return out


CALLS = {
    "p": ActivityCount(START, END, calls=41, meetings=9),
    "k": ActivityCount(START, END, calls=12, meetings=2),
}
CALL_TEAM = _manager(
    {"id": "p", "name": "Petra Nagy", "monthly_target": PETRA_TARGET},
    {"id": "k", "name": "Kim", "monthly_target": 20000},
)


def _call_review() -> funnel.TeamReview:
    source = Source.from_deals(_petra_deals() + _small_deals(), FS, as_of=AS_OF)
    return funnel.team_summary(SETTINGS, CALL_TEAM, source.with_activities(CALLS))


def test_a_rep_below_the_needed_calls_gets_the_finding_with_both_numbers() -> None:
    petra = _call_review().reps[0]
    # independent: the window's target / average deal / (won / prospects) × calls per prospect
    target = PETRA_TARGET * (WEEKS * 7) / 30.44
    per_prospect = 41 / 24
    needed = math.ceil(round(target / 5000 / (8 / 32) * per_prospect, 6))
    [low] = [d for d in petra.diagnoses if d.code == "call-volume-too-low"]
    assert (low.numbers["calls"], low.numbers["calls_needed"]) == (41, needed)
    assert low.numbers["calls_needed_n"] == 8
    assert low.numbers["calls_per_prospect_n"] == 24
    assert low.message == (
        f"Call volume too low: Petra Nagy made 41 calls in 6 weeks ({41 / 6:.1f} a week); the "
        f"target needs {needed} ({needed / 6:.1f} a week) at {per_prospect:.1f} calls per "
        "prospect (n=24), 25.0% of prospects won and an average deal of 5,000 (n=8 won). "
        "Is the volume of calls too low?"
    )
    assert low.value == round((needed - 41) / needed * target, 2)


def test_too_few_prospects_in_the_window_use_the_team_s_calls_per_prospect() -> None:
    kim = _call_review().reps[1]
    assert kim.calls_need is not None
    # Kim's 3 window prospects are too few: the team's 53 calls over 27 prospects
    assert kim.calls_need.calls_per_prospect_of == "team"
    assert kim.calls_need.calls_per_prospect == 53 / 27
    target = 20000 * (WEEKS * 7) / 30.44
    expected = math.ceil(round(target / 2000 / (6 / 12) * (53 / 27), 6))
    assert kim.calls_need.calls_needed == expected


def test_activities_in_json_and_in_a_table_that_fits_80_columns() -> None:
    team = _call_review()
    petra = render.team_json(team)["reps"][0]
    need = team.reps[0].calls_need
    assert need is not None
    assert petra["activities"] == {
        "start": "2026-05-20",
        "end": "2026-06-30",
        "calls": 41,
        "meetings": 9,
        "weeks": 6,
        "calls_per_week": round(41 / 6, 1),
        "meetings_per_week": 1.5,
        "calls_needed": need.calls_needed,
        "calls_needed_n": 8,
    }
    assert render.activity_rows(team)[0] == [
        "Petra Nagy",
        "41",
        "6.8",
        f"{need.calls_needed}",
        f"{need.calls_needed / 6:.1f}",
        "9",
        "1.5",
    ]
    out = io.StringIO()
    console = Console(file=out, width=80, color_system=None)
    for table in render.rep_tables(team):
        console.print(table)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("  Petra Nagy ") and "41" in line for line in lines)


def test_one_won_deal_falls_back_to_the_team_average_and_says_too_few() -> None:
    kim = [Deal(f"k{i}", "k", "Kim", "prospects", None, START, None) for i in range(2, 9)]
    deals = [*_petra_deals(), Deal("k1", "k", "Kim", "won", 2000.0, START, AS_OF), *kim]
    source = Source.from_deals(deals, FS, as_of=AS_OF).with_activities(
        {"p": CALLS["p"], "k": ActivityCount(START, END, calls=5)}
    )
    review = funnel.team_summary(SETTINGS, CALL_TEAM, source).reps[1]
    assert review.calls_need is None
    [low] = [d for d in review.diagnoses if d.code == "call-volume-too-low"]
    # the team's 46 calls over 2 reps: 23 a rep; 5 is 78% below
    assert low.message == (
        "Call volume too low: Kim made 5 calls, 78% below the team average of 23. "
        "Is the volume of calls too low?"
    )
    [few] = [d for d in review.diagnoses if d.code == "too-few-to-judge"]
    assert "Calls needed for Kim's target: too few won deals to judge (n=1)" in few.message


def test_snapshot_calls_without_activities_work_as_before() -> None:
    source = Source.from_deals(_petra_deals(), FS, as_of=AS_OF).with_calls({"p": 300, "k": 10})
    team = funnel.team_summary(SETTINGS, CALL_TEAM, source)
    assert team.reps[0].calls_need is None
    assert team.reps[0].figures.calls_per_prospect == 300 / 32
    assert render.activity_rows(team) == []
    assert render.team_json(team)["reps"][0]["activities"] is None
