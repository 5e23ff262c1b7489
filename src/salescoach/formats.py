"""How values read in every output: dates, money, percentages, counts with their noun, and
Markdown-safe text. One module, so that the agenda, the funnel review, the ratings and the
schedule (and the domain's findings, which are sentences) never format the same thing two
ways. Pure functions, no dependencies.
"""

from __future__ import annotations

import datetime as dt

NONE = "–"
"""What a missing value reads as in a table or a sentence."""


# ---------------------------------------------------------------- counts and words


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 file``, ``2 files``, ``1,200 opportunities`` (``many`` for irregular plurals)."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


# ---------------------------------------------------------------- numbers


def money(value: float | None) -> str:
    """An amount, whole units with thousands separators: ``38,500,000``; ``–`` if unknown."""
    return NONE if value is None else f"{value:,.0f}"


def compact_money(value: float | None) -> str:
    """An amount for a narrow column: ``9,500``, ``12.5 k``, ``38.5 M``, ``1.2 B`` (below ten
    thousand in full; the full figure belongs in Markdown and JSON); ``–`` if unknown."""
    if value is None:
        return NONE
    if abs(value) < 1e4:
        return f"{value:,.0f}"
    for divisor, suffix in ((1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")):
        scaled = value / divisor
        shown = round(scaled, 1) if abs(round(scaled, 1)) < 100 else round(scaled)
        if abs(shown) < 1000 or suffix == "T":
            return f"{shown:,.1f} {suffix}" if abs(shown) < 100 else f"{shown:,.0f} {suffix}"
    raise AssertionError("unreachable")


def pct(fraction: float | None) -> str:
    """A share as a percentage with one decimal: ``0.451`` → ``45.1%``; ``–`` if unknown."""
    return NONE if fraction is None else f"{fraction * 100:.1f}%"


def number(value: float | None) -> str:
    """A count or a measure: whole numbers with separators, others with one decimal."""
    if value is None:
        return NONE
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value):,}"


def decimal(value: float | None, digits: int = 1, none: str = NONE) -> str:
    """A measure with a fixed number of decimals (an average rating: ``2.5``, ``2.50``);
    ``none`` if unknown (a CSV cell leaves it empty)."""
    return none if value is None else f"{value:.{digits}f}"


# ---------------------------------------------------------------- dates


def day(d: dt.date) -> str:
    """A date in prose: ``Mon 30 Nov 2026``."""
    return f"{d:%a} {d.day} {d:%b %Y}"


def short_day(d: dt.date) -> str:
    """A date in a narrow column: ``30 Nov``."""
    return f"{d.day} {d:%b}"


def short_weekday(d: dt.date, this_year: int | None = None) -> str:
    """A date in a narrow table: ``Mon 30 Nov``, with the year when it is not ``this_year``
    (``Mon 4 Jan 2027``)."""
    text = f"{d:%a} {d.day} {d:%b}"
    return text if this_year is None or d.year == this_year else f"{text} {d.year}"


def month_day(d: dt.date) -> str:
    """A date as a column heading among dates of one year: ``11-30``."""
    return f"{d:%m-%d}"


def weekday_iso(d: dt.date) -> str:
    """A date that is also a file name and an argument: ``Mon 2026-11-30``."""
    return f"{d:%a} {d.isoformat()}"


# ---------------------------------------------------------------- Markdown


def md(text: object) -> str:
    """Text safe inside Markdown and a table cell: one line, no markup, no HTML."""
    out = " ".join(str(text).split())
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out
