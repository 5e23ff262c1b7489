"""Paths: hostile IDs and dates from the command line are refused before any file is touched;
data files that are symbolic links are refused for reading and writing; no command creates
anything outside the repository."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from salescoach import writer
from salescoach.errors import WriteError
from tests.conftest import Run
from tests.hostile.helpers import TODAY, assert_unchanged, make_repo, snapshot

HOSTILE_IDS = [
    "../x",
    "/etc/passwd",
    "a/b",
    "..",
    ".",
    "CON",
    "Anna",
    "a\x00b",
    "p" * 300,
    "",
    "anna/../bela",
    "anna\\..\\bela",
    "anna ",
    "ánna",
]
HOSTILE_DATES = ["../x", "/etc/passwd", "2026-02-30", "2026-1-1", "20261127", "", "2026-11-27\x00"]


# every file operation the process makes while ``_OPENED`` is a list is recorded in it
_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    recording = _OPENED is not None and event in ("open", "os.scandir", "os.listdir", "os.mkdir")
    if recording and args and isinstance(args[0], str | bytes | os.PathLike):
        _OPENED.append(os.fsdecode(args[0]))  # type: ignore[union-attr]


sys.addaudithook(_audit)


@pytest.fixture
def opened() -> Iterator[list[str]]:
    """The paths opened or listed while the test runs."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


def _id_commands(value: str) -> list[tuple[str, ...]]:
    return [
        ("agenda", "next", value),
        ("agenda", "next", value, "--write"),
        ("schedule", "next", value),
        ("rate", "rep", value, "3"),
        ("rate", "rep", "petra", "3", "--manager", value),
        ("rate", "show", value),
        ("rate", "show", "anna", "--rep", value),
        ("meeting", "move", value, "2026-11-30", "--to", "2026-12-01", "--because", "x"),
        ("goal", "grade", value, "2026-11-23#1", "met"),
        ("action", "done", value, "2026-11-23#1"),
        ("funnel", "review", value),
        ("funnel", "review", "--rep", value),
    ]


def _date_commands(value: str) -> list[tuple[str, ...]]:
    return [
        ("rate", "rep", "petra", "3", "--date", value),
        ("meeting", "move", "anna", value, "--to", "2026-12-01", "--because", "x"),
        ("meeting", "move", "anna", "2026-11-30", "--to", value, "--because", "x"),
        ("funnel", "review", "--as-of", value),
        ("funnel", "review", "--since", value),
    ]


def _params() -> list[object]:
    out = []
    for value in HOSTILE_IDS:
        for args in _id_commands(value):
            out.append(pytest.param(args, value, "ID", id=f"{' '.join(args[:2])}-{value[:12]!r}"))
    for value in HOSTILE_DATES:
        for args in _date_commands(value):
            out.append(pytest.param(args, value, "date", id=f"{' '.join(args[:2])}-{value!r}"))
    return out


@pytest.mark.parametrize(("args", "value", "kind"), _params())
def test_hostile_argument_is_refused_before_any_file_is_touched(
    cli: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[str],
    args: tuple[str, ...],
    value: str,
    kind: str,
) -> None:
    sandbox = tmp_path / "sandbox"
    root = make_repo(sandbox / "repo")
    (tmp_path / "x.yaml").write_text("name: outside\nreps: []\n", encoding="utf-8")
    monkeypatch.chdir(root / "meetings" / "anna")
    before = snapshot(sandbox)
    opened.clear()
    result = cli("--repo", root, "--today", TODAY, *args)
    touched = [p for p in opened if p.startswith(str(sandbox)) or not os.path.isabs(p)]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.splitlines()[0]) < 200
    if kind == "ID":
        assert "is not a valid" in result.stderr, result.stderr
    else:
        assert "YYYY-MM-DD" in result.stderr or "date" in result.stderr, result.stderr
    # nothing of the repository was read, listed or created
    assert touched == [], touched
    assert_unchanged(before, sandbox)


@pytest.mark.parametrize(
    "ref", ["../x#1", "/etc/passwd", "2026-11-23#../1", "2026-02-30#1", "2026-11-23#0", "#1", ""]
)
@pytest.mark.parametrize("command", [("goal", "grade"), ("action", "done")])
def test_hostile_goal_and_action_references_are_refused(
    cli: Run,
    tmp_path: Path,
    opened: list[str],
    command: tuple[str, str],
    ref: str,
) -> None:
    root = make_repo(tmp_path / "repo")
    before = snapshot(root)
    extra = ("met",) if command[0] == "goal" else ()
    opened.clear()
    result = cli("--repo", root, "--today", TODAY, *command, "anna", ref, *extra)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ")
    # the reference never became a path: only anna's own files were read (for the hint)
    allowed = (str(root / "managers"), str(root / "meetings" / "anna"), str(root / "salescoach"))
    assert [p for p in opened if not p.startswith(allowed) and str(root) in p] == []
    assert_unchanged(before, root)


# ---------------------------------------------------------------- symbolic links


def test_writing_command_refuses_a_meeting_that_is_a_symbolic_link(
    cli: Run, tmp_path: Path
) -> None:
    root = make_repo(tmp_path / "repo")
    real = tmp_path / "elsewhere.yaml"
    meeting = root / "meetings/anna/2026-11-23.yaml"
    real.write_bytes(meeting.read_bytes())
    meeting.unlink()
    meeting.symlink_to(real)
    before = snapshot(tmp_path)
    result = cli("--repo", root, "--today", "2026-11-23", "rate", "rep", "petra", "4")
    assert result.exit_code == 1, result.output
    assert "meetings/anna/2026-11-23.yaml" in result.stderr
    assert "symbolic link" in result.stderr
    assert_unchanged(before, tmp_path, locked=True)


def test_replace_file_refuses_links(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(b"a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    with pytest.raises(WriteError, match="is a symbolic link"):
        writer.replace_file(link, b"a: 2\n")
    assert real.read_bytes() == b"a: 1\n"
    assert link.is_symlink()


def test_create_file_does_not_write_through_a_dangling_link(tmp_path: Path) -> None:
    link = tmp_path / "new.yaml"
    link.symlink_to(tmp_path / "target-outside.yaml")
    with pytest.raises(WriteError, match="already exists"):
        writer.create_file(link, b"a: 1\n")
    assert not (tmp_path / "target-outside.yaml").exists()


@pytest.mark.parametrize("folder", ["meetings/anna", "funnel", "managers"])
def test_data_folder_linked_outside_the_repository_is_refused(
    cli: Run, tmp_path: Path, folder: str
) -> None:
    root = make_repo(tmp_path / "repo")
    outside = tmp_path / "outside"
    os.rename(root / folder, outside)
    (root / folder).symlink_to(outside, target_is_directory=True)
    before = snapshot(tmp_path)
    result = cli("--repo", root, "--today", TODAY, "check")
    assert result.exit_code == 1, result.output
    assert "outside-repo" in result.stderr or "symlink" in result.stderr, result.stderr
    assert_unchanged(before, tmp_path)


# ---------------------------------------------------------------- nothing outside the repo


WRITING_COMMANDS: list[tuple[str, ...]] = [
    ("rate", "rep", "petra", "4", "--note", "../../../escape"),
    ("rate", "rep", "petra", "4", "--date", "2026-11-23", "--note", "/etc/passwd"),
    ("agenda", "next", "anna", "--write"),
    ("goal", "grade", "anna", "2026-11-23#1", "met"),
    ("action", "done", "anna", "2026-11-23#1"),
    ("meeting", "move", "anna", "2026-11-30", "--to", "2026-12-01", "--because", "../x"),
]


@pytest.mark.parametrize("args", WRITING_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_writing_commands_create_nothing_outside_the_repository(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    sandbox = tmp_path / "sandbox"
    root = make_repo(sandbox / "repo")
    monkeypatch.chdir(root / "meetings" / "anna")
    cli("--repo", root, "--today", "2026-11-23", "agenda", "next", "anna", "--write")
    before = {k: v for k, v in snapshot(sandbox).items() if not k.startswith("repo/")}
    result = cli("--repo", root, "--today", "2026-11-23", *args)
    assert "Traceback" not in result.output
    after = {k: v for k, v in snapshot(sandbox).items() if not k.startswith("repo/")}
    assert after == before
    assert sorted(p.name for p in sandbox.iterdir()) == ["repo"]
