"""JSON written with an indent of two, byte for byte what ``json.dumps(data, indent=2,
ensure_ascii=False, default=...)`` writes, but quickly: ``indent`` makes the standard library
fall back to its pure-Python encoder (about 1.9 s for a 36,000-deal review), so every
container that holds only scalars (a deal, a stage count) goes through the C encoder in one
call, its item separator carrying the line break and the indent (issue 18)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from itertools import chain, repeat
from typing import Any

INDENT = "  "
SCALARS = (str, int, float, bool, type(None), date)
"""What the C encoder writes on one line: JSON's scalars, and dates (``default`` makes
each an ISO string)."""


def dumps_indented(data: Any, default: Callable[[Any], Any]) -> str:
    """``data`` as ``json.dumps(data, indent=2, ensure_ascii=False, default=default)`` would
    write it (the same keys, order, numbers and escapes)."""
    writer = _Writer(default)
    writer.value(data, 0)
    return "".join(writer.parts)


class _Writer:
    """Appends the JSON text of a value to ``parts``, one C encoder per depth."""

    def __init__(self, default: Callable[[Any], Any]) -> None:
        self.default = default
        self.parts: list[str] = []
        self.scalar = json.JSONEncoder(ensure_ascii=False, default=default).encode
        self.flat: dict[int, Callable[[Any], str]] = {}

    def value(self, value: Any, depth: int) -> None:
        """One value at ``depth`` (the indent of the line it starts on)."""
        if isinstance(value, dict):
            self._dict(value, depth)
        elif isinstance(value, list | tuple):
            self._list(value, depth)
        elif isinstance(value, SCALARS):
            self.parts.append(self.scalar(value))
        else:
            self.value(self.default(value), depth)

    def _dict(self, value: dict[Any, Any], depth: int) -> None:
        if not value:
            self.parts.append("{}")
        elif all(map(isinstance, value.values(), repeat(SCALARS))):
            self._flat(value, depth)
        else:
            inner = "\n" + INDENT * (depth + 1)
            separator = "{" + inner
            scalars: dict[Any, Any] = {}
            for key, item in value.items():
                if isinstance(item, SCALARS):
                    scalars[key] = item
                    continue
                if scalars:
                    self.parts.append(separator + self._encoder(depth)(scalars)[1:-1])
                    separator, scalars = "," + inner, {}
                self.parts.append(separator + self.scalar(_key(key)) + ": ")
                self.value(item, depth + 1)
                separator = "," + inner
            if scalars:
                self.parts.append(separator + self._encoder(depth)(scalars)[1:-1])
            self.parts.append("\n" + INDENT * depth + "}")

    def _list(self, value: list[Any] | tuple[Any, ...], depth: int) -> None:
        if not value:
            self.parts.append("[]")
        elif all(map(isinstance, value, repeat(SCALARS))):
            self._flat(value, depth)
        elif _all_flat_dicts(value):
            self._flat_dicts(value, depth)
        else:
            inner = "\n" + INDENT * (depth + 1)
            separator = "[" + inner
            for item in value:
                self.parts.append(separator)
                self.value(item, depth + 1)
                separator = "," + inner
            self.parts.append("\n" + INDENT * depth + "]")

    def _encoder(self, depth: int) -> Callable[[Any], str]:
        """The C encoder whose item separator starts a line at the indent of ``depth + 1``."""
        encode = self.flat.get(depth)
        if encode is None:
            separators = (",\n" + INDENT * (depth + 1), ": ")
            encode = json.JSONEncoder(
                ensure_ascii=False, default=self.default, separators=separators
            ).encode
            self.flat[depth] = encode
        return encode

    def _flat(self, value: Any, depth: int) -> None:
        """A non-empty container of scalars in one C-encoder call: its items already on
        lines of their own, only the brackets' line breaks added here."""
        text = self._encoder(depth)(value)
        inner = "\n" + INDENT * (depth + 1)
        self.parts.append(text[0] + inner + text[1:-1] + "\n" + INDENT * depth + text[-1])

    def _flat_dicts(self, value: list[Any] | tuple[Any, ...], depth: int) -> None:
        """A list of non-empty dicts of scalars (a review's deals) in one C-encoder call: the
        separator between two items' lines also joins the dicts, and a dict's end followed by
        it is always the start of the next (no scalar's text ends in ``}``, and encoded text
        has no line break), where the lines of the brackets go in."""
        item, inner = INDENT * (depth + 1), INDENT * (depth + 2)
        text = self._encoder(depth + 1)(value)
        between = "}" + ",\n" + inner + "{"
        text = text[2:-2].replace(between, "\n" + item + "},\n" + item + "{\n" + inner)
        self.parts.append(
            "[\n" + item + "{\n" + inner + text + "\n" + item + "}\n" + INDENT * depth + "]"
        )


def _all_flat_dicts(value: list[Any] | tuple[Any, ...]) -> bool:
    """Every item a non-empty dict of scalars, checked without a Python call per item (a
    review lists tens of thousands of deals)."""
    return (
        all(map(isinstance, value, repeat(dict)))
        and all(value)
        and all(map(isinstance, chain.from_iterable(map(dict.values, value)), repeat(SCALARS)))
    )


def _key(key: Any) -> str:
    """A dict key as ``json.dumps`` writes it: strings as they are, ``True`` as ``true``,
    numbers as their JSON text."""
    if isinstance(key, str):
        return key
    return json.dumps(key)
