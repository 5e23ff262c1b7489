"""IDs from names: ``Kovács Éva`` → ``kovacs-eva``, ``Szőke Ádám`` → ``szoke-adam``,
``O'Brien`` → ``obrien``. Transliterated with python-slugify (accents and letters such as
ő, ł, ß become ASCII), so that a person's ID is what a reader would type."""

from __future__ import annotations

from collections.abc import Collection

from salescoach.models import SLUG_MAX, is_slug

_APOSTROPHES = [["'", ""], ["’", ""], ["`", ""], ["ʼ", ""]]


def id_from_name(name: str) -> str:
    """The ID a name suggests: lower-case ASCII words joined by '-', at most 64 characters;
    '' when the name has no letter or digit to keep."""
    from slugify import slugify

    return slugify(name, replacements=_APOSTROPHES, max_length=SLUG_MAX, word_boundary=True)


def unique_id(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``, … : the first that is not ``taken``."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def suggested_id(name: str, taken: Collection[str] = ()) -> str | None:
    """A valid ID for ``name`` that is not taken, or None when the name gives none."""
    base = id_from_name(name)
    return unique_id(base, taken) if base and is_slug(base) else None
