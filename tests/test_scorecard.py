"""``coach scorecard``: every figure on the example equals a count from its meeting files made
here with plain YAML; a skipped 1:1 is counted by the rule `check` warns with."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import Run, write

TODAY = "2026-11-27"
SINCE = "2026-09-01"


def _count(root: Path, manager: str) -> dict[str, object]:
    """The scorecard's figures for one manager, counted from the files directly."""
    today, since = date.fromisoformat(TODAY), date.fromisoformat(SINCE)
    held = on_day = 0
    moved: list[int] = []
    coach_due = coach_done = 0
    for path in sorted((root / "meetings" / manager).glob("*.yaml")):
        m = yaml.safe_load(path.read_text(encoding="utf-8"))
        if since <= m["date"] <= today and m["status"] == "held":
            held += 1
            if m.get("moved_from"):
                moved.append(abs((m["date"] - m["moved_from"]).days))
            else:
                on_day += 1
        for a in m.get("actions") or []:
            if a["owner"] == "coach" and since <= a["due"] < today:
                coach_due += 1
                done_on = a.get("done_on")
                coach_done += a["done"] is True and (done_on is None or done_on <= a["due"])
    return {
        "held": held,
        "held_on_planned_day": on_day,
        "moved": len(moved),
        "moved_days_average": round(sum(moved) / len(moved), 1) if moved else None,
        "coach_due": coach_due,
        "coach_on_time": coach_done,
        "coach_late": coach_due - coach_done,
    }


def test_scorecard_json_equals_a_count_from_the_meeting_files(cli: Run, example: Path) -> None:
    result = cli(
        "--repo", example, "--today", TODAY, "coach", "scorecard", "--since", SINCE, "-f", "json"
    )
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    assert (card["since"], card["today"]) == (SINCE, TODAY)
    managers = sorted(p.stem for p in (example / "managers").glob("*.yaml"))
    assert [m["manager"] for m in card["managers"]] == managers
    check = cli("--repo", example, "--today", TODAY, "check")
    assert "skipped-meeting" not in check.output  # the example skips no 1:1 ...
    totals = {"held": 0, "held_on_planned_day": 0, "moved": 0, "coach_on_time": 0}
    for row in card["managers"]:
        counted = _count(example, row["manager"])
        meetings, actions = row["meetings"], row["coach_actions"]
        assert meetings["skipped"] == 0  # ... so the scorecard counts none
        assert meetings["not_recorded"] == 0
        assert meetings["due"] == counted["held"]
        for key in ("held", "held_on_planned_day", "moved", "moved_days_average"):
            assert meetings[key] == counted[key], (row["manager"], key)
        assert (actions["due"], actions["on_time"], actions["late"]) == (
            counted["coach_due"],
            counted["coach_on_time"],
            counted["coach_late"],
        )
        for key in ("held", "held_on_planned_day", "moved"):
            totals[key] += meetings[key]
        totals["coach_on_time"] += actions["on_time"]
    total = card["total"]
    assert total["meetings"]["held"] == totals["held"] == 39
    assert total["meetings"]["held_on_planned_day"] == totals["held_on_planned_day"] == 38
    assert total["meetings"]["moved"] == totals["moved"] == 1  # Gábor's 20 → 21 October
    assert total["meetings"]["moved_days_average"] == 1.0
    assert total["coach_actions"]["on_time"] == totals["coach_on_time"]


SETTINGS = "organisation: Test Co\ncoach: {id: eva, name: Éva Horváth}\n"
MANAGER = "name: Anna Kovács\nlevel: new\nreps:\n  - {id: petra, name: Petra Nagy}\n"


def _meeting(day: str, extra: str = "") -> str:
    return f"date: {day}\nstatus: held\n{extra}"


def test_a_skipped_1_1_and_graded_goals_and_help(cli: Run, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, "salescoach.yaml", SETTINGS)
    write(root, "managers/anna.yaml", MANAGER)
    write(root, "meetings/anna/2026-10-05.yaml", _meeting("2026-10-05", (
        "goals:\n"
        "  - {rep: petra, goal: Ten calls, manager_help: Joins one, due: 2026-10-19,"
        " result: met, help_delivered: partly}\n"
        "  - {rep: petra, goal: Two demos, due: 2026-11-02}\n"
        "actions:\n"
        "  - {owner: coach, do: Send the template, due: 2026-10-07, done: true}\n"
        "  - {owner: coach, do: Book the course, due: 2026-10-09, done: false}\n"
        "  - {owner: coach, do: Call HR, due: 2026-10-08, done: true, done_on: 2026-10-08}\n"
        "  - {owner: coach, do: Send notes, due: 2026-10-08, done: true, done_on: 2026-10-09}\n"
    )))  # fmt: skip
    write(root, "meetings/anna/2026-10-12.yaml", _meeting("2026-10-12"))
    write(root, "meetings/anna/2026-11-02.yaml", _meeting("2026-11-02"))  # 3 weeks later
    write(root, "meetings/anna/2026-11-10.yaml", _meeting("2026-11-10", "moved_from: 2026-11-09\n"))
    check = cli("--repo", root, "--today", "2026-11-20", "check")
    assert check.output.count("skipped-meeting") == 1
    result = cli("--repo", root, "--today", "2026-11-20", "coach", "scorecard", "-f", "json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["managers"][0]
    assert row["meetings"] == {
        "due": 5,
        "held": 4,
        "held_on_planned_day": 3,
        "moved": 1,
        "moved_days_average": 1.0,
        "skipped": 1,
        "not_recorded": 0,
        "overdue": 1,
    }
    # the list the counts come from: the skip dated the Monday it was due, the move from its
    # planned day, and the next 1:1 (due a week after the moved one's planned Monday) overdue
    assert row["one_on_ones"] == [
        {"date": "2026-10-05", "held_on": "2026-10-05", "status": "held", "next": False},
        {"date": "2026-10-12", "held_on": "2026-10-12", "status": "held", "next": False},
        {"date": "2026-10-19", "held_on": None, "status": "skipped", "next": False},
        {"date": "2026-11-02", "held_on": "2026-11-02", "status": "held", "next": False},
        {"date": "2026-11-09", "held_on": "2026-11-10", "status": "moved", "next": False},
        {"date": "2026-11-16", "held_on": None, "status": "overdue", "next": True},
    ]
    # done by the due date (or done with no date on record) is on time; done a day late is not
    assert row["coach_actions"] == {"due": 4, "on_time": 2, "late": 2}
    assert row["goals"] == {"due": 2, "graded_within_a_week": 1}
    assert row["help"] == {"graded": 1, "yes": 0, "partly": 1, "no": 0}


def test_scorecard_text_and_markdown(
    cli: Run, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = cli("--repo", example, "--today", TODAY, "coach", "scorecard", "--since", SINCE)
    assert text.exit_code == 0, text.output
    assert max(len(line.rstrip()) for line in text.stdout.splitlines()) <= 80
    assert text.stdout.startswith("Éva Horváth's scorecard, Tue 1 Sep 2026 to Fri 27 Nov 2026\n")
    md = cli("--repo", example, "--today", TODAY, "coach", "scorecard", "--since", SINCE,
             "-f", "markdown")  # fmt: skip
    assert "| Held on the planned day | 12/12 | 12/13 | 7/7 | 7/7 | 38/39 |" in md.stdout
