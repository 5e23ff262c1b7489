"""The shape of the code, held by tests: small modules, thin commands, no import cycles, and
tests that reach the library through its use cases (the layers themselves are import-linter
contracts in pyproject.toml, run by .ci/run)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "salescoach"
TESTS = Path(__file__).resolve().parent
MAX_MODULE_LINES = 500
MAX_COMMAND_LINES = 30


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_no_module_is_over_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(SRC)} has {lines} lines"


def _commands() -> list[tuple[str, object]]:
    """Every command of the CLI (lazily loaded groups included), with its function."""
    from typer.main import get_command

    from salescoach.cli.app import LAZY_GROUPS, app

    root = get_command(app)
    out: list[tuple[str, object]] = []

    def walk(prefix: str, command: object) -> None:
        sub = getattr(command, "commands", None)
        callback = getattr(command, "callback", None)
        if callback is not None and (not sub or getattr(command, "invoke_without_command", False)):
            out.append((prefix, callback))
        for name, child in (sub or {}).items():
            walk(f"{prefix} {name}".strip(), child)

    ctx = root.make_context("salescoach", ["--help"], resilient_parsing=True)
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        walk(name, root.get_command(ctx, name))  # type: ignore[attr-defined]
    assert {name.split()[0] for name, _ in out} >= set(LAZY_GROUPS)
    return out


def test_no_command_function_is_over_30_lines() -> None:
    long = []
    for name, callback in _commands():
        function = inspect.unwrap(callback)  # type: ignore[arg-type]
        lines = len(inspect.getsourcelines(function)[0])
        if lines > MAX_COMMAND_LINES:
            long.append(f"{name}: {function.__module__}.{function.__name__} has {lines} lines")
    assert not long, "\n".join(long)


def _import_graph() -> dict[str, set[str]]:
    """Module → the salescoach modules it imports (at any depth of the module's code)."""
    graph: dict[str, set[str]] = {}
    for path in _modules():
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}
        graph[name] = found
    known = set(graph)
    return {m: {d for d in deps if d in known and d != m} for m, deps in graph.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in sorted(graph[node]):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_no_import_cycle_among_the_modules() -> None:
    graph = _import_graph()
    assert len(graph) > 40
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_tests_reach_the_library_through_use_cases_not_the_cli() -> None:
    """Tests drive commands through the CLI runner (``salescoach.cli.app``) or call the library;
    none imports a command module's functions."""
    offenders = []
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.startswith("salescoach.cli.") and module != "salescoach.cli.app":
                offenders.append(f"{path.relative_to(TESTS)}:{node.lineno}: {module}")
    assert not offenders, "\n".join(offenders)
