"""``salescoach actions`` (every open action across managers, the coach's first) and
``action add`` (a new action in the planned or latest 1:1, exact bytes), end to end."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import Run

TODAY = "2026-11-27"


def _open_in_files(root: Path) -> list[dict[str, object]]:
    """Every open action in the example's meeting files, read with plain YAML."""
    out = []
    for path in sorted((root / "meetings").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for n, a in enumerate(data.get("actions") or [], start=1):
            if not a["done"] and str(a["do"]).strip():
                out.append(
                    {
                        "manager": path.parent.name,
                        "ref": f"{path.stem}#{n}",
                        "owner": a["owner"],
                        "due": a["due"],
                    }
                )
    return out


def test_actions_json_lists_every_open_action_the_coachs_first(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", TODAY, "actions", "--format", "json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)["actions"]
    expected = _open_in_files(example)
    assert len(expected) == 21
    assert sorted((a["manager"], a["ref"]) for a in shown) == sorted(
        (a["manager"], a["ref"]) for a in expected
    )
    owners = [a["owner"] for a in shown]
    coach = sum(1 for a in expected if a["owner"] == "coach")
    assert owners == ["coach"] * coach + ["manager"] * (len(expected) - coach)
    for part in (shown[:coach], shown[coach:]):
        assert [a["due"] for a in part] == sorted(a["due"] for a in part)  # oldest due first
    today = date.fromisoformat(TODAY)
    for a in shown:
        days = (today - date.fromisoformat(a["due"])).days
        assert a["overdue"] is (days > 0)
        assert a["overdue_days"] == max(days, 0)


def test_actions_filters(cli: Run, example: Path) -> None:
    def refs(*args: str) -> list[tuple[str, str]]:
        result = cli("--repo", example, "--today", TODAY, "actions", *args, "-f", "json")
        assert result.exit_code == 0, result.output
        return [(a["manager"], a["ref"]) for a in json.loads(result.stdout)["actions"]]

    expected = _open_in_files(example)
    mine = [(a["manager"], a["ref"]) for a in expected if a["owner"] == "coach"]
    late = [(a["manager"], a["ref"]) for a in expected if str(a["due"]) < TODAY]
    anna = [(a["manager"], a["ref"]) for a in expected if a["manager"] == "anna-kovacs"]
    assert sorted(refs("--mine")) == sorted(mine)
    assert sorted(refs("--overdue")) == sorted(late)
    assert sorted(refs("--manager", "anna-kovacs")) == sorted(anna)
    assert refs("--mine", "--overdue") == [
        ("anna-kovacs", "2026-11-02#2"),
        ("zsofia-toth", "2026-11-11#1"),
        ("gabor-szabo", "2026-11-17#2"),
    ]


def test_actions_text_fits_80_columns(
    cli: Run, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("--repo", example, "--today", TODAY, "actions")
    assert result.exit_code == 0, result.output
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 80
    assert "Éva Horváth's own" in result.stdout
    assert "21 open actions (9 the coach's, 8 overdue) in the 1:1s of 4 managers" in " ".join(
        result.stdout.split()
    )


def test_actions_markdown(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", TODAY, "actions", "--mine", "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Open actions\n\n9 open actions (9 the coach's, 3 overdue)")
    assert (
        "| coach | Anna Kovács | Send Anna the dates of the forecasting course in Budapest "
        "| **6 Nov, 21 days late** | `2026-11-02#2` |"
    ) in result.stdout


def test_action_add_appends_one_line_and_the_next_agenda_shows_it(cli: Run, example: Path) -> None:
    path = example / "meetings/anna-kovacs/2026-11-23.yaml"
    before = path.read_bytes()
    result = cli(
        "--repo", example, "--today", TODAY, "action", "add", "anna-kovacs",
        "Call the CFO about the Q1 budget", "--owner", "coach", "--due", "2026-12-02",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "added 2026-11-23#5 (coach: Call the CFO about the Q1 budget, due 2026-12-02) to the "
        "held 1:1 of 2026-11-23, in meetings/anna-kovacs/2026-11-23.yaml\n"
    )
    last = b"  - {owner: manager, do: Draft Q1 territory split, due: 2026-12-07, done: false}\n"
    new = (
        b'  - {owner: coach, do: "Call the CFO about the Q1 budget", due: 2026-12-02, '
        b"done: false}\n"
    )  # text is written in double quotes by the safe emitter
    assert path.read_bytes() == before.replace(last, last + new)
    agenda = cli("--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs", "-f", "json")
    actions = json.loads(agenda.stdout)["actions"]
    assert {"ref": "2026-11-23#5", "do": "Call the CFO about the Q1 budget"}.items() <= next(
        a for a in actions if a["ref"] == "2026-11-23#5"
    ).items()
    listed = cli("--repo", example, "--today", TODAY, "actions", "--mine", "-f", "json")
    assert "2026-11-23#5" in [a["ref"] for a in json.loads(listed.stdout)["actions"]]


def test_action_add_goes_to_the_planned_1_1(cli: Run, example: Path) -> None:
    planned = cli("--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs", "--write")
    assert planned.exit_code == 0, planned.output
    path = example / "meetings/anna-kovacs/2026-11-30.yaml"
    before = path.read_text(encoding="utf-8")
    result = cli(
        "--repo", example, "--today", TODAY, "action", "add", "anna-kovacs",
        'Say "thanks" to the team: 2 wins', "--owner", "manager", "--due", "2026-12-04",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "to the planned 1:1 of 2026-11-30, in meetings/anna-kovacs/2026-11-30.yaml" in (
        result.stderr
    )
    after = path.read_text(encoding="utf-8")
    data = yaml.safe_load(after)
    assert data["actions"][-1] == {
        "owner": "manager",
        "do": 'Say "thanks" to the team: 2 wins',
        "due": date(2026, 12, 4),
        "done": False,
    }
    assert after.startswith(before.split("actions:")[0])  # everything above actions: as it was


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["anna-kovacs", "  ", "--owner", "coach", "--due", "2026-12-02"], 2,
         "error: the action's TEXT is empty; say what is to be done\n"),
        (["anna-kovacs", "Call", "--owner", "coach", "--due", "2 Dec"], 2,
         "error: --due takes a date as YYYY-MM-DD, got '2 Dec'\n"),
    ],
)  # fmt: skip
def test_action_add_refusals_write_nothing(
    cli: Run, example: Path, args: list[str], code: int, message: str
) -> None:
    path = example / "meetings/anna-kovacs/2026-11-23.yaml"
    before = path.read_bytes()
    result = cli("--repo", example, "--today", TODAY, "action", "add", *args)
    assert result.exit_code == code
    assert result.stderr == message
    assert path.read_bytes() == before
