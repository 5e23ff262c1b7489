"""``salescoach goals``: a manager's or a rep's goals over time, with results, help delivered
and hit rates (partly counts half), checked against a count straight from the YAML files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from tests.conftest import Run, write

TODAY = "2026-11-27"


def _goals_in_files(root: Path, manager: str, since: str = "0000") -> list[tuple[str, dict]]:
    """Every non-blank goal of the manager's meeting files (file name order), by hand."""
    found = []
    for path in sorted((root / "meetings" / manager).glob("*.yaml")):
        if path.stem < since or path.stem > TODAY:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, goal in enumerate(data.get("goals") or [], start=1):
            if str(goal.get("goal", "")).strip():
                found.append((f"{path.stem}#{index}", goal))
    return found


def test_json_figures_equal_a_count_from_the_files(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", TODAY, "goals", "anna-kovacs", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    goals = _goals_in_files(example, "anna-kovacs")
    assert [g["ref"] for g in data["goals"]] == [ref for ref, _g in goals]
    results = [g.get("result") for _r, g in goals if g.get("result")]
    met, partly, missed = (results.count(k) for k in ("met", "partly", "missed"))
    assert data["results"] == {
        "graded": len(results),
        "met": met,
        "partly": partly,
        "missed": missed,
        "rate": round((met + partly / 2) / len(results), 3),
        "waiting": sum(
            1
            for ref, g in goals
            if not g.get("result")
            and (g.get("due") or dt.date.fromisoformat(ref[:10]) + dt.timedelta(days=30))
            <= dt.date.fromisoformat(TODAY)
        ),
    }
    # PyYAML reads yes/no as booleans (YAML 1.1); salescoach reads them as the words (1.2)
    helps = [
        {True: "yes", False: "no"}.get(g["help_delivered"], g["help_delivered"])
        for _r, g in goals
        if g.get("help_delivered") is not None
    ]
    yes, part, no = (helps.count(k) for k in ("yes", "partly", "no"))
    assert data["help"] == {
        "graded": len(helps),
        "yes": yes,
        "partly": part,
        "no": no,
        "rate": round((yes + part / 2) / len(helps), 3),
    }
    assert (data["count"], data["partly_counts"]) == (len(goals), 0.5)


def test_one_rep_since_a_day(cli: Run, example: Path) -> None:
    result = cli(
        "--repo", example, "--today", TODAY,
        "goals", "anna-kovacs", "--rep", "kinga-papp", "--since", "2026-10-01", "-f", "json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    expected = [
        ref
        for ref, g in _goals_in_files(example, "anna-kovacs", since="2026-10-01")
        if g["rep"] == "kinga-papp"
    ]
    assert [g["ref"] for g in data["goals"]] == expected
    assert {g["rep"] for g in data["goals"]} == {"kinga-papp"}
    assert (data["rep"], data["since"]) == ("kinga-papp", "2026-10-01")


def test_text_says_the_rates_with_n_and_how_partly_counts(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\nreps: [{id: petra, name: Petra}]\n")
    write(repo, "meetings/anna/2026-10-05.yaml", (
        "date: 2026-10-05\nstatus: held\ngoals:\n"
        "  - {rep: petra, goal: Ten calls, manager_help: Joins one, result: met,"
        " help_delivered: yes}\n"
        "  - {rep: petra, goal: Two demos, result: partly, help_delivered: no}\n"
        "  - {rep: petra, goal: One deal, result: missed}\n"
        "  - {rep: petra, goal: Plan Q1, due: 2026-11-20}\n"
        "  - {rep: petra, goal: ''}\n"
    ))  # fmt: skip
    result = cli("--repo", repo, "--today", TODAY, "goals", "anna")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line for line in lines if line != line.rstrip()] == []  # no trailing spaces
    assert lines[0] == "Goals of Anna's team, as of Fri 27 Nov 2026"
    assert "Goals met: 50% (1 met, 1 partly, 1 missed; n=3)." in lines
    assert "Help delivered: too few to judge (1 yes, 0 partly, 1 no; n=2)." in lines
    assert "1 goal due by Fri 27 Nov 2026 without a result:" in " ".join(result.stdout.split())
    markdown = cli("--repo", repo, "--today", TODAY, "goals", "anna", "-f", "markdown").stdout
    assert (
        "| `2026-10-05#1` | 5 Oct | Petra | Ten calls | Wed 4 Nov 2026 | met | Joins one | yes |"
        in markdown
    )


def test_unknown_rep_and_manager_are_refused(cli: Run, example: Path) -> None:
    rep = cli("--repo", example, "goals", "anna-kovacs", "--rep", "kinga")
    assert (rep.exit_code, rep.stderr) == (
        1,
        "error: kinga is not a rep of anna-kovacs\nhint: did you mean 'kinga-papp'?\n",
    )
    assert cli("--repo", example, "goals", "nobody").exit_code == 1


def test_a_rate_of_too_few_goals_is_null_in_json_with_its_n(cli: Run, example: Path) -> None:
    result = cli(
        "--repo", example, "--today", TODAY, "goals", "anna-kovacs", "--rep", "kinga-papp",
        "-f", "json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    graded = [g for _ref, g in _goals_in_files(example, "anna-kovacs") if g.get("result")]
    kinga = [g for g in graded if g["rep"] == "kinga-papp"]
    assert 0 < len(kinga) < 3
    assert data["results"]["graded"] == len(kinga)
    assert data["results"]["rate"] is None  # below the minimum of 3 graded goals: no rate
