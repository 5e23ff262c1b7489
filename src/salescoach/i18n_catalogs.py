"""The catalogs' tools: extract the marked texts, update each language's ``.po`` and compile
its ``.mo``, and say what is untranslated or stale. Run as
``python -m salescoach.i18n_catalogs update`` (or ``check``); never imported by a command.

Texts are marked with ``_()``, ``N_()`` and ``ngettext()``; ``formats.plural(n, "file")``
is extracted as the counted pair ``file``/``files`` too, so a plural needs no second marking.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from salescoach.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

PACKAGE_DIR = Path(__file__).parent
KEYWORDS: dict[str, Any] = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2)}
METHOD = f"{__name__}:extract"
"""The extraction method (babel.cfg names it too, for ``pybabel extract -F babel.cfg``)."""
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
HEADER = """\
# Translations of salescoach's texts ({language}).
# Copyright (C) the salescoach developers; distributed under the project's licence (MIT).
# Update with `python -m salescoach.i18n_catalogs update`; see CONTRIBUTING.md.
#"""


def po_file(language: str) -> Path:
    """Where a language's catalog lies: ``locale/hu/LC_MESSAGES/salescoach.po``."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Any]:
    """Babel's Python extraction, plus every ``plural(n, word[, many])`` as a counted pair."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    for node in ast.walk(ast.parse(fileobj.read())):
        pair = _plural_words(node)
        if pair and isinstance(node, ast.Call):
            yield node.lineno, "ngettext", pair, []


def _plural_words(node: ast.AST) -> tuple[str, str] | None:
    """``("file", "files")`` of a ``plural(count, "file")`` call with literal words."""
    if not isinstance(node, ast.Call) or len(node.args) < 2:
        return None
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    given = [*node.args[1:3], *(k.value for k in node.keywords)]
    words = [a.value for a in given if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if name != "plural" or len(words) != len(given):
        return None
    return words[0], words[1] if len(words) > 1 else words[0] + "s"


def template() -> Catalog:
    """Every marked text of the package, as a catalog without translations."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    found = Catalog(
        project="salescoach", fuzzy=False, header_comment=HEADER.format(language="template")
    )
    for filename, line, message, comments, context in extract_from_dir(
        str(PACKAGE_DIR), [("**.py", METHOD)], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        found.add(
            message,
            None,
            [(f"salescoach/{filename}", line)],
            auto_comments=comments,
            context=context,
        )
    return found


def update() -> list[Path]:
    """Write the template, update each language's catalog from it and compile it."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    texts = template()
    written = []
    for language in LANGUAGES[1:]:
        path = po_file(language)
        if path.exists():
            with path.open("rb") as f:
                po = read_po(f, locale=language)
            texts.creation_date = po.creation_date  # no date-only change in the diff
        else:
            po = Catalog(locale=language, project="salescoach", fuzzy=False)
        po.header_comment = HEADER.format(language=language)
        po.update(texts, no_fuzzy_matching=True, update_header_comment=False)
        _take_parts(po, language)
        written += [_write_po(path, po), _write_mo(path.with_suffix(".mo"), po)]
    return [_write_po(TEMPLATE, texts), *written]


def parts_dir(language: str) -> Path:
    """Where translations written apart lie (``locale/hu/parts/*.po``): people translating
    different views at the same time each keep their own file, and ``update`` merges them
    into the language's catalog (a part's words win for the texts it has)."""
    return LOCALE_DIR / language / "parts"


def _take_parts(po: Catalog, language: str) -> None:
    """Take the parts' translations into the catalog (later files in name order win)."""
    from babel.messages.pofile import read_po

    for part in sorted(parts_dir(language).glob("*.po")):
        with part.open("rb") as f:
            translated = read_po(f, locale=language)
        for message in translated:
            if not message.id or not message.string:
                continue
            mine = po.get(message.id)
            if mine is not None:  # a text the code no longer has is left out
                mine.string = message.string
                mine.flags.discard("fuzzy")


def problems() -> list[str]:
    """What keeps the catalogs from being complete: texts with no translation, a stale
    catalog or a stale ``.mo``; empty when every language is complete."""
    from babel.messages.pofile import read_po

    found: list[str] = []
    wanted = {m.id for m in template() if m.id}
    for language in LANGUAGES[1:]:
        path = po_file(language)
        with path.open("rb") as f:
            po = read_po(f, locale=language)
        have = {m.id: m for m in po if m.id}
        for msgid in sorted(wanted, key=str):
            message = have.get(msgid)
            strings = message.string if message else ""
            texts = strings if isinstance(strings, tuple) else (strings,)
            if message is None or message.fuzzy or not all(texts):
                found.append(f"{path.name} ({language}): no translation of {msgid!r}")
        if _mo_bytes(po) != path.with_suffix(".mo").read_bytes():
            found.append(f"{path.with_suffix('.mo').name} ({language}): older than the .po")
    return found


def _write_po(path: Path, catalog: Catalog) -> Path:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True)
    path.write_bytes(out.getvalue())
    return path


def _mo_bytes(catalog: Catalog) -> bytes:
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _write_mo(path: Path, catalog: Catalog) -> Path:
    path.write_bytes(_mo_bytes(catalog))
    return path


def main(argv: list[str]) -> int:
    """``update``: extract, update and compile; ``check``: exit 1 listing what is missing."""
    if argv == ["update"]:
        for path in update():
            print(f"wrote {path.relative_to(PACKAGE_DIR.parent.parent)}")
        argv = ["check"]
    if argv == ["check"]:
        missing = problems()
        print("\n".join(missing) or "every text has its translation")
        return 1 if missing else 0
    print("usage: python -m salescoach.i18n_catalogs update|check")
    return 2


if __name__ == "__main__":  # pragma: no cover (the maintainers' tool, see CONTRIBUTING.md)
    import sys

    sys.exit(main(sys.argv[1:]))
