"""The CLI's frame: version, help for every command, repository discovery, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from salescoach import __version__
from salescoach.cli.app import app
from tests.conftest import Run, write


def _command_paths() -> list[list[str]]:
    """Every command and sub-command of the CLI, as argument lists."""
    import typer.main

    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(group: Any, prefix: list[str]) -> None:
        if not hasattr(group, "list_commands"):
            return
        for name in group.list_commands(None):
            paths.append([*prefix, name])
            walk(group.get_command(None, name), [*prefix, name])

    walk(root, [])
    return paths


def test_version(cli: Run) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"salescoach {__version__}\n"


@pytest.mark.parametrize("path", _command_paths(), ids=" ".join)
def test_every_command_has_help(cli: Run, path: list[str]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0
    assert "Usage: salescoach " + " ".join(path) in " ".join(result.stdout.split())
    command = path[-1]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"salescoach {' '.join(path)}" in readme, f"`{' '.join(path)}` is not in the README"
    assert command


def test_no_repository_is_a_clear_error(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SALESCOACH_REPO", raising=False)
    monkeypatch.chdir(tmp_path)
    result = cli("check")
    assert result.exit_code == 1
    assert "error: no salescoach.yaml in" in result.stderr
    assert "hint: run inside a salescoach repository" in result.stderr
    assert "Traceback" not in result.output


def test_repo_found_upwards_and_from_env(
    cli: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = repo / "meetings"
    sub.mkdir()
    monkeypatch.delenv("SALESCOACH_REPO", raising=False)
    monkeypatch.chdir(sub)
    assert cli("check").exit_code == 0
    monkeypatch.chdir(repo.parent)
    monkeypatch.setenv("SALESCOACH_REPO", str(repo))
    assert cli("check").exit_code == 0


def test_repo_option_must_point_at_a_repository(cli: Run, tmp_path: Path) -> None:
    result = cli("--repo", tmp_path, "check")
    assert result.exit_code == 1
    assert (
        f"error: {tmp_path} is not a salescoach repository (it has no salescoach.yaml)"
        in result.stderr
    )


def test_bad_today_is_a_usage_error(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "--today", "2026-02-30", "check")
    assert result.exit_code == 2
    assert "error: --today takes a date as YYYY-MM-DD, got '2026-02-30'" in result.stderr


def test_unexpected_error_is_one_friendly_line(
    cli: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import salescoach.usecases.check

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(salescoach.usecases.check, "check_repository", boom)
    result = cli("--repo", repo, "check")
    assert result.exit_code == 3  # an internal error, not a usage error (2)
    assert result.stderr.startswith("salescoach: unexpected error (RuntimeError: disk on fire)")
    assert "--debug" in result.stderr
    assert "Traceback" not in result.output
    with pytest.raises(RuntimeError):
        cli("--repo", repo, "--debug", "check")


def test_diagnostics_go_to_stderr_data_to_stdout(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\n")
    text = cli("--repo", repo, "check")
    assert text.stdout == ""
    assert "managers/anna.yaml:1:1: missing-key missing required key 'reps'" in text.stderr
    as_json = cli("--repo", repo, "check", "--format", "json")
    assert as_json.stdout.startswith("{")


def test_piped_help_is_plain_text(cli: Run) -> None:
    """Help read by a program or a pager has no box drawing (rich help is for terminals)."""
    result = cli("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: salescoach [OPTIONS] COMMAND [ARGS]...")
    assert "╭" not in result.stdout
    assert "  check " in result.stdout


def test_command_groups_load_only_when_used(cli: Run) -> None:
    import subprocess
    import sys

    from salescoach.cli.app import LAZY_GROUPS

    probe = (
        "import sys; from salescoach.cli.app import main; sys.argv = ['salescoach', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('salescoach.cli.')), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = done.stderr.strip()
    for module, _line in LAZY_GROUPS.values():
        assert module not in loaded
    for name, (_module, line) in LAZY_GROUPS.items():
        assert f"  {name}" in done.stdout
        assert line in " ".join(done.stdout.split())


def test_unknown_command_suggests_the_closest(cli: Run) -> None:
    result = cli("ratee")
    assert result.exit_code == 2
    assert result.stderr == "error: no such command 'ratee'\nhint: did you mean 'rate'?\n"


def test_commands_and_options_read_case_insensitively(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "CHECK", "--Format", "JSON")
    assert result.exit_code == 0
    assert result.stdout.startswith("{")


def test_no_two_options_of_a_command_differ_only_in_case() -> None:
    """Options are read case-insensitively (``token_normalize_func``): ``-c`` beside ``-C``
    would make one of them unreachable."""
    import typer.main

    for path in _command_paths():
        command: Any = typer.main.get_command(app)
        for name in path:
            command = command.get_command(None, name)
        for c in [command, typer.main.get_command(app)]:
            names = [o for p in c.params for o in getattr(p, "opts", []) if o.startswith("-")]
            lowered = [n.lower() for n in names]
            assert len(set(lowered)) == len(lowered), (path, names)


def test_a_parser_refusal_is_in_our_style(cli: Run) -> None:
    """Typer's usage block and ``Error: Invalid value`` become our error: and hint: lines."""
    refused = cli("check", "--format", "xml")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "error: invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json'\n"
        "hint: see `salescoach check --help`\n"
    )
    unknown = cli("check", "--frobnicate")
    assert (unknown.exit_code, unknown.stderr) == (
        2,
        "error: no such option: --frobnicate\nhint: did you mean '--format' or '--strict'?\n",
    )
    missing = cli("goal", "grade")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "error: missing 'manager'\nhint: see `salescoach goal grade --help`\n",
    )


def test_a_group_without_its_command_names_the_commands(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "rate")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: salescoach rate needs a command: rep, show\nhint: see `salescoach rate --help`\n"
    )


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["check", "--format"], "salescoach check"),
        (["--today", "2026-11-27", "rate", "rep", "--note"], "salescoach rate rep"),
    ],
)
def test_an_option_without_its_value_points_at_its_commands_help(
    cli: Run, repo: Path, args: list[str], command: str
) -> None:
    result = cli("--repo", repo, *args)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"needs a value\nhint: see `{command} --help`\n")
