"""The safe YAML reader: located nodes, YAML 1.2 scalars, and every refusal as a diagnostic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescoach import yamledit, yamlparse
from salescoach.diagnostics import Diagnostic


def parse(text: str) -> tuple[object, list[Diagnostic]]:
    node, problems = yamlparse.parse(text, "f.yaml")
    return (node.plain() if node else None), problems


def only(text: str) -> Diagnostic:
    _, problems = parse(text)
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: no", "no"),
        ("a: yes", "yes"),
        ("a: on", "on"),
        ("a: off", "off"),
        ("a: 010", "010"),
        ("a: 1:30", "1:30"),
        ("a: 0x1F", "0x1F"),
        ("a: 1_000", "1_000"),
        ("a: .5", ".5"),
        ("a: 2026-11-23", "2026-11-23"),
        ("a: 3", 3),
        ("a: -3", -3),
        ("a: 3.5", 3.5),
        ("a: true", True),
        ("a: false", False),
        ("a: ~", None),
        ("a:", None),
        ("a: null", None),
        ('a: "3"', "3"),
        ("a: 'true'", "true"),
    ],
)
def test_plain_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    assert parse(text) == ({"a": value}, [])


def test_keys_are_always_text() -> None:
    assert parse("1: a\nno: b\n2026-01-01: c\n") == ({"1": "a", "no": "b", "2026-01-01": "c"}, [])


def test_nodes_know_their_lines_and_spans() -> None:
    text = "name: Anna Kovács\nreps:\n  - id: petra\n    name: Petra\n"
    node, _ = yamlparse.parse(text, "f.yaml")
    assert node is not None
    petra, found = node.at(("reps", 0, "name"))
    assert found
    assert (petra.line, petra.column) == (4, 11)
    assert text[petra.start.index : petra.end.index] == "Petra"
    name = node.value["name"]
    assert text[name.start.index : name.end.index] == "Anna Kovács"
    assert node.keys["reps"].line == 2


def test_empty_and_comment_only_documents_give_none() -> None:
    assert parse("") == (None, [])
    assert parse("# just a comment\n") == (None, [])


def test_duplicate_key_names_both_lines() -> None:
    d = only("date: 2026-11-23\nstatus: held\nstatus: planned\n")
    assert str(d) == (
        "f.yaml:3:1: duplicate-key duplicate key 'status' (first at line 2, again at line 3); "
        "keep one of them"
    )


def test_tabs_are_reported_with_their_line() -> None:
    d = only("date: 2026-11-23\nstatus: held\n\tnotes: x\n")
    assert (d.line, d.code) == (3, "yaml-syntax")
    assert d.message == "tab character: YAML indentation must use spaces, not tabs"


def test_unclosed_quote() -> None:
    d = only('a: "open\nb: 2\n')
    assert d.code == "yaml-syntax"
    assert d.line >= 1


def test_merge_conflict_markers() -> None:
    d = only("date: 2026-11-26\n<<<<<<< HEAD\nstatus: held\n=======\nstatus: planned\n>>>>>>> x\n")
    assert (d.line, d.code) == (2, "merge-conflict")
    assert d.message.startswith("merge conflict")


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        (
            "a: !!python/object/apply:os.system ['true']\n",
            "yaml-tag",
            "!!python/object/apply:os.system",
        ),
        ("!!python/object/apply:os.system ['true']\n", "yaml-tag", "not allowed"),
        ("a: !!str 3\n", "yaml-tag", "!!str"),
        ("a: !custom x\n", "yaml-tag", "!custom"),
        ("a: &x 1\nb: *x\n", "yaml-anchor", "&x"),
        ("a: [1]\nb: *x\n", "yaml-alias", "*x"),
        ("a: 1\n---\nb: 2\n", "multi-document", "more than one YAML document"),
    ],
)
def test_refused_constructs(text: str, code: str, fragment: str) -> None:
    d = only(text)
    assert d.code == code
    assert fragment in d.message


def test_alias_bomb_is_refused_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    d = only("\n".join(lines))
    assert d.code == "yaml-anchor"


@pytest.mark.parametrize("opener", ["[", "{", "- "])
def test_deep_nesting_is_a_diagnostic_not_a_crash(opener: str) -> None:
    text = opener * 100_000
    d = only(text)
    assert d.code in ("too-deep", "yaml-syntax")
    assert "nested deeper" in d.message


def test_nesting_limit() -> None:
    ok = "a: " + "[" * (yamlparse.MAX_DEPTH - 1) + "]" * (yamlparse.MAX_DEPTH - 1)
    assert parse(ok)[1] == []
    d = only("a: " + "[" * yamlparse.MAX_DEPTH + "]" * yamlparse.MAX_DEPTH)
    assert d.code == "too-deep"


def test_decode_refuses_non_utf8_utf16_nul_and_huge_files() -> None:
    assert yamlparse.decode("a: é".encode("latin-1"), "f.yaml")[1][0].message == (
        "byte 0xe9 is not UTF-8; save the file as UTF-8"
    )
    assert yamlparse.decode("a: 1".encode("utf-16"), "f.yaml")[1][0].message == (
        "file is UTF-16; save it as UTF-8"
    )
    nul = yamlparse.decode(b"a: 1\nb: \x00\n", "f.yaml")[1][0]
    assert (nul.line, nul.code) == (2, "encoding")
    huge = yamlparse.decode(b"a" * (yamlparse.MAX_FILE_BYTES + 1), "f.yaml")[1][0]
    assert huge.code == "too-large"
    assert "1,048,577 bytes" in huge.message


def test_bom_and_crlf_are_fine() -> None:
    node, problems = yamlparse.parse_bytes(b"\xef\xbb\xbfa: 1\r\nb: no\r\n", "f.yaml")
    assert problems == []
    assert node is not None
    assert node.plain() == {"a": 1, "b": "no"}


@given(st.text())
def test_quoted_text_reads_back_exactly(text: str) -> None:
    quoted = yamledit.quote(text)
    assert "\n" not in quoted
    node, problems = yamlparse.parse("a: " + quoted, "f.yaml")
    assert problems == []
    assert node is not None
    assert node.plain() == {"a": text}


@pytest.mark.parametrize("text", ["\x85", "\u2028", "a\u2029b", "\x7f", "\ufeff", "\x00", "\t"])
def test_quote_escapes_what_yaml_would_fold_or_refuse(text: str) -> None:
    node, problems = yamlparse.parse("a: " + yamledit.quote(text), "f.yaml")
    assert problems == []
    assert node is not None
    assert node.plain() == {"a": text}


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    yamlparse.parse_bytes(data, "f.yaml")
