"""What every text view must hold at any width, as a reusable check: no line over the width,
no trailing space, no ``…`` inside a number or a name, and no name split over two lines of a
table column. ``layout_problems`` returns the problems found (empty: the layout holds), so a
failing test says which line is wrong."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from rich.cells import cell_len

GOLDEN = Path(__file__).parent / "golden"
"""The golden files: what a view printed when it was last reviewed."""

CUT_NUMBER = re.compile(r"\d[\d,. ]*…|…[\d,.]*\d")
"""An ellipsis right after or before digits: a number cut."""


def _cut_names(line: str, names: Iterable[str]) -> list[str]:
    """The names of which the line shows a beginning followed by ``…``."""
    cut = []
    for name in names:
        for stop in range(1, len(name)):
            shown = f"{name[:stop]}…"
            if shown in line and f"{name}…" not in line and (stop >= 2 or line.startswith(shown)):
                cut.append(name)
                break
    return cut


def _split_names(lines: list[str], names: Iterable[str]) -> list[str]:
    """Names whose first words end one line and whose other words start the next one at the
    same column (a name wrapped inside a table cell)."""
    problems = []
    for name in names:
        words = name.split()
        for index, line in enumerate(lines[:-1]):
            for cut in range(1, len(words)):
                head, tail = " ".join(words[:cut]), " ".join(words[cut:])
                for match in re.finditer(re.escape(head), line):
                    after = line[match.end() :]
                    if after.startswith(" " + words[cut]):
                        continue
                    below = lines[index + 1]
                    if below[match.start() :].startswith(tail.split()[0]):
                        problems.append(f"line {index + 1}: {name!r} split over two lines")
    return problems


def layout_problems(text: str, width: int, names: Iterable[str] = ()) -> list[str]:
    """Every way ``text`` breaks the layout rules at ``width`` (empty when none)."""
    names = [n for n in names if n]
    lines = text.split("\n")
    problems = []
    for number, line in enumerate(lines, start=1):
        if cell_len(line) > width:
            problems.append(f"line {number}: {cell_len(line)} columns > {width}: {line!r}")
        if line != line.rstrip():
            problems.append(f"line {number}: trailing space: {line!r}")
        if CUT_NUMBER.search(line):
            problems.append(f"line {number}: a number cut: {line!r}")
        problems += [f"line {number}: {n!r} cut: {line!r}" for n in _cut_names(line, names)]
    return problems + _split_names(lines, names)


def assert_fits(text: str, width: int, names: Iterable[str] = ()) -> None:
    """Fail with every layout problem of ``text`` at ``width``."""
    problems = layout_problems(text, width, names)
    assert not problems, "\n".join(problems[:20])


def assert_golden(name: str, actual: str) -> None:
    """``actual`` is byte for byte ``tests/golden/NAME``; ``SALESCOACH_UPDATE_GOLDEN=1`` writes
    it there first (then review the diff)."""
    path = GOLDEN / name
    if os.environ.get("SALESCOACH_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run with SALESCOACH_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"
