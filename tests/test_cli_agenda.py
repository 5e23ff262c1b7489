"""``agenda next``, ``--write``, ``goal grade`` and ``action done`` end to end, and golden files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import Run, write

GOLDEN = Path(__file__).parent / "golden"
TODAY = "2026-11-27"

SETTINGS = """\
organisation: Test Co
coach: {id: eva, name: Éva Horváth}
"""
MANAGER = """\
name: Anna Kovács
level: experienced
style: coaching
reps:
  - {id: petra, name: Petra Nagy}
  - {id: laszlo, name: László Fekete}
  - {id: reka, name: Réka Balogh}
"""
LAST_MEETING = """\
date: 2026-11-16
status: held
funnel_review: {review}
ratings:
  petra: {{score: 3, note: steady}}
  laszlo: {{score: 4}}
  reka: {{score: 2}}
goals:
  - rep: petra
    goal: Book 12 discovery calls
    manager_help: Joins two of them
    due: 2026-11-25
actions:
  - {{owner: coach, do: Share the pricing playbook, due: 2026-11-20, done: false}}
  - {{owner: manager, do: Pair Petra with László, due: 2026-11-20, done: true}}
"""


@pytest.fixture
def team(repo: Path) -> Path:
    """One experienced manager whose last 1:1 (16 Nov, with the funnel review) rated three
    reps, set a goal due before the next 1:1 and left an open coach action."""
    write(repo, "salescoach.yaml", SETTINGS)
    write(repo, "managers/anna.yaml", MANAGER)
    write(repo, "meetings/anna/2026-11-16.yaml", LAST_MEETING.format(review="true"))
    return repo


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("SALESCOACH_REPO", raising=False)


def test_markdown_has_the_four_topics_each_rep_the_goal_and_the_open_action(
    cli: Run, team: Path
) -> None:
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "markdown")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("# 1:1 with Anna Kovács: Mon 30 Nov 2026, 60 minutes\n")
    for heading in [
        "## 1. The manager's routine (10 min)",
        "## 2. Rep performance (20 min)",
        "## 3. Goals for the next 30 days (15 min)",
        "## 4. The manager's own performance (10 min)",
        "## Expectations and actions (5 min)",
    ]:
        assert f"\n{heading}\n" in md
    # one rating so far: the score and its average, no trend yet, an empty cell for today's
    assert "| Rep | 16 Nov | Avg | Trend | Today (1–4) | Notes |" in md
    assert "| Petra Nagy (`petra`) | 3 | 3 |  |   | steady |" in md
    assert "| László Fekete (`laszlo`) | 4 | 4 |  |   |  |" in md
    assert "| Réka Balogh (`reka`) | 2 | 2 |  |   |  |" in md
    assert (
        "| `2026-11-16#1` | Petra Nagy | Book 12 discovery calls (16 Nov) | Wed 25 Nov 2026 "
        "| Joins two of them |" in md
    )
    assert (
        "- [ ] `2026-11-16#1` Éva Horváth: Share the pricing playbook (due Fri 20 Nov 2026, "
        "overdue 7 days; from 16 Nov) **overdue**" in md
    )
    assert "Pair Petra" not in md.split("**Open actions**")[1]  # done: not open
    assert "Funnel review (" not in md


def test_funnel_review_more_than_8_weeks_back_makes_a_90_minute_agenda(
    cli: Run, team: Path
) -> None:
    write(
        team,
        "funnel/2026-11-15.yaml",
        """\
        date: 2026-11-15
        reps:
          petra:
            calls: 220
            stages: {prospects: 40, meetings: 18, proposals: 9, won: 4}
            open_deals:
              - {name: Globex renewal, amount: 120000, stage: proposals, since: 2026-09-01}
        """,
    )
    later = "2027-01-20"  # 16 Nov + 8 weeks = 11 Jan
    result = cli("--repo", team, "--today", later, "agenda", "next", "anna", "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert "60 minutes" not in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[0].endswith(", 90 minutes")
    assert "\n## Funnel review (30 min)\n" in result.stdout
    assert "Petra Nagy: Globex renewal (120,000, proposals, open 141 days" in result.stdout
    data = json.loads(
        cli("--repo", team, "--today", later, "agenda", "next", "anna", "-f", "json").stdout
    )
    assert data["minutes"] == 90
    assert data["funnel"]["large_deals"][0]["name"] == "Globex renewal"
    # right after a review: 60 minutes, no funnel section
    soon = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json")
    data = json.loads(soon.stdout)
    assert (data["minutes"], data["funnel_review"], data["funnel"]) == (60, False, None)


def test_write_creates_a_file_that_passes_check_and_never_overwrites(cli: Run, team: Path) -> None:
    first = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "--write")
    assert first.exit_code == 0, first.output
    created = team / "meetings/anna/2026-11-30.yaml"
    assert "created meetings/anna/2026-11-30.yaml" in first.stderr
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/meeting.json\n")
    assert "\nstatus: planned\n" in text
    assert "\nfunnel_review: false\n" in text
    for rep in ["petra", "laszlo", "reka"]:
        assert f'\n  {rep}: {{score: null, note: ""}}  # ' in text
    assert "#   2026-11-16#1 Petra Nagy: Book 12 discovery calls (due 2026-11-25)" in text
    check = cli("--repo", team, "--today", TODAY, "check", "--strict")
    assert check.exit_code == 0, check.output
    before = created.read_bytes()
    second = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "--write")
    assert second.exit_code == 1
    assert "error: meetings/anna/2026-11-30.yaml already exists; it was left as it is" in (
        second.stderr
    )
    assert second.stdout == ""
    assert created.read_bytes() == before
    # the planned meeting is now the next one: its blank goals and empty ratings change nothing
    again = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json")
    data = json.loads(again.stdout)
    assert data["planned"] is True
    assert [g["ref"] for g in data["goals"]["to_assess"]] == ["2026-11-16#1"]


def test_default_manager_is_the_one_due_soonest(cli: Run, team: Path) -> None:
    write(
        team,
        "managers/bela.yaml",
        MANAGER.replace("Anna Kovács", "Béla Kiss")
        .replace("petra", "p2")
        .replace("laszlo", "l2")
        .replace("reka", "r2"),
    )
    write(team, "meetings/bela/2026-11-24.yaml", "date: 2026-11-24\nstatus: held\n")
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["manager_id"] == "anna"  # 30 Nov before 8 Dec


def test_unknown_manager_is_a_clear_error(cli: Run, team: Path) -> None:
    result = cli("--repo", team, "agenda", "next", "ana")
    assert result.exit_code == 1
    assert "error: no manager 'ana' (no file managers/ana.yaml)" in result.stderr
    assert "hint: did you mean 'anna'?" in result.stderr
    bad = cli("--repo", team, "agenda", "next", "../x")
    assert bad.exit_code == 2
    assert "error: '../x' is not a valid manager ID" in bad.stderr


def test_a_broken_meeting_file_is_refused(cli: Run, team: Path) -> None:
    write(team, "meetings/anna/2026-11-23.yaml", "date: 2026-11-23\nstatus: done\n")
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna")
    assert result.exit_code == 1
    assert "meetings/anna/2026-11-23.yaml:2:9: invalid-value status" in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------- golden files


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SALESCOACH_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run with SALESCOACH_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


@pytest.mark.parametrize("manager", ["anna-kovacs", "zsofia-toth"])
@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_golden_agenda_of_the_example(
    cli: Run, example: Path, manager: str, fmt: str, ext: str
) -> None:
    result = cli("--repo", example, "--today", TODAY, "agenda", "next", manager, "-f", fmt)
    assert result.exit_code == 0, result.output
    _golden(f"agenda-{manager}.{ext}", result.stdout)


def test_golden_written_meeting_of_the_example(cli: Run, example: Path) -> None:
    result = cli(
        "--repo",
        example,
        "--today",
        TODAY,
        "agenda",
        "next",
        "zsofia-toth",
        "--write",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    _golden(
        "agenda-write-zsofia-toth.yaml",
        (example / "meetings/zsofia-toth/2026-12-09.yaml").read_text(encoding="utf-8"),
    )
    assert cli("--repo", example, "--today", TODAY, "check").exit_code == 0


def test_example_default_is_anna(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", TODAY, "agenda", "next", "-f", "markdown")
    assert result.stdout.startswith("# 1:1 with Anna Kovács: Mon 30 Nov 2026, 60 minutes\n")


# ---------------------------------------------------------------- goal grade / action done


def test_goal_grade_changes_only_the_result_line(cli: Run, team: Path) -> None:
    path = team / "meetings/anna/2026-11-16.yaml"
    before = path.read_text(encoding="utf-8")
    result = cli(
        "--repo", team, "--today", TODAY, "goal", "grade", "anna", "2026-11-16#1", "partly"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "graded 2026-11-16#1 (petra: Book 12 discovery calls): partly, "
        "in meetings/anna/2026-11-16.yaml\n"
    )
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        "    due: 2026-11-25\n", "    due: 2026-11-25\n    result: partly\n"
    )
    again = cli("--repo", team, "--today", TODAY, "goal", "grade", "anna", "2026-11-16#1", "met")
    assert "partly → met" in again.stderr
    same = cli("--repo", team, "--today", TODAY, "goal", "grade", "anna", "2026-11-16#1", "met")
    assert same.exit_code == 0
    assert "was already graded met; nothing changed" in same.stderr
    agenda = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json")
    assert json.loads(agenda.stdout)["goals"]["to_assess"] == []


@pytest.mark.parametrize(
    ("ref", "result", "code", "message"),
    [
        ("2026-11-16#2", "met", 1, "error: no goal 2026-11-16#2: the 1:1 of 2026-11-16 has 1 goal"),
        (
            "2026-11-17#1",
            "met",
            1,
            "error: no goal 2026-11-17#1: anna has no meeting on 2026-11-17",
        ),
        ("petra", "met", 2, "error: 'petra' is not a GOAL reference; write it as MEETING-DATE#N"),
        ("2026-11-16#1", "great", 2, "'great' is not one of 'met', 'partly', 'missed'"),
    ],
)
def test_goal_grade_refuses_bad_input_and_changes_nothing(
    cli: Run, team: Path, ref: str, result: str, code: int, message: str
) -> None:
    path = team / "meetings/anna/2026-11-16.yaml"
    before = path.read_bytes()
    out = cli("--repo", team, "--today", TODAY, "goal", "grade", "anna", ref, result)
    assert out.exit_code == code
    assert message in " ".join(out.stderr.split()) or message in out.stderr
    if code == 1 or "reference" in message:
        assert "hint: open goals of anna: 2026-11-16#1" in out.stderr
    assert path.read_bytes() == before


def test_action_done_changes_only_that_action(cli: Run, team: Path) -> None:
    path = team / "meetings/anna/2026-11-16.yaml"
    before = path.read_text(encoding="utf-8")
    result = cli("--repo", team, "--today", TODAY, "action", "done", "anna", "2026-11-16#1")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "done: 2026-11-16#1 (coach: Share the pricing playbook), in meetings/anna/2026-11-16.yaml\n"
    )
    assert path.read_text(encoding="utf-8") == before.replace(
        "due: 2026-11-20, done: false}", "due: 2026-11-20, done: true}"
    )
    again = cli("--repo", team, "--today", TODAY, "action", "done", "anna", "2026-11-16#2")
    assert "was already done; nothing changed" in again.stderr
    missing = cli("--repo", team, "--today", TODAY, "action", "done", "anna", "2026-11-16#3")
    assert missing.exit_code == 1
    assert "error: no action 2026-11-16#3: the 1:1 of 2026-11-16 has 2 actions" in missing.stderr
    assert "hint: anna has no open actions in recent meetings" in missing.stderr
    agenda = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json")
    assert json.loads(agenda.stdout)["actions"] == []


def test_agenda_of_one_manager_reads_only_their_files(cli: Run, team: Path) -> None:
    write(team, "managers/other.yaml", "name: [broken\n")
    write(team, "meetings/other/2026-11-20.yaml", "date: nope\n")
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "markdown")
    assert result.exit_code == 0, result.output
    everyone = cli("--repo", team, "--today", TODAY, "agenda", "next")
    assert everyone.exit_code == 1
    assert "managers/other.yaml" in everyone.stderr
