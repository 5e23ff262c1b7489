"""Teams that change: reps who leave or move and managers who leave, through the CLI on a
copy of the example with the manager files edited as ``rep leave`` / ``rep move`` write them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, write

AFTER = "2026-11-27"
MOVED = "2026-11-24"


def _add_after(path: Path, anchor: str, lines: str) -> None:
    """Insert ``lines`` after the first line of ``path`` that ends with ``anchor``."""
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(text) if line.rstrip().endswith(anchor))
    text.insert(at + 1, lines)
    path.write_text("".join(text), encoding="utf-8")


def _leave(example: Path, rep: str, *, moved_to: str | None = None) -> None:
    """Give ``rep`` ``left:`` (and ``moved_to:``) in anna-kovacs.yaml, after their ID."""
    extra = f"    left: {MOVED}\n" + (f"    moved_to: {moved_to}\n" if moved_to else "")
    _add_after(example / "managers" / "anna-kovacs.yaml", f"- id: {rep}", extra)


def _join_gabor(example: Path, joined: str = MOVED) -> None:
    """Add petra-nagy to gabor-szabo.yaml from ``joined`` on."""
    path = example / "managers" / "gabor-szabo.yaml"
    with path.open("a", encoding="utf-8") as out:
        out.write(
            "  - id: petra-nagy\n    name: Petra Nagy\n"
            f"    joined: {joined}\n    crm_names: [Petra Nagy]\n    monthly_target: 40000\n"
        )


@pytest.fixture
def moved(example: Path) -> Path:
    """The example after ``rep move petra-nagy --to gabor-szabo --date 2026-11-24``."""
    _leave(example, "petra-nagy", moved_to="gabor-szabo")
    _join_gabor(example)
    return example


def _agenda(cli: Run, root: Path, manager: str) -> dict[str, Any]:
    result = cli("--repo", root, "--today", AFTER, "agenda", "next", manager, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _agenda_reps(data: dict[str, Any]) -> list[str]:
    return [row["rep"] for row in data["reps"]["rows"]]


def _rate_show(cli: Run, root: Path, manager: str) -> dict[str, Any]:
    result = cli("--repo", root, "--today", AFTER, "rate", "show", manager, "-f", "json")
    assert result.exit_code == 0, result.stderr
    (table,) = json.loads(result.stdout)["managers"]
    return {r["rep"]: r for r in table["reps"]}


# ---------------------------------------------------------------- a rep who leaves


def test_a_rep_who_left_keeps_his_history_and_passes_check(cli: Run, example: Path) -> None:
    _leave(example, "daniel-olah")
    result = cli("--repo", example, "--today", AFTER, "check", "--strict")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_a_rep_who_left_is_shown_in_rate_show_with_a_mark(cli: Run, example: Path) -> None:
    _leave(example, "daniel-olah")
    daniel = _rate_show(cli, example, "anna-kovacs")["daniel-olah"]
    assert (daniel["status"], daniel["left"]) == ("left", MOVED)
    assert any(s is not None for s in daniel["scores"].values())
    text = cli("--repo", example, "--today", AFTER, "rate", "show", "anna-kovacs")
    assert "Dániel Oláh (left)" in text.stdout
    assert "Dániel Oláh: left 2026-11-24" in text.stdout


def test_the_next_agenda_has_no_row_for_a_rep_who_left(cli: Run, example: Path) -> None:
    _leave(example, "daniel-olah")
    data = _agenda(cli, example, "anna-kovacs")
    assert "daniel-olah" not in _agenda_reps(data)
    assert "petra-nagy" in _agenda_reps(data)
    assert "daniel-olah" not in [r["rep"] for r in data["goals"]["need_goal"]]
    goals = data["goals"]["to_assess"] + data["goals"]["running"]
    assert "daniel-olah" not in [g["rep"] for g in goals]


def test_rating_a_rep_who_left_is_refused_saying_when(cli: Run, example: Path) -> None:
    _leave(example, "daniel-olah")
    result = cli("--repo", example, "--today", AFTER, "rate", "rep", "daniel-olah", "3")
    assert result.exit_code != 0
    assert "daniel-olah left the team of anna-kovacs on 2026-11-24" in result.stderr


# ---------------------------------------------------------------- a rep who moves


def test_a_moved_rep_passes_check(cli: Run, moved: Path) -> None:
    result = cli("--repo", moved, "--today", AFTER, "check", "--strict")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_a_moved_rep_keeps_her_ratings_under_the_old_team(cli: Run, moved: Path) -> None:
    petra = _rate_show(cli, moved, "anna-kovacs")["petra-nagy"]
    assert (petra["status"], petra["moved_to"]) == ("moved", "gabor-szabo")
    assert petra["scores"]["2026-11-23"] is not None
    text = cli("--repo", moved, "--today", AFTER, "rate", "show", "anna-kovacs")
    assert "Petra Nagy (moved)" in text.stdout
    assert "Petra Nagy: moved to gabor-szabo 2026-11-24" in text.stdout
    at_gabor = _rate_show(cli, moved, "gabor-szabo")["petra-nagy"]
    assert at_gabor["status"] == "active"
    assert all(s is None for s in at_gabor["scores"].values())


def test_the_next_agendas_show_a_moved_rep_in_the_new_team_only(cli: Run, moved: Path) -> None:
    assert "petra-nagy" not in _agenda_reps(_agenda(cli, moved, "anna-kovacs"))
    assert "petra-nagy" in _agenda_reps(_agenda(cli, moved, "gabor-szabo"))


def test_rating_a_moved_rep_in_the_old_team_later_is_an_error(cli: Run, moved: Path) -> None:
    write(
        moved,
        "meetings/anna-kovacs/2026-11-30.yaml",
        "date: 2026-11-30\nstatus: held\nratings:\n  petra-nagy: {score: 3}\n",
    )
    result = cli("--repo", moved, "--today", "2026-12-01", "check")
    assert result.exit_code == 1
    assert (
        "meetings/anna-kovacs/2026-11-30.yaml:4:3: unknown-rep rating of 'petra-nagy' was not "
        "in anna-kovacs's team on 2026-11-30: moved to gabor-szabo on 2026-11-24"
    ) in result.stderr


def test_rate_rep_goes_to_the_new_teams_1on1(cli: Run, moved: Path) -> None:
    wrote = cli("--repo", moved, "--today", AFTER, "agenda", "next", "gabor-szabo", "--write")
    assert wrote.exit_code == 0, wrote.stderr
    planned = next((moved / "meetings" / "gabor-szabo").glob("2026-12-*.yaml"))
    assert "petra-nagy" in planned.read_text(encoding="utf-8")
    result = cli("--repo", moved, "--today", AFTER, "rate", "rep", "petra-nagy", "3")
    assert result.exit_code == 0, result.stderr
    assert f"(in meetings/gabor-szabo/{planned.name})" in result.stderr + result.stdout


def test_the_funnel_review_counts_a_moved_rep_in_the_team_of_its_date(
    cli: Run, moved: Path
) -> None:
    result = cli("--repo", moved, "--today", AFTER, "funnel", "review", "--rep", "petra-nagy")
    assert result.exit_code == 0, result.stderr
    assert "Anna Kovács" in result.stdout
    assert "Gábor Szabó" not in result.stdout


# ---------------------------------------------------------------- what check refuses


def test_overlapping_times_in_two_teams_are_a_duplicate_id(cli: Run, example: Path) -> None:
    _leave(example, "petra-nagy", moved_to="gabor-szabo")
    _join_gabor(example, joined="2026-11-20")
    result = cli("--repo", example, "--today", AFTER, "check")
    assert result.exit_code == 1
    assert (
        "duplicate-id rep ID 'petra-nagy' is already used in managers/anna-kovacs.yaml"
        in result.stderr
    )
    assert "bad-move 'petra-nagy' moved to gabor-szabo on 2026-11-24, but" in result.stderr


def test_a_move_to_a_team_that_does_not_list_the_rep_is_an_error(cli: Run, example: Path) -> None:
    _leave(example, "petra-nagy", moved_to="nobody-here")
    result = cli("--repo", example, "--today", AFTER, "check")
    assert result.exit_code == 1
    assert (
        "bad-move 'petra-nagy' moved to 'nobody-here', but there is no managers/nobody-here.yaml"
    ) in result.stderr


# ---------------------------------------------------------------- a manager who leaves


def _zsofia_leaves(example: Path) -> None:
    _add_after(example / "managers" / "zsofia-toth.yaml", "style: supporting", "left: 2026-11-26\n")


def test_a_manager_who_left_is_not_scheduled(cli: Run, example: Path) -> None:
    style = (example / "managers" / "zsofia-toth.yaml").read_text(encoding="utf-8")
    assert "style: supporting" in style
    _zsofia_leaves(example)
    schedule = cli("--repo", example, "--today", AFTER, "schedule", "-f", "json")
    assert schedule.exit_code == 0, schedule.stderr
    assert "zsofia-toth" not in schedule.stdout
    nxt = cli("--repo", example, "--today", AFTER, "schedule", "next", "zsofia-toth")
    assert nxt.exit_code != 0
    assert "left the role on 2026-11-26" in nxt.stderr
    assert cli("--repo", example, "--today", AFTER, "check", "--strict").exit_code == 0


def test_a_1on1_after_a_manager_left_is_an_error(cli: Run, example: Path) -> None:
    _zsofia_leaves(example)
    write(example, "meetings/zsofia-toth/2026-12-09.yaml", "date: 2026-12-09\nstatus: planned\n")
    result = cli("--repo", example, "--today", AFTER, "check")
    assert result.exit_code == 1
    assert (
        "after-left a 1:1 with zsofia-toth on 2026-12-09, but they left the role on 2026-11-26"
    ) in result.stderr


def test_a_moved_rep_listed_twice_is_one_crm_owner() -> None:
    from salescoach.crm import owner_index

    owners = owner_index(
        [
            ("petra-nagy", "Petra Nagy", ["Petra Nagy"]),
            ("tamas-kiss", "Tamás Kiss", ["T. Kiss"]),
            ("petra-nagy", "Petra Nagy", ["Petra Nagy", "P. Nagy"]),
        ]
    )
    assert owners["p. nagy"] == owners["petra nagy"] == "petra-nagy"


def test_the_written_1on1_rates_only_the_team_of_its_day(cli: Run, example: Path) -> None:
    _leave(example, "daniel-olah")
    wrote = cli("--repo", example, "--today", AFTER, "agenda", "next", "anna-kovacs", "--write")
    assert wrote.exit_code == 0, wrote.stderr
    folder = example / "meetings" / "anna-kovacs"
    (planned,) = [p for p in folder.glob("*.yaml") if p.name > "2026-11-23.yaml"]
    text = planned.read_text(encoding="utf-8")
    assert "daniel-olah" not in text
    assert "petra-nagy" in text
    assert cli("--repo", example, "--today", AFTER, "check").exit_code == 0


def test_why_a_rep_was_not_in_the_team() -> None:
    from datetime import date

    from salescoach.checks import not_in_team
    from salescoach.models import Manager

    manager = Manager.model_validate(
        {
            "name": "Anna",
            "reps": [
                {"id": "petra", "name": "Petra", "joined": "2026-01-05", "left": "2026-11-24"},
                {"id": "nora", "name": "Nóra", "joined": "2026-12-01"},
            ],
        }
    )
    manager._id = "anna"
    assert not_in_team(manager, "petra", date(2026, 11, 23)) is None
    assert not_in_team(manager, "petra", date(2026, 11, 24)) == (
        "'petra' was not in anna's team on 2026-11-24: left on 2026-11-24"
    )
    assert not_in_team(manager, "nora", date(2026, 11, 30)) == (
        "'nora' was not in anna's team on 2026-11-30: joined on 2026-12-01"
    )
    assert not_in_team(manager, "nobody", date(2026, 11, 30)) is None
