"""`agenda next --write --lang hu`: the planned meeting file with its comments in Hungarian,
its YAML keys and values exactly those of the English file, and still a valid meeting file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from salescoach.models import Meeting
from tests.conftest import Run
from tests.layout import assert_golden

TODAY = "2026-11-27"
WRITTEN = "meetings/zsofia-toth/2026-12-09.yaml"
ENGLISH_COMMENTS = (
    *("1:1 with", "Take notes here", "manager's routine", "Rep performance", "earlier "),
    *("Goals for the next", "First assess", "Then a goal", "own performance", "Last time"),
    *("Funnel review (", "For each deal", "open since", ": large,", ": stalled,", "Expectations"),
    *("New actions", "Still open", ", due ", "overdue 9 days", "per week", "Coach's support"),
)
"""English words of the template's own comments (the example's notes and goals stay English)."""


def _write(cli: Run, repo: Path, *lang: str) -> str:
    result = cli(
        "--repo", repo, "--today", TODAY, *lang, "agenda", "next", "zsofia-toth", "--write"
    )
    assert result.exit_code == 0, result.output
    text = (repo / WRITTEN).read_text(encoding="utf-8")
    (repo / WRITTEN).unlink()
    return text


def _keys(data: Any) -> Any:
    """The shape of a YAML document: its keys, nested, without the values."""
    if isinstance(data, dict):
        return {k: _keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_keys(v) for v in data]
    return None


def test_golden_hungarian_written_meeting_of_the_example(cli: Run, example: Path) -> None:
    actual = _write(cli, example, "--lang", "hu")
    assert_golden("agenda-write-zsofia-toth.hu.yaml", actual)


def test_the_hungarian_file_has_the_english_keys_and_values(cli: Run, example: Path) -> None:
    english, hungarian = _write(cli, example), _write(cli, example, "--lang", "hu")
    en, hu = yaml.safe_load(english), yaml.safe_load(hungarian)
    assert _keys(hu) == _keys(en)
    assert hu == en
    assert [
        line.split("  #")[0] for line in hungarian.splitlines() if not line.lstrip().startswith("#")
    ] == [
        line.split("  #")[0] for line in english.splitlines() if not line.lstrip().startswith("#")
    ]
    Meeting.model_validate(hu)


def test_the_hungarian_file_passes_check(cli: Run, example: Path) -> None:
    result = cli(
        "--repo",
        example,
        "--today",
        TODAY,
        "--lang",
        "hu",
        "agenda",
        "next",
        "zsofia-toth",
        "--write",
    )
    assert result.exit_code == 0, result.output
    check = cli("--repo", example, "--today", TODAY, "check", "--strict")
    assert check.exit_code == 0, check.output


def test_the_comments_are_hungarian(cli: Run, example: Path) -> None:
    comments = "\n".join(
        line for line in _write(cli, example, "--lang", "hu").splitlines() if "#" in line
    )
    assert [w for w in ENGLISH_COMMENTS if w in comments] == []
    for hungarian in (
        "# 1. A vezető napi rutinja (10 perc). Legutóbb rögzítve (2026-11-25), hetente: "
        "adminisztráció 6 óra, coaching 6 óra.",
        "# Bence Molnár: korábban 4 4 4 3 4 4",
        "#   2026-10-28#1 András Szűcs: 10 follow-up meetings from the expo leads "
        "(határidő: 2026-11-27)",
        "# Kecskeméti Karosszéria connector frame agreement, Bence Molnár: nagy, 140 000, "
        "proposals, 2026-07-20 óta nyitva",
        "#   2026-11-11#1 coach: Approve the second demo kit budget for Bence, "
        "határidő: 2026-11-18, 9 nap késésben",
        "#   salescoach goal grade zsofia-toth GOAL met|partly|missed",
    ):
        assert hungarian in comments
