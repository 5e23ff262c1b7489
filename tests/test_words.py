"""Plain, correct words: plurals that agree with their count, what the user typed shown as
they typed it, and a suggestion when a name is given where an ID is expected."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from salescoach.errors import closest, invalid_id, shown
from salescoach.render.activities import done_text
from salescoach.render.imports import converted_text, unmatched_owners_text
from tests.conftest import Run, write

ADVICE = (
    "they are kept with an empty rep and left out of every team (add the names to a rep's "
    "crm_names and import again)"
)


def test_checked_one_file(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "check")
    assert result.stderr == "checked 1 file: 0 errors, 0 warnings\n"


def test_checked_files_errors_and_a_warning(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\n")
    write(repo, "managers/bela.yaml", "name: Béla\n")
    result = cli("--repo", repo, "check")
    assert result.stderr.splitlines()[-1] == "checked 3 files: 2 errors, 0 warnings"


def test_one_row_of_one_owner_who_is_no_rep() -> None:
    assert unmatched_owners_text(Counter({"Jane Doe": 1})) == (
        f"1 row of 1 owner who is no rep: Jane Doe (1); {ADVICE}"
    )
    assert unmatched_owners_text(Counter({"Zed Unknown": 6})) == (
        f"6 rows of 1 owner who is no rep: Zed Unknown (6); {ADVICE}"
    )
    assert unmatched_owners_text(Counter({"Kiss Béla": 2, "Jane Doe": 1_200})) == (
        f"1,202 rows of 2 owners who are no reps: Jane Doe (1,200), Kiss Béla (2); {ADVICE}"
    )


def test_more_than_ten_owners_are_counted() -> None:
    owners = Counter({f"Owner {n:02}": 1 for n in range(12)})
    text = unmatched_owners_text(owners)
    assert text.startswith("12 rows of 12 owners who are no reps: Owner 00 (1), ")
    assert "Owner 09 (1) and 2 more; " in text


def test_converted_rows_agree_with_their_count() -> None:
    from decimal import Decimal

    one: Any = SimpleNamespace(converted={"EUR": (1, Decimal("400.5"))}, currency="HUF")
    assert converted_text(one) == "converted 1 row from EUR at 400.5 to HUF"
    many: Any = SimpleNamespace(
        converted={"JPY": (2, Decimal("2.4567")), "USD": (3, Decimal("350.5"))}, currency="HUF"
    )
    assert converted_text(many) == "converted 3 rows from USD at 350.5, 2 from JPY at 2.4567 to HUF"


def test_done_activities_counted_by_kind() -> None:
    def activity(kind: str, done: bool) -> Any:
        return SimpleNamespace(kind=kind, done=done)

    assert done_text([activity("call", True), activity("email", True)]) == (
        "done: 1 call, 1 e-mail (0 not done)"
    )
    assert done_text([activity("call", False)] * 2) == "done: none (2 not done)"


# ---------------------------------------------------------------- what the user typed


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("Molnár-Péter", "Molnár-Péter"),
        ("Szőke Ádám", "Szőke Ádám"),
        ("bad\x1bname", "bad\\x1bname"),
        ("tab\there", "tab\\there"),
        ("x" * 70, "x" * 57 + "..."),
    ],
)
def test_a_value_is_shown_as_typed(typed: str, seen: str) -> None:
    assert shown(typed) == seen


def test_a_name_given_for_an_id_suggests_the_id() -> None:
    refused = invalid_id("Varga Réka", "rep")
    assert refused.exit_code == 2
    assert refused.message == "'Varga Réka' is not a valid rep ID"
    assert refused.hint == (
        "did you mean 'varga-reka'? (IDs use lowercase letters, digits and '-', e.g. anna-kovacs)"
    )
    accents = invalid_id("Molnár-Péter", "manager")
    assert accents.message == "'Molnár-Péter' is not a valid manager ID"
    assert str(accents.hint).startswith("did you mean 'molnar-peter'?")


def test_no_suggestion_when_the_value_gives_no_id() -> None:
    refused = invalid_id("!!!", "rep")
    assert refused.hint == "IDs use lowercase letters, digits and '-', e.g. anna-kovacs"


def test_closest_names_the_known_things() -> None:
    assert closest("ana", ["anna", "bela"], what="manager") == "did you mean 'anna'?"
    assert closest("x", [], what="rep") == "there are no reps yet"
    assert closest("zzz", ["anna", "bela"], what="deal") == "known deals: anna, bela"


def test_rate_a_rep_by_name_suggests_the_id(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "rate", "rep", "Varga Réka", "3")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: 'Varga Réka' is not a valid rep ID\nhint: did you mean 'varga-reka'?"
    )


# ---------------------------------------------------------------- choices


def test_a_choice_is_read_case_insensitively(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "check", "--format", "Json")
    assert result.exit_code == 0
    assert result.stdout.startswith('{\n  "files": 1,')


def test_a_wrong_choice_is_refused_in_our_style(cli: Run) -> None:
    result = cli("goal", "grade", "anna-kovacs", "2026-11-23#1", "done")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: invalid value for 'result': 'done' is not one of 'met', 'partly', 'missed'\n"
        "hint: see `salescoach goal grade --help`\n"
    )
