"""Values as YAML text that reads back exactly as the value: text in double quotes with
every risky character escaped; numbers, booleans, dates and simple words plain; small
mappings and lists in flow style, so no text can ever add a key."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from salescoach.errors import WriteError
from salescoach.i18n import _

Loc = tuple[str | int, ...]
"""A key path: keys and list indexes, as in ``("goals", 0, "result")``."""

BOM = "\ufeff"
_PLAIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*\Z")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _printable(ch: str) -> bool:
    """Characters YAML allows raw inside a double-quoted scalar on one line."""
    code = ord(ch)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    )


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back exactly as ``text``."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        else:
            code = ord(ch)
            if 0xD800 <= code <= 0xDFFF:
                raise WriteError(
                    _(
                        "the text contains a character that is not valid Unicode "
                        "({character}); nothing was written"
                    ).format(character=f"\\u{code:04x}")
                )
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
    out.append('"')
    return "".join(out)


def emit_scalar(value: Any) -> str:
    """A scalar as YAML text that yamlparse (and YAML 1.1 tools) read back as ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise WriteError(
                _("cannot write the number {value}; nothing was written").format(value=value)
            )
        text = repr(value)
        if not re.fullmatch(r"-?\d+\.\d+", text):
            text = f"{value:.6f}".rstrip("0")
            text = text + "0" if text.endswith(".") else text
            if float(text) != value:
                raise WriteError(
                    _("cannot write the number {value}; nothing was written").format(
                        value=repr(value)
                    )
                )
        return text
    if isinstance(value, datetime):
        raise WriteError(_("salescoach files hold dates, not times; nothing was written"))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if _PLAIN_WORD.match(value) and value.lower() not in _YAML11_WORDS:
            return value
        return quote(value)
    raise WriteError(
        _("cannot write a {kind} value; nothing was written").format(kind=type(value).__name__)
    )


def emit_key(key: str) -> str:
    """A mapping key: plain when it is a simple word or ID, else double-quoted."""
    if not isinstance(key, str):
        raise WriteError(_("mapping keys must be text; nothing was written"))
    return emit_scalar(key) if key else '""'


def emit_flow(value: Any) -> str:
    """A value on one line: scalars, ``{key: value, …}`` and ``[a, b]``."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{emit_key(k)}: {emit_flow(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ", ".join(emit_flow(v) for v in value) + "]"
    return emit_scalar(value)


def wants_block(value: Any) -> bool:
    """A non-empty mapping or list holding mappings or lists reads better as block lines."""
    if isinstance(value, Mapping):
        items: Any = value.values()
    elif isinstance(value, Sequence) and not isinstance(value, str):
        items = value
    else:
        return False
    items = list(items)
    return bool(items) and any(
        isinstance(v, Mapping) or (isinstance(v, Sequence) and not isinstance(v, str))
        for v in items
    )


def block_lines(value: Any, indent: int, *, block_items: bool = False) -> list[str]:
    """Block lines (without line ends) for a mapping or list; items in flow style, or with
    ``block_items`` a list's mappings as block mappings (``block_item_lines``)."""
    pad = " " * indent
    if isinstance(value, Mapping):
        return [f"{pad}{emit_key(k)}: {emit_flow(v)}" for k, v in value.items()]
    if block_items:
        return [line for v in value for line in block_item_lines(v, indent)]
    return [f"{pad}- {emit_flow(v)}" for v in value]


def block_item_lines(value: Any, indent: int) -> list[str]:
    """One list item as block lines: a non-empty mapping as ``- key: value`` and its other
    keys below, aligned (values in flow style), as people write a rep in a manager file."""
    pad = " " * indent
    if not isinstance(value, Mapping) or not value:
        return [f"{pad}- {emit_flow(value)}"]
    lines = [f"{pad}  {emit_key(k)}: {emit_flow(v)}" for k, v in value.items()]
    lines[0] = f"{pad}- {lines[0].lstrip(' ')}"
    return lines


def document_lines(data: Mapping[str, Any]) -> list[str]:
    """A whole new file's lines for a top-level mapping: scalars and short lists on their
    key's line, a non-empty list of mappings as block items indented by two."""
    lines: list[str] = []
    for key, value in data.items():
        is_list = isinstance(value, Sequence) and not isinstance(value, str)
        if is_list and value and all(isinstance(v, Mapping) for v in value):
            lines.append(f"{emit_key(key)}:")
            lines += block_lines(value, 2, block_items=True)
        else:
            lines.append(f"{emit_key(key)}: {emit_flow(value)}")
    return lines


def to_plain(value: Any) -> Any:
    """What ``value`` reads back as: dates become ISO text, tuples lists."""
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [to_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def dotted(loc: Loc) -> str:
    """A key path as people read it: ``goals[0].result``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or _("the document")
