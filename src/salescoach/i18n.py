"""The language of what people read: English, or Hungarian from the catalog in ``locale/``.

``_("text")`` translates a message, ``ngettext(one, many, n)`` a counted one, ``N_("text")``
only marks a text for the catalog (a constant translated where it is shown: ``_(HINT)``).
The language is chosen once per run (``use``): ``--lang``, else ``language:`` in
salescoach.yaml (``use_repository``, when the settings are read: nothing is read for it
before a command has checked its arguments), else the locale, else English. English needs
nothing loaded; the catalog is read on the first translation in another language, so
startup stays quick.

``python -m salescoach.i18n_catalogs update`` extracts the marked texts, updates the catalogs and
compiles them; ``check`` says which are untranslated or stale (see CONTRIBUTING.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from gettext import NullTranslations

DOMAIN = "salescoach"
LANGUAGES = ("en", "hu")
"""The languages there is a catalog for (English is the source language)."""
LOCALE_DIR = Path(__file__).parent / "locale"
BABEL_LOCALES = {"en": "en_GB", "hu": "hu_HU"}
"""The Babel locale each language formats dates, numbers and money with."""

Language = Literal["en", "hu"]
"""A language of the catalogs, as `--lang` and `language:` take it."""

_active = "en"
_given = False
"""Whether ``--lang`` chose the language (the repository's ``language:`` then yields)."""
_catalogs: dict[str, NullTranslations] = {}


def use(language: str | None, *, given: bool = False) -> None:
    """Make ``language`` (``en``, ``hu``) the language of every text from now on; ``None`` or
    an unknown language means English. ``given``: chosen by ``--lang``, it wins over the
    repository's setting."""
    global _active, _given
    _active = language if language in LANGUAGES else "en"
    _given = given


def use_repository(language: str | None) -> None:
    """The repository's ``language:`` (read with its settings): it wins over the locale, and
    yields to ``--lang``; unset, the language stays as it is."""
    if language and not _given:
        use(language)


def current() -> str:
    """The language in use: ``en`` or ``hu``."""
    return _active


def from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the locale asks for (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``, as
    gettext reads them), if it is one of ours: ``hu_HU.UTF-8`` → ``hu``; ``C`` → ``None``."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else None
    return None


def _(message: str) -> str:
    """``message`` in the language in use (itself in English, or when it has no translation)."""
    if _active == "en":
        return message
    return catalog(_active).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message for ``count`` (``1 file``, ``2 files``) in the language in
    use; the number itself is filled in by the caller."""
    if _active == "en":
        return singular if count == 1 else plural
    return catalog(_active).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it (a constant at import time,
    translated with ``_()`` where it is shown)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a noun's two forms for the catalog (``formats.plural(n, *pair)`` shows them)."""
    return singular, plural


def catalog(language: str) -> NullTranslations:
    """The compiled catalog of ``language``, read once (English: the texts themselves)."""
    if language not in _catalogs:
        import gettext

        _catalogs[language] = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
        )
    return _catalogs[language]


def babel_locale() -> str:
    """The Babel locale of the language in use (``hu_HU``)."""
    return BABEL_LOCALES[_active]
