"""Graded help: ``goal grade --help-delivered`` records the manager's own contribution next to
the rep's result, and the agenda asks for both."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run

TODAY = "2026-11-27"
FILE = "meetings/anna-kovacs/2026-10-26.yaml"


def test_grade_with_help_delivered_writes_both_lines(cli: Run, example: Path) -> None:
    path = example / FILE
    before = path.read_text(encoding="utf-8")
    result = cli(
        "--repo", example, "--today", TODAY, "goal", "grade", "anna-kovacs", "2026-10-26#1",
        "met", "--help-delivered", "partly",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "graded 2026-10-26#1 (reka-balogh: Reach 100% of her ramp-up target in November): "
        f"met, help delivered: partly, in {FILE}\n"
    )
    due = "    due: 2026-11-25\n"
    assert before.count(due) == 2
    assert path.read_text(encoding="utf-8") == before.replace(
        due, due + "    result: met\n    help_delivered: partly\n", 1
    )
    again = cli(
        "--repo", example, "--today", TODAY, "goal", "grade", "anna-kovacs", "2026-10-26#1",
        "met", "--help-delivered", "yes",
    )  # fmt: skip
    assert "met, help delivered: partly → yes" in again.stderr
    same = cli(
        "--repo", example, "--today", TODAY, "goal", "grade", "anna-kovacs", "2026-10-26#1",
        "met", "--help-delivered", "yes",
    )  # fmt: skip
    assert "was already graded met, help delivered: yes; nothing changed" in same.stderr


def test_bad_help_value_is_refused(cli: Run, example: Path) -> None:
    result = cli(
        "--repo", example, "--today", TODAY, "goal", "grade", "anna-kovacs", "2026-10-26#1",
        "met", "--help-delivered", "maybe",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "'maybe' is not one of 'yes', 'partly', 'no'" in result.output


def test_the_agenda_asks_for_the_result_and_the_help(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs")
    text = " ".join(result.stdout.split())
    assert "To assess (met / partly / missed, and was the help given?):" in text
    assert (
        "2026-10-26#1 Réka Balogh: Reach 100% of her ramp-up target in November (due Wed 25 "
        "Nov 2026): met, partly or missed, and did the manager give the help promised: «Joins "
        "two of her proposal meetings»?"
    ) in text
    assert (
        "salescoach goal grade anna-kovacs GOAL met|partly|missed --help-delivered yes|partly|no"
        in text
    )
    md = cli("--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs", "-f", "markdown")
    assert (
        "`salescoach goal grade anna-kovacs GOAL met|partly|missed --help-delivered " in md.stdout
    )
