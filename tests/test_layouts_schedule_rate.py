"""`schedule`, `schedule next` and `rate show` at 80 and at 120 columns, on the example with
Hungarian names (accents, a manager's and a rep's name of 41 characters): golden files, and
no line over the width, no trailing space, no name cut or split (tests/layout.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, Run
from tests.layout import assert_fits, assert_golden

TODAY = "2026-11-27"
LONG = "Hódmezővásárhelyi Kovácsné Szabó Erzsébet"
NAMES = {
    "Anna Kovács": LONG,  # a manager
    "Gábor Szabó": "Kiss-Szabó Gáborné Dr. Horváth Ildikó",
    "Petra Nagy": "Szentgyörgyi-Lukács Zsuzsanna",  # Anna's reps
    "László Fekete": "Ács Örs",
    "Réka Balogh": "Nagy-Bánhidai Réka Boglárka Terézia",  # 35 characters
    "Dániel Oláh": "Bíró Márton",
}
WIDTHS = (80, 120)
LANGUAGES = ("en", "hu")
"""The languages of the goldens; add one here (and make its goldens) when it is translated."""
VIEWS: dict[str, tuple[str, ...]] = {
    "schedule": ("schedule",),
    "schedule-next": ("schedule", "next", "anna-kovacs"),
    "rate-show": ("rate", "show"),
}


@pytest.fixture
def hu(tmp_path: Path, cli: Run) -> Path:
    """The example with Hungarian names, Anna's next 1:1 moved a day (with the reason)."""
    root = tmp_path / "hu"
    shutil.copytree(EXAMPLE, root)
    shutil.rmtree(root / ".salescoach-cache", ignore_errors=True)
    for path in (root / "managers").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for old, new in NAMES.items():
            text = text.replace(f"name: {old}\n", f"name: {new}\n")
        path.write_text(text, encoding="utf-8")
    because = "the Budapest trade fair takes the whole of Monday, so the 1:1 moves a day"
    moved = cli(
        "--repo", root, "--today", TODAY, "meeting", "move", "anna-kovacs", "--because", because
    )
    assert moved.exit_code == 0, moved.output
    return root


def view(
    cli: Run,
    root: Path,
    name: str,
    width: int,
    monkeypatch: pytest.MonkeyPatch,
    language: str = "en",
) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli("--repo", root, "--today", TODAY, "--lang", language, *VIEWS[name])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", VIEWS)
def test_view_fits_and_matches_its_golden(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch, name: str, width: int, language: str
) -> None:
    out = view(cli, hu, name, width, monkeypatch, language)
    assert_fits(out, width, NAMES.values())
    assert_golden(f"layout-{name}-{width}.{language}.txt", out)


def test_schedule_puts_each_name_above_its_figures_when_they_do_not_fit_beside(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    narrow = view(cli, hu, "schedule", 80, monkeypatch).splitlines()
    wide = view(cli, hu, "schedule", 120, monkeypatch).splitlines()
    # 41 + 2 + 61 columns of figures do not fit 80: the name has a line of its own
    at = narrow.index(LONG)
    assert narrow[at + 1] == "    7 d  Mon 23 Nov  Tue 1 Dec   in 4 days   Mon 28 Dec"
    assert narrow[at + 2] == "                     (moved from Mon 30 Nov)"  # under "next 1:1"
    assert f"{LONG}    7 d  Mon 23 Nov  Tue 1 Dec   in 4 days   Mon 28 Dec" in wide
    # the reasons under the table: a wrapped line keeps an indent, the name stays whole
    reason = [line for line in narrow if line.startswith(f"{LONG}: ")]
    assert reason == [f"{LONG}: every 7 days: new in role since"]
    assert narrow[narrow.index(reason[0]) + 1] == "  2026-06-01"


def test_schedule_next_wraps_under_its_indent(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = view(cli, hu, "schedule-next", 80, monkeypatch).splitlines()
    assert lines[:2] == [f"{LONG} (anna-kovacs): next 1:1 on", "  Tue 2026-12-01, in 4 days"]
    moved = lines.index(
        "  moved from 2026-11-30: the Budapest trade fair takes the whole of Monday, so"
    )
    assert lines[moved + 1] == "    the 1:1 moves a day"


def test_rate_show_stacks_long_names_and_puts_the_notes_under_the_table(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    narrow = view(cli, hu, "rate-show", 80, monkeypatch).splitlines()
    wide = view(cli, hu, "rate-show", 120, monkeypatch).splitlines()
    # Anna's table: 35 + 2 + 55 columns do not fit 80, so each name is above its scores
    at = narrow.index("Nagy-Bánhidai Réka Boglárka Terézia")
    scores = "2      3      2      3      3      3    2.7  → ▃▅▃▅▅▅"
    assert narrow[at + 1] == f"    {scores}"
    assert f"Nagy-Bánhidai Réka Boglárka Terézia    {scores}" in wide
    # Gábor's names are short: one row each at 80 too
    assert "Tamás Kiss !       1      1      1      1      1      1    1.0  → ▁▁▁▁▁▁" in narrow
    # the notes under the table, the latest of each rep, wrapped under their indent
    notes = narrow.index("Latest notes")
    assert narrow[notes + 3 : notes + 5] == [
        "  Nagy-Bánhidai Réka Boglárka Terézia (11-23): On pace for 101% of November",
        "    ramp-up target",
    ]
