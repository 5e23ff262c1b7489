"""typer's and click's own words in Hungarian: the help of the app and of its commands, and the
refusals click writes, hold no English word of typer's; English stays typer's, byte for byte,
also after a Hungarian run in the same process."""

from __future__ import annotations

import re

import pytest

from salescoach import i18n
from salescoach.cli import help_words
from tests.conftest import Run
from tests.layout import assert_golden

TYPER_ENGLISH = [
    "Usage:",
    "Options",
    "Commands",
    "Arguments",
    "Show this message and exit.",
    "[default:",
    "default:",
    "[required]",
    "required",
    "env var",
    "[OPTIONS]",
    "COMMAND",
    "[ARGS]",
    "<str>",
    "<int>",
    "<file>",
    "<dir>",
    "<path>",
    "<bool>",
    "(dynamic)",
    "Error",
    "Aborted",
]
"""typer's and click's English words (help and refusals) that must not show in Hungarian."""

HELPS = {
    "app": ("--help",),
    "rate-rep": ("rate", "rep", "--help"),
    "funnel-import": ("funnel", "import", "--help"),
}


@pytest.fixture(autouse=True)
def typer_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """typer's words through the catalog (as the app does), an 80-column help."""
    help_words.install()
    monkeypatch.setenv("COLUMNS", "80")


def _english_words_in(text: str) -> list[str]:
    return [w for w in TYPER_ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}", text)]


@pytest.mark.parametrize("name", HELPS)
def test_hungarian_help_has_no_english_word_of_typers(cli: Run, name: str) -> None:
    result = cli("--lang", "hu", *HELPS[name])
    assert result.exit_code == 0
    assert _english_words_in(result.stdout) == []
    assert_golden(f"help-{name}-80.hu.txt", result.stdout)


def test_hungarian_help_words(cli: Run) -> None:
    text = cli("--lang", "hu", "rate", "rep", "--help").stdout
    assert text.startswith("Használat: salescoach rate rep [KAPCSOLÓK] {rep} {score}\n")
    assert "\nArgumentumok:\n" in text
    assert "\nKapcsolók:\n" in text
    assert "[kötelező]" in text
    assert "-h, --help              Kiírja ezt a súgót, és kilép.\n" in text
    assert "  -n, --note <szöveg>     Miért ez az értékelés" in text
    app = cli("--lang", "hu", "--help").stdout
    assert app.startswith("Használat: salescoach [KAPCSOLÓK] PARANCS [ARGUMENTUMOK]...\n")
    assert "-C, --repo <mappa>" in app


def test_the_scan_finds_typers_english(cli: Run) -> None:
    """The list above can fail: the English help has each of the main words."""
    english = cli("rate", "rep", "--help").stdout
    assert {"Usage:", "Options", "Arguments", "[required]", "<str>"} <= set(
        _english_words_in(english)
    )


def test_english_help_stays_typers_after_a_hungarian_run(cli: Run) -> None:
    before = cli("rate", "rep", "--help").stdout
    assert cli("--lang", "hu", "rate", "rep", "--help").exit_code == 0
    after = cli("rate", "rep", "--help").stdout
    assert after == before
    assert after.startswith("Usage: salescoach rate rep [OPTIONS] {rep} {score}\n")
    assert "  -h, --help             Show this message and exit.\n" in after
    assert i18n.current() == "en"


@pytest.mark.parametrize(
    ("command", "args", "english", "hungarian"),
    [
        (
            ("rate", "rep"),
            ("a", "3", "extra", "more"),
            "unexpected extra arguments: extra more",
            "fölösleges argumentumok: extra more",
        ),
        (("check",), ("--format",), "--format needs a value", "a(z) --format értéket vár"),
        (("check",), ("--help=3",), "--help takes no value", "a(z) --help nem vár értéket"),
    ],
)
def test_clicks_refusals_in_our_words(
    command: tuple[str, ...], args: tuple[str, ...], english: str, hungarian: str
) -> None:
    """``click_message`` on what click itself raises for these command lines."""
    from typer._click.exceptions import UsageError as ClickUsageError
    from typer.main import get_command

    from salescoach.cli.app import app

    found = get_command(app)
    for name in command:
        found = found.get_command(None, name)  # type: ignore[attr-defined]
    for language, expected in (("en", english), ("hu", hungarian)):
        try:
            i18n.use(language)
            with pytest.raises(ClickUsageError) as refused:
                found.make_context(command[-1], list(args))
            assert help_words.click_message(refused.value.format_message()) == expected
        finally:
            i18n.use("en")


@pytest.mark.parametrize(
    ("message", "hungarian"),
    [
        ("Missing command.", "hiányzik a parancs"),
        ("dir '/etc/passwd' is a file.", "'/etc/passwd' egy fájl"),
        ("file 'x.csv' does not exist.", "'x.csv' nem létezik"),
        ("Input should be a valid integer, unable to parse string", "egész szám kell"),
        ("Option '--map' requires 2 arguments.", "a(z) --map 2 értéket vár"),
        ("something click said", "something click said"),
    ],
)
def test_click_message_in_hungarian(message: str, hungarian: str) -> None:
    try:
        i18n.use("hu")
        assert help_words.click_message(message) == hungarian
    finally:
        i18n.use("en")


def test_rich_help_words_follow_the_language() -> None:
    """The boxed help's constants (``typer.rich_utils``), typer's ``{}`` kept."""
    try:
        i18n.use("hu")
        words = help_words.rich_words()
        assert words["DEFAULT_STRING"] == "[alapértelmezés: {}]"
        assert words["OPTIONS_PANEL_TITLE"] == "Kapcsolók"
        assert words["REQUIRED_LONG_STRING"] == "[kötelező]"
    finally:
        i18n.use("en")
    from typer import rich_utils

    english = help_words.rich_words()
    assert english["DEFAULT_STRING"] == rich_utils.DEFAULT_STRING == "[default: {}]"
    assert english["ARGUMENTS_PANEL_TITLE"] == "Arguments"
