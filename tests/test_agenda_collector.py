"""``agenda next`` pauses the cyclic garbage collector while it loads, builds and prints the
agenda (its collections walked long-lived objects: ~5-10 ms of each agenda, issue 18), and
gives it back as it found it, also when the command fails."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from salescoach.render import agenda as render
from salescoach.usecases import agenda as usecase
from tests.conftest import Run

ARGS = ("--today", "2026-11-27", "agenda", "next")


def test_the_agenda_is_made_and_printed_with_the_collector_paused(
    cli: Run, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    enabled: list[bool] = []

    def watched(real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            enabled.append(gc.isenabled())
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(usecase, "prepare_agenda", watched(usecase.prepare_agenda))
    monkeypatch.setattr(render, "print_rich", watched(render.print_rich))
    result = cli("--repo", example, *ARGS, "anna-kovacs")
    assert result.exit_code == 0, result.output
    assert enabled == [False, False]
    assert gc.isenabled()


def test_the_collector_is_enabled_again_after_an_error(cli: Run, example: Path) -> None:
    result = cli("--repo", example, *ARGS, "nobody")
    assert result.exit_code != 0
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused(cli: Run, example: Path) -> None:
    gc.disable()
    try:
        result = cli("--repo", example, *ARGS, "anna-kovacs")
        assert result.exit_code == 0, result.output
        assert not gc.isenabled()
    finally:
        gc.enable()
