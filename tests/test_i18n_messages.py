"""Messages that had no Hungarian: ``init``'s refusals, the wording of invalid values that
pydantic words itself (bounds, list lengths, choices), and the import's ``(no owner)``, shown in
the language in use while the stored value stays English."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescoach import i18n
from salescoach.messages import NO_OWNER, owner_shown
from tests.conftest import Run, write

SETTINGS = """\
organisation: Test Co
language: de
cadence:
  new: 0
  experienced: 100
funnel:
  stages: [a]
"""


def _diagnostics(cli: Run, repo: Path, language: str) -> list[str]:
    result = cli("--repo", repo, "--lang", language, "check")
    assert result.exit_code == 1
    return (result.stdout + result.stderr).splitlines()[:-1]  # without the summary line


def test_bounds_lengths_and_choices_in_english(cli: Run, repo: Path) -> None:
    write(repo, "salescoach.yaml", SETTINGS)
    assert _diagnostics(cli, repo, "en") == [
        "salescoach.yaml:2:11: invalid-value language: must be 'en' or 'hu', got 'de'",
        "salescoach.yaml:4:8: invalid-value cadence.new: must be greater than or equal to 1, got 0",
        "salescoach.yaml:5:16: invalid-value cadence.experienced: must be less than or equal "
        "to 90, got 100",
        "salescoach.yaml:7:11: invalid-value funnel.stages: must have at least 2 items, not 1",
    ]


def test_bounds_lengths_and_choices_in_hungarian(cli: Run, repo: Path) -> None:
    write(repo, "salescoach.yaml", SETTINGS)
    assert _diagnostics(cli, repo, "hu") == [
        "salescoach.yaml:2:11: invalid-value language: ennek kell lennie: 'en' vagy 'hu'; "
        "kapott érték: 'de'",
        "salescoach.yaml:4:8: invalid-value cadence.new: legalább 1 kell legyen; kapott érték: 0",
        "salescoach.yaml:5:16: invalid-value cadence.experienced: legfeljebb 90 lehet; kapott "
        "érték: 100",
        "salescoach.yaml:7:11: invalid-value funnel.stages: legalább 2 elem kell, nem 1",
    ]


def test_init_refuses_in_hungarian(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("x", encoding="utf-8")
    on_file = cli("--lang", "hu", "init", tmp_path / "a-file")
    assert on_file.exit_code == 1
    assert on_file.stderr == (
        f"hiba: {tmp_path / 'a-file'} egy fájl; az init csak új vagy üres mappában hoz létre "
        "adattárat\n"
    )
    full = cli("--lang", "hu", "init", tmp_path / "full")
    assert full.stderr == (
        f"hiba: {tmp_path / 'full'} nem üres mappa; az init csak új vagy üres mappában hoz "
        "létre adattárat\n"
    )
    english = cli("init", tmp_path / "full")
    assert english.stderr == (
        f"error: {tmp_path / 'full'} is a folder that is not empty; init creates a new "
        "repository only in a new or empty folder\n"
    )


def test_no_owner_is_shown_in_the_language_and_stored_in_english() -> None:
    from salescoach import crm

    assert crm.NO_OWNER == NO_OWNER == "(no owner)"
    assert owner_shown(NO_OWNER) == "(no owner)"
    try:
        i18n.use("hu")
        assert owner_shown(NO_OWNER) == "(nincs felelős)"
        assert owner_shown("Kiss Béla") == "Kiss Béla"
    finally:
        i18n.use("en")


@pytest.mark.parametrize("language", ["en", "hu"])
def test_english_and_hungarian_agree_on_the_stored_value(language: str) -> None:
    """What is kept in the files and in JSON is the English code whatever the language."""
    try:
        i18n.use(language)
        from salescoach.crm import NO_OWNER as stored

        assert stored == "(no owner)"
    finally:
        i18n.use("en")


def test_the_import_warning_shows_no_owner_in_the_language() -> None:
    from collections import Counter

    from salescoach.render.imports import unmatched_owners_text

    rows = Counter({NO_OWNER: 1234, "Kiss Béla": 2})
    assert "(no owner) (1,234)" in unmatched_owners_text(rows)
    try:
        i18n.use("hu")
        hungarian = unmatched_owners_text(rows)
    finally:
        i18n.use("en")
    assert "(nincs felelős) (1\xa0234)" in hungarian
