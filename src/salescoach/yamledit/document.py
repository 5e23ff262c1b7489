"""``EditableDocument``: the text of one YAML file with operations that change single values
in place (replace a value, add a key, append to a list, rename the file), recording each
intended change so the result can be verified before anything is written."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from salescoach import yamlparse
from salescoach.diagnostics import errors_in
from salescoach.errors import WriteError
from salescoach.i18n import _
from salescoach.store.reading import validate_node
from salescoach.yamledit.emit import (
    Loc,
    block_item_lines,
    block_lines,
    dotted,
    emit_flow,
    emit_key,
    to_plain,
    wants_block,
)

M = TypeVar("M", bound=BaseModel)


class EditableDocument:
    """The text of one YAML file with operations that change single values in place.

    Each operation edits the text and records the intended change on a copy of the plain
    data, which ``verified_text`` compares with what the final text really reads as. The
    text is parsed again only when the next operation or the verification needs its tree,
    so one edit costs one parse of the result.
    """

    def __init__(self, text: str, path: Path, rel: str, root: yamlparse.Node | None = None) -> None:
        """``root``: the tree of ``text`` when the caller has parsed it already."""
        self.path = path
        self.rel = rel
        self.original_text = text
        self._text = text
        self._root = root if root is not None else self._parse(text)
        self._stale = False  # the text changed since ``_root`` was parsed
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
        return self._tree()

    @property
    def changed(self) -> bool:
        return self._text != self.original_text or self.new_path is not None

    def get(self, loc: Loc, default: Any = None) -> Any:
        """The plain value at ``loc``, or ``default`` when it is not there."""
        root = self._tree()
        if root is None:
            return default
        node, found = root.at(loc)
        return node.plain() if found else default

    # -- changing

    def set(self, loc: Loc, value: Any) -> None:
        """Set the value at ``loc``: replace it, or add the missing last key to its mapping."""
        self._set(loc, value, block_items=False)

    def _set(self, loc: Loc, value: Any, *, block_items: bool) -> None:
        if not loc:
            raise WriteError(_("cannot replace a whole file with yamledit; nothing was written"))
        root = self._require_root()
        _node, found = root.at(loc)
        if found:
            self._replace(loc, value, block_items=block_items)
            return
        # the longest part of loc that exists; the missing keys below it are created
        depth = len(loc) - 1
        while depth > 0 and not root.at(loc[:depth])[1]:
            depth -= 1
        parent_loc, missing = loc[:depth], loc[depth:]
        parent, _found = root.at(parent_loc)
        if all(isinstance(part, str) for part in missing):
            nested = value
            for part in reversed(missing[1:]):
                nested = {part: nested}
            key = str(missing[0])
            if parent.kind == "map":
                self._insert_key(parent_loc, key, nested, block_items=block_items)
                return
            if parent.kind == "scalar" and parent.value is None and parent_loc:
                self._replace(parent_loc, {key: nested}, block_items=block_items)
                return
        raise WriteError(
            _(
                "{file}: cannot set {key}: {parent} is not a mapping "
                "that could hold it; nothing was written"
            ).format(file=self.rel, key=dotted(loc), parent=dotted(parent_loc))
        )

    def append(self, loc: Loc, value: Any, *, block: bool = False) -> None:
        """Add ``value`` at the end of the list at ``loc`` (a missing or null one is created).

        With ``block``, a mapping goes in as a block item (``- id: …`` with its other keys
        below, as people write a rep) wherever the list is, or can become, a block list."""
        root = self._require_root()
        node, found = root.at(loc)
        if not found or (node.kind == "scalar" and node.value is None):
            self._set(loc, [value], block_items=block)
            return
        if node.kind != "seq":
            raise WriteError(
                _("{file}: {key} is not a list; nothing was written").format(
                    file=self.rel, key=dotted(loc)
                )
            )
        items: list[yamlparse.Node] = node.value
        if node.flow:
            if not items and self._own_line_value(loc):
                self._replace(loc, [value], block_items=block)
                return
            if items:
                at = items[-1].end.index
                self._splice(at, at, ", " + emit_flow(value))
            else:
                at = node.end.index - 1
                self._splice(at, at, emit_flow(value))
        else:
            at, lead = self._after(items[-1])
            if block:
                lines = block_item_lines(value, node.start.column)
            else:
                lines = [f"{' ' * node.start.column}- {emit_flow(value)}"]
            self._splice(at, at, self._lines(lines, lead))
        self._expect(loc, lambda current: [*current, to_plain(value)])

    def delete(self, loc: Loc) -> None:
        """Remove the key at ``loc`` from its block mapping, with every line of its value (a
        key that is not there changes nothing); other lines stay as they are."""
        if not loc or not isinstance(loc[-1], str):
            raise WriteError(
                _("{file}: only a mapping's key can be removed; nothing was written").format(
                    file=self.rel
                )
            )
        root = self._require_root()
        parent, found = root.at(loc[:-1])
        key = loc[-1]
        if not found or parent.kind != "map" or key not in parent.keys:
            return
        key_start = parent.keys[key].start.index
        line_start = self._text.rfind("\n", 0, key_start) + 1
        if parent.flow or self._text[line_start:key_start].strip():
            raise WriteError(
                _(
                    "{file}: cannot remove {key}: it is not on a line of its own; "
                    "nothing was written"
                ).format(file=self.rel, key=dotted(loc))
            )
        end, _lead = self._after(parent.value[key])
        self._splice(line_start, end, "")
        self._expect(loc[:-1], lambda current: {k: v for k, v in current.items() if k != key})

    def insert_comment(self, loc: Loc, key: str, text: str) -> None:
        """A comment line (``text`` starts with '#') above ``key`` of the mapping at ``loc``,
        indented as the key is; a comment changes no value, so the edit still verifies."""
        root = self.root
        assert root is not None
        node, _found = root.at(loc)
        at = node.keys[key].start.index
        line_start = self.text.rfind("\n", 0, at) + 1
        indent = " " * (at - line_start)
        self._splice(line_start, line_start, f"{indent}{text}{self.newline}")

    def rename(self, new_path: Path) -> None:
        """Move the file to ``new_path`` (same folder) when the transaction is committed."""
        if new_path.parent != self.path.parent:
            raise WriteError(
                _(
                    "{file}: a file can only be renamed within its folder; nothing was written"
                ).format(file=self.rel)
            )
        self.new_path = None if new_path == self.path else new_path

    # -- verification

    def verified_text(self, model: type[M]) -> tuple[str, M]:
        """The new text after checking it reads back as intended and validates: one parse
        (none when an operation already parsed the final text) and one validation."""
        _text, problems = yamlparse.decode(self._text.encode("utf-8"), self.rel)
        if problems:  # e.g. the edit made the file larger than the reading limit
            raise WriteError(
                _("the change would make the file invalid: {problem}; nothing was written").format(
                    problem=problems[0]
                )
            )
        if self._stale:
            node, problems = yamlparse.parse(self._text, self.rel)
            if problems or node is None:
                raise WriteError(
                    _(
                        "{file}: the edited file would not load ({problem}); nothing was written"
                    ).format(file=self.rel, problem=problems[0] if problems else _("empty")),
                    hint=_("please report this"),
                )
            self._root, self._stale = node, False
        node = self._root
        if node is None or node.plain() != self._expected:
            raise WriteError(
                _(
                    "{file}: the edited file would read back differently than intended; "
                    "nothing was written"
                ).format(file=self.rel),
                hint=_("please report this"),
            )
        value, problems = validate_node(node, self.rel, model)
        if value is None or errors_in(problems):
            first = errors_in(problems)[0] if errors_in(problems) else _("invalid")
            raise WriteError(
                _("the change would make the file invalid: {problem}; nothing was written").format(
                    problem=first
                )
            )
        return self._text, value

    # -- internals

    def _parse(self, text: str) -> yamlparse.Node | None:
        node, problems = yamlparse.parse(text, self.rel)
        if problems:
            raise WriteError(
                _(
                    "{file}: an edit produced text that does not parse ({problem}); "
                    "nothing was written"
                ).format(file=self.rel, problem=problems[0]),
                hint=_("please report this"),
            )
        return node

    def _tree(self) -> yamlparse.Node | None:
        """The tree of the current text, parsed again only if the text changed since."""
        if self._stale:
            self._root, self._stale = self._parse(self._text), False
        return self._root

    def _require_root(self) -> yamlparse.Node:
        root = self._tree()
        if root is None or root.kind != "map":
            raise WriteError(
                _("{file}: the file holds no mapping to edit; nothing was written").format(
                    file=self.rel
                )
            )
        return root

    def _splice(self, start: int, end: int, replacement: str) -> None:
        self._text = self._text[:start] + replacement + self._text[end:]
        self._stale = True

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
        parent, _found = root.at(loc[:-1])
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

    def _replace(self, loc: Loc, value: Any, *, block_items: bool = False) -> None:
        root = self._require_root()
        node, _found = root.at(loc)
        start, end = node.start.index, _content_end(node)
        if wants_block(value) or (
            value and isinstance(value, Mapping | list) and self._own_line_value(loc)
        ):
            if node.kind != "scalar" and not node.flow:
                # a block mapping or list: new block lines where the old ones stood
                lines = block_lines(value, node.start.column, block_items=block_items)
                lines[0] = lines[0].lstrip(" ")
                self._splice(start, end, self._with_tail(self._text[start:end], lines))
                self._expect(loc, lambda _old: to_plain(value))
                return
            if self._own_line_value(loc):
                parent, _found = root.at(loc[:-1])
                key_col = parent.keys[str(loc[-1])].start.column
                # drop the old value (and the spaces before it), add lines under the key
                cut = start
                while cut > 0 and self._text[cut - 1] == " ":
                    cut -= 1
                line_end = self._text.find("\n", end)
                lines = block_lines(value, key_col + self.step, block_items=block_items)
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
                self._text, self._stale = text, True
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

    def _insert_key(self, loc: Loc, key: str, value: Any, *, block_items: bool = False) -> None:
        root = self._require_root()
        node, _found = root.at(loc)
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
            if wants_block(value):
                lines = [head, *block_lines(value, column + self.step, block_items=block_items)]
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
