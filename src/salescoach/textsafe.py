"""Data text made safe to show: the one neutraliser every output goes through (issue 17).

A name, a note or a CRM cell may hold terminal escapes (a hidden OSC 8 link, a screen clear,
an OSC 52 clipboard write), a lone carriage return that splits a table row, bidi overrides
that reorder what is read (Trojan Source), spreadsheet formulas and Markdown or HTML. Here
each becomes visible text: a control character reads ``\\x1b``, ``\\x9b``, ``\\u202e`` (as
``errors.shown`` writes it), a formula cell gets a leading ``'`` (OWASP), Markdown is
escaped. Newline and tab stay where the format allows them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
"""Embeddings, overrides and isolates: they reorder the text a reader sees, so they are shown
as escapes like the C0/C1 controls (the marks U+200E/U+200F, which reorder nothing, stay)."""

_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
"""Every C0 and C1 control but tab and newline (``\\r`` is handled as a line break first)."""
_BREAK = re.compile("\r\n|[\r\n\u2028\u2029\x85]")
"""A line break, however it is written: CRLF, CR, LF, the Unicode line and paragraph
separators and NEL."""
_JSON_RAW = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")
"""What ``json.dumps(ensure_ascii=False)`` leaves raw although it is a control."""
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
"""A number as the tool writes one in a CSV cell: ``-3``, ``4.5``, ``4,5``."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What a spreadsheet reads as the start of a formula (OWASP CSV injection)."""
MARKDOWN_SPECIALS = "\\`*_[]<>|"
"""Escaped by ``markdown``: emphasis, code, links, HTML tags and table cells."""


def escaped(ch: str) -> str:
    """One character as its Python escape: ``\\x1b``, ``\\x9b``, ``\\u202e``."""
    return ch.encode("unicode_escape").decode("ascii")


def _escape(match: re.Match[str]) -> str:
    return escaped(match.group())


def visible(text: str, newline: str = "\n") -> str:
    """``text`` with every control shown as its escape; line breaks (CRLF, a lone CR, U+2028,
    NEL) become ``newline``; tab stays. For text where lines are allowed: notes, Markdown,
    CSV, plain output."""
    plain = _UNSAFE.search(text) is None and "\u2028" not in text and "\u2029" not in text
    if plain and (newline == "\n" or "\n" not in text):
        return text
    return newline.join(_UNSAFE.sub(_escape, part) for part in _BREAK.split(text))


def one_line(text: str) -> str:
    """``text`` on one line: line breaks and tabs become a space, other controls escapes.
    For a name, a table cell, a heading."""
    return visible(_BREAK.sub(" ", text).replace("\t", " "))


def json_text(dumped: str) -> str:
    """JSON text with the controls ``json.dumps(ensure_ascii=False)`` leaves raw (C1, the
    Unicode line separators, bidi overrides) written as ``\\u0085`` …: the same data when
    parsed (these characters only ever occur inside strings). ASCII text without DEL has
    none of them (checked in C first: a review's JSON is megabytes)."""
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs: controls shown, and a text that starts like a
    formula (``=``, ``+``, ``-``, ``@``, tab, CR) prefixed with ``'`` unless it is a number
    as the tool writes numbers (``-3``, ``4.5``). Numbers and other values pass as they are."""
    if not isinstance(value, str):
        return value
    text = visible(value)
    if value.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(value) is None:
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The one CSV writer of every CSV output: a header line, then the rows, each cell made
    safe by ``csv_cell`` and quoted when it holds a comma, a quote or a line break (so a row
    never splits); lines end in ``\\n``."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(header)
    for row in rows:
        out.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue()


def markdown(text: object) -> str:
    """Text safe inside Markdown and a table cell: one line (runs of spaces and breaks become
    one space), controls shown, no emphasis, code, link, HTML tag or cell border. The data's
    own backslashes are escaped, the escapes of controls (``\\x1b``) are not: Markdown shows
    them as written."""
    out = " ".join(_BREAK.sub(" ", str(text)).split())
    for ch in MARKDOWN_SPECIALS:
        out = out.replace(ch, "\\" + ch)
    return one_line(out)
