"""The agenda's hanging line item (`` • text``, its wrapped lines under the text), drawn
without rich's table layout where the result is known: a two-column grid measured and laid
out for every bullet cost ~0.3 ms each, a sixth of an ``agenda next`` (issue 18).

``Hanging`` prints the very segments the grid prints (``tests/test_agenda_hanging.py``
compares them over any text, mark, style and width); whenever a line would need rich's own
folding (a word wider than the column), the text holds a control or a tab, or the width
leaves no room, it hands over to the grid itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.table import Table


class Hanging:
    """``mark`` then ``value`` wrapped at its spaces only (a Hungarian number's no-break
    spaces hold it together), each wrapped line under the text, all in ``style``."""

    def __init__(self, mark: str, value: str, style: str = "") -> None:
        self.mark = mark
        self.value = value
        self.style = style

    def grid(self) -> Table:
        """The item as rich lays it out: a grid of the mark and the words."""
        from rich.table import Table
        from rich.text import Text

        from salescoach.render.fit import Words

        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(Text(f" {self.mark}", style=self.style), Words(self.value, self.style))
        return grid

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.grid())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment
        from rich.style import Style

        head = f" {self.mark}"
        lines = _laid_out(head, self.value, options.max_width)
        if lines is None:
            yield self.grid()
            return
        style = console.get_style(self.style) if self.style else None
        gap = Style.null()
        yield Segment(head, style)
        yield Segment(" ", gap)  # the grid's padding between its columns
        for n, line in enumerate(lines):
            if n:
                yield Segment(" " * (cell_width(head) + 1), gap)
            yield Segment(line, style)
            yield Segment.line()


def cell_width(text: str) -> int:
    """The columns ``text`` takes in the terminal (rich's measure)."""
    from rich.cells import cell_len

    return cell_len(text)


def _laid_out(head: str, value: str, max_width: int) -> list[str] | None:
    """The text column's lines, each padded to the column's width, as the grid lays them
    out at ``max_width``; None when only the grid itself can say."""
    from salescoach.render.fit import spaces_only  # the very wrapping ``Words`` does
    from salescoach.textsafe import visible

    if "\t" in value or visible(value) is not value:
        return None
    if not head.isprintable() or len(head) != cell_width(head):
        return None
    paragraphs = value.split("\n")
    longest = max(cell_width(p) for p in paragraphs)
    width = min(longest, max_width - cell_width(head) - 1)
    if longest < 1 or width < 1:
        return None
    lines = [line for p in paragraphs for line in spaces_only(p, width)]
    widths = [cell_width(line) for line in lines]
    narrow = all(w == len(line) for line, w in zip(lines, widths, strict=True))
    if min(widths) < 1 or max(widths) > width or not narrow:
        return None  # an empty line, a word rich would fold, a wide or zero-width character
    return [line + " " * (width - w) for line, w in zip(lines, widths, strict=True)]
