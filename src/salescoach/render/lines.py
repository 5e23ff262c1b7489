"""Plain terminal lines: text padded to a width in cells, wrapped with a hanging indent that
never splits a word or a name, and styled lines printed without rich's padding (so piped
output has no trailing spaces and a table is exactly as wide as its content)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

GAP = "  "
"""Between two columns."""

Line = tuple[str, str | None]
"""A line of text and its rich style (None: plain)."""


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal cells (accents count as one)."""
    from rich.cells import cell_len

    room = " " * max(0, width - cell_len(text))
    return room + text if right else text + room


def wrap_hanging(text: str, width: int, indent: int = 0, keep: Sequence[str] = ()) -> list[str]:
    """``text`` wrapped to ``width`` after ``indent`` spaces, the wrapped lines two further in;
    words and the phrases in ``keep`` (names) are never split."""
    import textwrap

    for phrase in keep:
        text = text.replace(phrase, phrase.replace(" ", "\xa0"))
    lines = textwrap.wrap(
        text,
        width=max(width, indent + 20),
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + 2),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace("\xa0", " ") for line in lines]


def styled(lines: Sequence[tuple[str, str | None]]) -> RenderableType:
    """Lines with their styles as one rich ``Text``: print it with ``soft_wrap=True`` so rich
    neither wraps nor pads it."""
    from rich.text import Text

    out = Text()
    for text, style in lines:
        out.append(text, style=style or "")
        out.append("\n")
    out.rstrip()
    return out


def labelled(label: str, figures: str, style: str | None, at: int | None) -> list[Line]:
    """A table row: ``label`` padded to ``at`` cells beside its ``figures``, or, when ``at`` is
    None (the labels do not fit beside), the label on a line of its own above them."""
    if at is None:
        return [(label, style), ((GAP + figures).rstrip(), style)]
    return [((pad(label, at) + GAP + figures).rstrip(), style)]


def label_width(labels: Sequence[str], figures: int, width: int) -> int | None:
    """How wide the label column is when the longest label fits beside ``figures`` cells
    of figures in ``width``; None when it does not (the labels go above the figures)."""
    from rich.cells import cell_len

    longest = max(cell_len(label) for label in labels)
    return longest if longest + len(GAP) + figures <= width else None
