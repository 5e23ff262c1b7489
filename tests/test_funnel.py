"""funnel: the pure maths of the review, on small fixtures computed by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescoach import funnel
from salescoach.funnel import Deal, Source
from salescoach.models import FunnelSettings, FunnelSnapshot, Manager, Settings
from salescoach.render import funnel as render

D = date
# min_sample 1: the figures of these hand-sized fixtures are judged (tests/test_funnel_samples.py
# tests the minimum sample)
FS = FunnelSettings(
    stages=["prospects", "meetings", "won"], large_deal=1000, stalled_after_days=30, min_sample=1
)
AS_OF = D(2026, 3, 1)

DEALS = [
    # rep a: won 2 (1,000 in 10 days; 3,000 in 30 days), lost 1, open 1 at meetings (500)
    Deal("A", "a", "Ann", "won", 1000.0, D(2026, 1, 1), D(2026, 1, 11)),
    Deal("B", "a", "Ann", "won", 3000.0, D(2026, 1, 1), D(2026, 1, 31)),
    Deal("C", "a", "Ann", "lost", 0.0, D(2026, 1, 5), D(2026, 2, 1)),
    Deal("D", "a", "Ann", "meetings", 500.0, D(2026, 1, 10), None),
    # rep b: lost 2, open 1 prospect with no date or amount, 1 large open deal since Nov
    Deal("E", "b", "Bob", "prospects", None, None, None),
    Deal("F", "b", "Bob", "lost", 0.0, D(2026, 1, 1), D(2026, 1, 20)),
    Deal("G", "b", "Bob", "lost", 0.0, D(2026, 1, 1), D(2026, 2, 20)),
    Deal("H", "b", "Bob", "meetings", 1200.0, D(2025, 11, 1), None),
    # an owner who is no rep
    Deal("I", "", "Zed", "won", 50.0, D(2026, 1, 1), D(2026, 1, 2)),
    # won after as_of: still open then; created after as_of: not yet there
    Deal("J", "a", "Ann", "won", 700.0, D(2026, 2, 1), D(2026, 3, 10)),
    Deal("K", "a", "Ann", "prospects", 100.0, D(2026, 3, 5), None),
]


def tallies() -> dict[str, funnel.Tally]:
    return funnel.tally_deals(DEALS, FS, as_of=AS_OF)


def test_tally_of_a_rep() -> None:
    a = tallies()["a"]
    # reached: prospects A B C D J; meetings A B D J (C lost at the first stage); won A B
    assert a.reached == {"prospects": 5, "meetings": 4, "won": 2}
    assert (a.won, a.lost, a.open) == (2, 1, 2)
    assert a.won_value == 4000
    assert a.open_value == 1200
    assert sorted(a.cycles) == [10, 30]


def test_unmatched_owners_get_their_own_tally() -> None:
    assert tallies()[""].won == 1


def test_figures_of_a_rep() -> None:
    fig = funnel.figures(tallies()["a"], FS, monthly_target=None, interval_days=42)
    assert fig.stages == [("prospects", 5), ("meetings", 4), ("won", 2)]
    # each with the deals at the level it converts from
    assert fig.conversions == [("prospects", "meetings", 0.8, 5), ("meetings", "won", 0.5, 4)]
    assert fig.win_rate == pytest.approx(2 / 3)
    assert fig.avg_deal == 2000
    assert fig.cycle_days_median == 20
    assert fig.cycle_days_mean == 20
    # velocity = open 2 × win rate 2/3 × average deal 2,000 / 20 days
    assert fig.velocity == pytest.approx(2 * (2 / 3) * 2000 / 20)
    assert fig.target is None
    assert fig.coverage is None


def test_coverage_uses_the_target_until_the_next_review() -> None:
    fig = funnel.figures(tallies()["a"], FS, monthly_target=3044, interval_days=30)
    assert fig.target == pytest.approx(3000)
    assert fig.coverage == pytest.approx(1200 / 3000)


def test_since_counts_deals_closed_from_then_on() -> None:
    a = funnel.tally_deals(DEALS, FS, as_of=AS_OF, since=D(2026, 1, 20))["a"]
    assert (a.won, a.lost, a.open) == (1, 1, 2)
    assert a.won_value == 3000


def test_open_value_is_estimated_when_no_open_deal_has_an_amount() -> None:
    t = funnel.Tally(
        reached={"prospects": 3, "meetings": 3, "won": 2}, won=2, lost=0, open=1, won_value=300.0
    )
    fig = funnel.figures(t, FS, monthly_target=None, interval_days=42)
    assert (fig.open_value, fig.open_value_estimated) == (150.0, True)


def test_lost_stage_moves_lost_deals_down_the_funnel() -> None:
    fs = FS.model_copy(update={"lost_stage": "meetings"})
    assert funnel.tally_deals(DEALS, fs, as_of=AS_OF)["a"].reached["meetings"] == 5


@pytest.mark.parametrize(
    ("cycle", "expected"),
    [(None, 42), (20, 42), (45, 42), (46, 49), (49, 49), (53, 56), (400, 56)],
)
def test_review_interval_is_sales_cycle_days_in_whole_weeks_within_review_weeks(
    cycle: int | None, expected: int
) -> None:
    fs = FS.model_copy(update={"sales_cycle_days": cycle})
    assert funnel.review_interval_days(fs) == expected


@given(st.integers(min_value=1, max_value=730), st.integers(1, 10), st.integers(0, 10))
def test_review_interval_is_whole_weeks_within_review_weeks(
    cycle: int, low: int, more: int
) -> None:
    fs = FS.model_copy(update={"sales_cycle_days": cycle, "review_weeks": [low, low + more]})
    days = funnel.review_interval_days(fs)
    assert days % 7 == 0
    assert low * 7 <= days <= (low + more) * 7


@given(st.dates(), st.integers(min_value=1, max_value=400))
def test_review_target_is_one_interval_after_the_last(last: date, interval: int) -> None:
    try:
        expected = last + timedelta(days=interval)
    except OverflowError:
        return
    assert funnel.review_target(last, interval) == expected
    assert funnel.review_target(None, interval) is None


def test_arrows() -> None:
    assert [
        render.arrow(2, 1),
        render.arrow(1, 2),
        render.arrow(1, 1.0),
        render.arrow(1, None),
    ] == ["↑", "↓", "→", ""]


MANAGER = Manager.model_validate(
    {
        "name": "Mia",
        "reps": [
            {"id": "a", "name": "Ann", "monthly_target": 3044},
            {"id": "b", "name": "Bob"},
            {"id": "c", "name": "Cy"},
        ],
    }
)
MANAGER._id = "mia"
SETTINGS = Settings(organisation="Test", funnel=FS)


def review() -> funnel.TeamReview:
    return funnel.team_summary(
        SETTINGS, MANAGER, Source.from_deals(DEALS, FS, as_of=AS_OF), last_review=D(2026, 2, 1)
    )


def test_team_summary_figures() -> None:
    team = review()
    f = team.figures
    assert (f.won, f.lost, f.open) == (2, 3, 4)
    assert f.win_rate == pytest.approx(0.4)
    assert f.won_value == 4000
    assert team.team_size == 3
    assert team.reps_without_deals == ["c"]
    # the team's cycle is 20 days: 3 weeks, raised to review_weeks' 6
    assert team.interval_days == 42
    assert team.next_due == D(2026, 3, 15)
    assert not team.review_due
    # the period runs from the first created date (2025-11-01) to as_of
    assert team.period_days == 120


def codes(diagnoses: list[funnel.Diagnosis]) -> list[str]:
    return [d.code for d in diagnoses]


def test_rep_far_below_the_team_and_large_and_stalled_deals() -> None:
    team = review()
    bob = team.reps[1]
    # Bob closed 2 deals, both lost: 0% against the team's 40% (min_sample 1 here)
    assert codes(bob.diagnoses) == [
        "win-rate-below-team",
        "volume-below-team",
        "large-deal",
        "stalled-deals",
    ]
    _rate, volume, large, stalled = bob.diagnoses
    assert volume.message == (
        "Bob's won value (0) is 100% below the team average of 1,333 per rep: "
        "does Bob need support or advice?"
    )
    assert large.message == (
        "Large deal: H (b), 1,200 at meetings, open 120 days. Agree the strategy and tactics "
        "to close it, and the extra resources the manager needs."
    )
    # stalled after max(30 days, twice the team's median cycle: 2 × 20) = 40, for every rep
    assert stalled.message == (
        "Stalled deals: 1 of Bob's open deals has been open longer than 40 days "
        "(value 1,200); oldest: H, 120 days. Move it on or close it."
    )
    # the team: 2 of 9 prospects won; 120 days of Ann's target (12,000) need 27
    assert codes(team.diagnoses) == ["not-enough-prospects", "reps-without-deals"]
    # Ann's two largest open deals are one finding
    assert codes(team.reps[0].diagnoses) == ["not-enough-prospects", "top-deal", "stalled-deals"]


def test_not_enough_prospects_says_how_many_the_target_needs() -> None:
    team = review()
    ann = team.reps[0]
    # 120 days at 3,044 a month = 12,000; average deal 2,000; 2 of 5 prospects won (40%)
    # → 12,000 / 2,000 / 0.4 = 15 prospects needed, 5 there
    [need] = [d for d in ann.diagnoses if d.code == "not-enough-prospects"]
    assert need.numbers["prospects_needed"] == 15
    assert need.numbers["prospects"] == 5
    assert need.message.startswith(
        "Not enough prospects: Ann has 5 in 120 days; the target of 3,044 a month needs 15 "
        "at today's conversion (40.0% of prospects won, average deal 2,000, n=2 won)."
    )


def test_win_rate_far_below_the_team() -> None:
    deals = [Deal(f"a{i}", "a", "Ann", "won", 10.0, D(2026, 1, 1), D(2026, 1, 5)) for i in range(8)]
    deals += [
        Deal(f"b{i}", "b", "Bob", "won" if i < 2 else "lost", 10.0, D(2026, 1, 1), D(2026, 1, 5))
        for i in range(5)
    ]
    team = funnel.team_summary(SETTINGS, MANAGER, Source.from_deals(deals, FS, as_of=AS_OF))
    [below] = [d for d in team.reps[1].diagnoses if d.code == "win-rate-below-team"]
    # team 10 of 13 = 76.9%, Bob 2 of 5 = 40.0%
    assert below.message == (
        "Bob wins 40.0% of closed deals (n=5), 36.9 points below the team's 76.9% (n=13): "
        "does Bob need support or advice?"
    )


def test_snapshot_source_with_calls() -> None:
    snapshot = FunnelSnapshot.model_validate(
        {
            "date": "2026-11-15",
            "period": {"from": "2026-10-01", "to": "2026-11-15"},
            "reps": {
                "a": {
                    "calls": 200,
                    "stages": {"prospects": 40, "meetings": 20, "won": 5},
                    "won_value": 10000,
                    "lost": 5,
                },
                "b": {
                    "calls": 50,
                    "stages": {"prospects": 10, "meetings": 4, "won": 1},
                    "won_value": 2000,
                    "lost": 4,
                },
            },
        }
    )
    team = funnel.team_summary(SETTINGS, MANAGER, Source.from_snapshot(snapshot, FS))
    ann, bob, _cy = team.reps
    assert ann.figures.calls_per_prospect == 5.0
    assert ann.figures.win_rate == 0.5
    assert team.figures.calls == 250
    [low] = [d for d in bob.diagnoses if d.code == "call-volume-too-low"]
    # team average over the three reps: 250 / 3 = 83; Bob 50 is 40% below
    assert low.message == (
        "Call volume too low: Bob made 50 calls, 40% below the team average of 83. "
        "Is the volume of calls too low?"
    )


def test_headline_for_the_agenda() -> None:
    assert render.headline(review()) == (
        "won 2, lost 3, win rate 40.0% (n=5), average deal 2,000 (n=2), open 4 (2,400); 9 findings"
    )


def test_one_stalled_limit_and_the_team_s_stalled_and_large_deals() -> None:
    team = review()
    # the team's median cycle is 20 days: stalled after 40, for Ann and Bob alike
    assert team.stalled_after_days == 40
    # open on 2026-03-01: D since 2026-01-10 (50 days), H since 2025-11-01 (120), J since
    # 2026-02-01 (28), E without a date; oldest first
    assert [(d.id, d.rep) for d in team.stalled_deals] == [("H", "b"), ("D", "a")]
    assert [d.id for d in team.large_deals] == ["H"]
    stalled = [d for r in team.reps for d in r.diagnoses if d.code == "stalled-deals"]
    assert {d.numbers["after_days"] for d in stalled} == {40}
    assert sum(int(d.numbers["count"] or 0) for d in stalled) == len(team.stalled_deals)


def test_no_large_deal_means_none_listed() -> None:
    fs = FS.model_copy(update={"large_deal": 10**6})
    settings = Settings(organisation="Test", funnel=fs)
    team = funnel.team_summary(settings, MANAGER, Source.from_deals(DEALS, fs, as_of=AS_OF))
    assert team.large_deals == []


def test_a_measured_cycle_that_asks_for_another_interval_is_one_team_finding() -> None:
    fs = FS.model_copy(update={"sales_cycle_days": 56})
    settings = Settings(organisation="Test", funnel=fs)
    team = funnel.team_summary(settings, MANAGER, Source.from_deals(DEALS, fs, as_of=AS_OF))
    # the interval stays the settings' (8 weeks); the measured 20 days would give 6
    assert team.interval_days == 56
    [finding] = [d for d in team.diagnoses if d.code == "review-interval"]
    assert finding.message == (
        "The measured sales cycle of Mia's team is 20 days (median of 2 won deals): a review every "
        "6 weeks would fit it, not every 8 (sales_cycle_days: 56 in salescoach.yaml). To "
        "review by it, set `funnel: sales_cycle_days: 20` in salescoach.yaml."
    )
    assert finding.numbers["won_deals"] == 2
    assert codes(review().diagnoses).count("review-interval") == 0


def test_next_review_is_the_date_passed_in() -> None:
    team = funnel.team_summary(
        SETTINGS,
        MANAGER,
        Source.from_deals(DEALS, FS, as_of=AS_OF),
        last_review=D(2026, 2, 1),
        next_review=D(2026, 3, 16),
    )
    assert team.next_due == D(2026, 3, 16)


def test_calls_from_a_snapshot_go_with_an_import() -> None:
    source = Source.from_deals(DEALS, FS, as_of=AS_OF).with_calls({"a": 100, "c": 30})
    team = funnel.team_summary(SETTINGS, MANAGER, source)
    ann, _bob, cy = team.reps
    assert ann.figures.calls == 100
    assert cy.figures.calls == 30
    assert team.figures.calls == 130
    # Cy has calls but no deal: still a rep without deals
    assert team.reps_without_deals == ["c"]


# ---------------------------------------------------------------- deal names and created dates

NAMED = [
    Deal("18001359717", "a", "Ann", "meetings", 38500.0, D(2025, 11, 1), None, "Debreceni renewal"),
    Deal("line-7", "b", "Bob", "meetings", 1500.0, D(2025, 12, 1), None, "Initech"),
    Deal("X9", "b", "Bob", "meetings", 200.0, D(2025, 12, 2), None),
    Deal("W1", "a", "Ann", "won", 900.0, None, D(2026, 2, 1), "Undated"),
    Deal("W2", "a", "Ann", "won", 1100.0, D(2026, 1, 1), D(2026, 1, 21), "Dated"),
]


def _named_review() -> funnel.TeamReview:
    return funnel.team_summary(SETTINGS, MANAGER, Source.from_deals(NAMED, FS, as_of=AS_OF))


def test_deals_are_shown_by_name_with_their_id_never_by_the_id_only() -> None:
    team = _named_review()
    assert [d.label for d in team.large_deals] == ["Debreceni renewal (18001359717)", "Initech"]
    messages = [d.message for r in team.reps for d in r.diagnoses]
    assert any(
        m.startswith("Large deal: Debreceni renewal (18001359717) (a), 38,500") for m in messages
    )
    [bob_stalled] = [d for d in team.reps[1].diagnoses if d.code == "stalled-deals"]
    # a line-N ID is only a line of the file: the name alone; no name: the ID
    assert "oldest: Initech, 90 days; X9, 89 days." in bob_stalled.message
    data = render.team_json(team)
    assert [(d["deal"], d["name"]) for d in data["large_deals"]] == [
        ("18001359717", "Debreceni renewal"),
        ("line-7", "Initech"),
    ]
    [large] = [d for d in data["reps"][0]["diagnostics"] if d["code"] == "large-deal"]
    assert (large["deal"], large["name"]) == ("18001359717", "Debreceni renewal")


def test_the_cycle_says_how_many_won_deals_had_a_created_date() -> None:
    team = _named_review()
    assert (team.figures.won, team.cycle_n) == (2, 1)
    assert team.figures.cycle_days_median == 20
    data = render.team_json(team)
    assert (data["cycle_n"], data["reps"][0]["cycle_n"]) == (1, 1)
    assert render.cycle_note(team) == (
        "Sales cycle from 1 of 2 won deals (the others have no created date)."
    )
    # the period starts at the earliest created date (a close date without one)
    assert team.period_days == (AS_OF - D(2025, 11, 1)).days
    assert render.cycle_note(review()) is None


def test_without_any_created_date_the_cycle_is_unknown_and_the_period_starts_at_a_close() -> None:
    undated = [d._replace(created=None) for d in NAMED if d.stage == "won"]
    team = funnel.team_summary(SETTINGS, MANAGER, Source.from_deals(undated, FS, as_of=AS_OF))
    assert (team.cycle_n, team.figures.cycle_days_median) == (0, None)
    assert render.team_json(team)["cycle_days_median"] is None
    assert render.cycle_note(team) == (
        "Sales cycle from 0 of 2 won deals (the others have no created date)."
    )
    assert team.period_days == (AS_OF - D(2026, 1, 21)).days
