"""Surgical, verified edits of the YAML files people also edit by hand.

Every writing command goes through ``edit_yaml_file``. It never re-dumps the YAML: it edits
the *text*, replacing the span of one value or inserting lines after the last entry of a
mapping or list, so comments, blank lines, key order, quoting, indentation, line endings
(LF or CRLF), a BOM and non-ASCII text elsewhere stay byte-identical and ``git diff`` shows
just the change. New values are written by a safe emitter (text in YAML double quotes with
every risky character escaped; numbers, booleans, dates and simple words plain; small
mappings in flow style ``{score: 3, note: "…"}``), so no text can ever add a key.

The whole read-modify-write is one transaction:

1. lock the file's folder (``writer.folder_lock``; concurrent commands take turns);
2. clean temporary files a killed writer left for this file;
3. read the bytes, parse and validate them with the file's model (a file with errors is
   refused: ``InvalidRepo``);
4. run ``change(doc)``, which edits an ``EditableDocument``;
5. verify: parse the new text again, check that its plain data equals the old data with
   exactly the intended changes applied, and validate it with the model (and the optional
   ``validate`` callback); otherwise ``WriteError`` and nothing is written;
6. ``writer.replace_file(..., expected=original_bytes)``: atomic, and refused if the file
   changed since it was read;
7. unlock.

Example (what ``rate rep`` does)::

    from salescoach.models import Meeting
    from salescoach.yamledit import edit_yaml_file

    def change(doc):
        old = doc.get(("ratings", "petra-nagy", "score"))
        doc.set(("ratings", "petra-nagy"), {"score": 3, "note": 'said "no": fine'})
        return old

    result = edit_yaml_file(layout, path, change, model=Meeting)
    result.value      # what change() returned
    result.changed    # False if the edit left the text as it was (nothing written)

``doc.set(loc, value)`` replaces the value at ``loc`` or adds the missing last key to an
existing mapping (block or flow); a missing ``ratings:`` key, ``ratings:`` with nothing
after it and ``ratings: {}`` all work. ``doc.set_in_mapping(loc, key, value)`` does the
same with the key given apart; ``doc.append(loc, value)`` adds an item to a list.
``loc`` is a tuple of keys and list indexes, as in ``("goals", 0, "result")``.

Moving a file (``meeting move``): call ``doc.rename(new_path)`` inside ``change``, with the
new path in the same folder. The new file is created without clobbering anything
(``writer.create_file``), then the old one is removed if it still holds what was read.
A process killed between those two steps leaves both files (``check`` reports the
duplicate meeting); it never loses one. Pass ``validate=`` to check the result against
the file name, e.g. that ``date`` matches the new name.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from salescoach import writer, yamlparse
from salescoach.diagnostics import Diagnostic, errors_in
from salescoach.errors import InvalidRepo, NotFound, WriteError

T = TypeVar("T")
Loc = tuple[str | int, ...]

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


# ---------------------------------------------------------------- emitting values safely


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
                    "the text contains a character that is not valid Unicode "
                    f"(\\u{code:04x}); nothing was written"
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
            raise WriteError(f"cannot write the number {value}; nothing was written")
        text = repr(value)
        if not re.fullmatch(r"-?\d+\.\d+", text):
            text = f"{value:.6f}".rstrip("0")
            text = text + "0" if text.endswith(".") else text
            if float(text) != value:
                raise WriteError(f"cannot write the number {value!r}; nothing was written")
        return text
    if isinstance(value, datetime):
        raise WriteError("salescoach files hold dates, not times; nothing was written")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if _PLAIN_WORD.match(value) and value.lower() not in _YAML11_WORDS:
            return value
        return quote(value)
    raise WriteError(f"cannot write a {type(value).__name__} value; nothing was written")


def emit_key(key: str) -> str:
    """A mapping key: plain when it is a simple word or ID, else double-quoted."""
    if not isinstance(key, str):
        raise WriteError("mapping keys must be text; nothing was written")
    return emit_scalar(key) if key else '""'


def emit_flow(value: Any) -> str:
    """A value on one line: scalars, ``{key: value, …}`` and ``[a, b]``."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{emit_key(k)}: {emit_flow(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ", ".join(emit_flow(v) for v in value) + "]"
    return emit_scalar(value)


def _wants_block(value: Any) -> bool:
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


def _block_lines(value: Any, indent: int) -> list[str]:
    """Block lines (without line ends) for a mapping or list; items in flow style."""
    pad = " " * indent
    if isinstance(value, Mapping):
        return [f"{pad}{emit_key(k)}: {emit_flow(v)}" for k, v in value.items()]
    return [f"{pad}- {emit_flow(v)}" for v in value]


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
    return text or "the document"


# ---------------------------------------------------------------- the editable document


class EditableDocument:
    """The text of one YAML file with operations that change single values in place.

    Each operation edits the text, parses it again (files are small) and records the
    intended change on a copy of the plain data, which ``verified_text`` compares with
    what the final text really reads as.
    """

    def __init__(self, text: str, path: Path, rel: str) -> None:
        self.path = path
        self.rel = rel
        self.original_text = text
        self._text = text
        self._root = self._parse(text)
        self._expected: Any = self._root.plain() if self._root is not None else None
        self.newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
        self.step = _indent_step(self._root)
        self.new_path: Path | None = None

    # -- reading

    @property
    def text(self) -> str:
        return self._text

    @property
    def root(self) -> yamlparse.Node | None:
        return self._root

    @property
    def changed(self) -> bool:
        return self._text != self.original_text or self.new_path is not None

    def has(self, loc: Loc) -> bool:
        return self._root is not None and self._root.at(loc)[1]

    def get(self, loc: Loc, default: Any = None) -> Any:
        """The plain value at ``loc``, or ``default`` when it is not there."""
        if self._root is None:
            return default
        node, found = self._root.at(loc)
        return node.plain() if found else default

    # -- changing

    def set(self, loc: Loc, value: Any) -> None:
        """Set the value at ``loc``: replace it, or add the missing last key to its mapping."""
        if not loc:
            raise WriteError("cannot replace a whole file with yamledit; nothing was written")
        root = self._require_root()
        _node, found = root.at(loc)
        if found:
            self._replace(loc, value)
            return
        # the longest part of loc that exists; the missing keys below it are created
        depth = len(loc) - 1
        while depth > 0 and not root.at(loc[:depth])[1]:
            depth -= 1
        parent_loc, missing = loc[:depth], loc[depth:]
        parent, _ = root.at(parent_loc)
        if all(isinstance(part, str) for part in missing):
            nested = value
            for part in reversed(missing[1:]):
                nested = {part: nested}
            key = str(missing[0])
            if parent.kind == "map":
                self._insert_key(parent_loc, key, nested)
                return
            if parent.kind == "scalar" and parent.value is None and parent_loc:
                self._replace(parent_loc, {key: nested})
                return
        raise WriteError(
            f"{self.rel}: cannot set {dotted(loc)}: {dotted(parent_loc)} is not a mapping "
            "that could hold it; nothing was written"
        )

    def set_in_mapping(self, loc: Loc, key: str, value: Any) -> None:
        """Set ``key`` in the mapping at ``loc`` (which may be empty or null)."""
        self.set((*loc, key), value)

    def append(self, loc: Loc, value: Any) -> None:
        """Add ``value`` at the end of the list at ``loc`` (a missing or null one is created)."""
        root = self._require_root()
        node, found = root.at(loc)
        if not found or (node.kind == "scalar" and node.value is None):
            self.set(loc, [value])
            return
        if node.kind != "seq":
            raise WriteError(f"{self.rel}: {dotted(loc)} is not a list; nothing was written")
        items: list[yamlparse.Node] = node.value
        if node.flow:
            if not items and self._own_line_value(loc):
                self._replace(loc, [value])
                return
            if items:
                at = items[-1].end.index
                self._splice(at, at, ", " + emit_flow(value))
            else:
                at = node.end.index - 1
                self._splice(at, at, emit_flow(value))
        else:
            at, lead = self._after(items[-1])
            line = f"{' ' * node.start.column}- {emit_flow(value)}"
            self._splice(at, at, self._lines([line], lead))
        self._expect(loc, lambda current: [*current, to_plain(value)])

    def rename(self, new_path: Path) -> None:
        """Move the file to ``new_path`` (same folder) when the transaction is committed."""
        if new_path.parent != self.path.parent:
            raise WriteError(
                f"{self.rel}: a file can only be renamed within its folder; nothing was written"
            )
        self.new_path = None if new_path == self.path else new_path

    # -- verification

    def verified_text(self, model: type[BaseModel]) -> tuple[str, BaseModel]:
        """The new text after checking it reads back as intended and validates."""
        node, problems = yamlparse.parse(self._text, self.rel)
        if problems or node is None:
            raise WriteError(
                f"{self.rel}: the edited file would not load "
                f"({problems[0] if problems else 'empty'}); nothing was written",
                hint="please report this",
            )
        if node.plain() != self._expected:
            raise WriteError(
                f"{self.rel}: the edited file would read back differently than intended; "
                "nothing was written",
                hint="please report this",
            )
        from salescoach.store import parse_model

        value, _node, problems = parse_model(self._text.encode("utf-8"), self.rel, model)
        if value is None or errors_in(problems):
            first = errors_in(problems)[0] if errors_in(problems) else "invalid"
            raise WriteError(
                f"the change would make the file invalid: {first}; nothing was written"
            )
        return self._text, value

    # -- internals

    def _parse(self, text: str) -> yamlparse.Node | None:
        node, problems = yamlparse.parse(text, self.rel)
        if problems:
            raise WriteError(
                f"{self.rel}: an edit produced text that does not parse ({problems[0]}); "
                "nothing was written",
                hint="please report this",
            )
        return node

    def _require_root(self) -> yamlparse.Node:
        if self._root is None or self._root.kind != "map":
            raise WriteError(f"{self.rel}: the file holds no mapping to edit; nothing was written")
        return self._root

    def _splice(self, start: int, end: int, replacement: str) -> None:
        self._text = self._text[:start] + replacement + self._text[end:]
        self._root = self._parse(self._text)

    def _expect(self, loc: Loc, update: Callable[[Any], Any]) -> None:
        """Apply the intended change to the expected plain data."""
        if not loc:
            self._expected = update(self._expected)
            return
        container = self._expected
        for part in loc[:-1]:
            container = container[part]
        last = loc[-1]
        current = container.get(last) if isinstance(container, dict) else container[last]
        container[last] = update(copy.deepcopy(current))

    def _lines(self, lines: list[str], lead: bool) -> str:
        nl = self.newline
        body = nl.join(lines)
        return nl + body if lead else body + nl

    def _after(self, node: yamlparse.Node) -> tuple[int, bool]:
        """Where new lines go after ``node``: the start of the line after its content.

        The flag says the file ends without a line break there, so the new lines must
        start with one (and the file keeps ending without one).
        """
        end = _content_end(node)
        if end > 0 and self._text[end - 1] == "\n":
            return end, False
        newline = self._text.find("\n", end)
        if newline < 0:
            return len(self._text), True
        return newline + 1, False

    def _own_line_value(self, loc: Loc) -> bool:
        """Whether the value at ``loc`` is in a block mapping, after its key, alone on its
        line (a comment may follow), so it can become block lines under the key."""
        if not loc or not isinstance(loc[-1], str):
            return False
        root = self._require_root()
        parent, _ = root.at(loc[:-1])
        if parent.kind != "map" or parent.flow:
            return False
        node = parent.value[loc[-1]]
        key_node = parent.keys[loc[-1]]
        if node.start.line != key_node.start.line:
            return False
        rest_end = self._text.find("\n", node.end.index)
        rest = self._text[node.end.index : rest_end if rest_end >= 0 else len(self._text)]
        rest = rest.strip()
        return rest == "" or rest.startswith("#")

    def _replace(self, loc: Loc, value: Any) -> None:
        root = self._require_root()
        node, _ = root.at(loc)
        start, end = node.start.index, _content_end(node)
        if _wants_block(value) or (
            value and isinstance(value, Mapping | list) and self._own_line_value(loc)
        ):
            if node.kind != "scalar" and not node.flow:
                # a block mapping or list: new block lines where the old ones stood
                lines = _block_lines(value, node.start.column)
                lines[0] = lines[0].lstrip(" ")
                self._splice(start, end, self._with_tail(self._text[start:end], lines))
                self._expect(loc, lambda _old: to_plain(value))
                return
            if self._own_line_value(loc):
                parent, _ = root.at(loc[:-1])
                key_col = parent.keys[str(loc[-1])].start.column
                # drop the old value (and the spaces before it), add lines under the key
                cut = start
                while cut > 0 and self._text[cut - 1] == " ":
                    cut -= 1
                line_end = self._text.find("\n", end)
                lines = _block_lines(value, key_col + self.step)
                if line_end < 0:
                    text = self._text[:cut] + self._text[end:] + self._lines(lines, True)
                else:
                    block = self._lines(lines, False)
                    text = (
                        self._text[:cut]
                        + self._text[end : line_end + 1]
                        + block
                        + self._text[line_end + 1 :]
                    )
                self._text = text
                self._root = self._parse(text)
                self._expect(loc, lambda _old: to_plain(value))
                return
        emitted = emit_flow(value)
        self._splice(start, end, self._with_tail(self._text[start:end], [emitted]))
        self._expect(loc, lambda _old: to_plain(value))

    def _with_tail(self, old: str, lines: list[str]) -> str:
        """Replacement text for ``old``; a block value's trailing line breaks are kept."""
        stripped = old.rstrip(" \t\r\n")
        tail = old[len(stripped) :] if old.endswith("\n") else ""
        if tail and not tail.startswith(("\n", "\r")):
            tail = tail.lstrip(" \t")
        return self.newline.join(lines) + tail

    def _insert_key(self, loc: Loc, key: str, value: Any) -> None:
        root = self._require_root()
        node, _ = root.at(loc)
        entries: list[yamlparse.Node] = list(node.value.values())
        if node.flow:
            if not entries and self._own_line_value(loc):
                self._replace(loc, {key: value})
                return
            item = f"{emit_key(key)}: {emit_flow(value)}"
            if entries:
                at = entries[-1].end.index
                if entries[-1].kind == "scalar" and entries[-1].value is None:
                    at = max(at, node.keys[list(node.value)[-1]].end.index + 1)
                self._splice(at, at, ", " + item)
            else:
                at = node.end.index - 1
                self._splice(at, at, item)
        else:
            column = next(iter(node.keys.values())).start.column
            at, lead = self._after(entries[-1])
            head = f"{' ' * column}{emit_key(key)}:"
            if _wants_block(value):
                lines = [head, *_block_lines(value, column + self.step)]
            else:
                lines = [f"{head} {emit_flow(value)}"]
            self._splice(at, at, self._lines(lines, lead))

        def add(current: Any) -> Any:
            current = dict(current)
            current[key] = to_plain(value)
            return current

        self._expect(loc, add)


def _content_end(node: yamlparse.Node) -> int:
    """Where a value's own text ends: a block mapping or list ends with its last item."""
    while node.kind in ("map", "seq") and not node.flow and node.value:
        node = list(node.value.values())[-1] if node.kind == "map" else node.value[-1]
    return node.end.index


def _indent_step(root: yamlparse.Node | None) -> int:
    """The file's indentation step: how far its nested block mappings are indented."""
    steps: list[int] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if node.kind == "map":
            for key, child in node.value.items():
                key_col = node.keys[key].start.column
                if child.kind == "map" and not child.flow and child.value:
                    steps.append(child.start.column - key_col)
                if child.kind in ("map", "seq"):
                    stack.append(child)
        elif node.kind == "seq":
            stack.extend(c for c in node.value if c.kind in ("map", "seq"))
    positive = [s for s in steps if s > 0]
    return min(positive) if positive else 2


# ---------------------------------------------------------------- the transaction


@dataclass
class EditResult(Generic[T]):
    """What an edit did: ``change``'s return value, whether the file changed, where it is."""

    value: T
    changed: bool
    path: Path
    model: BaseModel | None = None


Validate = Callable[[Path, BaseModel], list[Diagnostic]]


def edit_yaml_file(
    layout: Any,
    path: Path,
    change: Callable[[EditableDocument], T],
    *,
    model: type[BaseModel],
    validate: Validate | None = None,
    lock_timeout: float | None = None,
) -> EditResult[T]:
    """Edit one repository file under its folder's lock, verify the result, write it
    atomically. ``change`` edits the document; raising inside it aborts with nothing written.
    ``layout`` is the repository's ``store.Layout``.
    """
    from salescoach.store import parse_model, read_bytes

    rel = layout.rel(path)
    folder = path.parent
    with writer.folder_lock(folder, timeout=lock_timeout, shown=layout.rel(folder)):
        writer.clean_temp_files(folder, older_than=0, target=path)
        data, problems = read_bytes(layout, path)
        if data is None:
            if any(d.code == "missing-file" for d in problems):
                raise NotFound(f"{rel} does not exist")
            raise InvalidRepo(problems)
        current, _node, problems = parse_model(data, rel, model)
        if current is None or errors_in(problems):
            raise InvalidRepo(problems)
        bom = data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8-sig")
        doc = EditableDocument(text, path, rel)
        value = change(doc)
        if not doc.changed:
            return EditResult(value, False, path, current)
        new_text, new_model = doc.verified_text(model)
        target = doc.new_path or path
        if validate is not None:
            found = errors_in(validate(target, new_model))
            if found:
                raise WriteError(
                    f"the change would make the file invalid: {found[0]}; nothing was written"
                )
        new_data = (BOM if bom else "").encode("utf-8") + new_text.encode("utf-8")
        if doc.new_path is None:
            if new_data != data:
                writer.replace_file(path, new_data, expected=data)
        else:
            writer.create_file(doc.new_path, new_data)
            try:
                writer.remove_file(path, expected=data)
            except WriteError:
                import contextlib

                with contextlib.suppress(OSError):
                    doc.new_path.unlink()
                raise
        return EditResult(value, new_data != data or doc.new_path is not None, target, new_model)
