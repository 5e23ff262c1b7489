"""Safe, strict YAML reading with the position of every value.

The libyaml C parser turns text into events; this module builds a tree of ``Node`` values
from them itself (iteratively, so 100 KB of ``[`` cannot exhaust the stack) and refuses
what a salescoach file never needs: tags, anchors, aliases, several documents, duplicate
keys and deep nesting. Plain scalars are resolved by YAML 1.2 rules, so ``no``, ``on``,
``010`` and ``1:30`` stay text instead of becoming ``False``, ``8`` or ``90``.

Every node keeps its start and end (line, column, character offset), which the loader uses
for diagnostics and ``yamledit`` for editing one value without touching the rest of the file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import yaml

from salescoach.diagnostics import Diagnostic
from salescoach.i18n import N_, _

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 24

try:  # the C parser is required in production; the pure one keeps tests running without it
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
LIBYAML_WORDS = (
    N_("mapping values are not allowed in this context"),
    N_("mapping values are not allowed here"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected node content"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("found character that cannot start any token"),
    N_("found unknown escape character"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a block node"),
    N_("while parsing a flow node"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow mapping"),
    N_("while parsing a quoted scalar"),
    N_("while scanning a simple key"),
    N_("while scanning for the next token"),
)
"""libyaml's own words for the syntax errors a hand-edited file has most often, translated
where shown (``_(exc.problem)``; any other passes through as libyaml says it)."""


class Position(Protocol):
    """Where something stands, as libyaml's own marks give it (kept as they come, which is
    free): 0-based line and column, and the character offset in the text."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...

    @property
    def index(self) -> int: ...


_NO_KEYS: dict[str, Node] = {}
"""The ``keys`` of scalars and sequences: shared, never written (only mappings get keys)."""


@dataclass(slots=True)
class Node:
    """A value read from YAML with where it stands in the file.

    ``value`` is a ``dict[str, Node]`` for a mapping, a ``list[Node]`` for a sequence and
    the resolved Python scalar otherwise. For mappings, ``keys`` holds the key nodes.
    """

    kind: str  # "map" | "seq" | "scalar"
    value: Any
    start: Position
    end: Position
    flow: bool = False
    style: str | None = None
    keys: dict[str, Node] = field(default_factory=lambda: _NO_KEYS)

    @property
    def line(self) -> int:
        """1-based line of the value."""
        return self.start.line + 1

    @property
    def column(self) -> int:
        return self.start.column + 1

    def plain(self) -> Any:
        """The value as plain Python data (dicts, lists, scalars)."""
        if self.kind == "map":
            return {k: v.plain() for k, v in self.value.items()}
        if self.kind == "seq":
            return [v.plain() for v in self.value]
        return self.value

    def at(self, loc: tuple[str | int, ...]) -> tuple[Node, bool]:
        """The deepest node along ``loc``, and whether all of ``loc`` was found."""
        node = self
        for part in loc:
            in_map = node.kind == "map" and isinstance(part, str) and part in node.value
            in_seq = node.kind == "seq" and isinstance(part, int) and 0 <= part < len(node.value)
            if not (in_map or in_seq):
                return node, False
            node = node.value[part]
        return node, True


def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar's value by YAML 1.2 core rules, dates left as text."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)  # ValueError past sys.get_int_max_str_digits(): _build reports it
    if _FLOAT.match(text):
        number = float(text)
        if math.isinf(number):
            raise ValueError(text)  # too large for a float: _build reports it
        return number
    return text


class YamlProblem(Exception):
    """Raised inside the builder; becomes one diagnostic."""

    def __init__(self, code: str, message: str, mark: Position | None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.mark = mark


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 (a BOM is fine), no NUL bytes, not too large."""
    if len(data) > MAX_FILE_BYTES:
        return None, [
            Diagnostic(
                path,
                0,
                0,
                "too-large",
                _("file is {size} bytes; the limit is {limit} bytes (1 MiB)").format(
                    size=_number(len(data)), limit=_number(MAX_FILE_BYTES)
                ),
            )
        ]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Diagnostic(path, 1, 1, "encoding", _("file is UTF-16; save it as UTF-8"))]
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return None, [
            Diagnostic(path, line, 1, "encoding", _("file contains a NUL byte; is it a text file?"))
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            Diagnostic(
                path,
                line,
                exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1,
                "encoding",
                _("byte 0x{byte} is not UTF-8; save the file as UTF-8").format(
                    byte=f"{data[exc.start]:02x}"
                ),
            )
        ]
    return text, []


def parse(text: str, path: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document into a ``Node`` tree; problems become diagnostics.

    An empty document (nothing but comments) gives ``None`` and no diagnostic.
    """
    conflict = _CONFLICT.search(text)
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        return None, [
            Diagnostic(
                path,
                line,
                1,
                "merge-conflict",
                _(
                    "merge conflict: git conflict markers are still in the file; "
                    "resolve the conflict and remove the <<<<<<< ======= >>>>>>> lines"
                ),
            )
        ]
    try:
        return _build(text), []
    except YamlProblem as exc:
        mark = exc.mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, [Diagnostic(path, line, col, exc.code, exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_diagnostic(exc, path, text)]
    except yaml.reader.ReaderError as exc:
        # raised for control characters; it has a character offset but no line
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [
            Diagnostic(
                path,
                line,
                column,
                "yaml-syntax",
                _("character U+{code} is not allowed in YAML ({reason}); remove it").format(
                    code=f"{exc.character:04X}", reason=exc.reason
                ),
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for all we know
        return None, [Diagnostic(path, 0, 0, "yaml-syntax", str(exc).splitlines()[0])]


def parse_bytes(data: bytes, path: str) -> tuple[Node | None, list[Diagnostic]]:
    """Decode and parse a file's bytes."""
    text, problems = decode(data, path)
    if text is None:
        return None, problems
    return parse(text, path)


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    problem = exc.problem or _("invalid YAML")
    at_tab = mark is not None and text[mark.index : mark.index + 1] == "\t"
    if at_tab or "tab" in problem.lower() or "\\t" in problem:
        message = _("tab character: YAML indentation must use spaces, not tabs")
    elif "nesting depth" in problem:
        message = _(
            "nested deeper than YAML allows; salescoach files nest at most {depth} levels"
        ).format(depth=MAX_DEPTH)
    else:
        message = _(problem)
        if exc.context:
            message = f"{message} ({_(exc.context)})"
        if "mapping values are not allowed" in problem:
            message += _("; quote text that contains ': '")
        elif "could not find expected ':'" in problem:
            message += _("; check the indentation and that every key ends with ':'")
        elif "quoted scalar" in (exc.context or "") and "end of stream" in problem:
            message = _("a quoted text is never closed; add the closing quote")
            if exc.context_mark is not None:  # where the quote opens, not the end of the file
                line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
        elif "quoted scalar" in (exc.context or ""):
            message = _("{problem} in a quoted text; write a backslash as \\\\").format(
                problem=_(problem)
            )
    return Diagnostic(path, line, col, "yaml-syntax", message)


def _abbreviated(text: str) -> str:
    if len(text) <= 20:
        return text
    return _("{start}…{end} ({count} characters)").format(
        start=text[:8], end=text[-4:], count=_number(len(text))
    )


def _number(count: int) -> str:
    """A count in the reader's language (``1,048,576``, ``1 048 576``), for a message."""
    from salescoach.formats import number

    return number(count)


def _build(text: str) -> Node | None:
    """Build the tree from parser events with an explicit stack (no recursion).

    This is the hot path of reading a repository (one step per YAML event): the event
    classes are bound to locals, libyaml's marks are kept as they are, and scalars share
    one empty ``keys``.
    """
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    loader = _Loader(text)
    get_event = loader.get_event
    root: Node | None = None
    documents = 0
    # stack items: [node, pending_key_node_or_None]
    stack: list[list[Any]] = []
    try:
        while True:
            event = get_event()
            etype = type(event)
            if etype is scalar_event or etype is mapping_start or etype is sequence_start:
                if event.anchor is not None:
                    raise YamlProblem(
                        "yaml-anchor",
                        _(
                            "YAML anchors (&{anchor}) are not allowed in salescoach files; "
                            "write the value out"
                        ).format(anchor=event.anchor),
                        event.start_mark,
                    )
                tag = event.tag
                if tag is not None and tag != "!":
                    tag = tag.replace("tag:yaml.org,2002:", "!!")
                    raise YamlProblem(
                        "yaml-tag",
                        _(
                            "YAML tags ({tag}) are not allowed in salescoach files; "
                            "remove the tag and quote the value if it is text"
                        ).format(tag=tag),
                        event.start_mark,
                    )
                if etype is scalar_event:
                    style = event.style or None
                    # keys are always text: `1`, `no` and `2026-01-01` as keys mean those words
                    is_key = bool(stack) and stack[-1][1] is None and stack[-1][0].kind == "map"
                    try:
                        value = event.value if style or is_key else resolve_plain(event.value)
                    except ValueError:
                        raise YamlProblem(
                            "number-too-large",
                            _("the number {number} is too large (quote it if it is text)").format(
                                number=_abbreviated(event.value)
                            ),
                            event.start_mark,
                        ) from None
                    node = Node("scalar", value, event.start_mark, event.end_mark, False, style)
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise YamlProblem(
                            "too-deep",
                            _(
                                "nested deeper than {depth} levels; salescoach files never "
                                "need that"
                            ).format(depth=MAX_DEPTH),
                            event.start_mark,
                        )
                    if etype is mapping_start:
                        node = Node("map", {}, event.start_mark, event.start_mark, False, None, {})
                    else:
                        node = Node("seq", [], event.start_mark, event.start_mark)
                    node.flow = bool(event.flow_style)
                if stack:
                    _attach(stack[-1], node)
                else:
                    root = node
                if etype is not scalar_event:
                    stack.append([node, None])
            elif etype is mapping_end or etype is sequence_end:
                stack.pop()[0].end = event.end_mark
            elif etype is alias_event:
                raise YamlProblem(
                    "yaml-alias",
                    _(
                        "YAML aliases (*{anchor}) are not allowed in salescoach files; "
                        "write the value out"
                    ).format(anchor=event.anchor),
                    event.start_mark,
                )
            elif etype is document_start:
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        "multi-document",
                        _(
                            "more than one YAML document in the file (a second '---'); "
                            "a salescoach file holds exactly one"
                        ),
                        event.start_mark,
                    )
            elif etype is stream_end or event is None:
                break
    finally:
        loader.dispose()
    return root


def _attach(frame: list[Any], node: Node) -> None:
    parent: Node = frame[0]
    if parent.kind == "seq":
        parent.value.append(node)
        return
    key_node: Node | None = frame[1]
    if key_node is None:
        if node.kind != "scalar":
            raise YamlProblem(
                "yaml-syntax",
                _("a mapping key must be a plain word, not a list or mapping"),
                node.start,
            )
        key = node.value
        if key in parent.value:
            first = parent.keys[key]
            raise YamlProblem(
                "duplicate-key",
                _(
                    "duplicate key '{key}' (first at line {first}, again at line {again}); "
                    "keep one of them"
                ).format(key=_abbreviated(key), first=first.line, again=node.line),
                node.start,
            )
        frame[1] = node
        return
    key = key_node.value
    parent.value[key] = node
    parent.keys[key] = key_node
    frame[1] = None
