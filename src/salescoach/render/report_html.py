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


STYLE = """
:root{color-scheme:light;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--band:#f6f8fa}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;padding:24px;max-width:1100px;color:var(--ink);background:#fff;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,
"Noto Sans","Liberation Sans",sans-serif;overflow-wrap:anywhere}
header{border-bottom:2px solid var(--ink);margin-bottom:16px}
h1{font-size:1.7em;margin:0 0 4px}h2{font-size:1.35em;margin:32px 0 8px;
border-bottom:1px solid var(--line)}h3{font-size:1.1em;margin:20px 0 6px}
p.meta,p.note,figcaption{color:var(--muted);font-size:.9em}
p.meta{margin:0 0 12px}
nav ol{margin:8px 0 0;padding-left:1.4em;columns:2}
figure{margin:12px 0}
figure svg{display:block;width:100%;max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;max-width:100%;margin:8px 0 16px;font-size:.92em}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:var(--band)}
.n{text-align:right;font-variant-numeric:tabular-nums}
dl.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;
margin:8px 0}
dl.figures div{background:var(--band);padding:6px 8px;border-radius:4px}
dl.figures dt{color:var(--muted);font-size:.85em}dl.figures dd{margin:0;font-size:1.15em}
@page{size:A4;margin:14mm 12mm}
@media print{
body{max-width:none;padding:0;font-size:10pt}
nav{display:none}
h2{break-after:avoid}h3{break-after:avoid}
figure,tr,dl.figures div{break-inside:avoid}
thead{display:table-header-group}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
"""The page's stylesheet: system fonts only, tables and charts never wider than the page."""
