"""GOAL and ACTION references: ``DATE#N``, the N-th goal or action of the 1:1 on DATE, as
the agenda shows them and ``goal grade`` / ``action done`` take them."""

from __future__ import annotations

import datetime as dt
import re

_REF = re.compile(r"^(\d{4}-\d{2}-\d{2})[#/.](\d{1,3})$")


def item_ref(meeting_date: dt.date, index: int) -> str:
    """The reference of the ``index``-th (0-based) goal or action of a meeting: DATE#N."""
    return f"{meeting_date.isoformat()}#{index + 1}"


def parse_ref(ref: str) -> tuple[dt.date, int] | None:
    """``2026-11-23#2`` (or ``/2``, ``.2``) → (dt.date, 0-based index); None if malformed."""
    m = _REF.match(ref.strip())
    if not m:
        return None
    try:
        day = dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None
    number = int(m.group(2))
    return (day, number - 1) if number >= 1 else None
