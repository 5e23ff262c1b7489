"""textsafe: the one neutraliser of data text in output (issue 17)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescoach import textsafe
from salescoach.errors import shown


def test_controls_are_shown_as_their_escapes_newline_and_tab_kept() -> None:
    text = "a\x1b[2Jb\x9b31mc\x00d\x7fe\u202ef\tg\nh"
    assert textsafe.visible(text) == "a\\x1b[2Jb\\x9b31mc\\x00d\\x7fe\\u202ef\tg\nh"


def test_every_line_break_becomes_the_newline_asked_for() -> None:
    assert textsafe.visible("a\r\nb\rc\u2028d\x85e\nf") == "a\nb\nc\nd\ne\nf"
    assert textsafe.visible("a\nb\rc", newline="\r\n") == "a\r\nb\r\nc"


def test_one_line_turns_breaks_and_tabs_into_spaces() -> None:
    assert textsafe.one_line("Petra\r\nNagy\tX\x07") == "Petra Nagy X\\x07"


def test_the_escapes_are_those_of_errors_shown() -> None:
    for ch in "\x1b\x9b\x00\u202e":
        assert textsafe.visible(ch) == shown(ch)


def test_bidi_marks_that_reorder_nothing_stay() -> None:
    assert textsafe.visible("\u200eשלום\u200f") == "\u200eשלום\u200f"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x"&A1,"Click")', '\'=HYPERLINK("http://x"&A1,"Click")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\nx"),
        ("-3", "-3"),
        ("4.5", "4.5"),
        ("-0,5", "-0,5"),
        ("true", "true"),
        ("Anna", "Anna"),
        (7, 7),
    ],
)
def test_a_formula_cell_gets_a_quote_a_number_does_not(cell: object, written: object) -> None:
    assert textsafe.csv_cell(cell) == written


def test_a_lone_cr_never_splits_a_csv_row() -> None:
    text = textsafe.csv_text(["a", "b"], [["x\ry", "=1"], ["z", "2"]])
    assert text == 'a,b\n"x\ny",\'=1\nz,2\n'
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ["x\ny", "'=1"], ["z", "2"]]


def test_markdown_escapes_markup_and_shows_controls() -> None:
    text = "<img src=x onerror=alert(1)> [intern] *b* a\rb \x1b]8;;x\x07 C:\\x"
    assert textsafe.markdown(text) == (
        "\\<img src=x onerror=alert(1)\\> \\[intern\\] \\*b\\* a b \\x1b\\]8;;x\\x07 C:\\\\x"
    )


@given(st.text())
def test_json_text_parses_to_the_same_data_with_no_raw_control(text: str) -> None:
    dumped = textsafe.json_text(json.dumps({"k": text}, ensure_ascii=False))
    assert json.loads(dumped) == {"k": text}
    assert textsafe._UNSAFE.search(dumped) is None


@given(st.text())
def test_visible_text_has_no_control_but_newline_and_tab(text: str) -> None:
    out = textsafe.visible(text)
    assert textsafe._UNSAFE.search(out) is None
    assert textsafe.visible(out) == out  # once is enough


@given(st.text())
def test_one_line_text_is_one_line(text: str) -> None:
    out = textsafe.one_line(text)
    assert out.splitlines() in ([], [out])
    assert "\t" not in out


def test_json_text_escapes_del_in_otherwise_ascii_text() -> None:
    # the ASCII shortcut must not let DEL (ASCII, left raw by json.dumps) through
    assert textsafe.json_text('{"k": "a\x7fb"}') == '{"k": "a\\u007fb"}'
    assert textsafe.json_text('{"k": "plain"}') == '{"k": "plain"}'
