"""yamledit: surgical text edits that keep everything else byte-identical, verified writes."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salescoach import writer, yamlparse
from salescoach.errors import InvalidRepo, NotFound, WriteError
from salescoach.models import Meeting
from salescoach.store import Layout
from salescoach.yamledit import EditableDocument, FileBatch, edit_yaml_file, emit_scalar, quote
from tests.conftest import Run, write

MEETING = "meetings/anna-kovacs/2026-11-23.yaml"


def doc(text: str) -> EditableDocument:
    return EditableDocument(text, Path("x.yaml"), "x.yaml")


def reads(text: str) -> object:
    node, problems = yamlparse.parse(text, "x.yaml")
    assert problems == []
    assert node is not None
    return node.plain()


def only_added(old: str, new: str) -> list[str]:
    """The lines added by the edit; fails if any line was removed or changed."""
    diff = list(difflib.ndiff(old.splitlines(keepends=True), new.splitlines(keepends=True)))
    removed = [line for line in diff if line.startswith("- ")]
    assert removed == []
    return [line[2:] for line in diff if line.startswith("+ ")]


# ---------------------------------------------------------------- emitting


@pytest.mark.parametrize(
    "text",
    ["no", "yes", "on", "off", "3:30", "010", "# not a comment", "a: b", "'", '"', "---",
     "line\nbreak", "", " padded ", "~", "null", "1e3", "2026-11-23", "-", "{x: 1}", "[1]",
     "tab\there", "\x85\u2028\u2029", "\ufeffbom", "\x7f\x00\x1b", "é ő 日本"],
)  # fmt: skip
def test_text_reads_back_exactly(text: str) -> None:
    assert reads(f"k: {emit_scalar(text)}\n") == {"k": text}


@given(st.text())
def test_any_text_reads_back_exactly_and_adds_no_key(text: str) -> None:
    assert reads(f"k: {quote(text)}\nz: 1\n") == {"k": text, "z": 1}


def test_plain_style_for_numbers_booleans_dates_and_simple_words() -> None:
    assert emit_scalar(3) == "3"
    assert emit_scalar(True) == "true"
    assert emit_scalar(None) == "null"
    assert emit_scalar(date(2026, 11, 23)) == "2026-11-23"
    assert emit_scalar("held") == "held"
    assert emit_scalar("no") == '"no"'
    assert emit_scalar("board meeting") == '"board meeting"'
    assert emit_scalar(2.5) == "2.5"


def test_surrogates_are_refused() -> None:
    with pytest.raises(WriteError, match="not valid Unicode"):
        quote("a\udcff")


# ---------------------------------------------------------------- editing the text


ODD = (
    "# 1:1 with Anna — Éva's notes\r\n"
    "date:   2026-11-23   # moved? no\r\n"
    "status: 'held'\r\n"
    "\r\n"
    "ratings:\r\n"
    "    petra-nagy:   {score: 2,   note: 'Jó munka'}   # first\r\n"
    "\r\n"
    "    # laszlo-fekete: later\r\n"
    "notes: |\r\n"
    "  Free text, ünnepek.\r\n"
)


def test_insert_keeps_every_other_byte_and_crlf() -> None:
    d = doc(ODD)
    d.set(("ratings", "reka-balogh"), {"score": 3, "note": 'said "no": it\'s fine # really'})
    added = only_added(ODD, d.text)
    assert added == ['    reka-balogh: {score: 3, note: "said \\"no\\": it\'s fine # really"}\r\n']
    assert reads(d.text)["ratings"]["reka-balogh"]["note"] == 'said "no": it\'s fine # really'


def test_replace_a_score_in_a_flow_mapping_changes_only_that_number() -> None:
    d = doc(ODD)
    d.set(("ratings", "petra-nagy", "score"), 4)
    assert d.text == ODD.replace("{score: 2,", "{score: 4,")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("date: 2026-11-23\nratings:\n", "date: 2026-11-23\nratings:\n  a: {score: 3}\n"),
        ("date: 2026-11-23\nratings: ~\n", "date: 2026-11-23\nratings:\n  a: {score: 3}\n"),
        (
            "date: 2026-11-23\nratings: {}  # none yet\nnotes: x\n",
            "date: 2026-11-23\nratings:  # none yet\n  a: {score: 3}\nnotes: x\n",
        ),
        ("date: 2026-11-23\nnotes: x", "date: 2026-11-23\nnotes: x\nratings:\n  a: {score: 3}"),
        ("date: 2026-11-23\nratings: {b: {score: 1}}\n",
         "date: 2026-11-23\nratings: {b: {score: 1}, a: {score: 3}}\n"),
        ("x:\n    y: 1\nratings:\n", "x:\n    y: 1\nratings:\n    a: {score: 3}\n"),
        ("{date: 2026-11-23}\n", "{date: 2026-11-23, ratings: {a: {score: 3}}}\n"),
        ("notes: |\n  kept\n\nratings:\n  b: {score: 1}\n",
         "notes: |\n  kept\n\nratings:\n  b: {score: 1}\n  a: {score: 3}\n"),
    ],
)  # fmt: skip
def test_ratings_key_missing_null_empty_or_flow(before: str, after: str) -> None:
    d = doc(before)
    d.set(("ratings", "a"), {"score": 3})
    assert d.text == after


def test_insert_after_a_block_scalar_keeps_its_text() -> None:
    text = "ratings:\n  b: {score: 1}\nnotes: |+\n  kept\n\n"
    d = doc(text)
    d.set(("moved_because",), "board meeting")
    assert reads(d.text) == {**reads(text), "moved_because": "board meeting"}  # type: ignore[dict-item]
    only_added(text, d.text)


def test_append_to_block_and_flow_lists_and_set_inside_an_item() -> None:
    d = doc("actions:\n  - {owner: coach, do: x}  # c\ngoals:\n- rep: a\n  due: 2026-12-01\n")
    d.append(("actions",), {"owner": "manager", "do": "y: z"})
    d.set(("goals", 0, "result"), "met")
    d.set(("actions", 0, "done"), True)
    assert d.text == (
        "actions:\n  - {owner: coach, do: x, done: true}  # c\n"
        '  - {owner: manager, do: "y: z"}\n'
        "goals:\n- rep: a\n  due: 2026-12-01\n  result: met\n"
    )
    e = doc("actions: []\nx: [1]\n")
    e.append(("actions",), {"do": "y"})
    e.append(("x",), 2)
    assert e.text == 'actions:\n  - {do: "y"}\nx: [1, 2]\n'


def test_replace_a_block_scalar_keeps_the_blank_lines_after_it() -> None:
    d = doc("notes: |\n  old\n\nz: 1\n")
    d.set(("notes",), "new")
    assert d.text == "notes: new\n\nz: 1\n"


def test_setting_below_a_scalar_is_refused() -> None:
    with pytest.raises(WriteError, match=r"cannot set notes\.x: notes is not a mapping"):
        doc("notes: text\n").set(("notes", "x"), 1)


def test_delete_removes_a_key_and_its_value_lines_and_nothing_else() -> None:
    d = doc(
        "# top\ndate: 2026-11-30\nmoved_from: 2026-11-30  # was\nrouting:\n  a: 1\n  b: [2]\nz: 1\n"
    )
    d.delete(("moved_from",))
    d.delete(("routing",))
    d.delete(("missing",))  # nothing to remove: nothing changes
    assert d.text == "# top\ndate: 2026-11-30\nz: 1\n"
    assert reads(d.text) == {"date": "2026-11-30", "z": 1}
    last = doc("a: 1\nb: 2")  # the file ends without a line break
    last.delete(("b",))
    assert last.text == "a: 1\n"


def test_delete_from_a_flow_mapping_is_refused() -> None:
    with pytest.raises(WriteError, match=r"cannot remove r\.a: it is not on a line of its own"):
        doc("r: {a: 1, b: 2}\n").delete(("r", "a"))


# ---------------------------------------------------------------- the transaction


def meeting_repo(repo: Path, text: str) -> tuple[Layout, Path]:
    path = write(repo, MEETING, text)
    return Layout(repo), path


def rate(rep: str, score: int, note: str | None = None):  # type: ignore[no-untyped-def]
    def change(d: EditableDocument) -> None:
        value: dict[str, object] = {"score": score}
        if note is not None:
            value["note"] = note
        d.set(("ratings", rep), value)

    return change


def test_edit_writes_keeps_bom_and_mode(repo: Path) -> None:
    layout, path = meeting_repo(repo, "")
    path.write_bytes(b"\xef\xbb\xbfdate: 2026-11-23\nstatus: held\n")
    path.chmod(0o600)
    result = edit_yaml_file(layout, path, rate("a", 3), model=Meeting)
    assert result.changed
    assert (
        path.read_bytes()
        == b"\xef\xbb\xbfdate: 2026-11-23\nstatus: held\nratings:\n  a: {score: 3}\n"
    )
    assert path.stat().st_mode & 0o777 == 0o600
    assert isinstance(result.model, Meeting)
    assert result.model.scores == {"a": 3}


def test_no_change_writes_nothing(repo: Path) -> None:
    layout, path = meeting_repo(repo, "date: 2026-11-23\nstatus: held\nratings: {a: {score: 3}}\n")
    before = path.stat().st_mtime_ns
    result = edit_yaml_file(
        layout, path, lambda d: d.set(("ratings", "a", "score"), 3), model=Meeting
    )
    assert not result.changed
    assert path.stat().st_mtime_ns == before


def test_an_invalid_result_is_refused_and_nothing_written(repo: Path) -> None:
    text = "date: 2026-11-23\nstatus: held  # keep\n"
    layout, path = meeting_repo(repo, text)
    with pytest.raises(
        WriteError, match=r"the change would make the file invalid: .*ratings\.a\.score"
    ):
        edit_yaml_file(layout, path, rate("a", 7), model=Meeting)
    assert path.read_text() == text


def test_an_invalid_file_is_not_edited(repo: Path) -> None:
    layout, path = meeting_repo(repo, "date: 2026-11-23\nstatus: maybe\n")
    with pytest.raises(InvalidRepo):
        edit_yaml_file(layout, path, rate("a", 3), model=Meeting)
    assert path.read_text() == "date: 2026-11-23\nstatus: maybe\n"


def test_a_missing_file_is_not_found(repo: Path) -> None:
    with pytest.raises(NotFound, match=f"{MEETING} does not exist"):
        edit_yaml_file(Layout(repo), repo / MEETING, rate("a", 3), model=Meeting)


def test_file_changed_between_read_and_write_is_refused(repo: Path) -> None:
    layout, path = meeting_repo(repo, "date: 2026-11-23\nstatus: held\n")
    theirs = "date: 2026-11-23\nstatus: held\nnotes: their edit\n"

    def change(d: EditableDocument) -> None:
        path.write_text(theirs)  # someone saves the file in their editor meanwhile
        d.set(("ratings", "a"), {"score": 3})

    with pytest.raises(WriteError, match="was changed by someone else") as info:
        edit_yaml_file(layout, path, change, model=Meeting)
    assert info.value.message == (
        "2026-11-23.yaml was changed by someone else while salescoach was editing it; "
        "nothing was written, their change is kept"
    )
    assert path.read_text() == theirs
    assert sorted(p.name for p in path.parent.iterdir()) == [writer.LOCK_NAME, path.name]


def test_a_held_lock_times_out_with_a_clear_message(repo: Path) -> None:
    layout, path = meeting_repo(repo, "date: 2026-11-23\nstatus: held\n")
    with writer.folder_lock(path.parent), pytest.raises(WriteError) as info:
        edit_yaml_file(layout, path, rate("a", 3), model=Meeting, lock_timeout=0.2)
    assert info.value.message == (
        "another salescoach command has been writing in meetings/anna-kovacs for more than "
        "0.2 seconds (it holds the lock meetings/anna-kovacs/.salescoach-lock); nothing was "
        "written"
    )
    assert info.value.hint == (
        "wait for it to finish; if no salescoach command is running, the lock is stale: "
        "delete meetings/anna-kovacs/.salescoach-lock and run the command again"
    )
    assert path.read_text() == "date: 2026-11-23\nstatus: held\n"
    assert (path.parent / writer.LOCK_NAME).exists()  # the lock file stays, released


def test_leftover_temp_files_of_the_target_are_cleaned(repo: Path) -> None:
    layout, path = meeting_repo(repo, "date: 2026-11-23\nstatus: held\n")
    leftover = path.parent / f"{writer.TEMP_PREFIX}{path.name}.dead"
    other = path.parent / f"{writer.TEMP_PREFIX}2026-11-30.yaml.live"
    leftover.write_text("torn")
    other.write_text("someone else's")
    edit_yaml_file(layout, path, rate("a", 3), model=Meeting)
    assert not leftover.exists()
    assert other.exists()


def test_rename_moves_the_file_in_the_same_transaction(repo: Path) -> None:
    layout, path = meeting_repo(repo, "date: 2026-11-23  # c\nstatus: planned\n")
    new = path.with_name("2026-11-24.yaml")

    def move(d: EditableDocument) -> None:
        d.set(("date",), date(2026, 11, 24))
        d.set(("moved_from",), date(2026, 11, 23))
        d.set(("moved_because",), "board meeting")
        d.rename(new)

    result = edit_yaml_file(layout, path, move, model=Meeting)
    assert result.path == new
    assert not path.exists()
    assert new.read_text() == (
        "date: 2026-11-24  # c\nstatus: planned\nmoved_from: 2026-11-23\n"
        'moved_because: "board meeting"\n'
    )


def test_rename_onto_an_existing_file_is_refused(repo: Path) -> None:
    layout, path = meeting_repo(repo, "date: 2026-11-23\nstatus: planned\n")
    other = write(repo, "meetings/anna-kovacs/2026-11-24.yaml", "date: 2026-11-24\nstatus: held\n")

    def move(d: EditableDocument) -> None:
        d.set(("date",), date(2026, 11, 24))
        d.rename(other)

    with pytest.raises(WriteError, match=r"2026-11-24\.yaml already exists"):
        edit_yaml_file(layout, path, move, model=Meeting)
    assert path.read_text() == "date: 2026-11-23\nstatus: planned\n"
    assert other.read_text() == "date: 2026-11-24\nstatus: held\n"


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text())
def test_any_note_reads_back_exactly_and_adds_no_key(repo: Path, note: str) -> None:
    text = "date: 2026-11-23\nstatus: held\nratings:\n  b: {score: 1}\nnotes: x\n"
    layout, path = meeting_repo(repo, text)
    edit_yaml_file(layout, path, rate("a", 2, note), model=Meeting)
    data = reads(path.read_text(encoding="utf-8"))
    assert data == {
        "date": "2026-11-23",
        "status": "held",
        "ratings": {"b": {"score": 1}, "a": {"score": 2, "note": note}},
        "notes": "x",
    }


# ---------------------------------------------------------------- how often a write parses


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path of every parse from now on (``yamlparse.parse`` is the one entry point)."""
    seen: list[str] = []
    real = yamlparse.parse

    def counting(text: str, path: str) -> tuple[yamlparse.Node | None, list[object]]:
        seen.append(path)
        return real(text, path)  # type: ignore[return-value]

    monkeypatch.setattr(yamlparse, "parse", counting)
    return seen


def test_an_edit_parses_the_file_once_before_and_once_after(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout, path = meeting_repo(repo, "date: 2026-11-23\nstatus: held\nratings: {a: {score: 3}}\n")
    parses = count_parses(monkeypatch)
    result = edit_yaml_file(layout, path, rate("a", 2, "better"), model=Meeting)
    assert result.changed
    assert parses == [MEETING, MEETING]


def test_rate_rep_parses_the_meeting_it_writes_at_most_three_times(
    cli: Run, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once to choose the meeting, once before the edit, once after."""
    before = {p: p.read_bytes() for p in example.rglob("meetings/*/*.yaml")}
    parses = count_parses(monkeypatch)
    result = cli("--repo", example, "--today", "2026-11-23", "rate", "rep", "petra-nagy", "2")
    assert result.exit_code == 0, result.output
    changed = [p for p, data in before.items() if p.read_bytes() != data]
    assert len(changed) == 1
    rel = changed[0].relative_to(example).as_posix()
    assert 1 < parses.count(rel) <= 3


# ---------------------------------------------------------------- block items, new files, batches


@pytest.mark.parametrize(
    "before",
    ["name: x\nreps: []\n", "name: x\nreps:\n", "name: x\n", "name: x\nreps: []  # none yet\n"],
)
def test_append_a_block_item_to_an_empty_or_missing_list(before: str) -> None:
    d = doc(before)
    d.append(("reps",), {"id": "a", "name": "Kovács Éva", "crm_names": ["K É"]}, block=True)
    assert d.text.split("reps:", 1)[1].split("\n", 1)[1] == (
        '  - id: a\n    name: "Kovács Éva"\n    crm_names: ["K É"]\n'
    )
    assert reads(d.text) == {
        "name": "x",
        "reps": [{"id": "a", "name": "Kovács Éva", "crm_names": ["K É"]}],
    }


def test_append_a_block_item_keeps_every_other_byte() -> None:
    before = "name: x  # who\nreps:\n  - id: a   # first\n    name: A\n\n# the end\n"
    d = doc(before)
    d.append(("reps",), {"id": "b", "name": "B"}, block=True)
    assert only_added(before, d.text) == ["  - id: b\n", "    name: B\n"]
    assert d.text.endswith("    name: A\n  - id: b\n    name: B\n\n# the end\n")


def test_create_yaml_file_writes_verified_bytes_and_never_clobbers(repo: Path) -> None:
    from salescoach.models import Manager
    from salescoach.yamledit import create_yaml_file

    layout, path = Layout(repo), repo / "managers/kovacs-eva.yaml"
    data = {"name": "Kovács Éva", "reps": [{"id": "a", "name": "A: b"}]}
    result = create_yaml_file(layout, path, data, model=Manager, header="# h\n")
    assert path.read_bytes() == result.value
    assert (
        path.read_text("utf-8") == '# h\nname: "Kovács Éva"\nreps:\n  - id: a\n    name: "A: b"\n'
    )
    with pytest.raises(WriteError, match="already exists"):
        create_yaml_file(layout, path, {"name": "Other", "reps": []}, model=Manager)
    with pytest.raises(WriteError, match="would be invalid"):
        create_yaml_file(layout, repo / "managers/x.yaml", {"reps": []}, model=Manager)
    assert not (repo / "managers/x.yaml").exists()


def _failing_batch(layout: Layout, steps: Callable[[FileBatch], None]) -> None:
    with FileBatch(layout) as batch:
        steps(batch)
        raise WriteError("the disk is full")


def test_a_batch_undoes_its_writes_when_a_later_one_fails(repo: Path) -> None:
    from salescoach.models import Manager

    layout = Layout(repo)
    old = write(repo, "managers/a.yaml", "name: A  # keep\nreps: []\n")
    before = old.read_bytes()
    new = repo / "managers/b.yaml"

    def steps(batch: FileBatch) -> None:
        batch.edit(old, lambda d: d.set(("left",), date(2026, 12, 1)), model=Manager)
        batch.create(new, {"name": "B", "reps": []}, model=Manager)
        assert batch.paths == [old, new]
        assert new.exists()

    with pytest.raises(WriteError, match="the disk is full"):
        _failing_batch(layout, steps)
    assert old.read_bytes() == before
    assert not new.exists()


def test_a_batch_leaves_a_file_changed_meanwhile_and_says_so(repo: Path) -> None:
    from salescoach.models import Manager

    layout = Layout(repo)
    path = write(repo, "managers/a.yaml", "name: A\nreps: []\n")

    def steps(batch: FileBatch) -> None:
        batch.edit(path, lambda d: d.set(("left",), date(2026, 12, 1)), model=Manager)
        path.write_text("name: Someone else's edit\nreps: []\n")

    with pytest.raises(WriteError, match=r"managers/a\.yaml changed meanwhile"):
        _failing_batch(layout, steps)
    assert path.read_text() == "name: Someone else's edit\nreps: []\n"
