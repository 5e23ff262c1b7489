"""``agenda next --format markdown --charts DIR``: the manager's charts as files, linked at
the end of the agenda; without pygal, a refusal that says how to install it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import Run

TODAY = "2026-12-01"
NAMES = ("ratings", "funnel", "reps", "goals")
"""The charts of anna-kovacs in the example (one funnel snapshot before: no changes)."""


def test_markdown_agenda_links_the_charts_written(
    cli: Run, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plain = cli(
        "--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs", "-f", "markdown"
    )
    result = cli(
        "--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs",
        "-f", "markdown", "--charts", "charts",
    )  # fmt: skip
    assert result.exit_code == 0
    links = "".join(
        f"![{title}](charts/anna-kovacs-{name}.svg)\n\n"
        for name, title in zip(
            NAMES,
            ("Ratings", "Funnel", "Each rep against the team", "Goals and the manager's help"),
            strict=True,
        )
    )
    assert result.stdout == plain.stdout + "\n## Charts\n\n" + links.removesuffix("\n")
    files = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert files == sorted(f"anna-kovacs-{n}.{ext}" for n in NAMES for ext in ("png", "svg"))
    assert result.stderr == "wrote 4 charts to charts\n"


def test_the_charts_written_are_the_charts_of_the_commands_json(
    cli: Run, example: Path, tmp_path: Path
) -> None:
    import json

    from salescoach.render import charts

    out = tmp_path / "c"
    cli("--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs", "--charts", out)
    ratings = json.loads(
        cli("--repo", example, "--today", TODAY, "rate", "show", "-f", "json").stdout
    )
    expected = charts.ratings_heatmap(ratings, "anna-kovacs")
    assert (out / "anna-kovacs-ratings.svg").read_text(encoding="utf-8") == expected


def test_without_pygal_agenda_charts_refuses_before_writing(
    cli: Run, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pygal", None)
    out = tmp_path / "charts"
    meetings = sorted((example / "meetings" / "anna-kovacs").iterdir())
    result = cli(
        "--repo", example, "--today", TODAY, "agenda", "next", "anna-kovacs",
        "-f", "markdown", "--charts", out, "--write",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        "error: charts need the pygal package, which is not installed\n"
        "hint: install the report extra: pip install 'salescoach[report]'\n"
    )
    assert result.stdout == ""
    assert not out.exists()
    assert sorted((example / "meetings" / "anna-kovacs").iterdir()) == meetings
