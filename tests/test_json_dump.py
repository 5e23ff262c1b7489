"""render.json_dump writes what json.dumps(indent=2, ensure_ascii=False) writes, byte for byte."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from salescoach.render.json_dump import dumps_indented


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _standard(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_default)


class _Wrapped:
    """Not JSON by itself: ``default`` turns it into a dict (like a pydantic model)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def isoformat(self) -> Any:
        return self.inner


SCALAR = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.dates()
)
KEY = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
VALUE = st.recursive(
    SCALAR,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(KEY, inner, max_size=4)
        | st.builds(_Wrapped, inner)
    ),
    max_leaves=30,
)


@given(VALUE)
def test_same_bytes_as_json_dumps(data: Any) -> None:
    assert dumps_indented(data, _default) == _standard(data)


def test_a_review_shape_and_hostile_text() -> None:
    data = {
        "teams": [
            {
                "stalled_deals": [
                    {
                        "deal": "S1",
                        "name": 'a "q"\n\u202e\x9b',
                        "amount": None,
                        "since": date(2016, 10, 20),
                    },
                    {"deal": "S2", "name": "Ő", "amount": 12.5, "at": datetime(2020, 1, 2, 3, 4)},
                ],
                "stages": [],
                "owners": {},
                "nested": [[1, 2], [], {"a": [True, False]}],
            }
        ],
        "since": None,
        1: 2.0,
        False: float("inf"),
        None: float("nan"),
    }
    assert dumps_indented(data, _default) == _standard(data)


def test_whole_floats_and_ints_keep_their_form() -> None:
    """A float that is a whole number keeps its ``.0``; an int stays an int."""
    data = [{"won_value": 287309240, "open_value": 1.0, "rate": 0.6308}]
    assert dumps_indented(data, _default) == (
        '[\n  {\n    "won_value": 287309240,\n    "open_value": 1.0,\n    "rate": 0.6308\n  }\n]'
    )


FLAT_DICT = st.dictionaries(st.text(), SCALAR, max_size=4)


@given(st.lists(FLAT_DICT, max_size=5), st.integers(0, 3))
def test_lists_of_flat_dicts_at_any_depth(items: list[dict[str, Any]], depth: int) -> None:
    """The deals of a review: a list of dicts of scalars, encoded in one call."""
    data: Any = items
    for _ in range(depth):
        data = {"teams": [{"stalled_deals": data, "n": 1}]}
    assert dumps_indented(data, _default) == _standard(data)
