"""The manager's development plan: ``plan add`` / ``plan done`` write the manager's file
through the safe editor (exact bytes), the agenda shows the progress in topic 4, and
``agenda next --write`` reminds of the open items in comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

TODAY = "2026-11-27"
ANNA = "managers/anna-kovacs.yaml"


def test_plan_add_appends_one_item_and_nothing_else(cli: Run, example: Path) -> None:
    path = example / "managers" / "peter-varga.yaml"
    before = path.read_bytes()
    result = cli(
        "--repo", example, "--today", TODAY,
        "plan", "add", "peter-varga", "  Coach   Csaba on  large deals ", "--due", "2027-01-15",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "added #1 (Coach Csaba on large deals, due 2027-01-15) to peter-varga's development "
        "plan, in managers/peter-varga.yaml\n"
    )
    assert path.read_bytes() == before + (
        b"development_plan:\n"
        b'  - what: "Coach Csaba on large deals"\n'
        b"    due: 2027-01-15\n"
        b"    status: open\n"
        b"    added: 2026-11-27\n"
    )
    second = cli(
        "--repo", example, "--today", TODAY,
        "plan", "add", "peter-varga", "Hand over the key account review", "--due", "2027-02-01",
    )  # fmt: skip
    assert second.stderr.startswith("added #2 (Hand over the key account review,")
    assert path.read_bytes().endswith(
        b"    added: 2026-11-27\n"
        b'  - what: "Hand over the key account review"\n'
        b"    due: 2027-02-01\n"
        b"    status: open\n"
        b"    added: 2026-11-27\n"
    )


def test_plan_done_changes_only_that_items_status_and_adds_closed(cli: Run, example: Path) -> None:
    path = example / ANNA
    before = path.read_text(encoding="utf-8")
    result = cli("--repo", example, "--today", TODAY, "plan", "done", "anna-kovacs", "#3")
    assert result.exit_code == 0, result.output
    assert result.stderr == "done: #3 (Run the forecast call alone), in managers/anna-kovacs.yaml\n"
    assert path.read_text(encoding="utf-8") == before.replace(
        "  - what: Run the forecast call alone\n    due: 2026-12-15\n    status: open\n"
        "    added: 2026-11-16\n",
        "  - what: Run the forecast call alone\n    due: 2026-12-15\n    status: done\n"
        "    added: 2026-11-16\n    closed: 2026-11-27\n",
    )
    again = cli("--repo", example, "--today", TODAY, "plan", "done", "anna-kovacs", "forecast call")
    assert again.exit_code == 0
    assert again.stderr == "#3 (Run the forecast call alone) was already done; nothing changed\n"


def test_plan_done_dropped_by_words_of_the_text(cli: Run, example: Path) -> None:
    result = cli(
        "--repo", example, "--today", TODAY,
        "plan", "done", "gabor-szabo", "COACHING conversations", "--dropped",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "dropped: #2 (Two coaching conversations a week, written up in the CRM), "
        "in managers/gabor-szabo.yaml\n"
    )
    text = (example / "managers" / "gabor-szabo.yaml").read_text(encoding="utf-8")
    assert "    status: dropped\n    added: 2026-11-10\n    closed: 2026-11-27\nreps:\n" in text


@pytest.mark.parametrize(
    ("manager", "item", "code", "message"),
    [
        (
            "anna-kovacs", "4", 1,
            "error: no plan item 4: anna-kovacs's plan has items 1 to 3\n"
            "hint: open items of anna-kovacs: #3: Run the forecast call alone\n",
        ),
        (
            "anna-kovacs", "the", 2,
            "error: 'the' is in more than one plan item (#1, #3); give the number\n"
            "hint: open items of anna-kovacs: #3: Run the forecast call alone\n",
        ),
        (
            "peter-varga", "1", 1,
            "error: peter-varga has no development plan items yet\n"
            "hint: add one with `salescoach plan add peter-varga TEXT --due YYYY-MM-DD`\n",
        ),
    ],
)  # fmt: skip
def test_plan_done_refusals_change_nothing(
    cli: Run, example: Path, manager: str, item: str, code: int, message: str
) -> None:
    path = example / "managers" / f"{manager}.yaml"
    before = path.read_bytes()
    result = cli("--repo", example, "--today", TODAY, "plan", "done", manager, item)
    assert (result.exit_code, result.stderr) == (code, message)
    assert path.read_bytes() == before


def test_plan_add_refuses_an_empty_text_and_a_bad_date(cli: Run, example: Path) -> None:
    empty = cli("--repo", example, "plan", "add", "anna-kovacs", "  ", "--due", "2026-12-01")
    assert empty.exit_code == 2
    assert empty.stderr.startswith("error: the plan item's TEXT is empty")
    bad = cli("--repo", example, "plan", "add", "anna-kovacs", "X", "--due", "1 Dec")
    assert bad.exit_code == 2


def test_the_agenda_shows_the_plans_progress_in_topic_4(cli: Run, example: Path) -> None:
    text = cli("--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs").stdout
    topic = text[text.index("4. The manager's own performance (") :]
    assert (
        "Development plan: 2 of 3 done; «Run the forecast call alone» due Tue 15 Dec 2026"
    ) in " ".join(topic.split())
    assert " [x] #1 Prepare the weekly forecast from the CRM dashboard (done)\n" in topic
    assert " [ ] #3 Run the forecast call alone (due Tue 15 Dec 2026)\n" in topic
    data = json.loads(
        cli(
            "--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs", "-f", "json"
        ).stdout
    )
    plan = data["own"]["plan_items"]
    assert (plan["done"], plan["counted"], plan["dropped"]) == (2, 3, 0)
    assert plan["next_open"]["what"] == "Run the forecast call alone"
    # a plan item added now shows at the next agenda, and moves the progress
    cli("--repo", example, "--today", TODAY, "plan", "add", "anna-kovacs", "Forecast course",
        "--due", "2026-12-04")  # fmt: skip
    cli("--repo", example, "--today", TODAY, "plan", "done", "anna-kovacs", "1", "--dropped")
    later = cli("--repo", example, "--today", "2026-12-08", "agenda", "next", "anna-kovacs").stdout
    assert (
        "Development plan: 1 of 3 done (1 dropped); «Forecast course» due Fri 4 Dec 2026, "
        "overdue 4 days"
    ) in " ".join(later.split())


def test_write_reminds_of_the_open_items_in_comments(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs", "--write")
    assert result.exit_code == 0, result.output
    text = (example / "meetings" / "anna-kovacs" / "2026-11-30.yaml").read_text(encoding="utf-8")
    assert (
        "# Development plan (managers/anna-kovacs.yaml): 2 of 3 done; open items, by number:\n"
        "#   #3 Run the forecast call alone (due 2026-12-15)\n"
        "# Progress: salescoach plan done anna-kovacs N (or --dropped)\n"
        "own_performance:\n"
    ) in text
