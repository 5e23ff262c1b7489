"""How values read in narrow columns."""

from __future__ import annotations

import pytest

from salescoach.formats import compact_money


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "–"),
        (950, "950"),
        (9_999, "9,999"),
        (12_500, "12.5 k"),
        (99_949, "99.9 k"),
        (99_950, "100 k"),
        (999_499, "999 k"),
        (999_500, "1.0 M"),
        (38_500_000, "38.5 M"),
        (250_000_000, "250 M"),
        (1_200_000_000, "1.2 B"),
        (-45_000, "-45.0 k"),
    ],
)
def test_compact_amounts_never_cut_a_number(value: float | None, shown: str) -> None:
    assert compact_money(value) == shown
