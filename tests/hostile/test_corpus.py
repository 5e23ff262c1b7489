"""Every reading command over every hostile file: exit 1 with one clear diagnostic naming the
file (and line), never 0 or 2, never a traceback, nothing changed on disk.

Most cases run in-process; the bombs, 100 KB of brackets and the 20 MB file run as
subprocesses limited to 1 GiB of address space, with a 20 s hang guard.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from salescoach import store
from salescoach.models import Manager, Meeting, Settings
from tests.conftest import Run
from tests.hostile.cases import CASES, MARKER, Case
from tests.hostile.helpers import (
    FILES,
    MANAGER,
    TARGETS,
    TODAY,
    assert_unchanged,
    make_repo,
    run_subprocess,
    snapshot,
)


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...]
    reads: tuple[str, ...]
    """The file kinds (keys of TARGETS) the command reads for manager ``anna``."""
    primary: str
    """Where the heavy cases go (each runs once per command, in a subprocess)."""


ALL = ("settings", "manager", "meeting", "snapshot")

READING_COMMANDS: list[Command] = [
    Command("check", ("check",), ALL, "manager"),
    Command("agenda next", ("agenda", "next", MANAGER), ALL, "meeting"),
    Command("schedule", ("schedule",), ("settings", "manager", "meeting"), "meeting"),
    Command(
        "schedule next",
        ("schedule", "next", MANAGER),
        ("settings", "manager", "meeting"),
        "manager",
    ),
    # rate show needs no settings: a broken salescoach.yaml does not stop it
    Command("rate show", ("rate", "show"), ("manager", "meeting"), "meeting"),
    Command("funnel review", ("funnel", "review"), ("settings", "manager", "snapshot"), "snapshot"),
    # the report reads what rate show, funnel review, schedule, coach and goals read
    Command("report", ("report", "-o", "-"), ("manager", "meeting", "snapshot"), "meeting"),
]


def _params() -> list[object]:
    out = []
    for command in READING_COMMANDS:
        for case in CASES:
            if case.heavy:
                continue
            targets = command.reads if case.target is None else (case.target,)
            for target in targets:
                if target in command.reads:
                    out.append(
                        pytest.param(command, case, target, id=f"{command.name}-{case}-{target}")
                    )
    return out


def _heavy_params() -> list[object]:
    return [
        pytest.param(command, case, id=f"{command.name}-{case}")
        for command in READING_COMMANDS
        for case in CASES
        if case.heavy
    ]


def _prepare(tmp_path: Path, case: Case, target: str) -> tuple[Path, str]:
    root = make_repo(tmp_path / "repo")
    rel = TARGETS[target]
    case.place(root / rel, root)
    return root, rel


def _assert_diagnosed(case: Case, rel: str, code: int, stdout: str, stderr: str) -> None:
    output = stdout + stderr
    assert "Traceback" not in output
    assert "unexpected error" not in output
    if case.loads:
        assert code == 0, output
        assert "error:" not in stderr
        assert f"{rel}:" not in stderr
        return
    assert code == 1, output
    where = f"{rel}:{case.line}:" if case.line else f"{rel}: "
    lines = [line.strip() for line in stderr.splitlines()]
    about_file = [line for line in lines if line.startswith((f"{rel}:", f"{rel} "))]
    assert len(about_file) == 1, stderr  # one clear message for the file
    message = about_file[0]
    assert message.startswith(where), message
    assert f" {case.code} " in message, message
    if case.text:
        assert case.text in message, message
    assert len(message) < 400, message


@pytest.mark.parametrize(("command", "case", "target"), _params())
def test_reading_command_over_hostile_file(
    cli: Run, tmp_path: Path, command: Command, case: Case, target: str
) -> None:
    root, rel = _prepare(tmp_path, case, target)
    before = snapshot(root)
    result = cli("--repo", root, "--today", TODAY, *command.args)
    if target == "settings" and case.name in ("directory", "dangling-symlink"):
        # without a readable salescoach.yaml there is no repository to read at all
        kind = "a folder" if case.name == "directory" else "a broken symbolic link"
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: {root / rel} is {kind}, not a file\n")
    else:
        _assert_diagnosed(case, rel, result.exit_code, result.stdout, result.stderr)
    assert_unchanged(before, root)
    assert not (tmp_path / MARKER).exists(), "a YAML payload was executed"


@pytest.mark.parametrize(("command", "case"), _heavy_params())
def test_reading_command_over_heavy_file_in_limited_subprocess(
    tmp_path: Path, command: Command, case: Case
) -> None:
    target = case.target or command.primary
    root, rel = _prepare(tmp_path, case, target)
    before = snapshot(root)
    proc = run_subprocess("--repo", str(root), "--today", TODAY, *command.args)
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}"
    assert "MemoryError" not in proc.stderr
    _assert_diagnosed(case, rel, proc.returncode, proc.stdout, proc.stderr)
    assert_unchanged(before, root)


def test_commands_pass_on_the_untouched_repository(cli: Run, tmp_path: Path) -> None:
    """The corpus is meaningful: without the hostile file every command succeeds."""
    root = make_repo(tmp_path / "repo")
    before = snapshot(root)
    for command in READING_COMMANDS:
        result = cli("--repo", root, "--today", TODAY, *command.args)
        assert result.exit_code == 0, (command.name, result.output)
    assert_unchanged(before, root)


def test_payloads_did_not_run_and_are_named(cli: Run, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "python-apply")
    root, rel = _prepare(tmp_path, case, "manager")
    result = cli("--repo", root, "check")
    assert result.exit_code == 1
    assert f"{rel}:1:7: yaml-tag YAML tags (!!python/object/apply:os.system) are not allowed" in (
        result.stderr
    )
    assert not (tmp_path / MARKER).exists()


YAML11_IDS = ("no", "on", "off", "yes", "y", "n", "010", "0x1f", "1e3", "1-30", "nan")


def test_yaml11_words_are_valid_ids_everywhere(cli: Run, tmp_path: Path) -> None:
    """`no` and `010` are valid slugs: as rep IDs, rating keys and goal reps they load."""
    root = make_repo(tmp_path / "repo")
    reps = "".join(f"  - {{id: {rep}, name: {rep}}}\n" for rep in YAML11_IDS)
    (root / "managers/anna.yaml").write_text(FILES["managers/anna.yaml"] + reps, encoding="utf-8")
    ratings = "".join(f"  {rep}: {{score: 2, note: {rep}}}\n" for rep in YAML11_IDS)
    assert yaml11_booleans_of_yaml_1_1(ratings)
    meeting = FILES["meetings/anna/2026-11-23.yaml"].replace("ratings:\n", "ratings:\n" + ratings)
    meeting = meeting.replace("  - rep: laszlo\n", "  - rep: no\n")
    (root / "meetings/anna/2026-11-23.yaml").write_text(meeting, encoding="utf-8")
    before = snapshot(root)
    for command in READING_COMMANDS:
        result = cli("--repo", root, "--today", TODAY, *command.args)
        assert result.exit_code == 0, (command.name, result.output)
    assert_unchanged(before, root)
    layout = store.Layout(root)
    manager = store.require_manager(layout, MANAGER)
    assert manager.rep_ids[2:] == list(YAML11_IDS)
    loaded, problems = store.read_model(layout, root / "meetings/anna/2026-11-23.yaml", Meeting)
    assert problems == []
    assert loaded is not None
    assert {rep: r.note for rep, r in loaded.ratings.items() if r and rep in YAML11_IDS} == {
        rep: rep for rep in YAML11_IDS
    }
    assert loaded.goals[0].rep == "no"


@pytest.mark.parametrize(
    ("target", "model", "old", "new", "read_back"),
    [
        ("manager", Manager, "name: Anna Manager", "name: on", lambda m: m.name),
        (
            "settings",
            Settings,
            "organisation: Hostile Testing Ltd",
            "organisation: no",
            lambda s: s.organisation,
        ),
        ("meeting", Meeting, "note: on track}", "note: 1:30}", lambda m: m.ratings["petra"].note),
        ("meeting", Meeting, "note: recovered}", "note: 010}", lambda m: m.ratings["laszlo"].note),
        (
            "meeting",
            Meeting,
            "goal: Close the Globex renewal",
            "goal: off",
            lambda m: m.goals[0].goal,
        ),
    ],
)
def test_yaml11_words_in_text_fields_read_back_as_written(
    tmp_path: Path, target: str, model: type, old: str, new: str, read_back: object
) -> None:
    root = make_repo(tmp_path / "repo")
    path = root / TARGETS[target]
    path.write_text(FILES[TARGETS[target]].replace(old, new), encoding="utf-8")
    value, problems = store.read_model(store.Layout(root), path, model)
    assert problems == []
    assert read_back(value) == new.split(": ", 1)[1].rstrip("}")  # type: ignore[operator]


def test_bom_and_crlf_read_back_the_same_values(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    layout = store.Layout(root)
    path = root / TARGETS["meeting"]
    plain, _ = store.read_model(layout, path, Meeting)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    crlf, problems = store.read_model(layout, path, Meeting)
    assert problems == []
    assert crlf == plain


@pytest.mark.parametrize(
    ("rel", "code", "text"),
    [
        ("meetings/anna/2026-02-30.yaml", "invalid-value", "'2026-02-30' is not a real date"),
        ("funnel/2026-02-30.yaml", "bad-file-name", "not a real date"),
        ("managers/Anna.yaml", "bad-file-name", "file name must be an ID"),
        ("meetings/anna/23-11-2026.yaml", "bad-file-name", "file name must be an ID or a date"),
    ],
)
def test_check_names_files_with_impossible_names(
    cli: Run, tmp_path: Path, rel: str, code: str, text: str
) -> None:
    root = make_repo(tmp_path / "repo")
    source = "meetings/anna/2026-11-16.yaml" if rel.startswith("meetings") else "managers/bela.yaml"
    if rel.startswith("funnel"):
        source = "funnel/2026-09-30.yaml"
    data = FILES[source].replace(source[-15:-5], rel[-15:-5])
    (root / rel).write_text(data, encoding="utf-8")
    before = snapshot(root)
    result = cli("--repo", root, "--today", TODAY, "check")
    assert result.exit_code == 1, result.output
    mentions = [line for line in result.stderr.splitlines() if line.startswith(rel)]
    assert len(mentions) == 1, result.stderr
    assert f" {code} " in mentions[0]
    assert text in mentions[0]
    assert_unchanged(before, root)


def yaml11_booleans_of_yaml_1_1(text: str) -> bool:
    """The words above would not survive a YAML 1.1 loader (PyYAML's default)."""
    import yaml

    loaded = yaml.safe_load("ratings:\n" + text)["ratings"]
    return False in loaded or any(isinstance(k, int | float) for k in loaded)


def test_the_repo_copy_is_clean(tmp_path: Path) -> None:
    """Guard for the helpers: a copied repository snapshots equal, a touched one does not."""
    root = make_repo(tmp_path / "repo")
    before = snapshot(root)
    shutil.copystat(root / "salescoach.yaml", root / "salescoach.yaml")
    assert_unchanged(before, root)
    (root / "salescoach.yaml").write_text(FILES["salescoach.yaml"] + "\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        assert_unchanged(before, root)
