"""``edit_yaml_file``: one read-modify-write of a repository file as a transaction (folder
lock, one parse before and one after, verification, atomic write or no-clobber rename)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from salescoach import writer
from salescoach.diagnostics import Diagnostic, errors_in
from salescoach.errors import InvalidRepo, NotFound, WriteError
from salescoach.i18n import _
from salescoach.store.reading import parse_model, read_bytes
from salescoach.yamledit.document import EditableDocument
from salescoach.yamledit.emit import BOM

T = TypeVar("T")


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
    rel = layout.rel(path)
    folder = path.parent
    with writer.folder_lock(folder, timeout=lock_timeout, shown=layout.rel(folder)):
        writer.clean_temp_files(folder, older_than=0, target=path)
        data, problems = read_bytes(layout, path)
        if data is None:
            if any(d.code == "missing-file" for d in problems):
                raise NotFound(_("{file} does not exist").format(file=rel))
            raise InvalidRepo(problems)
        current, tree, problems = parse_model(data, rel, model)
        if current is None or tree is None or errors_in(problems):
            raise InvalidRepo(problems)
        bom = data.startswith(b"\xef\xbb\xbf")
        doc = EditableDocument(data.decode("utf-8-sig"), path, rel, tree)
        value = change(doc)
        if not doc.changed:
            return EditResult(value, False, path, current)
        new_text, new_model = doc.verified_text(model)
        target = doc.new_path or path
        if validate is not None:
            found = errors_in(validate(target, new_model))
            if found:
                raise WriteError(
                    _(
                        "the change would make the file invalid: {problem}; nothing was written"
                    ).format(problem=found[0])
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
                with contextlib.suppress(OSError):
                    doc.new_path.unlink()
                raise
        return EditResult(value, new_data != data or doc.new_path is not None, target, new_model)
