"""`salescoach init` and `salescoach schema`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from salescoach import schemas
from tests.conftest import EXAMPLE, Run


def test_init_creates_a_valid_commented_repo(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "acme-sales"
    result = cli("init", target, "--organisation", "Acme: the #1 sales team")
    assert result.exit_code == 0, result.output
    assert f"created a new salescoach repository in {target}" in result.stderr
    settings = (target / "salescoach.yaml").read_text(encoding="utf-8")
    assert settings.startswith("# yaml-language-server: $schema=schemas/settings.json\n")
    assert 'organisation: "Acme: the #1 sales team"\n' in settings
    for key in ("workdays", "holidays", "new_for_months", "review_weeks", "large_deal"):
        line = next(i for i, text in enumerate(settings.splitlines()) if f"{key}:" in text)
        assert settings.splitlines()[line - 1].lstrip().startswith("#"), f"{key} is not explained"
    for folder in ("managers", "meetings", "funnel", "funnel/imports", "schemas"):
        assert (target / folder).is_dir()
    assert (target / "README.md").is_file()
    ignored = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {".salescoach-cache/", ".salescoach-lock", ".salescoach-tmp-*"} <= set(ignored)
    check = cli("--repo", target, "check")
    assert check.exit_code == 0, check.stderr
    assert check.stderr == "checked 1 file: 0 errors, 0 warnings\n"


def test_init_example_is_valid(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "demo"
    assert cli("init", target, "--example").exit_code == 0
    assert (target / "managers").is_dir()
    assert sorted(p.name for p in (target / "managers").iterdir()) == sorted(
        p.name for p in (EXAMPLE / "managers").iterdir()
    )
    check = cli("--repo", target, "check")
    assert check.exit_code == 0, check.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_init_runs_git_init_only_outside_a_work_tree(cli: Run, tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    assert cli("init", outer).exit_code == 0
    assert (outer / ".git").is_dir()
    inner = outer / "inner"
    result = cli("init", inner)
    assert result.exit_code == 0
    assert not (inner / ".git").exists()
    assert "(git initialised)" not in result.stderr
    status = subprocess.run(["git", "status", "--short"], cwd=outer, capture_output=True, text=True)
    assert status.returncode == 0


def test_init_refuses_a_folder_that_is_not_empty(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli("init", target)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {target} is a folder that is not empty; init creates a new repository only in "
        "a new or empty folder\n"
    )
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["busy"], "no temporary folder left behind"


def test_init_into_an_empty_folder(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    assert cli("init", target).exit_code == 0
    assert (target / "salescoach.yaml").is_file()


@pytest.mark.parametrize("kind", list(schemas.KINDS))
def test_schema_prints_json_schema(cli: Run, kind: str) -> None:
    result = cli("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False


def test_schema_marks_required_keys() -> None:
    assert schemas.schema_of("settings")["required"] == ["organisation"]
    assert sorted(schemas.schema_of("manager")["required"]) == ["name", "reps"]
    assert sorted(schemas.schema_of("meeting")["required"]) == ["date", "status"]


def test_schema_out_writes_all_kinds(cli: Run, tmp_path: Path) -> None:
    result = cli("schema", "--out", tmp_path / "s")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "funnel.json",
        "manager.json",
        "meeting.json",
        "settings.json",
    ]


def test_schema_needs_a_kind_or_out(cli: Run) -> None:
    result = cli("schema")
    assert result.exit_code == 2
    assert result.stderr == "error: give a KIND to print, or --out FOLDER to write all four\n"


def test_example_schemas_are_up_to_date() -> None:
    for kind in schemas.KINDS:
        shipped = EXAMPLE / "schemas" / f"{kind}.json"
        assert shipped.read_text(encoding="utf-8") == schemas.schema_text(kind), (
            f"run: salescoach schema --out {EXAMPLE / 'schemas'}"
        )


def test_example_files_point_editors_at_their_schema() -> None:
    kinds = {"managers": "manager", "meetings": "meeting", "funnel": "funnel"}
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        rel = path.relative_to(EXAMPLE)
        kind = "settings" if rel.name == "salescoach.yaml" else kinds[rel.parts[0]]
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == schemas.schema_comment(kind, len(rel.parts) - 1).rstrip("\n"), rel


def test_init_ends_with_the_next_commands(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "my coaching"
    result = cli("init", target, "--example")
    assert result.exit_code == 0
    assert result.stderr.endswith(
        f"next:\n  cd '{target}'\n  salescoach schedule\n  salescoach agenda next\n"
    )
