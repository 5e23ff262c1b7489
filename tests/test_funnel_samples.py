"""funnel: honest conversions (a lost deal counted at the stage it was last seen open at) and
sample sizes (every rate with its n, none judged below ``funnel.min_sample``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from salescoach import funnel
from salescoach.funnel import Deal, Source
from salescoach.models import FunnelSettings, Manager, Settings
from salescoach.render import funnel as render
from tests.conftest import Run, write

D = date
AS_OF = D(2026, 6, 30)
FS = FunnelSettings(stages=["prospects", "meetings", "proposals", "won"], large_deal=10**9)
SETTINGS = Settings(organisation="Test", funnel=FS)
MANAGER = Manager.model_validate(
    {"name": "Mia", "reps": [{"id": "a", "name": "Ann", "monthly_target": 30440}]}
)
MANAGER._id = "mia"


def _deal(i: int, stage: str, amount: float = 1000.0) -> Deal:
    closed = D(2026, 6, 1) if stage in ("won", "lost") else None
    return Deal(f"d{i}", "a", "Ann", stage, amount, D(2026, 3, 1), closed)


# 19 won; 23 lost: 14 last seen open at proposals, 3 at meetings, 6 never seen before;
# open: 5 at proposals, 7 at meetings, 9 prospects
STAGES = ["won"] * 19 + ["lost"] * 23 + ["proposals"] * 5 + ["meetings"] * 7 + ["prospects"] * 9
DEALS = [_deal(i, stage) for i, stage in enumerate(STAGES)]
LOST = [d for d in DEALS if d.stage == "lost"]
LAST_SEEN = {d.id: "proposals" for d in LOST[:14]} | {d.id: "meetings" for d in LOST[14:17]}


def _review() -> funnel.TeamReview:
    source = Source.from_deals(DEALS, FS, as_of=AS_OF, last_seen=LAST_SEEN)
    return funnel.team_summary(SETTINGS, MANAGER, source)


def _reached(level: str) -> int:
    """An independent count: deals that reached ``level``, a lost deal up to where it was
    last seen (the first stage when never seen)."""
    order = FS.stages
    count = 0
    for d in DEALS:
        if d.stage == "won":
            top = len(order) - 1
        elif d.stage == "lost":
            top = order.index(LAST_SEEN.get(d.id, "prospects"))
        else:
            top = order.index(d.stage)
        count += order.index(level) <= top
    return count


def test_proposals_to_won_counts_lost_deals_at_their_last_stage() -> None:
    fig = _review().figures
    at_proposals = _reached("proposals")
    assert at_proposals == 19 + 14 + 5
    conversions = {(c.source, c.target): c for c in fig.conversions}
    won = conversions["proposals", "won"]
    assert (won.rate, won.n) == (19 / at_proposals, at_proposals)
    meetings = conversions["meetings", "proposals"]
    assert (meetings.rate, meetings.n) == (
        at_proposals / _reached("meetings"),
        _reached("meetings"),
    )
    assert fig.lost_known == 17


def test_the_unknown_last_stage_is_stated_in_text_markdown_and_json() -> None:
    team = _review()
    said = (
        "6 of 23 lost deals counted at prospects: their last stage is unknown "
        "(no earlier import has them)"
    )
    assert team.lost_assumption == said
    assert render.team_notes(team)[0] == f"Conversions: {said}."
    data = render.team_json(team)
    assert data["lost_stage_unknown"] == {
        "unknown": 6,
        "lost": 23,
        "counted_at": "prospects",
        "message": said,
    }
    # every conversion with the deals behind it
    assert data["conversions"][-1] == {
        "from": "proposals",
        "to": "won",
        "rate": round(19 / 38, 4),
        "n": 38,
    }


def test_every_lost_deal_known_says_nothing() -> None:
    seen = {d.id: "meetings" for d in LOST}
    source = Source.from_deals(DEALS, FS, as_of=AS_OF, last_seen=seen)
    team = funnel.team_summary(SETTINGS, MANAGER, source)
    assert team.lost_assumption is None
    assert render.team_json(team)["lost_stage_unknown"] is None


def test_conversions_show_their_n_in_the_chart_and_markdown() -> None:
    fig = _review().figures
    cells = render.conversion_cells(fig)
    assert cells[0] == ""
    assert cells[-1] == f"{19 / 38 * 100:.1f}% (n=38)"


# ---------------------------------------------------------------- the minimum sample

ONE_WON = [
    Deal("w1", "a", "Ann", "won", 5000.0, D(2026, 5, 1), D(2026, 6, 1)),
    Deal("l1", "a", "Ann", "lost", 0.0, D(2026, 5, 1), D(2026, 6, 2)),
    *(Deal(f"o{i}", "a", "Ann", "prospects", None, D(2026, 5, 1), None) for i in range(8)),
]


def _one_won() -> funnel.TeamReview:
    return funnel.team_summary(SETTINGS, MANAGER, Source.from_deals(ONE_WON, FS, as_of=AS_OF))


def test_one_won_deal_is_too_few_to_judge_the_prospects_needed() -> None:
    team = _one_won()
    ann = team.reps[0]
    messages = [d.message for d in ann.diagnoses]
    assert not any("needs" in m and "prospects" in m for m in messages)
    assert "not-enough-prospects" not in [d.code for d in ann.diagnoses]
    [few] = [d for d in ann.diagnoses if d.code == "too-few-to-judge"]
    assert few.message == (
        "Prospects needed for Ann's target: too few won deals to judge (n=1); at least 5 are "
        "needed (funnel.min_sample)."
    )
    assert few.numbers["figures"] == [
        {"figure": "Prospects needed for Ann's target", "deals": "won", "n": 1}
    ]


def test_below_the_minimum_json_gives_null_with_its_n() -> None:
    data = render.team_json(_one_won())
    rep = data["reps"][0]
    assert (rep["win_rate"], rep["win_rate_n"]) == (None, 2)
    assert (rep["avg_deal"], rep["avg_deal_n"]) == (None, 1)
    assert (rep["cycle_days_median"], rep["cycle_days_n"]) == (None, 1)
    assert (rep["velocity_per_day"], rep["velocity_per_day_n"]) == (None, 1)
    assert rep["conversions"][-1] == {"from": "proposals", "to": "won", "rate": None, "n": 1}
    # 10 prospects, of which only the won deal reached meetings (the lost one is never seen)
    assert rep["conversions"][0] == {"from": "prospects", "to": "meetings", "rate": 0.1, "n": 10}


def test_below_the_minimum_the_cell_shows_n() -> None:
    team = _one_won()
    labels = [f[0] for f in render.ROW_FIELDS]
    cells = dict(zip(labels, render.figure_cells(team.figures, None), strict=True))
    assert (cells["Win %"], cells["Avg deal"], cells["Cycle d"]) == ("n=2", "n=1", "n=1")
    assert cells["Won"] == "1"
    assert (
        "win rate too few to judge (n=2), average deal too few to judge (n=1)"
        in render.headline(team)
    )


def test_min_sample_is_a_setting() -> None:
    fs = FS.model_copy(update={"min_sample": 1})
    settings = Settings(organisation="Test", funnel=fs)
    team = funnel.team_summary(settings, MANAGER, Source.from_deals(ONE_WON, fs, as_of=AS_OF))
    rep = render.team_json(team)["reps"][0]
    assert (rep["win_rate"], rep["avg_deal"]) == (0.5, 5000)
    assert "too-few-to-judge" not in [d.code for d in team.reps[0].diagnoses]


def test_review_json_of_a_repository_has_n_beside_each_rate(cli: Run, repo: Path) -> None:
    write(
        repo,
        "managers/mia.yaml",
        "name: Mia\nreps: [{id: ann, name: Ann, crm_names: [Ann], monthly_target: 30000}]\n",
    )
    export = write(
        repo,
        "export.csv",
        "id,name,owner,stage,amount,created,closed\n"
        "1,One,Ann,won,5000,2026-05-01,2026-06-01\n"
        "2,Two,Ann,lost,0,2026-05-01,2026-06-02\n"
        "3,Three,Ann,lead,,2026-05-01,\n",
    )
    write(repo, "salescoach.yaml", "organisation: Test\nfunnel:\n  stages: [lead, won]\n")
    assert cli("--repo", repo, "funnel", "import", export).exit_code == 0
    result = cli("--repo", repo, "funnel", "review", "-f", "json")
    assert result.exit_code == 0, result.stderr
    ann = json.loads(result.stdout)["teams"][0]["reps"][0]
    assert (ann["win_rate"], ann["win_rate_n"], ann["avg_deal"], ann["avg_deal_n"]) == (
        None,
        2,
        None,
        1,
    )
    [few] = [d for d in ann["diagnostics"] if d["code"] == "too-few-to-judge"]
    assert "too few won deals to judge (n=1)" in few["message"]
    assert "needs" not in " ".join(d["message"] for d in ann["diagnostics"])
