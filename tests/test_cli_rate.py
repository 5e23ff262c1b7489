"""`salescoach rate rep` and `rate show`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salescoach import yamlparse
from tests.conftest import Run, write

ANNA = """\
name: Anna Kovács
reps:
  - {id: petra-nagy, name: Petra Nagy}
  - {id: kinga-papp, name: Kinga Papp}
  - {id: mate-simon, name: Máté Simon}
"""
GABOR = "name: Gábor Szabó\nreps:\n  - {id: tamas-kiss, name: Tamás Kiss}\n"
TODAY = "2026-11-23"
MEETING = "meetings/anna-kovacs/2026-11-23.yaml"

ODD_MEETING = (
    "# 1:1 with Anna Kovács — Éva's notes\r\n"
    "date:   2026-11-23   # moved? no\r\n"
    "status: 'held'\r\n"
    "\r\n"
    "ratings:\r\n"
    "    kinga-papp:   {score: 2,   note: 'Jó munka'}   # first\r\n"
    "\r\n"
    "notes: |\r\n"
    "  Free text, ünnepek.\r\n"
)


@pytest.fixture
def team(repo: Path) -> Path:
    write(repo, "managers/anna-kovacs.yaml", ANNA)
    write(repo, "managers/gabor-szabo.yaml", GABOR)
    write(repo, MEETING, "date: 2026-11-23\nstatus: held\n")
    return repo


def plain(path: Path) -> dict:  # type: ignore[type-arg]
    node, problems = yamlparse.parse_bytes(path.read_bytes(), "x")
    assert problems == []
    assert node is not None
    return node.plain()  # type: ignore[no-any-return]


def rate(cli: Run, repo: Path, *args: object, today: str = TODAY):  # type: ignore[no-untyped-def]
    return cli("--repo", repo, "--today", today, "rate", "rep", *args)


# ---------------------------------------------------------------- rate rep


def test_rate_and_rerate(cli: Run, team: Path) -> None:
    result = rate(cli, team, "petra-nagy", "2", "--note", 'said "no": it\'s fine # really')
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"petra-nagy: 2 (in {MEETING})\n"
    assert (team / MEETING).read_text() == (
        "date: 2026-11-23\nstatus: held\nratings:\n"
        '  petra-nagy: {score: 2, note: "said \\"no\\": it\'s fine # really"}\n'
    )
    assert (
        plain(team / MEETING)["ratings"]["petra-nagy"]["note"] == 'said "no": it\'s fine # really'
    )
    result = rate(cli, team, "petra-nagy", "3")
    assert result.exit_code == 0
    assert result.stderr == f"petra-nagy: 2 → 3 (in {MEETING})\n"
    assert plain(team / MEETING)["ratings"]["petra-nagy"] == {
        "score": 3,
        "note": 'said "no": it\'s fine # really',
    }
    result = rate(cli, team, "petra-nagy", "3")
    assert result.stderr == f"petra-nagy: 3 (already recorded in {MEETING}; nothing changed)\n"


def test_only_the_rating_lines_are_added(cli: Run, team: Path) -> None:
    path = team / MEETING
    path.write_bytes(ODD_MEETING.encode("utf-8"))
    result = rate(cli, team, "petra-nagy", "3", "--note", 'said "no": it\'s fine # really')
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes().decode("utf-8") == ODD_MEETING.replace(
        "# first\r\n",
        '# first\r\n    petra-nagy: {score: 3, note: "said \\"no\\": it\'s fine # really"}\r\n',
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_diff_numstat_shows_one_added_line(cli: Run, team: Path) -> None:
    path = team / MEETING
    path.write_bytes(ODD_MEETING.encode("utf-8"))
    git = ["git", "-C", str(team), "-c", "core.autocrlf=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run(
        [*git, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], check=True
    )
    assert (
        rate(cli, team, "petra-nagy", "3", "--note", 'said "no": it\'s fine # really').exit_code
        == 0
    )
    assert rate(cli, team, "mate-simon", "4").exit_code == 0
    numstat = subprocess.run(
        [*git, "diff", "--numstat"], capture_output=True, text=True, check=True
    )
    assert numstat.stdout == f"2\t0\t{MEETING}\n"
    assert plain(path)["ratings"]["petra-nagy"]["note"] == 'said "no": it\'s fine # really'


@pytest.mark.parametrize("score", ["0", "5", "3.5", "three", "yes", "-1"])
def test_bad_scores_are_refused_and_nothing_changes(cli: Run, team: Path, score: str) -> None:
    before = (team / MEETING).read_bytes()
    result = (
        rate(cli, team, "petra-nagy", "--", score)
        if score.startswith("-")
        else rate(cli, team, "petra-nagy", score)
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: '{score}' is not a rating; a rating is a whole number from 1 to 4\n"
        "hint: use 1 = did not reach the goals, 2 = reached some of the goals, "
        "3 = reached the goals, 4 = exceeded the goals\n"
    )
    assert (team / MEETING).read_bytes() == before
    assert sorted(p.name for p in (team / MEETING).parent.iterdir()) == ["2026-11-23.yaml"]


def test_unknown_rep_gets_the_closest_ids(cli: Run, team: Path) -> None:
    before = (team / MEETING).read_bytes()
    result = rate(cli, team, "petra-nag", "3")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "error: no rep 'petra-nag' in any manager file\nhint: did you mean 'petra-nagy'?\n"
    )
    result = rate(cli, team, "nobody", "3")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: no rep 'nobody' in any manager file\nhint: known reps: "
    )
    assert (team / MEETING).read_bytes() == before


def test_rep_of_another_manager_is_refused(cli: Run, team: Path) -> None:
    result = rate(cli, team, "tamas-kiss", "3", "--manager", "anna-kovacs")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: 'tamas-kiss' is not a rep of Anna Kovács (anna-kovacs)\n"
    )


def test_no_meeting_says_how_to_create_one(cli: Run, team: Path) -> None:
    result = rate(cli, team, "tamas-kiss", "3")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: Gábor Szabó (gabor-szabo) has no 1:1 today (2026-11-23) and no planned one to "
        "record the rating in\n"
        "hint: create it with `salescoach agenda next gabor-szabo --write`, or give --date DATE "
        "of a past 1:1\n"
    )
    result = rate(cli, team, "petra-nagy", "3", "--date", "2026-11-16")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: Anna Kovács (anna-kovacs) has no 1:1 on 2026-11-16 "
        "(no file meetings/anna-kovacs/2026-11-16.yaml)\n"
    )


def test_default_meeting_is_today_else_latest_planned(cli: Run, team: Path) -> None:
    write(team, "meetings/anna-kovacs/2026-11-30.yaml", "date: 2026-11-30\nstatus: planned\n")
    assert rate(cli, team, "petra-nagy", "4", today="2026-11-25").exit_code == 0
    assert plain(team / "meetings/anna-kovacs/2026-11-30.yaml")["ratings"] == {
        "petra-nagy": {"score": 4}
    }
    assert (
        rate(cli, team, "petra-nagy", "1", "--date", "2026-11-23", today="2026-11-25").exit_code
        == 0
    )
    assert plain(team / MEETING)["ratings"] == {"petra-nagy": {"score": 1}}


def test_an_invalid_meeting_file_is_not_touched(cli: Run, team: Path) -> None:
    (team / MEETING).write_text("date: 2026-11-23\nstatus: maybe\n")
    result = rate(cli, team, "petra-nagy", "3")
    assert result.exit_code == 1
    assert f"error: the repository has errors in {MEETING}; nothing was done" in result.stderr
    assert (team / MEETING).read_text() == "date: 2026-11-23\nstatus: maybe\n"


def test_commit_outside_git_keeps_the_write(
    cli: Run, team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(team.parent))
    before = (team / MEETING).read_bytes()
    result = rate(cli, team, "petra-nagy", "3", "--commit")
    assert result.exit_code == 1
    # refused before anything is written: nothing to lose, nothing half-done
    assert result.stderr == (
        f"error: {team} is not in a git work tree; nothing was written\n"
        "hint: run `git init` in the repository (or leave out --commit)\n"
    )
    assert (team / MEETING).read_bytes() == before


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_commit_commits_only_that_file(cli: Run, team: Path) -> None:
    git = ["git", "-C", str(team)]
    write(team, ".gitignore", ".salescoach-lock\n")  # as `init` writes: the folder lock stays
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    env = ["-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, *env, "commit", "-qm", "x"], check=True)
    (team / "managers/gabor-szabo.yaml").write_text(GABOR + "# staged elsewhere\n")
    subprocess.run([*git, "add", "managers/gabor-szabo.yaml"], check=True)
    result = cli("--repo", team, "--today", TODAY, "rate", "rep", "petra-nagy", "3", "--commit")
    assert result.exit_code == 0, result.stderr
    log = subprocess.run(
        [*git, "log", "-1", "--format=%s", "--name-only"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert log.stdout.split() == [
        "rate",
        "petra-nagy",
        "3",
        "(anna-kovacs,",
        "2026-11-23)",
        MEETING,
    ]
    status = subprocess.run([*git, "status", "--short"], capture_output=True, text=True, check=True)
    assert status.stdout == "M  managers/gabor-szabo.yaml\n"
    again = cli(
        "--repo", team, "--today", TODAY, "rate", "rep", "petra-nagy", "4",
        "--note", "118% of target,\n two new logos", "--commit",
    )  # fmt: skip
    assert again.exit_code == 0, again.stderr
    subject = subprocess.run(
        [*git, "log", "-1", "--format=%s"], capture_output=True, text=True, check=True
    )
    # the message says what changed: the old score, the new one and the note (on one line)
    assert subject.stdout == (
        "rate petra-nagy 3 → 4 (anna-kovacs, 2026-11-23): 118% of target, two new logos\n"
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=st.text())
def test_any_note_via_the_cli_reads_back_exactly(cli: Run, team: Path, note: str) -> None:
    result = rate(cli, team, "petra-nagy", "3", f"--note={note}")
    assert result.exit_code == 0, result.stderr
    data = plain(team / MEETING)
    assert data == {
        "date": "2026-11-23",
        "status": "held",
        "ratings": {"petra-nagy": {"score": 3, "note": note}},
    }


def test_twenty_parallel_writers_all_land(cli: Run, repo: Path) -> None:
    reps = [f"rep-{i:02d}" for i in range(20)]
    write(
        repo,
        "managers/anna-kovacs.yaml",
        "name: Anna\nreps:\n" + "".join(f"  - {{id: {r}, name: R {r}}}\n" for r in reps),
    )
    write(repo, MEETING, "# the 1:1\ndate: 2026-11-23\nstatus: held\nratings: {}\n")

    def run(index: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "salescoach",
                "--repo",
                str(repo),
                "--today",
                TODAY,
                "rate",
                "rep",
                reps[index],
                str(index % 4 + 1),
            ],
            capture_output=True,
            text=True,
            check=False,
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(run, range(20)))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results]
    ratings = plain(repo / MEETING)["ratings"]
    assert ratings == {r: {"score": i % 4 + 1} for i, r in enumerate(reps)}
    assert cli("--repo", repo, "--today", TODAY, "check").exit_code == 0
    left = sorted(p.name for p in (repo / MEETING).parent.iterdir())
    assert left == [".salescoach-lock", "2026-11-23.yaml"]  # the folder lock stays (issue 17)


# ---------------------------------------------------------------- rate show


@pytest.fixture
def history(team: Path) -> Path:
    days = ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
    scores = {"petra-nagy": [3, 4, 3, 1], "kinga-papp": [2, 1, 1, 1], "mate-simon": [3, 3, None, 4]}
    for i, day in enumerate(days):
        lines = [f"date: {day}", "status: held", "ratings:"]
        lines += [f"  {rep}: {{score: {s[i]}}}" for rep, s in scores.items() if s[i] is not None]
        write(team, f"meetings/anna-kovacs/{day}.yaml", "\n".join(lines) + "\n")
    write(team, "meetings/anna-kovacs/2026-11-30.yaml", "date: 2026-11-30\nstatus: planned\n")
    return team


def show(cli: Run, repo: Path, *args: object):  # type: ignore[no-untyped-def]
    return cli("--repo", repo, "--today", TODAY, "rate", "show", *args)


def test_show_json(cli: Run, history: Path) -> None:
    result = show(cli, history, "anna-kovacs", "--last", "3", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    (anna,) = data["managers"]
    assert (anna["manager"], anna["manager_name"]) == ("anna-kovacs", "Anna Kovács")
    assert anna["meetings"] == ["2026-11-09", "2026-11-16", "2026-11-23"]
    # averages to one decimal, as every view shows them: (4 + 1 + 3) / 3 = 2.67 → 2.7
    assert anna["team_average"] == {"2026-11-09": 2.7, "2026-11-16": 2.0, "2026-11-23": 2.0}
    petra, kinga, mate = anna["reps"]
    assert petra == {
        "rep": "petra-nagy",
        "rep_name": "Petra Nagy",
        "scores": {"2026-11-09": 4, "2026-11-16": 3, "2026-11-23": 1},
        "notes": {},
        "trend": "down",
        "sparkline": "█▅▁",
        "average": 2.7,
        "flags": ["fell by 2 points since the meeting before"],
        "status": "active",
        "left": None,
        "moved_to": None,
    }
    assert kinga["flags"] == ["rated 1 at two meetings in a row"]
    assert mate["scores"]["2026-11-16"] is None
    assert mate["sparkline"] == "▅·█"


def test_show_text_markdown_csv(cli: Run, history: Path) -> None:
    text = show(cli, history, "anna-kovacs")
    assert text.exit_code == 0
    assert "Anna Kovács (anna-kovacs): ratings at the last 4 rated 1:1s" in text.stdout
    assert "Petra Nagy !" in text.stdout
    assert "! Kinga Papp: rated 1 at two meetings in a row" in text.stdout
    assert "Team average" in text.stdout
    md = show(cli, history, "anna-kovacs", "--last", "2", "-f", "markdown")
    assert md.stdout.splitlines()[2:5] == [
        "| Rep | 2026-11-16 | 2026-11-23 | Trend | Average | Flags |",
        "|---|:---:|:---:|:---:|---:|---|",
        "| Petra Nagy | 3 | 1 | ↓ ▅▁ | 2.0 | fell by 2 points since the meeting before |",
    ]
    csv = show(cli, history, "--rep", "mate-simon", "--last", "2", "-f", "csv")
    assert csv.stdout == (
        "manager,rep,rep_name,date,score,note,team_average,status,left,moved_to\n"
        "anna-kovacs,mate-simon,Máté Simon,2026-11-16,,,2.0,active,,\n"
        "anna-kovacs,mate-simon,Máté Simon,2026-11-23,4,,2.0,active,,\n"
    )


def test_show_every_manager_and_errors(cli: Run, history: Path) -> None:
    result = show(cli, history, "-f", "json")
    assert [m["manager"] for m in json.loads(result.stdout)["managers"]] == [
        "anna-kovacs",
        "gabor-szabo",
    ]
    text = show(cli, history)
    assert "Gábor Szabó (gabor-szabo): no ratings yet" in text.stderr
    assert show(cli, history, "anna-kovac").stderr.startswith("error: no manager 'anna-kovac'")
    bad = show(cli, history, "anna-kovacs", "--rep", "tamas-kiss")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("error: 'tamas-kiss' is not a rep of Anna Kovács (anna-kovacs)")
    assert show(cli, history, "--last", "0").exit_code == 2
