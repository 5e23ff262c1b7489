"""The funnel views, the actions and the scorecard at 80 and at 120 columns, on a repository with
Hungarian names (accents, a name of 41 characters) and 9-digit forint amounts: golden files,
and no line over the width, no trailing space, no ``…`` inside a number or a name."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, Run
from tests.layout import assert_fits, assert_golden, layout_problems

TODAY = "2026-11-27"
LONG = "Hódmezővásárhelyi Kovácsné Szabó Erzsébet"
NAMES = {
    # the manager whose 1:1 holds the funnel review, and her reps
    "Zsófia Tóth": "Székely Júlia",
    "Bence Molnár": "Bíró Márton",
    "Viktória Juhász": LONG,
    "András Szűcs": "Szentgyörgyi-Lukács Zsuzsanna",
    "Dóra Fazekas": "Ács Örs",
    # other managers
    "Gábor Szabó": "Kiss-Szabó Gáborné Dr. Horváth Ildikó",
}
SCALE = 10_000
"""Euro amounts of the example times this: forint amounts of 9 digits."""
WIDTHS = (80, 120)
LANGUAGES = ("en", "hu")
"""The languages the goldens are made in; a language is added here (and its goldens made)."""


def _scale_amounts(text: str) -> str:
    """Every amount, value and target of a file in forints."""
    return re.sub(
        r"\b(amount|won_value|monthly_target|large_deal): (\d+)",
        lambda m: f"{m[1]}: {int(m[2]) * SCALE}",
        text,
    )


@pytest.fixture
def hu(tmp_path: Path, cli: Run) -> Path:
    """The example organisation with Hungarian names and forints, and two deal strategies."""
    return make_hu(tmp_path / "hu", cli)


def make_hu(root: Path, cli: Run) -> Path:
    """Copy the example to ``root``, in Hungarian names and forints, with two strategies."""
    shutil.copytree(EXAMPLE, root)
    shutil.rmtree(root / ".salescoach-cache", ignore_errors=True)
    settings = root / "salescoach.yaml"
    text = _scale_amounts(settings.read_text(encoding="utf-8"))
    settings.write_text(text.replace("funnel:\n", "funnel:\n  currency: HUF\n", 1), "utf-8")
    for path in [*(root / "managers").glob("*.yaml"), *(root / "funnel").glob("*.yaml")]:
        text = _scale_amounts(path.read_text(encoding="utf-8"))
        for old, new in NAMES.items():
            text = text.replace(f"name: {old}\n", f"name: {new}\n")
        path.write_text(text, encoding="utf-8")
    _note(cli, root, "Kecskeméti Karosszéria connector frame agreement", "exec sponsor at the CFO")
    _note(cli, root, "Košice Steelworks bearings", "a second supplier audit, paid by us")
    return root


def _note(cli: Run, root: Path, deal: str, strategy: str) -> None:
    result = cli(
        "--repo", root, "--today", TODAY, "deal", "note", "zsofia-toth", deal, "-s", strategy
    )
    assert result.exit_code == 0, result.output


VIEWS: dict[str, tuple[str, ...]] = {
    "funnel-review": ("funnel", "review", "zsofia-toth"),
    "agenda": ("agenda", "next", "zsofia-toth"),
    "deal-list": ("deal", "list", "zsofia-toth"),
    "actions": ("actions",),
    "scorecard": ("coach", "scorecard"),
}


def _view(
    cli: Run,
    root: Path,
    view: str,
    width: int,
    monkeypatch: pytest.MonkeyPatch,
    language: str = "en",
) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli("--repo", root, "--today", TODAY, "--lang", language, *VIEWS[view])
    assert result.exit_code == 0, result.output
    return result.stdout


def _section(text: str, start: str, end: str) -> str:
    """The lines of ``text`` from the one starting with ``start`` to before ``end``'s."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if line.startswith(end))
    return "\n".join(lines[first:last]) + "\n"


ALL_NAMES = [*NAMES.values(), "Éva Horváth"]
AGENDA_SECTION = {
    "en": ("Funnel review (", "Expectations and actions ("),
    "hu": ("Értékesítési tölcsér áttekintése (", "Kölcsönös elvárások"),
}
"""Where the agenda's funnel section starts and the next section's heading, per language."""


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_view_fits_and_matches_its_golden(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch, view: str, width: int, language: str
) -> None:
    out = _view(cli, hu, view, width, monkeypatch, language)
    if view == "agenda":  # the funnel section (render/agenda_funnel.py); the rest is its own
        out = _section(out, *AGENDA_SECTION[language])
    assert_fits(out, width, ALL_NAMES)
    assert_golden(f"layout-{view}-{width}.{language}.txt", out)


def test_the_layout_check_finds_each_problem() -> None:
    """The reusable check (tests/layout.py) catches what the issue found."""
    assert layout_problems("fine\nlines", 80, [LONG]) == []
    assert layout_problems("x" * 81, 80) == [f"line 1: 81 columns > 80: {'x' * 81!r}"]
    assert layout_problems("trailing ", 80) == ["line 1: trailing space: 'trailing '"]
    assert layout_problems("open (32,548,0…", 80) == ["line 1: a number cut: 'open (32,548,0…'"]
    assert layout_problems("  Gáb… 3", 80, ["Gábor Szabó"]) == [
        "line 1: 'Gábor Szabó' cut: '  Gáb… 3'"
    ]
    table = "  Hódmezővásárhelyi   4 ↑\n  Kovácsné Szabó\n  Erzsébet"
    assert layout_problems(table, 80, [LONG]) == [f"line 1: {LONG!r} split over two lines"]


def test_findings_speak_of_one_deal_in_the_singular(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = " ".join(_view(cli, hu, "funnel-review", 120, monkeypatch).split())
    assert (
        "Stalled deals: 1 of Bíró Márton's open deals has been open longer than 30 days "
        "(value 1,400,000,000 HUF); oldest: Kecskeméti Karosszéria connector frame agreement, "
        "118 days. Move it on or close it."
    ) in text
    assert "have been open" not in text


def test_amounts_are_compact_only_where_the_full_figure_does_not_fit(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bíró Márton's won value, 101,000 euros in the example, is 1,010,000,000 forints."""
    won = 101_000 * SCALE
    wide = _view(cli, hu, "funnel-review", 120, monkeypatch)
    narrow = _view(cli, hu, "funnel-review", 80, monkeypatch)
    row = next(line for line in wide.splitlines() if line.startswith("  Bíró Márton "))
    assert f"{won:,} ↓" in row
    assert "Results (HUF) (2/2)" in narrow
    assert "1.0 B ↓" in narrow
    markdown = cli("--repo", hu, "--today", TODAY, *VIEWS["funnel-review"], "-f", "markdown")
    assert f"| Bíró Márton | 6 → | – | – | {won:,} ↓ |" in markdown.stdout
