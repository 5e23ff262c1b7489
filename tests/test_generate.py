"""benchmarks/generate.py writes valid repositories, the same ones for the same seed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from benchmarks.generate import generate, q

from tests.conftest import Run


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".salescoach-cache" not in p.parts
    }


def _small(out: Path, seed: int = 7) -> Path:
    generate(out, managers=3, reps_per_manager=3, years=1, seed=seed, opportunities=50)
    return out


def test_generated_repository_checks_clean(cli: Run, tmp_path: Path) -> None:
    root = _small(tmp_path / "gen")
    result = cli("--repo", root, "--today", "2026-11-27", "check", "--strict", "--no-cache")
    assert result.exit_code == 0, result.stderr
    files = len(list(root.rglob("*.yaml")))
    assert result.stderr == f"checked {files} files: 0 errors, 0 warnings\n"
    meetings = list(root.glob("meetings/*/*.yaml"))
    assert len(meetings) > 3 * 26 - 3  # weekly or every two weeks, for a year
    assert all(700 < p.stat().st_size < 3500 for p in meetings)
    assert len(list(root.glob("funnel/*.yaml"))) == 12


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first = _tree(_small(tmp_path / "a"))
    assert first == _tree(_small(tmp_path / "b"))
    assert first != _tree(_small(tmp_path / "c", seed=8))


def test_crm_export_has_the_maven_columns_and_known_agents(tmp_path: Path) -> None:
    root = _small(tmp_path / "gen")
    with open(root / "crm-export.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 50
    assert list(rows[0]) == [
        "opportunity_id",
        "sales_agent",
        "product",
        "account",
        "deal_stage",
        "engage_date",
        "close_date",
        "close_value",
    ]
    names = {
        line.strip().removeprefix("name: ")
        for p in root.glob("managers/*.yaml")
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.startswith("    name: ")
    }
    assert {r["sales_agent"] for r in rows} <= names
    assert {r["deal_stage"] for r in rows} <= {"Prospecting", "Engaging", "Won", "Lost"}
    assert all(
        r["close_value"] == "" for r in rows if r["deal_stage"] in ("Prospecting", "Engaging")
    )


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Plain words", "Plain words"),
        ("no", '"no"'),
        ("Deal: big", '"Deal: big"'),
        ("92% of target", '"92% of target"'),
        ("Brings every large deal to the 1:1", '"Brings every large deal to the 1:1"'),
        ("# not a comment", '"# not a comment"'),
    ],
)
def test_text_that_yaml_could_misread_is_quoted(text: str, written: str) -> None:
    assert q(text) == written


def test_refuses_to_overwrite_a_repository(tmp_path: Path) -> None:
    root = _small(tmp_path / "gen")
    with pytest.raises(SystemExit, match="already holds a repository"):
        _small(root)
