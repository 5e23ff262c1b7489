"""``create_yaml_file``: a new repository file written from plain data, verified like an
edit (it must read back as that data and validate with its model) and created without
clobbering anything, under its folder's lock."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from salescoach import writer
from salescoach.diagnostics import errors_in
from salescoach.errors import WriteError
from salescoach.i18n import _
from salescoach.store.reading import parse_model
from salescoach.yamledit.emit import document_lines, to_plain
from salescoach.yamledit.transaction import EditResult


def new_file_text(data: Mapping[str, Any], *, header: str = "") -> str:
    """The text of a new file holding ``data``: ``header`` (e.g. the schema comment, with
    its line end), then one line per key (``document_lines``)."""
    return header + "".join(f"{line}\n" for line in document_lines(data))


def create_yaml_file(
    layout: Any,
    path: Path,
    data: Mapping[str, Any],
    *,
    model: type[BaseModel],
    header: str = "",
    lock_timeout: float | None = None,
) -> EditResult[bytes]:
    """Create ``path`` holding ``data``; ``WriteError`` if it exists or would not read back
    exactly as ``data`` and validate. The result's value is the bytes written."""
    rel = layout.rel(path)
    text = new_file_text(data, header=header)
    encoded = text.encode("utf-8")
    value, tree, problems = parse_model(encoded, rel, model)
    if tree is None or tree.plain() != to_plain(data):
        raise WriteError(
            _(
                "{file}: the new file would read back differently than intended; "
                "nothing was written"
            ).format(file=rel),
            hint=_("please report this"),
        )
    if value is None or errors_in(problems):
        first = errors_in(problems)[0] if errors_in(problems) else _("invalid")
        raise WriteError(
            _("the new file would be invalid: {problem}; nothing was written").format(problem=first)
        )
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    with writer.folder_lock(folder, timeout=lock_timeout, shown=layout.rel(folder)):
        writer.create_file(path, encoded)
    return EditResult(encoded, True, path, value)
