"""Shared fixtures: throwaway repositories on tmp_path and a CLI runner."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from salescoach import formats
from salescoach.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "acme"

MINIMAL_SETTINGS = "organisation: Test Co\n"


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts from an English locale: a developer's Hungarian ``LANG`` must not
    flip the English golden outputs (the language tests set their own)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    yield
    formats.use_currency(None)  # a use case called directly read a repository's settings


def write(root: Path, rel: str, text: str) -> Path:
    """Write a file of a test repository (dedented), creating folders."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty, valid repository: just salescoach.yaml."""
    root = tmp_path / "repo"
    root.mkdir()
    write(root, "salescoach.yaml", MINIMAL_SETTINGS)
    return root


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the bundled example repository, as a fresh clone has it (without the
    cache and lock files that running commands in the working copy leaves there)."""
    target = tmp_path / "acme"
    shutil.copytree(
        EXAMPLE, target, ignore=shutil.ignore_patterns(".salescoach-cache", ".salescoach-lock")
    )
    return target


Run = Callable[..., Result]


@pytest.fixture
def cli() -> Run:
    """Run salescoach in-process: ``cli("--repo", path, "check")``."""
    runner = CliRunner()

    def run(*args: object, input: str | None = None) -> Result:
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run
