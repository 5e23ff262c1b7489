"""The agenda's hanging line item prints what rich's grid printed (issue 18: the grid's
layout was a sixth of `agenda next`): the same bytes for any mark, text, style and width,
plain and in colour, on a console that reads no markup, as `agenda next`'s (whose escaping of
controls the fast path never meets: it hands text with a control to the grid)."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from salescoach.render.agenda_hanging import Hanging
from salescoach.render.agenda_words import QUESTION_STYLE

LETTERS = " \n\t\xa0\u202fabcxyz1234567890-,.;:()[]•?→–⚑áőűÉ日本\u0301\u200b\x1b\x85\u2028"
TEXT = st.text(alphabet=LETTERS, max_size=120) | st.lists(
    st.sampled_from(["word", "longerwordthanmost", "1\xa0400\xa0000", "Kovács", "x", ""]),
    max_size=30,
).map(" ".join)
MARK = st.sampled_from(
    ["•", "?", "→", "[ ]", "[x]", "[ ] ACTION#2", "GOAL#12", "⚑", "a\tb", "x\ny"]
)
STYLE = st.sampled_from(["", "red", "dim", "bold", QUESTION_STYLE, "bold red"])


def printed(renderable: object, width: int, colour: bool) -> str:
    """What the agenda's console writes for ``renderable`` at ``width`` columns."""
    out = io.StringIO()
    options: dict[str, object] = {"force_terminal": True, "color_system": "truecolor"}
    console = Console(
        file=out,
        width=width,
        soft_wrap=False,
        markup=False,
        emoji=False,
        highlight=False,
        **(options if colour else {}),  # type: ignore[arg-type]
    )
    console.print(renderable)
    return out.getvalue()


@settings(max_examples=400, deadline=None)
@given(MARK, TEXT, STYLE, st.integers(1, 130), st.booleans())
def test_hanging_prints_what_the_grid_printed(
    mark: str, value: str, style: str, width: int, colour: bool
) -> None:
    item = Hanging(mark, value, style)
    assert printed(item, width, colour) == printed(item.grid(), width, colour)


@given(MARK, TEXT, STYLE, st.integers(1, 130))
def test_hanging_measures_as_the_grid(mark: str, value: str, style: str, width: int) -> None:
    from rich.measure import Measurement

    console = Console(width=width, file=io.StringIO())
    item = Hanging(mark, value, style)
    assert Measurement.get(console, console.options, item) == Measurement.get(
        console, console.options, item.grid()
    )


def test_common_items_take_the_fast_path() -> None:
    """A bullet that fits, and one that wraps, are laid out without the grid."""
    from salescoach.render import agenda_hanging

    assert agenda_hanging._laid_out(" •", "Admin: 6 → 6 h/week (flat)", 80) is not None
    long = "Change agreed on Mon 14 Sep 2026: " + "weekly report straight from the CRM " * 4
    lines = agenda_hanging._laid_out(" •", long, 80)
    assert lines is not None
    assert len(lines) > 1
    assert agenda_hanging._laid_out(" •", "a\x1bb", 80) is None
