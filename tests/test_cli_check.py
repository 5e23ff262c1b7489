"""`salescoach check`: every problem of every file in one run, nothing written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, Run, write

BROKEN = {
    "meetings/anna/2026-11-02.yaml": "date: 2026-11-02\nstatus: held\nstatus: planned\n",
    "meetings/anna/2026-11-09.yaml": (
        "date: 2026-11-09\nstatus: held\nratings:\n  petra: {score: 5}\n"
    ),
    "meetings/anna/2026-11-16.yaml": "date: 2026-11-16\nstatus: held\n\tnotes: x\n",
    "meetings/anna/2026-11-23.yaml": (
        "date: 2026-11-23\n<<<<<<< HEAD\nstatus: held\n=======\nstatus: planned\n>>>>>>> other\n"
    ),
    "meetings/anna/2026-11-30.yaml": "date: 2026-11-30\nstatsu: planned\n",
    "meetings/anna/2026-12-07.yaml": "!!python/object/apply:os.system ['touch PWNED']\n",
    "meetings/anna/2026-12-14.yaml": "[" * 100_000,
}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_every_broken_file_is_named_with_its_line(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\nreps:\n  - {id: petra, name: Petra}\n")
    for rel, text in BROKEN.items():
        write(repo, rel, text)
    before = _snapshot(repo)
    result = cli("--repo", repo, "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines == [
        "meetings/anna/2026-11-02.yaml:3:1: duplicate-key duplicate key 'status' (first at line "
        "2, again at line 3); keep one of them",
        "meetings/anna/2026-11-09.yaml:4:18: invalid-value ratings.petra.score: a rating is a "
        "whole number from 1 (did not reach the goals) to 4 (exceeded them), got 5",
        "meetings/anna/2026-11-16.yaml:3:1: yaml-syntax tab character: YAML indentation must use "
        "spaces, not tabs",
        "meetings/anna/2026-11-23.yaml:2:1: merge-conflict merge conflict: git conflict markers "
        "are still in the file; resolve the conflict and remove the <<<<<<< ======= >>>>>>> lines",
        "meetings/anna/2026-11-30.yaml:1:1: missing-key missing required key 'status'",
        "meetings/anna/2026-11-30.yaml:2:1: unknown-key unknown key 'statsu'; did you mean "
        "'status'?",
        "meetings/anna/2026-12-07.yaml:1:1: yaml-tag YAML tags (!!python/object/apply:os.system) "
        "are not allowed in salescoach files; remove the tag and quote the value if it is text",
        lines[7],
        "checked 9 files: 8 errors, 0 warnings",
    ]
    assert lines[7].startswith("meetings/anna/2026-12-14.yaml:1:")
    assert "nested deeper" in lines[7]
    assert _snapshot(repo) == before, "check must not create or change any file"
    assert not Path("PWNED").exists()


def test_json_output(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\nreps: []\nlevel: senior\n")
    result = cli("--repo", repo, "check", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == {
        "files": 2,
        "errors": 1,
        "warnings": 0,
        "diagnostics": [
            {
                "path": "managers/anna.yaml",
                "line": 3,
                "column": 8,
                "code": "invalid-value",
                "severity": "error",
                "message": "level: must be 'new', 'developing' or 'experienced', got 'senior'",
            }
        ],
    }


def _cross_file_problems(repo: Path) -> None:
    """Two managers sharing a rep, a rating and a goal of no rep of the team, a meetings
    folder of no manager, a funnel stage and a rep nobody knows."""
    write(repo, "managers/anna.yaml", "name: Anna\nreps:\n  - {id: petra, name: Petra}\n")
    write(
        repo,
        "managers/bela.yaml",
        "name: Béla\nreps:\n  - id: laszlo\n    name: L\n  - id: petra\n    name: P\n",
    )
    write(
        repo,
        "meetings/anna/2026-11-23.yaml",
        "date: 2026-11-23\nstatus: held\nratings:\n  laszlo: {score: 3}\n"
        "goals:\n  - rep: petr\n    goal: x\n",
    )
    write(repo, "meetings/zoe/2026-11-23.yaml", "date: 2026-11-23\nstatus: held\n")
    write(
        repo,
        "funnel/2026-11-15.yaml",
        "date: 2026-11-15\nreps:\n  petra:\n    stages: {prospects: 3, demos: 1}\n  nobody: {}\n",
    )


def test_cross_file_checks_point_at_lines(cli: Run, repo: Path) -> None:
    _cross_file_problems(repo)
    result = cli("--repo", repo, "--today", "2026-11-27", "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == [
        "funnel/2026-11-15.yaml:4:28: unknown-stage stage 'demos' is not one of funnel.stages in "
        "salescoach.yaml (prospects, meetings, proposals, won)",
        "funnel/2026-11-15.yaml:5:3: unknown-rep funnel numbers for 'nobody', who is no manager's "
        "rep; known reps: laszlo, petra",
        "managers/bela.yaml:5:9: duplicate-id rep ID 'petra' is already used in "
        "managers/anna.yaml; IDs must be unique",
        "meetings/anna/2026-11-23.yaml:4:3: unknown-rep rating of 'laszlo', who is not a rep of "
        "anna; known reps: petra",
        "meetings/anna/2026-11-23.yaml:6:10: unknown-rep goal for 'petr', who is not a rep of "
        "anna; did you mean 'petra'?",
        "meetings/zoe: unknown-manager meetings of 'zoe', but there is no managers/zoe.yaml",
    ]


def test_bad_file_names(cli: Run, repo: Path) -> None:
    write(repo, "managers/Anna Kovacs.yaml", "name: Anna\nreps: []\n")
    write(repo, "meetings/anna/23-11-2026.yaml", "date: 2026-11-23\nstatus: held\n")
    write(repo, "managers/anna.yaml", "name: Anna\nreps: []\n")
    result = cli("--repo", repo, "check")
    assert result.exit_code == 1
    assert (
        "managers/Anna Kovacs.yaml: bad-file-name file name must be an ID followed by .yaml "
        "(lowercase letters, digits and '-'): use an ID such as `anna-kovacs`"
    ) in result.stderr
    assert "meetings/anna/23-11-2026.yaml: bad-file-name" in result.stderr


@pytest.mark.parametrize(
    "example", sorted(p.name for p in EXAMPLE.parent.iterdir() if (p / "salescoach.yaml").is_file())
)
def test_every_example_validates(cli: Run, example: str) -> None:
    # on the example's "today": later, its next 1:1s are overdue (overdue-meeting warnings)
    result = cli(
        "--repo", EXAMPLE.parent / example, "--today", "2026-11-27", "check", "--strict",
        "--no-cache",
    )  # fmt: skip
    assert result.stderr.splitlines()[-1].endswith(": 0 errors, 0 warnings"), result.stderr
    assert result.exit_code == 0


def test_unreadable_file_is_a_diagnostic(cli: Run, repo: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = write(repo, "managers/anna.yaml", "name: Anna\nreps: []\n")
    path.chmod(0)
    result = cli("--repo", repo, "check")
    assert result.exit_code == 1
    assert "managers/anna.yaml: unreadable cannot be read: Permission denied" in result.stderr


def test_cross_file_checks_in_hungarian(cli: Run, repo: Path) -> None:
    """The messages in Hungarian, the codes and paths in English."""
    _cross_file_problems(repo)
    result = cli("--repo", repo, "--today", "2026-11-27", "--lang", "hu", "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == [
        "funnel/2026-11-15.yaml:4:28: unknown-stage a(z) 'demos' szakasz nem szerepel a "
        "salescoach.yaml funnel.stages listájában (prospects, meetings, proposals, won)",
        "funnel/2026-11-15.yaml:5:3: unknown-rep tölcsérszámok 'nobody' részére, aki egyik "
        "vezetőnek sem értékesítője; ismert értékesítők: laszlo, petra",
        "managers/bela.yaml:5:9: duplicate-id a(z) 'petra' értékesítőazonosító már szerepel "
        "itt: managers/anna.yaml; az azonosítóknak egyedinek kell lenniük",
        "meetings/anna/2026-11-23.yaml:4:3: unknown-rep értékelés 'laszlo' részére, aki nem "
        "anna értékesítője; ismert értékesítők: petra",
        "meetings/anna/2026-11-23.yaml:6:10: unknown-rep cél 'petr' részére, aki nem anna "
        "értékesítője; erre gondolt: 'petra'?",
        "meetings/zoe: unknown-manager 'zoe' megbeszélései, de nincs managers/zoe.yaml",
    ]
