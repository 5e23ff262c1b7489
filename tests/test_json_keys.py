"""docs/json.md lists the keys of every command's ``--format json``: each key the output has
is in the doc, and each key the doc lists is in the output, for every object the doc lists
(nested ones too), on the examples. Every command that offers JSON has its section."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from salescoach.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "json.md"
TODAY = "2026-11-27"
LARGE_DEAL = "Kecskeméti Karosszéria connector frame agreement"  # Zsófia Tóth's team


# ---------------------------------------------------------------- the doc


@dataclass
class Documented:
    """One command's section of docs/json.md: the keys of each object path, the paths whose
    objects may hold more keys (``…`` rows), the keys whose objects are data (keyed by date)."""

    keys: dict[str, set[str]] = field(default_factory=dict)
    open: set[str] = field(default_factory=set)
    maps: set[str] = field(default_factory=set)
    aliases: list[tuple[str, str, str]] = field(default_factory=list)
    borrowed: set[str] = field(default_factory=set)
    """Paths documented by an alias (``Keys of X: as Y of Z``): checked where the output has
    them (the examples need not show every one twice)."""


COMMAND = re.compile(r"^## `([^`]+)`")
OBJECTS = re.compile(r"^### ")
ROW = re.compile(r"^\| `([^`]+)` \|([^|]*)\|")
ALIAS = re.compile(r"^Keys of `([^`]+)`: as `([^`]+)` of `([^`]+)`\.")


def parse(text: str) -> dict[str, Documented]:
    """The sections of docs/json.md by command, aliases resolved."""
    found: dict[str, Documented] = {}
    section: Documented | None = None
    paths = ["."]
    for line in text.splitlines():
        if m := COMMAND.match(line):
            section, paths = found.setdefault(m[1], Documented()), ["."]
        elif section is None:
            continue
        elif OBJECTS.match(line):
            paths = re.findall(r"`([^`]+)`", line)
        elif m := ALIAS.match(line):
            section.aliases.append((m[1], m[2], m[3]))
        elif m := ROW.match(line):
            _row(section, paths, m[1], m[2])
    for section in found.values():
        for path, other, command in section.aliases:
            _alias(section, found[command], path, other)
    return found


def _row(section: Documented, paths: list[str], key: str, kind: str) -> None:
    for path in paths:
        if key == "…":
            section.open.add(path)
            continue
        section.keys.setdefault(path, set()).add(key)
        if "keyed by" in kind:
            section.maps.add(join(path, key))


def join(path: str, rest: str) -> str:
    """``teams[]`` + ``.reps[]``; the root is ``.``."""
    if path == ".":
        return rest.removeprefix(".") or "."
    if rest.startswith("[]") or rest.startswith("."):
        return path + rest
    return f"{path}.{rest}"


def _alias(section: Documented, other: Documented, path: str, prefix: str) -> None:
    """Copy ``other``'s objects under ``prefix`` to ``path`` of ``section``."""

    def moved(p: str) -> str | None:
        if p == prefix:
            return path
        if prefix == "." or p.startswith(prefix + ".") or p.startswith(prefix + "[]"):
            return join(path, p if prefix == "." else p[len(prefix) :])
        return None

    for p, keys in other.keys.items():
        if (q := moved(p)) is not None:
            section.keys.setdefault(q, set()).update(keys)
            section.borrowed.add(q)
    section.open |= {q for p in other.open if (q := moved(p)) is not None}
    section.maps |= {q for p in other.maps if (q := moved(p)) is not None}


# ---------------------------------------------------------------- the output


def observe(value: Any, maps: set[str], seen: dict[str, set[str]], path: str = ".") -> None:
    """Every object's keys by path into ``seen`` (the union over list items and runs)."""
    if isinstance(value, list):
        for item in value:
            observe(item, maps, seen, join(path, "[]"))
    elif isinstance(value, dict) and path not in maps:
        seen.setdefault(path, set()).update(value)
        for key, item in value.items():
            observe(item, maps, seen, join(path, key))


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The examples: acme with a deal strategy recorded, acme with a bad file (for check's
    diagnostics), the CRM sample."""
    base = tmp_path_factory.mktemp("json")
    acme, broken, crm = base / "acme", base / "broken", base / "crm"
    for target, source in ((acme, "acme"), (broken, "acme"), (crm, "crm-sample")):
        shutil.copytree(ROOT / "examples" / source, target)
    note = ("deal", "note", "zsofia-toth", LARGE_DEAL, "-s", "Exec sponsor", "-n", "Call")
    run(acme, *note, "-o", "manager", "--due", "2026-12-04", data=False)
    meeting = broken / "meetings" / "anna-kovacs" / "2026-11-23.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    return {"acme": acme, "broken": broken, "crm": crm}


def run(repo: Path, *args: str, data: bool = True) -> Any:
    """The command's JSON on ``repo`` (exit 0, or 1 for check's errors)."""
    result = CliRunner().invoke(app, ["--repo", str(repo), "--today", TODAY, *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout) if data else None


def runs(repos: dict[str, Path]) -> Iterator[tuple[str, Any]]:
    """Each command's JSON on the examples, some several times."""
    acme, crm = repos["acme"], repos["crm"]
    json_ = ("-f", "json")
    yield "schedule", run(acme, "schedule", *json_)
    yield "schedule next", run(acme, "schedule", "next", "zsofia-toth", *json_)
    for manager in ("anna-kovacs", "gabor-szabo", "zsofia-toth", "peter-varga"):
        yield "agenda next", run(acme, "agenda", "next", manager, *json_)
    yield "rate show", run(acme, "rate", "show", *json_)
    yield "funnel review", run(acme, "funnel", "review", *json_)
    yield "funnel review", run(crm, "funnel", "review", "--as-of", "2017-12-31", *json_)
    export = str(crm / "export" / "sales_pipeline.csv")
    yield "funnel import", run(crm, "funnel", "import", export, *json_)
    yield "check", run(repos["broken"], "check", *json_)
    yield "check", run(acme, "check", *json_)
    yield "actions", run(acme, "actions", *json_)
    yield "coach scorecard", run(acme, "coach", "scorecard", *json_)
    yield "deal list", run(acme, "deal", "list", "zsofia-toth", *json_)
    yield "goals", run(acme, "goals", "anna-kovacs", *json_)
    yield "goals", run(acme, "goals", "anna-kovacs", "--rep", "reka-balogh", *json_)


@pytest.fixture(scope="module")
def documented() -> dict[str, Documented]:
    return parse(DOC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def observed(repos: dict[str, Path], documented: dict[str, Documented]) -> dict[str, Any]:
    """Each command's objects by path, over all its runs."""
    seen: dict[str, dict[str, set[str]]] = {}
    for command, data in runs(repos):
        observe(data, documented[command].maps, seen.setdefault(command, {}))
    return seen


def json_commands() -> list[str]:
    """Every command whose ``--format`` offers json, by its full name (``agenda next``)."""
    root = typer.main.get_command(app)
    names: list[str] = []

    def walk(command: Any, prefix: str, ctx: Any) -> None:
        if hasattr(command, "list_commands"):  # a group (typer's own click: no isinstance)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None:
                    walk(sub, f"{prefix} {name}".strip(), type(ctx)(sub, parent=ctx))
        if any(_offers_json(p) for p in command.params) and prefix:
            names.append(prefix)

    walk(root, "", root.make_context("salescoach", [], resilient_parsing=True))
    return sorted(set(names))


def _offers_json(param: Any) -> bool:
    return "--format" in param.opts and "json" in (param.help or "")


# ---------------------------------------------------------------- the tests


def test_every_command_with_json_has_a_section_and_no_section_is_of_no_command(
    documented: dict[str, Documented],
) -> None:
    commands = json_commands()
    assert {"agenda next", "schedule", "schedule next"} <= set(commands)  # the walk finds them
    assert sorted(documented) == commands


def test_every_command_with_json_is_run_here(documented: dict[str, Documented]) -> None:
    tried = {"schedule", "schedule next", "agenda next", "rate show", "funnel review"}
    tried |= {"funnel import", "check", "actions", "coach scorecard", "deal list", "goals"}
    assert set(documented) <= tried, "add a run to runs() for the new command"


@pytest.mark.parametrize("command", sorted(json_commands()))
def test_the_keys_of_the_output_and_of_the_doc_agree(
    command: str, documented: dict[str, Documented], observed: dict[str, Any]
) -> None:
    doc, seen = documented[command], observed.get(command, {})
    for path, keys in sorted(doc.keys.items()):
        if path in doc.borrowed and path not in seen:
            continue
        assert path in seen, f"{command}: docs/json.md lists `{path}`, no example output has it"
        missing = sorted(keys - seen[path])
        assert not missing, f"{command}: `{path}` has no {missing} (docs/json.md lists them)"
        if path not in doc.open:
            extra = sorted(seen[path] - keys)
            assert not extra, f"{command}: `{path}` has {extra}, docs/json.md does not list them"
    assert "." in doc.keys or "[]" in doc.keys, f"{command}: no table of the top-level keys"


PENDING = {("funnel import", "reps_without_deals[]")}
"""Objects whose ``name`` is still to be renamed (in render/imports.py);
remove each from here when it is, with docs/json.md."""


def test_the_ids_and_names_have_one_vocabulary(observed: dict[str, Any]) -> None:
    """``manager``/``rep`` are IDs with ``manager_name``/``rep_name`` beside them: no
    ``manager_id`` or ``rep_id``, no bare ``name`` beside a ``manager`` or ``rep`` (a deal's
    ``name`` beside its ``deal`` is the deal's)."""
    for command, seen in observed.items():
        for path, keys in seen.items():
            assert not keys & {"manager_id", "rep_id"}, (command, path)
            bare = "name" in keys and keys & {"manager", "rep"} and "deal" not in keys
            assert not bare or (command, path) in PENDING, f"{command}: `{path}`: {sorted(keys)}"
