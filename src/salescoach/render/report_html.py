"""The pieces of the report's HTML: escaped text, numbers that name the JSON they come from,
tables, figures, and the page's one stylesheet (inline, for the screen and for A4 paper).

Every number the report shows is a ``<data>`` element whose ``value`` is the number in the
JSON of a command and whose ``data-json`` says where: ``funnel review#/teams/0/win_rate``
(the command line after ``salescoach``, then a JSON pointer into what ``--format json``
prints). The text shown is that value formatted by ``salescoach.formats``, so the page and
the JSON cannot disagree, and a test can check each number against the command."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from salescoach.textsafe import visible


def text(value: object) -> str:
    """Text from the data, safe inside an element or an attribute: controls shown as their
    escapes (``textsafe.visible``: no hidden escape or bidi override), ``<&>"'`` escaped."""
    return html.escape(visible(str(value)), quote=True)


def attrs(**values: str | None) -> str:
    """` name="value"` for each attribute given (``class_`` for ``class``, ``data_x`` for
    ``data-x``), in the order given; None leaves one out."""
    out = []
    for name, value in values.items():
        if value is not None:
            out.append(f' {name.rstrip("_").replace("_", "-")}="{text(value)}"')
    return "".join(out)


def element(name: str, inner: str, **values: str | None) -> str:
    """``<name …>inner</name>``: ``inner`` is HTML already (escape text with ``text``)."""
    return f"<{name}{attrs(**values)}>{inner}</{name}>"


def pointer(path: Sequence[str | int]) -> str:
    """A JSON pointer (RFC 6901): ``("teams", 0, "win_rate")`` → ``/teams/0/win_rate``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


@dataclass(frozen=True)
class Source:
    """The JSON a command prints, and the command line that prints it (after ``salescoach``,
    without ``--format json``)."""

    command: str
    data: Any

    def get(self, path: Sequence[str | int]) -> Any:
        """The value at ``path`` in the JSON."""
        value = self.data
        for part in path:
            value = value[part]
        return value

    def num(self, path: Sequence[str | int], shown: Callable[[Any], str]) -> str:
        """The number at ``path`` as ``shown`` formats it, marked with where it comes from."""
        value = self.get(path)
        raw = "" if value is None else json.dumps(value)
        where = f"{self.command}#{pointer(path)}"
        return element("data", text(shown(value)), value=raw, data_json=where)


def cell(inner: str, numeric: bool = False) -> str:
    """A table cell (right-aligned when it holds a number)."""
    return element("td", inner, class_="n" if numeric else None)


def table(
    head: Sequence[str], rows: Iterable[Sequence[str]], *, numeric_from: int = 1, caption: str = ""
) -> str:
    """A table: ``head`` is the headings (plain text), ``rows`` cells of HTML; columns from
    ``numeric_from`` on are figures (right-aligned)."""
    heads = "".join(
        element("th", text(h), scope="col", class_="n" if i >= numeric_from else None)
        for i, h in enumerate(head)
    )
    body = "".join(
        element("tr", "".join(cell(c, i >= numeric_from) for i, c in enumerate(row)))
        for row in rows
    )
    cap = element("caption", text(caption)) if caption else ""
    return element("table", cap + element("thead", element("tr", heads)) + element("tbody", body))


def figure(svg: str, caption: str, name: str) -> str:
    """A chart (inline SVG) with its caption; ``name`` is its file name under ``--charts``."""
    return element("figure", svg + element("figcaption", text(caption)), data_chart=name)


def paragraph(inner: str, class_: str | None = None) -> str:
    """A paragraph of HTML."""
    return element("p", inner, class_=class_)
