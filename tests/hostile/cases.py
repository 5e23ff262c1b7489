"""The hostile corpus: bad inputs, each put where a reading command will read it.

A ``Case`` changes one file of the repository built by ``helpers.make_repo``. Generic cases
(``target=None``) are bytes that are wrong for every file kind; they are put into each file a
command reads. Specific cases edit one file kind (a score in a meeting, a count in a funnel
snapshot). ``code`` is the diagnostic expected (``None``: the file is fine and must load),
``line`` its line (``None``: the problem concerns the whole file). Large inputs are generated
here, never committed; ``heavy`` cases run in a memory-limited subprocess.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.hostile.helpers import FILES, TARGETS

Place = Callable[[Path, Path], None]
"""``place(path, root)``: turn the file at ``path`` of the repository ``root`` hostile."""

MARKER = "PWNED"
"""A file a code-execution payload would create in the repository's parent folder."""


@dataclass(frozen=True)
class Case:
    name: str
    place: Place
    code: str | None
    line: int | None
    target: str | None = None
    heavy: bool = False
    text: str | None = None
    """A phrase the message must contain, besides the code."""

    @property
    def loads(self) -> bool:
        return self.code is None

    def __str__(self) -> str:
        return self.name


def _bytes(data: bytes) -> Place:
    def place(path: Path, root: Path) -> None:
        path.write_bytes(data)

    return place


def _transform(change: Callable[[bytes], bytes]) -> Place:
    def place(path: Path, root: Path) -> None:
        path.write_bytes(change(path.read_bytes()))

    return place


def _payload(template: str) -> Place:
    """A tag payload that would create the marker file if salescoach ever ran it."""

    def place(path: Path, root: Path) -> None:
        marker = root.parent / MARKER
        path.write_text(template.replace("MARKER", str(marker)), encoding="utf-8")

    return place


def _billion_laughs() -> bytes:
    lines = ['lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"lol{i}: &a{i} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _deep_block_mapping(levels: int) -> bytes:
    return ("".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "x\n").encode()


def _twenty_mb(path: Path, root: Path) -> None:
    line = b"name: " + b"x" * 73 + b"\n"  # 80 bytes a line
    with open(path, "wb") as handle:
        for _ in range(20 * 1024 * 1024 // (80 * 1024)):
            handle.write(line * 1024)


def _directory(path: Path, root: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside.yaml").write_text("name: x\n", encoding="utf-8")


def _dangling_link(path: Path, root: Path) -> None:
    path.unlink()
    os.symlink(root / "does-not-exist.yaml", path)


def _passwd_link(path: Path, root: Path) -> None:
    path.unlink()
    os.symlink("/etc/passwd", path)


def _crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


BOM = codecs.BOM_UTF8

GENERIC: list[Case] = [
    # alias and anchor bombs, tags: refused at the first anchor, alias or tag
    Case("billion-laughs", _bytes(_billion_laughs()), "yaml-anchor", 1, heavy=True),
    Case("anchor", _bytes(b"name: &n Anna\nother: x\n"), "yaml-anchor", 1),
    Case("alias", _bytes(b"name: x\nother: *undefined\n"), "yaml-alias", 2),
    Case("merge-key", _bytes(b"base: &b {name: x}\n<<: *b\n"), "yaml-anchor", 1),
    Case(
        "python-apply",
        _payload("name: !!python/object/apply:os.system ['touch MARKER']\n"),
        "yaml-tag",
        1,
        text="!!python/object/apply:os.system",
    ),
    Case(
        "python-new",
        _payload("x: 1\nname: !!python/object/new:subprocess.Popen [[touch, MARKER]]\n"),
        "yaml-tag",
        2,
    ),
    Case("python-name", _bytes(b"name: !!python/name:os.system\n"), "yaml-tag", 1),
    Case(
        "python-module-key",
        _payload("? !!python/object/apply:os.system ['touch MARKER']\n: x\n"),
        "yaml-tag",
        1,
    ),
    Case("binary-tag", _bytes(b"name: !!binary aGVsbG8=\n"), "yaml-tag", 1),
    Case("set-tag", _bytes(b"name: !!set {a: null}\n"), "yaml-tag", 1),
    Case("str-tag", _bytes(b"name: !!str 3\n"), "yaml-tag", 1),
    Case("local-tag", _bytes(b"x: 1\nname: !custom value\n"), "yaml-tag", 2),
    Case("verbatim-tag", _bytes(b"name: !<tag:yaml.org,2002:int> '3'\n"), "yaml-tag", 1),
    # structure the C parser or the stack could choke on
    Case("brackets-100k", _bytes(b"[" * 100_000), "yaml-syntax", 1, heavy=True),
    Case("braces-100k", _bytes(b"{" * 100_000), "yaml-syntax", 1, heavy=True),
    Case("dashes-100k", _bytes(b"- " * 50_000), "too-deep", 1, heavy=True),
    Case("deep-mapping", _bytes(_deep_block_mapping(60)), "too-deep", 25),
    Case("twenty-mb", _twenty_mb, "too-large", None, heavy=True, text="limit is 1,048,576"),
    Case("long-line", _bytes(b"name: x\n" + b"k" * 900_000 + b": v\n"), "yaml-syntax", 2),
    Case(
        "huge-number", _bytes(b"name: x\ncount: 1" + b"0" * 900_000 + b"\n"), "number-too-large", 2
    ),
    Case("overflowing-float", _bytes(b"name: x\ncount: 1.0e999\n"), "number-too-large", 2),
    Case("several-documents", _bytes(b"name: a\n---\nname: b\n"), "multi-document", 2),
    Case("documents-after-end", _bytes(b"name: a\n...\n---\nname: b\n"), "multi-document", 3),
    # encodings
    Case("latin-1", _bytes("x: 1\nname: Kov\xe1cs\n".encode("latin-1")), "encoding", 2),
    Case("utf-16-bom", _bytes("name: x\n".encode("utf-16")), "encoding", 1, text="UTF-16"),
    Case("utf-16-le", _bytes("name: x\n".encode("utf-16-le")), "encoding", 1),
    Case("utf-16-be", _bytes("name: x\n".encode("utf-16-be")), "encoding", 1),
    Case("nul-byte", _bytes(b"x: 1\ny: 2\nname: a\x00b\n"), "encoding", 3, text="NUL"),
    Case("control-character", _bytes(b"x: 1\nname: a\x01b\n"), "yaml-syntax", 2, text="U+0001"),
    Case("bad-escape", _bytes(b'x: 1\nname: "\\ud800"\n'), "yaml-syntax", 2, text="escape"),
    # what merges and hand edits leave behind
    Case(
        "conflict-markers",
        _bytes(b"x: 1\n<<<<<<< HEAD\nname: a\n=======\nname: b\n>>>>>>> branch\n"),
        "merge-conflict",
        2,
        text="merge conflict",
    ),
    Case("tabs", _bytes(b"name: a\nreps:\n\t- id: x\n"), "yaml-syntax", 3, text="tab"),
    Case("duplicate-keys", _bytes(b"name: a\nx: 1\nname: b\n"), "duplicate-key", 3, text="line 1"),
    Case("unclosed-quote", _bytes(b"x: 1\nname: 'abc\n"), "yaml-syntax", 2, text="never closed"),
    Case("bad-indentation", _bytes(b"name: a\n  x: 1\n"), "yaml-syntax", 2),
    Case("complex-key", _bytes(b"? [a, b]\n: c\n"), "yaml-syntax", 1),
    Case("empty-file", _bytes(b""), "empty-file", 1),
    Case("only-a-comment", _bytes(b"# nothing here yet\n"), "empty-file", 1),
    Case("only-whitespace", _bytes(b"\n\n   \n"), "empty-file", 1),
    Case("a-list", _bytes(b"- name: a\n- name: b\n"), "not-a-mapping", 1, text="found a list"),
    Case("a-scalar", _bytes(b"just some words\n"), "not-a-mapping", 1),
    # the file is not a file
    Case("directory", _directory, "not-a-file", None),
    Case("dangling-symlink", _dangling_link, "symlink", None),
    Case("symlink-to-passwd", _passwd_link, "symlink", None),
    # fine: must load
    Case("bom", _transform(lambda d: BOM + d), None, None),
    Case("crlf", _transform(_crlf), None, None),
    Case("bom-crlf", _transform(lambda d: BOM + _crlf(d)), None, None),
]


def _edit(target: str, old: str, new: str) -> tuple[Place, int]:
    """A place function replacing ``old`` by ``new`` in the target file, and ``new``'s line."""
    original = FILES[TARGETS[target]]
    assert old in original, (target, old)
    changed = original.replace(old, new, 1)
    line = changed[: changed.index(new)].count("\n") + 1

    def place(path: Path, root: Path) -> None:
        path.write_bytes(changed.encode("utf-8"))

    return place, line


def _specific(name: str, target: str, old: str, new: str, code: str | None, text: str = "") -> Case:
    place, line = _edit(target, old, new)
    return Case(name, place, code, line if code else None, target=target, text=text or None)


RATING = "petra: {score: 3, note: on track}"

SPECIFIC: list[Case] = [
    # YAML 1.1 traps in score and count fields: refused
    *(
        _specific(
            f"score-{label}",
            "meeting",
            RATING,
            f"petra: {{score: {value}, note: on track}}",
            "invalid-value",
            "a rating is a whole number from 1",
        )
        for label, value in [
            ("no", "no"),
            ("on", "on"),
            ("yes", "yes"),
            ("octal", "010"),
            ("sexagesimal", "1:30"),
            ("true", "true"),
            ("float", "3.0"),
            ("quoted", "'3'"),
            ("five", "5"),
            ("zero", "0"),
            ("list", "[3]"),
        ]
    ),
    _specific("calls-octal", "snapshot", "calls: 220", "calls: 010", "invalid-value", "whole"),
    _specific("calls-negative", "snapshot", "calls: 220", "calls: -1", "invalid-value"),
    _specific(
        "stage-count-on", "snapshot", "won: 4}\n    won", "won: on}\n    won", "invalid-value"
    ),
    _specific("cadence-octal", "settings", "new: 7,", "new: 010,", "invalid-value", "whole"),
    _specific("workday-no", "settings", "wed, thu", "no, thu", "invalid-value"),
    _specific(
        "target-octal", "manager", "monthly_target: 40000}", "monthly_target: 010}", "invalid-value"
    ),
    # impossible dates and dates that are not dates
    _specific(
        "meeting-feb-30",
        "meeting",
        "date: 2026-11-23",
        "date: 2026-02-30",
        "invalid-value",
        "not a real date",
    ),
    _specific(
        "snapshot-feb-30",
        "snapshot",
        "date: 2026-11-15",
        "date: 2026-02-30",
        "invalid-value",
        "not a real date",
    ),
    _specific(
        "due-month-13",
        "meeting",
        "due: 2026-12-23",
        "due: 2026-13-01",
        "invalid-value",
        "not a real date",
    ),
    _specific("date-no", "meeting", "date: 2026-11-23", "date: no", "invalid-value", "YYYY-MM-DD"),
    _specific(
        "date-timestamp",
        "meeting",
        "date: 2026-11-23",
        "date: 2026-11-23 10:00:00",
        "invalid-value",
    ),
    _specific("date-number", "meeting", "date: 2026-11-23", "date: 20261123", "invalid-value"),
    _specific(
        "since-feb-30",
        "manager",
        "in_role_since: 2025-01-01",
        "in_role_since: 2025-02-30",
        "invalid-value",
        "not a real date",
    ),
    # a list where a mapping is expected, and the reverse
    _specific(
        "ratings-as-list",
        "meeting",
        "ratings:\n  petra: {score: 3, note: on track}\n  laszlo: {score: 3, note: recovered}\n",
        "ratings: [petra, laszlo]\n",
        "invalid-value",
        "expected a mapping",
    ),
    _specific(
        "reps-as-mapping",
        "manager",
        FILES[TARGETS["manager"]][FILES[TARGETS["manager"]].index("reps:") :],
        "reps: {petra: x}\n",
        "invalid-value",
        "expected a list",
    ),
    _specific(
        "routine-as-list",
        "meeting",
        "routine: {admin_hours_per_week: 6, coaching_hours_per_week: 5, notes: fine}",
        "routine: [6, 5]",
        "invalid-value",
        "expected a mapping",
    ),
    # IDs that are not slugs, inside files
    _specific(
        "rep-id-upper", "manager", "id: petra", "id: Petra", "invalid-value", "not a valid ID"
    ),
    _specific(
        "rep-id-dotdot", "manager", "id: petra", "id: ../petra", "invalid-value", "not a valid ID"
    ),
    _specific("rep-id-slash", "manager", "id: petra", "id: a/b", "invalid-value", "not a valid ID"),
    _specific(
        "rep-id-long", "manager", "id: petra", "id: " + "p" * 300, "invalid-value", "not a valid ID"
    ),
    # other wrong values
    _specific(
        "unknown-key",
        "meeting",
        "notes: Free text.",
        "note: Free text.",
        "unknown-key",
        "did you mean 'notes'",
    ),
    _specific(
        "done-yes", "meeting", "done: false}", "done: yes}", "invalid-value", "true or false"
    ),
    _specific("status-on", "meeting", "status: held", "status: on", "invalid-value"),
    _specific("level-no", "manager", "level: developing", "level: no", "invalid-value"),
    _specific(
        "score-huge-word",
        "meeting",
        RATING,
        "petra: {score: " + "x" * 500_000 + "}",
        "invalid-value",
    ),
    _specific(
        "amount-inf",
        "manager",
        "monthly_target: 40000}",
        "monthly_target: 1.0e999}",
        "number-too-large",
    ),
    # YAML 1.1 words as text: must load and read back as the words
    _specific("name-on", "manager", "name: Anna Manager", "name: on", None),
    _specific(
        "organisation-no", "settings", "organisation: Hostile Testing Ltd", "organisation: no", None
    ),
    _specific("notes-1-30", "meeting", "notes: Free text.", "notes: '1:30'\n# and plain:\n", None),
    _specific("note-words", "meeting", RATING, "petra: {score: 3, note: 1:30}", None),
    _specific("note-octal", "meeting", "note: recovered", "note: 010", None),
    _specific("goal-off", "meeting", "goal: Close the Globex renewal", "goal: off", None),
]

CASES: list[Case] = GENERIC + SPECIFIC
