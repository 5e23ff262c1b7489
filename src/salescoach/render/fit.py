"""Layouts that fit the terminal they are printed on: a renderable built for the width it gets
(``ByWidth``), lines without the trailing spaces rich pads them with (``Trimmed``), and tables
that split their columns over several tables, the first (a name) repeated, rather than cut a
number or a name (``split_table``). Every view of the funnel, the actions and the scorecard
goes through here, so that at 80 columns and at 120 they read whole."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement
    from rich.segment import Segment

WIDE = 10_000
"""The width a renderable is measured at to know its natural width."""


class Trimmed:
    """A renderable printed without trailing spaces: rich pads table cells and grids to their
    width, which a pipe, a pasted document and a golden file should not carry."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        for line in console.render_lines(self.renderable, options, pad=False):
            yield from _rstrip(line)
            yield Segment.line()


def _rstrip(line: list[Segment]) -> list[Segment]:
    """The line's segments without the spaces at its end."""
    from rich.segment import Segment

    segments = list(line)
    while segments and not segments[-1].control and not segments[-1].text.rstrip():
        segments.pop()
    if segments and not segments[-1].control:
        last = segments[-1]
        segments[-1] = Segment(last.text.rstrip(), last.style)
    return list(segments)


class ByWidth:
    """A renderable built when it is printed, for the width it gets (``build(width)``), and
    printed trimmed."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Trimmed(self.build(options.max_width))


def trimmed(parts: Iterable[RenderableType]) -> list[RenderableType]:
    """Each part trimmed of trailing spaces."""
    return [Trimmed(p) for p in parts]


def natural_width(renderable: RenderableType) -> int:
    """How wide a renderable is when nothing is wrapped or cut."""
    from rich.console import Console
    from rich.measure import Measurement

    console = Console(width=WIDE, markup=False, emoji=False)  # data is never markup
    return Measurement.get(console, console.options, renderable).maximum


# ---------------------------------------------------------------- tables that split


@dataclass
class Row:
    """A table row: its cells (the first the key, a name) and its style."""

    cells: list[str]
    style: str = ""


@dataclass
class Grid:
    """A table before it is laid out: the title, the headings (the first the key column's),
    the rows, and which columns are numbers (right-aligned, never wrapped)."""

    headings: list[str]
    rows: list[Row] = field(default_factory=list)
    title: str = ""
    edge: bool = True
    """With the box's edge: a blank line above and below, a space before each line."""

    def add(self, cells: Sequence[str], style: str = "") -> None:
        """Add a row."""
        self.rows.append(Row(list(cells), style))


def _table(grid: Grid, columns: Sequence[int], title: str) -> RenderableType:
    """One table of the grid's key column and ``columns``, every cell on one line."""
    from rich import box
    from rich.table import Table

    table = Table(
        title=title or None,
        box=box.SIMPLE_HEAD,
        title_justify="left",
        collapse_padding=True,
        show_edge=grid.edge,
        pad_edge=grid.edge,
    )
    table.add_column(grid.headings[0], no_wrap=True)
    for index in columns:
        table.add_column(grid.headings[index], justify="right", no_wrap=True)
    for row in grid.rows:
        table.add_row(*(row.cells[i] for i in (0, *columns)), style=row.style or None)
    return table


def split_table(grid: Grid, parts: int) -> list[RenderableType]:
    """The grid as ``parts`` tables of about as many columns each, the key in every one."""
    from rich.text import Text

    rest = list(range(1, len(grid.headings)))
    size = -(-len(rest) // max(1, parts))
    chunks = [rest[i : i + size] for i in range(0, len(rest), size)] or [[]]
    out: list[RenderableType] = []
    for number, chunk in enumerate(chunks, start=1):
        title = grid.title
        if title and len(chunks) > 1:
            title = f"{grid.title} ({number}/{len(chunks)})"
        table = _table(grid, chunk, "")
        out += [Text(""), Text(title, style="bold"), table] if title else [table]
    return out


def fitted_tables(grids: Sequence[Grid], width: int) -> list[RenderableType]:
    """The first of ``grids`` (each a layout of the same table, fullest first: full amounts,
    then compact ones) whose table fits ``width`` whole, else the last split over as few
    tables as fit."""
    from rich.console import Group

    for grid in grids:
        whole = split_table(grid, 1)
        if natural_width(Group(*whole)) <= width:
            return whole
    last = grids[-1]
    for parts in range(2, len(last.headings)):
        split = split_table(last, parts)
        if natural_width(Group(*split)) <= width:
            return split
    return split_table(last, max(1, len(last.headings) - 1))


def fitted(grids: Sequence[Grid]) -> RenderableType:
    """A table that fits the width it is printed at (``fitted_tables``), trimmed."""
    from rich.console import Group

    return ByWidth(lambda width: Group(*fitted_tables(grids, width)))


def bullet(text: str, mark: str = "•", indent: int = 0, style: str = "") -> RenderableType:
    """A line item whose wrapped lines keep the indent of its text (a hanging indent), its
    words never broken."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1, 0, 0), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(Text(" " * indent + mark, style=style), Words(text, style))
    return grid


class Words:
    """A text wrapped at its spaces only: rich also breaks at a no-break space, which holds
    a Hungarian number together (``1 400 000 000``), and would cut it over two lines."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.cells import cell_len
        from rich.measure import Measurement

        words = [w for line in self.text.split("\n") for w in line.split(" ")] or [""]
        longest = max(cell_len(line) for line in self.text.split("\n"))
        return Measurement(max(cell_len(w) for w in words), longest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        for paragraph in self.text.split("\n"):
            for line in spaces_only(paragraph, options.max_width):
                yield Text(line, style=self.style)


def spaces_only(text: str, width: int) -> list[str]:
    """``text`` wrapped to ``width`` at its spaces (a word longer than the width on a line of
    its own)."""
    import textwrap

    lines = textwrap.wrap(
        text, max(1, width), break_long_words=False, break_on_hyphens=False
    )  # textwrap's whitespace is ASCII: it never breaks at a no-break space
    return lines or [""]


def terminal_width() -> int | None:
    """The terminal's width when it is known (``COLUMNS``, or standard output is a terminal);
    None for a pipe, whose lines are not wrapped."""
    import os
    import shutil
    import sys

    if os.environ.get("COLUMNS", "").isdigit() or sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def wrap_hanging(line: str, width: int) -> list[str]:
    """A line wrapped to ``width`` at spaces (never inside a word, a number or a name's
    word), its wrapped lines indented two more than its own indent."""
    import textwrap

    indent = " " * (len(line) - len(line.lstrip(" ")))
    return textwrap.wrap(
        line.strip(),
        width,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line.rstrip()]
