"""The holiday cache: computed once per country, year and language, never served stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest

from salescoach.store import holiday_cache
from salescoach.store.holiday_cache import HolidayCache
from salescoach.workdays import WorkCalendar, compute_holidays
from tests.conftest import Run

CACHE_FILE = Path(".salescoach-cache") / "holidays-v1.json"


def truth(country: str, year: int, language: str, subdiv: str | None = None) -> dict[date, str]:
    """The holidays straight from the package, as the test's independent reference."""
    found = holidays.country_holidays(country, subdiv=subdiv, years=year, language=language)
    return dict(found.items())


def cached(root: Path) -> HolidayCache:
    """The cache of ``root`` (its folder there, as the file cache makes it), computing misses
    as the CLI does."""
    if not (root / ".salescoach-cache").is_symlink():
        (root / ".salescoach-cache").mkdir(exist_ok=True)
    return HolidayCache(root, compute_holidays)


def test_a_miss_computes_and_keeps_the_year(tmp_path: Path) -> None:
    cache = cached(tmp_path)
    assert cache("HU", 2026, "en_US") == truth("HU", 2026, "en_US")
    data = json.loads((tmp_path / CACHE_FILE).read_text(encoding="utf-8"))
    assert data["files"]["HU|2026|en_US"]["2026-10-23"] == "National Day"
    assert (tmp_path / ".salescoach-cache" / ".gitignore").read_bytes().endswith(b"*\n")


def test_a_hit_imports_no_holidays_package(tmp_path: Path) -> None:
    cached(tmp_path)("HU", 2026, "en_US")
    program = (
        "import sys\nfrom pathlib import Path\n"
        "from salescoach.store.holiday_cache import HolidayCache\n"
        "from salescoach.workdays import compute_holidays\n"
        f"days = HolidayCache(Path({str(tmp_path)!r}), compute_holidays)('HU', 2026, 'en_US')\n"
        "print(len(days), 'holidays' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == [str(len(truth("HU", 2026, "en_US"))), "False"]


@pytest.mark.parametrize(
    ("code", "year", "language", "expected"),
    [
        ("DE", 2026, "en_US", truth("DE", 2026, "en_US")),  # another country
        ("US-CA", 2026, "en_US", truth("US", 2026, "en_US", subdiv="CA")),  # a subdivision
        ("US-NY", 2026, "en_US", truth("US", 2026, "en_US", subdiv="NY")),
        ("HU", 2027, "en_US", truth("HU", 2027, "en_US")),  # a new year
        ("HU", 2026, "hu", truth("HU", 2026, "hu")),  # another language
    ],
)
def test_a_changed_setting_year_or_language_is_never_served_stale(
    tmp_path: Path, code: str, year: int, language: str, expected: dict[date, str]
) -> None:
    cached(tmp_path)("HU", 2026, "en_US")
    cached(tmp_path)("US-CA", 2026, "en_US")
    assert cached(tmp_path)(code, year, language) == expected
    assert cached(tmp_path)("HU", 2026, "en_US") == truth("HU", 2026, "en_US")


def test_another_holidays_version_throws_the_file_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached(tmp_path)("HU", 2026, "en_US")
    path = tmp_path / CACHE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["files"]["HU|2026|en_US"] = {"2026-11-27": "Benchmark Day"}  # what 'old' code said
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cached(tmp_path)("HU", 2026, "en_US")[date(2026, 11, 27)] == "Benchmark Day"
    monkeypatch.setattr(holiday_cache, "holidays_version", lambda: "999.0")
    assert cached(tmp_path)("HU", 2026, "en_US") == truth("HU", 2026, "en_US")


@pytest.mark.parametrize(
    "entry", [["2026-01-01"], {"2026-13-01": "x"}, {"2026-01-01": 1}, {"20260101": "x"}, None]
)
def test_a_planted_entry_is_not_trusted(tmp_path: Path, entry: object) -> None:
    cached(tmp_path)("HU", 2026, "en_US")
    path = tmp_path / CACHE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["files"]["HU|2026|en_US"] = entry
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cached(tmp_path)("HU", 2026, "en_US") == truth("HU", 2026, "en_US")


def test_a_cache_file_that_is_a_link_is_neither_read_nor_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("precious", encoding="utf-8")
    root = tmp_path / "repo"
    (root / ".salescoach-cache").mkdir(parents=True)
    os.symlink(outside, root / CACHE_FILE)
    assert cached(root)("HU", 2026, "en_US") == truth("HU", 2026, "en_US")
    assert outside.read_text(encoding="utf-8") == "precious"
    assert (root / CACHE_FILE).is_symlink()


def test_a_read_only_cache_folder_still_gives_the_holidays(tmp_path: Path) -> None:
    cache = cached(tmp_path)
    (tmp_path / ".salescoach-cache").chmod(0o555)
    try:
        assert cache("HU", 2026, "en_US") == truth("HU", 2026, "en_US")
    finally:
        (tmp_path / ".salescoach-cache").chmod(0o755)


def test_without_a_cache_folder_none_is_made(tmp_path: Path) -> None:
    """``check --no-cache`` creates no cache folder: the holidays do not make one either."""
    assert HolidayCache(tmp_path, compute_holidays)("HU", 2026, "en_US") == truth(
        "HU", 2026, "en_US"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_calendar_takes_the_holidays_it_is_given() -> None:
    asked: list[tuple[str, int, str]] = []

    def source(code: str, year: int, language: str) -> dict[date, str]:
        asked.append((code, year, language))
        return {date(year, 3, 3): "Company Day"}

    cal = WorkCalendar(country="HU", holidays_of=source)
    assert cal.why_not_workday(date(2026, 3, 3)) == "a public holiday (Company Day)"
    assert cal.is_workday(date(2026, 10, 23))  # HU's National Day: not in what it was given
    cal.is_workday(date(2026, 3, 4))
    assert asked == [("HU", 2026, "en_US")]  # once per year


def test_changing_the_repositorys_holidays_changes_the_schedule(example: Path, cli: Run) -> None:
    """Through the CLI: with HU cached, RO's 30 Nov and 1 Dec move Anna's 1:1 to Wed 2 Dec."""
    ro = truth("RO", 2026, "en_US")
    assert date(2026, 11, 30) in ro  # the reasons it moves
    assert date(2026, 12, 1) in ro
    args = ("--repo", example, "--today", "2026-11-27", "schedule")
    # the holidays are kept only where a cache folder is (`check` makes it; a fresh clone of
    # the example has none, as it is not committed)
    assert cli("--repo", example, "--today", "2026-11-27", "check").exit_code in (0, 1)
    assert (example / ".salescoach-cache").is_dir()
    first = cli(*args)
    assert first.exit_code == 0
    assert "Anna Kovács    7 d  Mon 23 Nov  Mon 30 Nov" in first.stdout
    assert "HU|2026|en_US" in json.loads((example / CACHE_FILE).read_text("utf-8"))["files"]
    settings = example / "salescoach.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("holidays: HU", "holidays: RO"), encoding="utf-8")
    second = cli(*args)
    assert second.exit_code == 0
    assert "Anna Kovács    7 d  Mon 23 Nov  Wed 2 Dec" in second.stdout
