"""The cells of a CRM export that an attacker or a broken export controls: control
characters and line separators (refused in IDs and owners, spaces in names), names too long
to show whole, and cells larger than the csv module reads by default (docs/hardening.md).
"""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Iterator

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters and line separators (tab aside): never part of an ID or an owner,
and each one a line break for ``str.splitlines``, which reads a stored import back."""
MAX_SHOWN_CHARS = 120
"""The longest owner name kept and shown: a longer one is a broken cell, cut with '…'."""
MAX_CELL_CHARS = 512 * 1024 * 1024
"""The largest CSV cell read (the export's own limit): a huge cell in a column the tool does
not use must not reject the export (the csv module's default limit is 131,072)."""


def control_in(text: str) -> str | None:
    """The first control character or line separator in ``text`` as U+XXXX, None if none."""
    found = _CONTROL.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def without_controls(text: str) -> str:
    """``text`` with every control character and line separator as a space."""
    return _CONTROL.sub(" ", text)


def shown_text(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters with '…' (a name from a broken cell)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def printable(text: str, limit: int = 40) -> str:
    """``text`` with its control characters escaped (``A\\r2``), cut to ``limit``."""
    return shown_text(text.encode("unicode_escape").decode("ascii"), limit)


@contextlib.contextmanager
def large_cells() -> Iterator[None]:
    """Read CSV with cells of up to ``MAX_CELL_CHARS`` inside the block (the csv module's
    limit is per process: it is put back afterwards)."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, MAX_CELL_CHARS))
    try:
        yield
    finally:
        csv.field_size_limit(before)
