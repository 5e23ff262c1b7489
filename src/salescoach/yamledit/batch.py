"""``FileBatch``: several file writes that happen all together or not at all.

Each write is its own verified transaction (``edit_yaml_file``, ``create_yaml_file``);
the batch remembers what each one replaced. If a later step fails, the earlier ones are
undone in reverse order: an edited file gets its old bytes back and a created file is
removed, each only if it still holds what the batch wrote (a change made meanwhile by
someone else is never overwritten, and the error says so).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from pydantic import BaseModel

from salescoach import writer
from salescoach.errors import WriteError
from salescoach.i18n import _, ngettext
from salescoach.yamledit.create import create_yaml_file
from salescoach.yamledit.document import EditableDocument
from salescoach.yamledit.transaction import EditResult, edit_yaml_file

T = TypeVar("T")


@dataclass
class _Done:
    """One write of the batch: the file, its bytes before (None: it was created) and after."""

    path: Path
    before: bytes | None
    after: bytes


class FileBatch:
    """Writes that all happen or none: use as ``with FileBatch(layout) as batch:``."""

    def __init__(self, layout: Any) -> None:
        self.layout = layout
        self.done: list[_Done] = []

    def edit(
        self, path: Path, change: Callable[[EditableDocument], T], *, model: type[BaseModel]
    ) -> EditResult[T]:
        """``edit_yaml_file`` as a step of the batch."""
        try:
            before = path.read_bytes()
        except OSError:
            before = b""  # edit_yaml_file says what is wrong with the file

        def checked(doc: EditableDocument) -> T:
            if before.decode("utf-8-sig", errors="replace") != doc.original_text:
                raise WriteError(
                    _(
                        "{file} was changed by someone else while salescoach was reading it; "
                        "nothing was written"
                    ).format(file=doc.rel),
                    hint=_(writer.AGAIN),
                )
            return change(doc)

        result = edit_yaml_file(self.layout, path, checked, model=model)
        if result.changed:
            self.done.append(_Done(path, before, path.read_bytes()))
        return result

    def create(
        self, path: Path, data: Mapping[str, Any], *, model: type[BaseModel], header: str = ""
    ) -> EditResult[bytes]:
        """``create_yaml_file`` as a step of the batch."""
        result = create_yaml_file(self.layout, path, data, model=model, header=header)
        self.done.append(_Done(path, None, result.value))
        return result

    @property
    def paths(self) -> list[Path]:
        """The files written, in order."""
        return list(dict.fromkeys(d.path for d in self.done))

    def __enter__(self) -> FileBatch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None:
            self.undo()

    def undo(self) -> None:
        """Undo every write done so far, last first; ``WriteError`` naming any file that
        changed meanwhile and so was left as it is."""
        kept: list[str] = []
        for step in reversed(self.done):
            folder = step.path.parent
            with writer.folder_lock(folder, shown=self.layout.rel(folder)):
                try:
                    if step.before is None:
                        writer.remove_file(step.path, expected=step.after)
                    else:
                        writer.replace_file(step.path, step.before, expected=step.after)
                except WriteError:
                    kept.append(self.layout.rel(step.path))
        self.done.clear()
        if kept:
            raise WriteError(
                ngettext(
                    "a write failed and could not be undone everywhere: "
                    "{files} changed meanwhile and was left as it is",
                    "a write failed and could not be undone everywhere: "
                    "{files} changed meanwhile and were left as it is",
                    len(kept),
                ).format(files=", ".join(kept)),
                hint=_("look at `git diff` and fix the files by hand"),
            )
