"""``salescoach --help`` printed from the kept text is byte for byte the live app's help, in
every language, and the app answers whenever the kept text might differ."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from salescoach.cli import entry, static_help
from salescoach.i18n import LANGUAGES


@pytest.mark.parametrize("bare", [False, True], ids=["--help", "bare"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kept_help_is_the_live_apps(language: str, bare: bool) -> None:
    code, live = static_help.live_help(language, bare=bare)
    assert code == (2 if bare else 0)
    kept = static_help.kept_file(language, bare=bare).read_text(encoding="utf-8")
    assert kept == live, "run `python -m salescoach.cli.static_help` and commit cli/help/"


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m salescoach ARGS`` with stdout a pipe, reporting whether typer was loaded."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "SALESCOACH"))}
    clean.update({"LANG": "C", "COLUMNS": "80", **env})
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['salescoach', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('salescoach', run_name='__main__')\n"
        "finally:\n    print('typer' in sys.modules, file=sys.stderr)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        env=clean,
        cwd=cwd,
        check=False,
    )


def kept(language: str, *, bare: bool = False) -> str:
    return static_help.kept_file(language, bare=bare).read_text(encoding="utf-8")


def test_help_is_printed_without_typer(tmp_path: Path) -> None:
    done = run("--help", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, kept("en"), "False\n")
    done = run("-h", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, kept("en"))


def test_bare_salescoach_is_the_usage_error_without_typer(tmp_path: Path) -> None:
    done = run(cwd=tmp_path, LANG="hu_HU.UTF-8")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", kept("hu", bare=True) + "False\n")
    assert done.stderr.startswith(
        "Használat: salescoach [KAPCSOLÓK] PARANCS"
    )  # the help, no error:


def hungarian_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / "salescoach.yaml").write_text("name: x\nlanguage: hu  # magyar\n", encoding="utf-8")
    return repo


def test_the_language_is_chosen_as_the_app_chooses_it(tmp_path: Path) -> None:
    repo = hungarian_repo(tmp_path)
    assert run("--lang", "hu", "--help", cwd=tmp_path).stdout == kept("hu")
    assert run("--lang=hu", "--help", cwd=tmp_path).stdout == kept("hu")
    assert run("--help", cwd=repo / "sub").stdout == kept("hu")  # the repository upwards
    assert run("--repo", str(repo), "--help", cwd=tmp_path).stdout == kept("hu")
    assert run("-C", str(repo), "--help", cwd=tmp_path).stdout == kept("hu")
    assert run("--help", cwd=tmp_path, SALESCOACH_REPO=str(repo)).stdout == kept("hu")
    assert run("--lang", "en", "--help", cwd=repo).stdout == kept("en")  # --lang wins
    assert run("--help", cwd=tmp_path, LANG="hu_HU.UTF-8").stdout == kept("hu")  # the locale
    assert run("--help", cwd=tmp_path, LC_ALL="en_US.UTF-8", LANG="hu_HU").stdout == kept("en")


NO_WORD = {"COMP_CWORD": "0"}


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--help"], {"COLUMNS": "60"}),  # narrower: click wraps differently
        (["agenda", "--help"], {}),
        (["--debug", "--help"], {}),
        (["--lang", "de", "--help"], {}),
        (["--help", "--lang", "hu"], {}),
        (
            ["--help"],
            {"_SALESCOACH_COMPLETE": "bash_complete", "COMP_WORDS": "x", "COMP_CWORD": "0"},
        ),
    ],
)
def test_the_app_answers_anything_else(
    args: list[str], env: dict[str, str], tmp_path: Path
) -> None:
    done = run(*args, cwd=tmp_path, **env)
    assert done.stderr.endswith("True\n")


def test_a_narrow_terminal_gets_the_live_help(tmp_path: Path) -> None:
    done = run("--help", cwd=tmp_path, COLUMNS="60")
    assert done.returncode == 0
    assert done.stdout != kept("en")
    assert max(len(line) for line in done.stdout.splitlines()) <= 60


def test_kept_help_reads_only_a_language_line(tmp_path: Path) -> None:
    settings = tmp_path / "salescoach.yaml"
    settings.write_text("name: x\n  language: hu\nlanguage: 'xx'\n", encoding="utf-8")
    env = {"SALESCOACH_REPO": str(tmp_path), "LANG": "C"}
    assert entry.kept_help(["--help"], env) == (kept("en"), False)
    assert entry.kept_help(["--repo", str(tmp_path / "missing"), "-h"], {}) == (kept("en"), False)


def test_the_live_help_speaks_the_repositorys_language_too(tmp_path: Path) -> None:
    """A narrow terminal (the live app) and a pipe (the kept text) give a Hungarian repository
    its help in Hungarian, a command's help as well."""
    (tmp_path / "salescoach.yaml").write_text("language: hu\n", encoding="utf-8")
    narrow = run("--repo", str(tmp_path), "--help", cwd=tmp_path, COLUMNS="60")
    command = run("--repo", str(tmp_path), "rate", "--help", cwd=tmp_path)
    english = run("--repo", str(tmp_path), "--lang", "en", "rate", "--help", cwd=tmp_path)
    assert narrow.stdout.startswith("Használat: salescoach [KAPCSOLÓK]")
    assert command.stdout.startswith("Használat: salescoach rate [KAPCSOLÓK]")
    assert english.stdout.startswith("Usage: salescoach rate [OPTIONS]")


def test_the_console_script_freezes_its_objects_before_the_process_ends() -> None:
    # the interpreter's last full collection would walk every object only to free memory
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0, file=sys.stderr))\n"
        "sys.argv = ['salescoach', '--version']\n"
        "from salescoach.cli.entry import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stderr.strip().endswith("frozen True")
