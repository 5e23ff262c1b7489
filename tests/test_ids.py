"""IDs proposed from people's names."""

from __future__ import annotations

import pytest

from salescoach.ids import id_from_name, suggested_id, unique_id
from salescoach.models import is_slug


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kovács Éva", "kovacs-eva"),
        ("Szőke Ádám", "szoke-adam"),
        ("O'Brien", "obrien"),
        ("O’Brien Seán", "obrien-sean"),
        ("Bíró Márton", "biro-marton"),
        ("Łukasz Żółć", "lukasz-zolc"),
        ("Anna  Kovács-Tóth", "anna-kovacs-toth"),
        ("  Petra Nagy (intern) ", "petra-nagy-intern"),
    ],
)
def test_an_id_from_a_name_is_what_a_reader_would_type(name: str, expected: str) -> None:
    assert id_from_name(name) == expected
    assert is_slug(expected)


def test_a_taken_id_gets_the_next_number() -> None:
    assert unique_id("kovacs-eva", set()) == "kovacs-eva"
    assert unique_id("kovacs-eva", {"kovacs-eva"}) == "kovacs-eva-2"
    assert unique_id("kovacs-eva", {"kovacs-eva", "kovacs-eva-2"}) == "kovacs-eva-3"


def test_a_long_name_gives_an_id_of_at_most_64_characters() -> None:
    found = suggested_id("Wolfeschlegelsteinhausenbergerdorff " * 4, {"x"})
    assert found is not None
    assert len(found) <= 64
    assert is_slug(found)
    taken = {found}
    second = suggested_id("Wolfeschlegelsteinhausenbergerdorff " * 4, taken)
    assert second is not None
    assert second.endswith("-2")
    assert len(second) <= 64


def test_a_name_without_letters_gives_no_id() -> None:
    assert suggested_id("!!!") is None
    assert suggested_id("") is None
