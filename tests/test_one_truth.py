"""One funnel model: the agenda, ``funnel review`` and ``schedule`` tell the same story.

For every manager of the examples and on several days, through the CLI as a user runs it:
the agenda's funnel section (``funnel.review``, the review object the agenda shows) equals
``funnel review``'s team (figures, stalled and large deals, findings, next review date),
``schedule next`` gives the same ``funnel_review_due``, and that date is a working day by
the repository's calendar. The same on a repo whose ``sales_cycle_days`` differs from the
sales cycle its import measures.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from salescoach import store
from salescoach.workdays import WorkCalendar
from tests.conftest import Run, write

ROOT = Path(__file__).resolve().parents[1]
ACME = ROOT / "examples" / "acme"
SAMPLE = ROOT / "examples" / "crm-sample"

ACME_DAYS = ["2026-11-16", "2026-11-27", "2026-12-20", "2027-01-15"]
SAMPLE_DAYS = ["2026-11-27", "2026-12-24"]
DIFFERS_DAYS = ["2026-11-04", "2026-11-27", "2026-12-16"]


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("truth") / "acme"
    shutil.copytree(ACME, target)
    return target


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("truth") / "crm-sample"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture(scope="module")
def differs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CRM sample with ``sales_cycle_days: 20`` (6 weeks) while its import measures a
    median of 58 days (8 weeks), and 1:1s with two managers, one with a funnel review."""
    target = tmp_path_factory.mktemp("truth") / "differs"
    shutil.copytree(SAMPLE, target)
    settings = target / "salescoach.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "sales_cycle_days: 50" in text
    settings.write_text(text.replace("sales_cycle_days: 50", "sales_cycle_days: 20"), "utf-8")
    for day, review in (("2026-09-21", True), ("2026-10-05", False), ("2026-10-19", False)):
        flag = "funnel_review: true\n" if review else ""
        write(target, f"meetings/cara-losch/{day}.yaml", f"date: {day}\nstatus: held\n{flag}")
    write(target, "meetings/rocco-neubert/2026-10-28.yaml", "date: 2026-10-28\nstatus: held\n")
    return target


def _json(cli: Run, repo: Path, today: str, *args: str) -> Any:
    result = cli("--repo", repo, "--today", today, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _calendar(repo: Path) -> WorkCalendar:
    settings = store.require_settings(store.Layout(repo))
    return WorkCalendar.from_settings(settings.calendar)


def _one_truth(cli: Run, repo: Path, today: str) -> int:
    """Check every manager of ``repo`` on ``today``; return how many agendas held the review."""
    calendar = _calendar(repo)
    teams = {t["manager"]: t for t in _json(cli, repo, today, "funnel", "review")["teams"]}
    assert teams
    reviewed = 0
    for manager, team in teams.items():
        due = team["review"]["next_due"]
        assert calendar.is_workday(date.fromisoformat(due)), (manager, today, due)
        schedule = _json(cli, repo, today, "schedule", "next", manager)
        assert schedule["funnel_review_due"] == due, (manager, today)
        agenda = _json(cli, repo, today, "agenda", "next", manager)
        assert agenda["funnel_review_due"] == due, (manager, today)
        assert agenda["funnel_review"] == (due == agenda["date"]) == team["review"]["due"]
        if not agenda["funnel_review"]:
            assert agenda.get("funnel") is None
            continue
        reviewed += 1
        shown = agenda["funnel"]["review"]
        for key in ("won", "lost", "open", "win_rate", "won_value", "open_value", "stages"):
            assert shown[key] == team[key], (manager, today, key)
        assert shown["stalled_after_days"] == team["stalled_after_days"]
        assert shown["stalled_deals"] == team["stalled_deals"]
        assert shown["large_deals"] == team["large_deals"]
        assert shown["diagnostics"] == team["diagnostics"]
        assert [r["diagnostics"] for r in shown["reps"]] == [r["diagnostics"] for r in team["reps"]]
        assert shown["review"] == team["review"]
        assert shown == team
    return reviewed


@pytest.mark.parametrize("today", ACME_DAYS)
def test_acme_agenda_review_and_schedule_agree(cli: Run, acme: Path, today: str) -> None:
    _one_truth(cli, acme, today)


@pytest.mark.parametrize("today", SAMPLE_DAYS)
def test_crm_sample_agenda_review_and_schedule_agree(cli: Run, sample: Path, today: str) -> None:
    # no 1:1 on record: every team's review is in its next 1:1
    assert _one_truth(cli, sample, today) == 6


@pytest.mark.parametrize("today", DIFFERS_DAYS)
def test_they_agree_when_sales_cycle_days_differs_from_the_measured_cycle(
    cli: Run, differs: Path, today: str
) -> None:
    _one_truth(cli, differs, today)
    [team] = _json(cli, differs, today, "funnel", "review", "cara-losch")["teams"]
    # the interval is the settings' (20 days: raised to 6 weeks), not the measured 58 days
    assert team["review"]["interval_days"] == 42
    [finding] = [d for d in team["diagnostics"] if d["code"] == "review-interval"]
    assert finding["measured_interval_days"] == 56
    assert "`funnel: sales_cycle_days: 58`" in finding["message"]


def test_acme_zsofia_s_review_is_in_a_1on1_on_a_working_day(cli: Run, acme: Path) -> None:
    """Reviewed on Wed 2026-09-16, every 6 weeks: due Wed 2026-10-28, overdue by 2026-11-27,
    so it is in the next 1:1, Wed 2026-12-09 (it was Sat 2026-10-31 before)."""
    data = _json(cli, acme, "2026-11-27", "schedule", "next", "zsofia-toth")
    assert (data["next_date"], data["funnel_review_due"]) == ("2026-12-09", "2026-12-09")


def test_a_review_is_due_in_the_first_1on1_on_or_after_last_plus_interval(
    cli: Run, differs: Path
) -> None:
    """Cara Losch: reviewed Mon 2026-09-21, 1:1s every 7 days (no level: developing) from the
    last held on 2026-10-19; 6 weeks later is Mon 2026-11-02, a 1:1."""
    data = _json(cli, differs, "2026-10-20", "schedule", "next", "cara-losch")
    assert data["next_date"] == "2026-10-26"
    assert data["funnel_review_due"] == "2026-11-02"


def test_an_import_takes_its_calls_from_a_recent_snapshot(cli: Run, tmp_path: Path) -> None:
    """The calls of a snapshot within the shortest review interval of the import go with it,
    in the review and so in the agenda (they used to reach the agenda only)."""
    repo = tmp_path / "calls"
    shutil.copytree(SAMPLE, repo)
    write(
        repo,
        "funnel/2017-12-20.yaml",
        """\
        date: 2017-12-20
        reps:
          violet-mclelland: {calls: 1000, stages: {prospecting: 10}}
          corliss-cosme: {calls: 100, stages: {prospecting: 10}}
        """,
    )
    [team] = _json(cli, repo, "2026-11-27", "funnel", "review", "cara-losch")["teams"]
    assert team["calls_from"] == "funnel/2017-12-20.yaml"
    assert team["source"] == "funnel/imports/2017-12-31-sales-pipeline.csv"
    calls = {r["rep"]: r["calls"] for r in team["reps"]}
    assert (calls["violet-mclelland"], calls["corliss-cosme"], calls["garret-kinder"]) == (
        1000,
        100,
        None,
    )
    # the team's average per rep is 1,100 / 6 = 183: Corliss's 100 is too low
    assert team["calls"] == 1100
    low = [d["rep"] for d in team["reps"][1]["diagnostics"] if d["code"] == "call-volume-too-low"]
    assert low == ["corliss-cosme"]
