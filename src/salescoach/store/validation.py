"""Pydantic's validation errors as diagnostics people can act on.

Each invalid value becomes one ``Diagnostic`` at the line of the value (or of its key), in
the domain's words ("a rating is a whole number from 1 … to 4"), with "did you mean" hints
for unknown keys. Pure: it works on a parsed ``yamlparse.Node`` tree, never on files.
"""

from __future__ import annotations

import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from salescoach import yamlparse
from salescoach.diagnostics import Diagnostic
from salescoach.errors import closest
from salescoach.formats import number, plural
from salescoach.i18n import N_, _
from salescoach.messages import RATING_SCALE
from salescoach.models import brief


def validation_diagnostics(
    exc: ValidationError, root: yamlparse.Node, rel: str, model: type[BaseModel]
) -> list[Diagnostic]:
    """One diagnostic per invalid value, at the line of the value (or of its key)."""
    seen: set[tuple[int, int, str]] = set()
    out: list[Diagnostic] = []
    for error in exc.errors(include_url=False):
        etype = error["type"]
        path_loc = _data_loc(
            root, tuple(error["loc"]), keep_last=etype in ("missing", "extra_forbidden")
        )
        if etype == "extra_forbidden":
            parent, _node = root.at(path_loc[:-1])
            key = str(path_loc[-1])
            key_node = parent.keys.get(key, parent)
            known = known_keys(model, path_loc[:-1])
            if known is not None and parent.kind == "map":
                known = [k for k in known if k not in parent.value]
            hint = f"; {closest(key, known, what='key')}" if known is not None else ""
            where = _dotted(path_loc[:-1])
            message = (
                _("unknown key '{key}' in {where}") if where else _("unknown key '{key}'")
            ).format(key=brief(key), where=where) + hint
            code, node = "unknown-key", key_node
        elif etype == "missing":
            node, _node = root.at(path_loc[:-1])
            code = "missing-key"
            where = _dotted(path_loc[:-1])
            message = (
                _("missing required key '{key}' in {where}")
                if where
                else _("missing required key '{key}'")
            ).format(key=path_loc[-1], where=where)
        else:
            if path_loc and path_loc[-1] == "[key]":
                parent, _node = root.at(path_loc[:-2])
                node = parent.keys.get(str(path_loc[-2]), parent)
                path_loc = path_loc[:-1]
            else:
                node, _node = root.at(path_loc)
            code = "invalid-value"
            message = f"{_dotted(path_loc) or _('value')}: {_explain(error, path_loc, node)}"
        spot = (node.line, node.column, message)
        if spot in seen:
            continue
        seen.add(spot)
        out.append(Diagnostic(rel, node.line, node.column, code, message))
    return _merge_union_errors(out)


def _data_loc(root: yamlparse.Node, loc: tuple[Any, ...], *, keep_last: bool) -> tuple[Any, ...]:
    """The part of a pydantic ``loc`` that names data, without union member tags.

    Pydantic inserts tags such as ``int`` or ``function-after[...]`` for union members; a
    part is data when the YAML tree has it at that place (or is the missing/unknown key or
    a ``[key]`` marker at the end).
    """
    out: list[Any] = []
    node: yamlparse.Node | None = root
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if node is not None and _has(node, part):
            out.append(part)
            node = node.value[part]
        elif part == "[key]" or (last and keep_last):
            out.append(part)
            node = None
    return tuple(out)


def _has(node: yamlparse.Node, part: Any) -> bool:
    if node.kind == "map":
        return isinstance(part, str) and part in node.value
    if node.kind == "seq":
        return isinstance(part, int) and 0 <= part < len(node.value)
    return False


def _merge_union_errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A value that failed every member of a union gets one diagnostic, not one per member."""
    by_spot: dict[tuple[int, int, str], Diagnostic] = {}
    for d in diagnostics:
        spot = (d.line, d.column, d.code)
        if spot not in by_spot:
            by_spot[spot] = d
    return list(by_spot.values())


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return repr(brief(value, 60))
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    return str(value)


def _explain(error: Any, loc: tuple[Any, ...], node: yamlparse.Node) -> str:
    etype = error["type"]
    value = error.get("input")
    last = loc[-1] if loc else ""
    if last == "score" or (len(loc) >= 2 and loc[0] == "ratings" and etype.startswith("int")):
        return _("a rating is a whole number from {scale}, got {value}").format(
            scale=_(RATING_SCALE), value=_shown(value)
        )
    msg: str = error["msg"]
    if (own := msg.removeprefix("Value error, ")) != msg:  # a model validator's own message
        return own
    if etype == "bool_type" or etype == "bool_parsing":
        return _("expected true or false, got {value}").format(value=_shown(value))
    if etype == "literal_error":
        choices = re.findall(r"'[^']*'", str((error.get("ctx") or {}).get("expected", "")))
        expected = _one_of(choices) if choices else msg.removeprefix("Input should be ")
        return _("must be {expected}, got {value}").format(expected=expected, value=_shown(value))
    if etype in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, str) and node.style:
            return _("expected a whole number, got {value}; remove the quotes").format(
                value=_shown(value)
            )
        return _("expected a whole number, got {value}").format(value=_shown(value))
    if etype in ("float_type", "float_parsing"):
        return _("expected a number, got {value}").format(value=_shown(value))
    if etype in ("string_type",):
        return _("expected text, got {value}").format(value=_shown(value))
    if etype in ("dict_type", "model_type", "model_attributes_type"):
        return _("expected a mapping of keys and values, got {value}").format(value=_shown(value))
    if etype == "list_type":
        return _("expected a list, got {value}").format(value=_shown(value))
    if etype == "string_pattern_mismatch":
        pattern = msg.removeprefix("String should match pattern ")
        return _("{value} does not have the expected form ({pattern})").format(
            value=_shown(value), pattern=pattern
        )
    return _bound_or_size(etype, error.get("ctx") or {}, value) or _pydantic_words(msg, value)


BOUNDS = {
    "greater_than_equal": ("ge", N_("must be greater than or equal to {bound}, got {value}")),
    "less_than_equal": ("le", N_("must be less than or equal to {bound}, got {value}")),
    "greater_than": ("gt", N_("must be greater than {bound}, got {value}")),
    "less_than": ("lt", N_("must be less than {bound}, got {value}")),
}
"""Pydantic's bounds (``Field(ge=1)``) in our words, with the bound's key in its ``ctx``."""


def _bound_or_size(etype: str, ctx: dict[str, Any], value: Any) -> str | None:
    """A number out of its bounds, a list or a text too short or too long; None otherwise."""
    if etype in BOUNDS:
        key, words = BOUNDS[etype]
        return _(words).format(bound=ctx[key], value=_shown(value))
    actual = number(ctx.get("actual_length", 0))
    if etype == "too_short":
        items = plural(ctx["min_length"], "item")
        return _("must have at least {count}, not {actual}").format(count=items, actual=actual)
    if etype == "too_long":
        items = plural(ctx["max_length"], "item")
        return _("must have at most {count}, not {actual}").format(count=items, actual=actual)
    if etype == "string_too_short":
        chars = plural(ctx["min_length"], "character")
        return _("must be at least {count} long, got {value}").format(
            count=chars, value=_shown(value)
        )
    if etype == "string_too_long":
        chars = plural(ctx["max_length"], "character")
        return _("must be at most {count} long").format(count=chars)
    return None


def _pydantic_words(msg: str, value: Any) -> str:
    """A kind of error this module has no words for: pydantic's own (English) wording."""
    given = value is not None and not isinstance(value, dict | list)
    said = msg.replace("Input should be", "must be").replace("Value should", "must")
    return said + (", " + _("got {value}").format(value=_shown(value)) if given else "")


def _one_of(choices: list[str]) -> str:
    """``'met', 'partly' or 'missed'``: the values a key may have, in the language in use."""
    if len(choices) < 2:
        return "".join(choices)
    return _("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])


def known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str] | None:
    """The keys the model accepts at ``loc``, for 'did you mean' hints."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            fields = current.model_fields
            name = next((n for n, f in fields.items() if n == part or f.alias == part), None)
            if name is None:
                return None
            current = fields[name].annotation
        elif get_origin(current) is list:
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional/Union down to the first model or container inside."""
    for _step in range(8):
        args = get_args(annotation)
        origin = get_origin(annotation)
        if origin in (list, dict) or not args:
            return annotation
        candidates = [a for a in args if a is not type(None)]
        models = [a for a in candidates if isinstance(a, type) and issubclass(a, BaseModel)]
        containers = [a for a in candidates if get_origin(a) in (list, dict)]
        annotation = (models or containers or candidates)[0]
    return annotation
