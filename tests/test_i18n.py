"""Hungarian beside English: the catalogs are complete and compiled, the language is chosen by
--lang, then salescoach.yaml, then the locale, and dates, numbers and money read as a
Hungarian reader writes them, while English stays as it was, byte for byte."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from gettext import GNUTranslations
from pathlib import Path

import pytest

from salescoach import formats, i18n
from salescoach.i18n_catalogs import PACKAGE_DIR, po_file, problems, template
from tests.conftest import Run, write

NBSP = "\xa0"

TRANSLATED_MODULES = [
    "formats.py",
    "messages.py",
    "errors.py",
    "i18n.py",
    "cli/app.py",
    "cli/options.py",
    "cli/state.py",
    "cli/output.py",
    "cli/check.py",
    "cli/init.py",
    "cli/schema.py",
    "render/imports.py",
    "render/activities.py",
]
"""The modules whose every user-visible text is in the catalog; each later pass adds its own,
here or as a list of module paths (one a line) in ``tests/translated/*.txt``."""
TRANSLATED_MODULES += [
    line.strip()
    for listed in sorted((Path(__file__).parent / "translated").glob("*.txt"))
    for line in listed.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.fixture
def hungarian() -> Iterator[None]:
    """Format and translate in Hungarian for one test, English again afterwards."""
    i18n.use("hu")
    yield
    i18n.use("en")


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """A neutral locale, so that a developer's own LANG does not choose the language."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------- the catalogs


def test_every_text_has_a_hungarian_translation_and_the_mo_is_compiled() -> None:
    assert problems() == [], "run `python -m salescoach.i18n_catalogs update`, translate the rest"


def test_the_compiled_catalog_holds_what_the_po_says() -> None:
    """The .mo shipped in the package (read as gettext reads it) against the .po."""
    from babel.messages.pofile import read_po

    with po_file("hu").open("rb") as f:
        po = read_po(f, locale="hu")
    with po_file("hu").with_suffix(".mo").open("rb") as f:
        mo = GNUTranslations(f)
    for message in po:
        if isinstance(message.id, tuple):
            assert mo.ngettext(*message.id, 1) == message.string[0]
        elif message.id:
            assert mo.gettext(message.id) == message.string


def test_the_catalog_is_inside_the_package() -> None:
    """Where gettext looks from an installed package (``pip install -e .`` or a wheel)."""
    assert (PACKAGE_DIR / "locale" / "hu" / "LC_MESSAGES" / "salescoach.mo").is_file()


def test_plural_words_are_extracted_as_pairs() -> None:
    ids = {m.id for m in template()}
    assert ("file", "files") in ids
    assert ("opportunity", "opportunities") in ids


def _visible_texts(path: Path) -> list[tuple[int, str]]:
    """String literals and f-strings of a module that read as words for a person (two words
    or more), outside ``_()``, ``N_()``, ``ngettext()``, ``plural()``, docstrings, commands in
    backticks, arguments of string methods and patterns (parsing, not showing), types written
    as text and ``__repr__``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    marked = {"_", "N_", "ngettext", "N_plural", "plural", "TypeError", "AssertionError"}
    marked |= {"AttributeError"}  # Python's own protocol (a module's __getattr__), for developers
    parsing = {"removeprefix", "partition", "split", "startswith", "rstrip", "strip", "replace"}
    parsing |= {"compile", "_date", "_decimal", "format_currency"}
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in marked | parsing:
                skip |= {id(n) for a in node.args for n in ast.walk(a)}
        if isinstance(node, ast.Compare):  # "x" in text, tag == "a b": looking, not showing
            skip |= {id(n) for part in (node.left, *node.comparators) for n in ast.walk(part)}
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # a docstring, of a module, a function or an attribute
        if isinstance(node, ast.JoinedStr):
            skip |= {id(n) for n in ast.walk(node) if n is not node}
        if isinstance(node, ast.Subscript):  # a type as text: Callable[[], "tuple[M, ...]"]
            skip |= {id(n) for n in ast.walk(node.slice)}
        if isinstance(node, ast.FunctionDef) and node.name == "__repr__":  # for developers
            skip |= {id(n) for n in ast.walk(node)}
    found = _said_unmarked(tree, skip)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        words = re.findall(r"[A-Za-z]{2,}", re.sub(r"`[^`]*`?", "", text))
        command = text.startswith("salescoach ")  # a command line to type stays English
        if _python_names(text):
            continue
        if len(words) >= 2 and " " in text and text not in {"bold red"} and not command:
            found.append((node.lineno, text))
    return sorted(set(found), key=found.index)


def _python_names(text: str) -> bool:
    """Whether ``text`` is a list of Python names (``"RepReview team_summary"``: what a lazy
    import loads), not words: every one an identifier, one at least snake_ or CamelCase."""
    names = text.split()
    coded = [n for n in names if "_" in n or re.search(r"[a-z][A-Z]", n)]
    return bool(coded) and all(n.isidentifier() for n in names)


SAYING = {"say", "echo", "secho", "warning", "_stderr", "Exit"}
"""Calls whose first argument a person reads: a text given to them (or to an error class,
``…Error``, ``NotFound``) is a message even when it is a single word or an f-string."""


def _said_unmarked(tree: ast.AST, skip: set[int]) -> list[tuple[int, str]]:
    """Texts given straight to ``say()`` or to an error (``WriteError(f"{path} is locked")``)
    without ``_()``: one word is enough there (the two-word rule is for other literals)."""
    from salescoach import errors

    error_names = {name for name in dir(errors) if name.endswith(("Error", "NotFound", "Repo"))}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args or id(node) in skip:
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name not in SAYING | error_names and not name.endswith("Error"):
            continue
        given = node.args[0]
        if id(given) in skip:  # marked, or an internal error (TypeError, AssertionError)
            continue
        if isinstance(given, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in given.values)
        elif isinstance(given, ast.Constant) and isinstance(given.value, str):
            text = given.value
        else:
            continue
        words = re.search(r"[A-Za-z]{2,}", re.sub(r"`[^`]*`?", "", text))
        if words and not text.startswith("salescoach "):
            found.append((given.lineno, text))
    return found


@pytest.mark.parametrize("module", TRANSLATED_MODULES)
def test_no_user_visible_text_outside_the_catalog(module: str) -> None:
    assert _visible_texts(PACKAGE_DIR / module) == []


def test_the_scan_finds_an_unmarked_text(tmp_path: Path) -> None:
    """The scan above can fail: an unmarked message is found, marked ones and docs are not."""
    source = tmp_path / "m.py"
    source.write_text(
        '"""Doc string here."""\n'
        "def f(n):\n"
        '    """Doc of f."""\n'
        '    ok = _("marked text here") + N_("also marked")\n'
        '    say("nothing was done")\n'
        '    return f"checked {n} files" + plural(n, "big file") + f"`salescoach check {n}`"\n'
        "def g(path):\n"
        '    say(_("done")); say(f"{path}: skipped")\n'
        '    raise WriteError(f"{path} locked")\n'
        '    return ["salescoach agenda next"]\n'
    )
    assert _visible_texts(source) == [
        (5, "nothing was done"),
        (8, "{}: skipped"),
        (9, "{} locked"),
        (6, "checked {} files"),
    ]


# ---------------------------------------------------------------- formats


def test_english_formats_stay_as_they_were() -> None:
    d = dt.date(2026, 11, 27)
    assert formats.day(d) == "Fri 27 Nov 2026"
    assert formats.short_day(d) == "27 Nov"
    assert formats.short_weekday(d, 2026) == "Fri 27 Nov"
    assert formats.short_weekday(d, 2025) == "Fri 27 Nov 2026"
    assert formats.weekday_iso(d) == "Fri 2026-11-27"
    assert formats.money(38_500_000) == "38,500,000"
    assert formats.money(38_500_000, "HUF") == "38,500,000 HUF"
    assert formats.compact_money(38_500_000) == "38.5 M"
    assert formats.pct(0.451) == "45.1%"
    assert formats.number(1_234_567) == "1,234,567"
    assert formats.number(2.25) == "2.2"
    assert formats.decimal(3, 1) == "3.0"
    assert formats.plural(1, "file") == "1 file"
    assert formats.plural(1_200, "opportunity", "opportunities") == "1,200 opportunities"


@pytest.mark.usefixtures("hungarian")
def test_hungarian_dates() -> None:
    d = dt.date(2026, 11, 27)
    assert formats.day(d) == "2026. november 27., péntek"
    assert formats.short_day(d) == "nov. 27."
    assert formats.short_weekday(dt.date(2026, 11, 30), 2026) == "nov. 30., H"
    assert formats.short_weekday(dt.date(2027, 1, 4), 2026) == "2027. jan. 4., H"
    assert formats.weekday_iso(dt.date(2026, 11, 30)) == "2026-11-30 hétfő"
    assert formats.month_day(d) == "11-27"


@pytest.mark.usefixtures("hungarian")
def test_hungarian_numbers_and_money() -> None:
    """A space (a no-break one: a number never wraps) between thousands, a decimal comma."""
    assert formats.money(38_500_000, "HUF") == "38 500 000 Ft".replace(" ", NBSP)
    assert formats.money(38_500_000) == "38 500 000".replace(" ", NBSP)
    assert formats.money(1_250, "EUR") == "1 250 EUR".replace(" ", NBSP)
    assert formats.money(None, "HUF") == "–"
    assert formats.compact_money(38_500_000) == f"38,5{NBSP}M"
    assert formats.compact_money(12_500) == f"12,5{NBSP}E"
    assert formats.compact_money(1_200_000_000) == f"1,2{NBSP}Mrd"
    assert formats.compact_money(250_000_000, "HUF") == f"250{NBSP}M{NBSP}Ft"
    assert formats.compact_money(9_500) == f"9{NBSP}500"
    assert formats.pct(0.451) == "45,1%"
    assert formats.number(1_234_567) == f"1{NBSP}234{NBSP}567"
    assert formats.number(2.5) == "2,5"
    assert formats.decimal(3, 1) == "3,0"
    assert formats.decimal(2.5, 2) == "2,50"


@pytest.mark.usefixtures("hungarian")
def test_hungarian_counts_use_the_catalogs_noun() -> None:
    assert formats.plural(1, "file") == "1 fájl"
    assert formats.plural(3, "file") == "3 fájl"
    assert formats.plural(1_200, "opportunity", "opportunities") == f"1{NBSP}200 üzleti lehetőség"


# ---------------------------------------------------------------- choosing the language


def test_from_the_locale() -> None:
    assert i18n.from_locale({"LANG": "hu_HU.UTF-8"}) == "hu"
    assert i18n.from_locale({"LC_ALL": "C", "LANG": "hu_HU.UTF-8"}) is None
    assert i18n.from_locale({"LC_MESSAGES": "hu_HU", "LANG": "en_GB.UTF-8"}) == "hu"
    assert i18n.from_locale({"LANG": "de_DE.UTF-8"}) is None
    assert i18n.from_locale({}) is None


def _summary(result: object) -> str:
    return getattr(result, "stderr", "").splitlines()[-1]


def test_lang_option_speaks_hungarian_and_json_keys_stay_english(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "--lang", "hu", "check")
    assert result.exit_code == 0
    assert result.stderr == "ellenőrizve 1 fájl: 0 hiba, 0 figyelmeztetés\n"
    data = json.loads(cli("--repo", repo, "--lang", "hu", "check", "--format", "json").stdout)
    assert list(data) == ["files", "errors", "warnings", "diagnostics"]


def test_the_repositorys_language_wins_over_the_locale_and_yields_to_lang() -> None:
    try:
        i18n.use("en")
        i18n.use_repository("hu")
        assert i18n.current() == "hu"
        i18n.use_repository(None)
        assert i18n.current() == "hu"
        i18n.use("en", given=True)
        i18n.use_repository("hu")
        assert i18n.current() == "en"
    finally:
        i18n.use("en")


def test_the_repository_language_then_lang_wins(cli: Run, repo: Path) -> None:
    write(repo, "salescoach.yaml", "organisation: Test Co\nlanguage: hu  # magyarul\n")
    assert _summary(cli("--repo", repo, "check")) == "ellenőrizve 1 fájl: 0 hiba, 0 figyelmeztetés"
    assert _summary(cli("--repo", repo, "--lang", "en", "check")) == (
        "checked 1 file: 0 errors, 0 warnings"
    )


def test_the_locale_chooses_when_nothing_else_does(
    cli: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "hu_HU.UTF-8")
    assert _summary(cli("--repo", repo, "check")) == "ellenőrizve 1 fájl: 0 hiba, 0 figyelmeztetés"
    assert _summary(cli("--repo", repo, "--lang", "en", "check")) == (
        "checked 1 file: 0 errors, 0 warnings"
    )
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert _summary(cli("--repo", repo, "check")) == "checked 1 file: 0 errors, 0 warnings"


def test_a_run_in_hungarian_leaves_english_behind(cli: Run, repo: Path) -> None:
    """Many commands run in one process (tests, a notebook): each starts from the locale."""
    assert cli("--repo", repo, "--lang", "hu", "check").exit_code == 0
    assert i18n.current() == "en"
    assert formats.day(dt.date(2026, 11, 27)) == "Fri 27 Nov 2026"


def test_errors_and_hints_in_hungarian(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "--lang", "hu", "--today", "2026-02-30", "check")
    assert result.exit_code == 2
    assert result.stderr == (
        "hiba: a(z) --today dátumot vár ÉÉÉÉ-HH-NN alakban, ezt kapta: '2026-02-30'\n"
    )
    refused = cli("--lang", "hu", "check", "--format", "xml")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "hiba: érvénytelen érték ('--format' / '-f'): 'xml' nem ezek egyike: 'text', 'json'\n"
        "tipp: lásd: `salescoach check --help`\n"
    )


def test_global_options_help_in_hungarian(cli: Run) -> None:
    result = cli("--lang", "hu", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "A kiírt szövegek nyelve: en vagy hu." in text
    assert "Parancsok" in text
    assert "A következő egyéni megbeszélés napirendje." in text
    assert "The language of what you read" in " ".join(cli("--help").stdout.split())


def test_a_commands_option_help_in_hungarian(cli: Run) -> None:
    text = " ".join(cli("--lang", "hu", "check", "--help").stdout.split())
    assert "Kimeneti formátum: text vagy json." in text
    assert "Output format: text or json." in " ".join(cli("check", "--help").stdout.split())


def test_startup_loads_neither_babel_nor_the_catalog() -> None:
    """``salescoach --help`` in English imports no Babel and reads no catalog."""
    probe = (
        "import sys; from salescoach.cli.app import main; sys.argv = ['salescoach', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from salescoach import i18n\n"
        "print(any(m.startswith('babel') for m in sys.modules), i18n._catalogs, file=sys.stderr)"
    )
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    assert done.stderr.strip() == "False {}"


@pytest.mark.usefixtures("hungarian")
def test_hungarian_messages_of_an_import_and_of_an_id() -> None:
    from collections import Counter

    from salescoach.errors import invalid_id
    from salescoach.render.imports import unmatched_owners_text

    assert unmatched_owners_text(Counter({"Kiss Béla": 6})) == (
        "6 sor tulajdonosa nem értékesítő (1 tulajdonos): Kiss Béla (6); a sorok értékesítő "
        "nélkül megmaradnak, de egyik csapatba sem számítanak (vegye fel a neveket egy "
        "értékesítő crm_names listájába, és importáljon újra)"
    )
    refused = invalid_id("Varga Réka", "rep")
    assert refused.message == "'Varga Réka' nem érvényes értékesítő-azonosító"
    assert refused.hint == (
        "erre gondolt: 'varga-reka'? (az azonosítók kisbetűkből, számjegyekből és '-' jelből "
        "állnak, pl. anna-kovacs)"
    )


def test_the_commands_own_help_in_hungarian(cli: Run) -> None:
    from salescoach.cli import help_words

    help_words.install()  # typer's own words too (tests/test_help_words.py)
    listed = " ".join(cli("--lang", "hu", "--help").stdout.split())
    assert "check Minden fájl ellenőrzése: szintaxis, kulcsok" in listed
    own = " ".join(cli("--lang", "hu", "schema", "--help").stdout.split())
    assert own.startswith(
        "Használat: salescoach schema [KAPCSOLÓK] [kind] Egy fájlfajta JSON-sémájának"
    )
    english = " ".join(cli("schema", "--help").stdout.split())
    assert "Print the JSON Schema of a file kind, or write all of them to a folder." in english


def test_translations_kept_apart_fill_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from babel.messages.catalog import Catalog

    from salescoach import i18n_catalogs

    part = tmp_path / "agenda.po"
    part.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Funnel review"\nmsgstr "Tölcsér-áttekintés"\n\n'
        'msgid "Goals"\nmsgstr "Célok, javítva"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n_catalogs, "parts_dir", lambda language: tmp_path)
    po = Catalog(locale="hu")
    po.add("Funnel review", "")
    po.add("Goals", "Célok")  # translated in the catalog already: the part's words win
    i18n_catalogs._take_parts(po, "hu")
    assert (po.get("Funnel review").string, po.get("Goals").string) == (
        "Tölcsér-áttekintés",
        "Célok, javítva",
    )
