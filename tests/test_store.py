"""Reading files into models: every problem a diagnostic at the value's own line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from salescoach import store
from salescoach.errors import InvalidRepo, NotFound, UsageError
from salescoach.models import Manager, Meeting
from salescoach.store.cache import CACHE_DIR
from salescoach.store.index import INDEX_FILE
from tests.conftest import write


def diagnostics_of(root: Path, rel: str, text: str, model: type) -> list[str]:
    path = write(root, rel, text)
    value, problems = store.read_model(store.Layout(root), path, model)
    assert (value is None) == any(d.severity == "error" for d in problems)
    return [str(d) for d in problems]


def test_minimal_manager_and_meeting_are_valid(repo: Path) -> None:
    assert diagnostics_of(repo, "managers/anna.yaml", "name: Anna\nreps: []\n", Manager) == []
    assert (
        diagnostics_of(
            repo, "meetings/anna/2026-11-23.yaml", "date: 2026-11-23\nstatus: held\n", Meeting
        )
        == []
    )


def test_unknown_key_suggests_the_closest(repo: Path) -> None:
    text = "name: Anna\nreps:\n  - id: petra\n    name: Petra\n    crm_name: [Petra N]\n"
    assert diagnostics_of(repo, "managers/anna.yaml", text, Manager) == [
        "managers/anna.yaml:5:5: unknown-key unknown key 'crm_name' in reps[0]; "
        "did you mean 'crm_names'?"
    ]


def test_missing_required_key(repo: Path) -> None:
    assert diagnostics_of(repo, "managers/anna.yaml", "reps: []\n", Manager) == [
        "managers/anna.yaml:1:1: missing-key missing required key 'name'"
    ]


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        ("5", "5"),
        ("0", "0"),
        ("true", "true"),
        ("3.0", "3.0"),
        ('"3"', "'3'"),
        ("yes", "'yes'"),
        ("three", "'three'"),
    ],
)
def test_scores_are_whole_numbers_1_to_4(repo: Path, score: str, shown: str) -> None:
    text = f"date: 2026-11-23\nstatus: held\nratings:\n  petra:\n    score: {score}\n"
    assert diagnostics_of(repo, "meetings/anna/2026-11-23.yaml", text, Meeting) == [
        "meetings/anna/2026-11-23.yaml:5:12: invalid-value ratings.petra.score: a rating is a "
        f"whole number from 1 (did not reach the goals) to 4 (exceeded them), got {shown}"
    ]


def test_yaml_1_1_words_stay_text(repo: Path) -> None:
    text = "date: 2026-11-23\nstatus: held\nnotes: no\nroutine: {notes: on}\n"
    path = write(repo, "meetings/anna/2026-11-23.yaml", text)
    meeting, problems = store.read_model(store.Layout(repo), path, Meeting)
    assert problems == []
    assert meeting is not None
    assert meeting.notes == "no"
    assert meeting.routine is not None
    assert meeting.routine.notes == "on"


def test_boolean_where_text_is_expected_asks_for_quotes(repo: Path) -> None:
    assert diagnostics_of(repo, "managers/anna.yaml", "name: true\nreps: []\n", Manager) == [
        "managers/anna.yaml:1:7: invalid-value name: expected text, got the boolean true; "
        "put it in quotes if it is text"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "date: '2026-02-30' is not a real date"),
        ("20261123", "date: expected a date written as YYYY-MM-DD, got 20261123"),
        ("23.11.2026", "date: expected a date written as YYYY-MM-DD, got '23.11.2026'"),
    ],
)
def test_dates_are_iso_and_real(repo: Path, value: str, message: str) -> None:
    text = f"date: {value}\nstatus: held\n"
    assert diagnostics_of(repo, "meetings/anna/2026-11-23.yaml", text, Meeting) == [
        f"meetings/anna/2026-11-23.yaml:1:7: invalid-value {message}"
    ]


def test_literal_values_list_what_is_allowed(repo: Path) -> None:
    text = "date: 2026-11-23\nstatus: skipped\n"
    assert diagnostics_of(repo, "meetings/anna/2026-11-23.yaml", text, Meeting) == [
        "meetings/anna/2026-11-23.yaml:2:9: invalid-value status: must be 'planned' or 'held', "
        "got 'skipped'"
    ]


def test_bad_ids(repo: Path) -> None:
    text = "name: Anna\nreps:\n  - id: Petra Nagy\n    name: Petra\n"
    [d] = diagnostics_of(repo, "managers/anna.yaml", text, Manager)
    assert d.startswith(
        "managers/anna.yaml:3:9: invalid-value reps[0].id: 'Petra Nagy' is not a valid ID"
    )


def test_a_list_where_a_mapping_is_expected(repo: Path) -> None:
    assert diagnostics_of(repo, "managers/anna.yaml", "- name: Anna\n", Manager) == [
        "managers/anna.yaml:1:1: not-a-mapping expected a manager (name, reps, …) (keys and "
        "values), found a list"
    ]


def test_empty_file(repo: Path) -> None:
    assert diagnostics_of(repo, "managers/anna.yaml", "# nothing yet\n", Manager) == [
        "managers/anna.yaml:1:1: empty-file file is empty; expected a manager (name, reps, …)"
    ]


def test_symlinked_data_file_is_refused(repo: Path, tmp_path: Path) -> None:
    outside = write(tmp_path, "elsewhere.yaml", "name: Eve\nreps: []\n")
    (repo / "managers").mkdir()
    (repo / "managers" / "eve.yaml").symlink_to(outside)
    manager, problems = store.load_manager(store.Layout(repo), "eve")
    assert manager is None
    assert [str(d) for d in problems] == [
        "managers/eve.yaml: symlink is a symbolic link; salescoach reads only real files"
    ]


def test_meeting_date_must_match_file_name(repo: Path) -> None:
    write(repo, "meetings/anna/2026-11-23.yaml", "date: 2026-11-24\nstatus: held\n")
    _, problems = store.load_meeting(store.Layout(repo), "anna", date(2026, 11, 23))
    assert [str(d) for d in problems] == [
        "meetings/anna/2026-11-23.yaml:1:7: date-mismatch date 2026-11-24 does not match the "
        "file name 2026-11-23.yaml; rename the file or fix the date"
    ]


def test_recent_meetings_are_chosen_by_file_name(repo: Path) -> None:
    for day in ["2020-01-06", "2026-08-03", "2026-11-02", "2026-11-16"]:
        write(repo, f"meetings/anna/{day}.yaml", f"date: {day}\nstatus: held\n")
    # an old broken file is never read, so it cannot disturb a daily command
    write(repo, "meetings/anna/2019-01-07.yaml", "broken: [\n")
    layout = store.Layout(repo)
    meetings, problems = store.load_recent_meetings(
        layout, "anna", today=date(2026, 11, 27), days=120, at_least=2
    )
    assert problems == []
    assert [m.date.isoformat() for m in meetings] == ["2026-08-03", "2026-11-02", "2026-11-16"]
    few, _ = store.load_recent_meetings(
        layout, "anna", today=date(2026, 11, 27), days=7, at_least=2
    )
    assert [m.date.isoformat() for m in few] == ["2026-11-02", "2026-11-16"]


def test_require_manager_suggests_ids_and_refuses_bad_ones(repo: Path) -> None:
    write(repo, "managers/anna-kovacs.yaml", "name: Anna\nreps: []\n")
    layout = store.Layout(repo)
    with pytest.raises(NotFound) as missing:
        store.require_manager(layout, "anna-kovac")
    assert missing.value.message == "no manager 'anna-kovac' (no file managers/anna-kovac.yaml)"
    assert missing.value.hint == "did you mean 'anna-kovacs'?"
    for bad in ["../x", "/etc/passwd", "a/b", "..", "CON", "Anna", "a\x00b", "a" * 300]:
        with pytest.raises(UsageError):
            store.require_manager(layout, bad)
    write(repo, "managers/broken.yaml", "name: [\n")
    with pytest.raises(InvalidRepo) as invalid:
        store.require_manager(layout, "broken")
    assert invalid.value.diagnostics[0].path == "managers/broken.yaml"


def test_snapshot_date_must_match_file_name(repo: Path) -> None:
    write(repo, "funnel/2026-11-15.yaml", "date: 2026-11-16\n")
    _, problems = store.load_snapshot(store.Layout(repo), date(2026, 11, 15))
    assert [str(d) for d in problems] == [
        "funnel/2026-11-15.yaml:1:7: date-mismatch date 2026-11-16 does not match the "
        "file name 2026-11-15.yaml; rename the file or fix the date"
    ]


# ---------------------------------------------------------------- the rep index


def manager_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The manager files parsed from now on (``yamlparse.parse`` is the one entry point)."""
    from salescoach import yamlparse

    seen: list[str] = []
    real = yamlparse.parse

    def counting(text: str, path: str) -> object:
        if path.startswith("managers/"):
            seen.append(path)
        return real(text, path)

    monkeypatch.setattr(yamlparse, "parse", counting)
    return seen


def age(root: Path, *paths: Path) -> None:
    """Date the manager files (or ``paths``) back, so none is 'racily' new and all are indexed."""
    import os
    import time

    past = time.time() - 600
    for path in paths or tuple((root / "managers").glob("*.yaml")):
        os.utime(path, (past, past))


@pytest.fixture
def indexed(example: Path) -> store.Layout:
    """The example with a warm rep index (and no other cache)."""
    import shutil

    shutil.rmtree(example / CACHE_DIR, ignore_errors=True)
    age(example)
    layout = store.Layout(example)
    assert store.find_rep_manager(layout, "tamas-kiss").id == "gabor-szabo"
    assert (example / CACHE_DIR / INDEX_FILE).is_file()
    return layout


def test_a_warm_lookup_parses_only_the_manager_it_returns(
    indexed: store.Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = manager_parses(monkeypatch)
    manager = store.find_rep_manager(indexed, "milan-novak")
    assert (manager.id, manager.name) == ("zsofia-toth", "Zsófia Tóth")
    assert parses == ["managers/zsofia-toth.yaml"]


def test_a_cold_lookup_parses_each_manager_once(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = manager_parses(monkeypatch)
    assert store.find_rep_manager(store.Layout(example), "milan-novak").id == "zsofia-toth"
    assert sorted(parses) == sorted(set(parses))
    assert len(parses) == 4


def test_an_edited_manager_file_is_read_again(
    indexed: store.Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = indexed.manager_file("peter-varga")
    path.write_text(
        path.read_text(encoding="utf-8") + "  - {id: new-rep, name: New Rep}\n", encoding="utf-8"
    )
    age(indexed.root, path)
    parses = manager_parses(monkeypatch)
    assert store.find_rep_manager(indexed, "new-rep").id == "peter-varga"
    assert parses == ["managers/peter-varga.yaml"]
    parses.clear()
    assert store.find_rep_manager(indexed, "new-rep").id == "peter-varga"
    assert parses == ["managers/peter-varga.yaml"]


def test_a_file_changed_behind_the_index_is_not_trusted(indexed: store.Layout) -> None:
    """Same size and time, other content: the returned manager is read, and a mismatch
    makes the lookup read every file again."""
    import os

    old = indexed.manager_file("gabor-szabo")
    text = old.read_text(encoding="utf-8")
    st = old.stat()
    old.write_text(text.replace("tamas-kiss", "tamas-kisz"), encoding="utf-8")
    os.utime(old, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(NotFound, match="no rep 'tamas-kiss' in any manager file"):
        store.find_rep_manager(indexed, "tamas-kiss")


@pytest.mark.parametrize("corrupt", [b"", b"{not json", b"[]", b'{"format": 2}', b"\xff\xfe"])
def test_a_corrupt_index_is_rebuilt(
    indexed: store.Layout, monkeypatch: pytest.MonkeyPatch, corrupt: bytes
) -> None:
    index_file = indexed.root / CACHE_DIR / INDEX_FILE
    index_file.write_bytes(corrupt)
    parses = manager_parses(monkeypatch)
    assert store.find_rep_manager(indexed, "milan-novak").id == "zsofia-toth"
    assert len(parses) == 4
    assert len(json.loads(index_file.read_text(encoding="utf-8"))["files"]) == 4
    parses.clear()
    assert store.find_rep_manager(indexed, "milan-novak").id == "zsofia-toth"
    assert parses == ["managers/zsofia-toth.yaml"]


def test_a_bad_entry_is_a_miss_not_an_answer(indexed: store.Layout) -> None:
    """An entry naming a rep that is not a valid ID, or of the wrong shape, is read again."""
    index_file = indexed.root / CACHE_DIR / INDEX_FILE
    data = json.loads(index_file.read_text(encoding="utf-8"))
    data["files"]["managers/anna-kovacs.yaml"][1] = ["Not An ID", "tamas-kiss"]
    data["files"]["managers/peter-varga.yaml"] = "tamas-kiss"
    index_file.write_text(json.dumps(data), encoding="utf-8")
    assert store.find_rep_manager(indexed, "tamas-kiss").id == "gabor-szabo"


def _move_petra(root: Path) -> None:
    """petra-nagy moves from anna-kovacs to gabor-szabo on 2026-11-24 (as `rep move` writes)."""
    anna = root / "managers" / "anna-kovacs.yaml"
    text = anna.read_text(encoding="utf-8")
    anna.write_text(
        text.replace(
            "- id: petra-nagy\n",
            "- id: petra-nagy\n    left: 2026-11-24\n    moved_to: gabor-szabo\n",
        ),
        encoding="utf-8",
    )
    with (root / "managers" / "gabor-szabo.yaml").open("a", encoding="utf-8") as out:
        out.write("  - id: petra-nagy\n    name: Petra Nagy\n    joined: 2026-11-24\n")


@pytest.mark.parametrize("warm", [False, True])
def test_a_moved_rep_is_found_in_the_team_of_the_day(example: Path, warm: bool) -> None:
    _move_petra(example)
    age(example)
    layout = store.Layout(example)
    if warm:
        store.find_rep_manager(layout, "tamas-kiss")
    assert store.find_rep_manager(layout, "petra-nagy", today=date(2026, 11, 27)).id == (
        "gabor-szabo"
    )
    assert store.find_rep_manager(layout, "petra-nagy", today=date(2026, 11, 23)).id == (
        "anna-kovacs"
    )
    with pytest.raises(UsageError, match="listed by anna-kovacs and gabor-szabo"):
        store.find_rep_manager(layout, "petra-nagy")


def test_a_rep_who_left_every_team_is_refused_saying_when(indexed: store.Layout) -> None:
    anna = indexed.manager_file("anna-kovacs")
    text = anna.read_text(encoding="utf-8")
    anna.write_text(
        text.replace("- id: daniel-olah\n", "- id: daniel-olah\n    left: 2026-11-24\n")
    )
    with pytest.raises(NotFound, match="daniel-olah left the team of anna-kovacs on 2026-11-24"):
        store.find_rep_manager(indexed, "daniel-olah", today=date(2026, 11, 24))
    assert store.find_rep_manager(indexed, "daniel-olah", today=date(2026, 11, 23)).id == (
        "anna-kovacs"
    )


def test_index_lookup_messages_are_those_of_a_full_read(indexed: store.Layout) -> None:
    with pytest.raises(NotFound) as warm:
        store.find_rep_manager(indexed, "milan-novk")
    (indexed.root / CACHE_DIR / INDEX_FILE).unlink()
    with pytest.raises(NotFound) as cold:
        store.find_rep_manager(indexed, "milan-novk")
    assert warm.value.message == cold.value.message == "no rep 'milan-novk' in any manager file"
    assert warm.value.hint == cold.value.hint
    assert warm.value.hint.startswith("did you mean 'milan-novak'")
    path = indexed.manager_file("peter-varga")
    path.write_text(
        path.read_text(encoding="utf-8") + "  - {id: milan-novak, name: Milan}\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match="rep ID 'milan-novak' is listed by peter-varga and "):
        store.find_rep_manager(indexed, "milan-novak")


def test_a_manager_file_with_errors_refuses_an_unknown_rep(
    indexed: store.Layout,
) -> None:
    indexed.manager_file("peter-varga").write_text("name: [\n", encoding="utf-8")
    assert store.find_rep_manager(indexed, "milan-novak").id == "zsofia-toth"
    with pytest.raises(InvalidRepo) as refused:
        store.find_rep_manager(indexed, "nobody")
    assert {d.path for d in refused.value.diagnostics} == {"managers/peter-varga.yaml"}


def test_a_lookup_that_finds_errors_creates_no_cache(example: Path) -> None:
    import shutil

    shutil.rmtree(example / CACHE_DIR, ignore_errors=True)
    age(example)
    store.Layout(example).manager_file("peter-varga").write_text("reps: 3\n", encoding="utf-8")
    age(example)  # every valid file could be indexed
    assert store.find_rep_manager(store.Layout(example), "milan-novak").id == "zsofia-toth"
    assert not (example / CACHE_DIR).exists()
    with pytest.raises(InvalidRepo):
        store.find_rep_manager(store.Layout(example), "nobody")
    assert not (example / CACHE_DIR).exists()
