"""Reading one file: its bytes (bounded, inside the repository, no links), then one parse
and one validation into a model; every problem is a ``Diagnostic``, nothing raises."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

from pydantic import BaseModel, ValidationError

from salescoach import yamlparse
from salescoach.diagnostics import Diagnostic
from salescoach.formats import number
from salescoach.i18n import N_, _
from salescoach.store.layout import Layout
from salescoach.store.validation import validation_diagnostics

M = TypeVar("M", bound=BaseModel)


def read_bytes(
    layout: Layout, path: Path, *, limit: int = yamlparse.MAX_FILE_BYTES
) -> tuple[bytes | None, list[Diagnostic]]:
    """A file's bytes, at most ``limit`` of them (YAML files and stored CSV imports alike);
    a link, a file outside the repository or a larger file is refused."""
    rel = layout.rel(path)
    if path.is_symlink():
        return None, [
            Diagnostic(
                rel, 0, 0, "symlink", _("is a symbolic link; salescoach reads only real files")
            )
        ]
    real_root = os.path.realpath(layout.root)
    if os.path.commonpath([real_root, os.path.realpath(path)]) != real_root:
        return None, [Diagnostic(rel, 0, 0, "outside-repo", _("lies outside the repository"))]
    try:
        with _open_regular(path) as handle:
            if handle is None:
                return None, [Diagnostic(rel, 0, 0, "not-a-file", _(_NOT_REGULAR))]
            data = handle.read(limit + 1)
            if len(data) > limit:
                size = os.fstat(handle.fileno()).st_size
                return None, [Diagnostic(rel, 0, 0, "too-large", _too_large(size, limit))]
    except FileNotFoundError:
        return None, [Diagnostic(rel, 0, 0, "missing-file", _("file does not exist"))]
    except IsADirectoryError:
        return None, [Diagnostic(rel, 0, 0, "not-a-file", _("is a folder, not a file"))]
    except OSError as exc:
        return None, [
            Diagnostic(
                rel, 0, 0, "unreadable", _("cannot be read: {reason}").format(reason=exc.strerror)
            )
        ]
    return data, []


_NOT_REGULAR = N_(
    "is not a regular file (a FIFO, a socket or a device); salescoach reads only files"
)
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _too_large(size: int, limit: int) -> str:
    """Why a file is not read: its size and the limit (in MiB too when it is whole MiB)."""
    if limit % (1024 * 1024) == 0:
        return _("file is {size} bytes; the limit is {limit} bytes ({mib} MiB)").format(
            size=number(size), limit=number(limit), mib=number(limit // 1024 // 1024)
        )
    return _("file is {size} bytes; the limit is {limit} bytes").format(
        size=number(size), limit=number(limit)
    )


@contextlib.contextmanager
def _open_regular(path: Path) -> Iterator[BinaryIO | None]:
    """``path`` opened for reading without following a link and without waiting (a FIFO
    would block until someone writes to it); None when it is no regular file."""
    fd = os.open(path, _FLAGS)
    with os.fdopen(fd, "rb") as handle:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise IsADirectoryError(path)
        yield handle if stat.S_ISREG(os.fstat(fd).st_mode) else None


def folder_problems(layout: Layout, folder: Path) -> list[Diagnostic]:
    """Why salescoach may not read or write in ``folder`` (a data folder of the repository):
    a symbolic link on the way to it, or a real path outside the repository; [] if none.
    A folder that does not exist yet is fine (it is created inside the repository)."""
    real_root = os.path.realpath(layout.root)
    path = layout.root
    for part in folder.relative_to(layout.root).parts:
        path = path / part
        if path.is_symlink():
            rel = layout.rel(path)
            inside = os.path.commonpath([real_root, os.path.realpath(path)]) == real_root
            if inside:
                message = _("is a symbolic link; salescoach reads and writes only real folders")
                return [Diagnostic(rel, 0, 0, "symlink", message)]
            message = _(
                "is a symbolic link out of the repository; "
                "salescoach reads and writes only real folders"
            )
            return [Diagnostic(rel, 0, 0, "outside-repo", message)]
        if not path.exists():
            return []
    return []


def parse_model(
    data: bytes, rel: str, model: type[M]
) -> tuple[M | None, yamlparse.Node | None, list[Diagnostic]]:
    """Parse one file's bytes once and validate them as ``model``: the model and the node
    tree (for editing or placing a finding) come from the same parse."""
    node, problems = yamlparse.parse_bytes(data, rel)
    if problems:
        return None, None, problems
    value, problems = validate_node(node, rel, model)
    return value, node, problems


def validate_node(
    node: yamlparse.Node | None, rel: str, model: type[M]
) -> tuple[M | None, list[Diagnostic]]:
    """Validate a parsed file as ``model``; an empty file or one that is not a mapping is a
    diagnostic, as is every invalid value (at its line)."""
    if node is None:
        return None, [
            Diagnostic(
                rel,
                1,
                1,
                "empty-file",
                _("file is empty; expected {what}").format(what=_describe(model)),
            )
        ]
    if node.kind != "map":
        kind = _("a list") if node.kind == "seq" else _("a single value")
        return None, [
            Diagnostic(
                rel,
                node.line,
                node.column,
                "not-a-mapping",
                _("expected {what} (keys and values), found {kind}").format(
                    what=_describe(model), kind=kind
                ),
            )
        ]
    try:
        return model.model_validate(node.plain()), []
    except ValidationError as exc:
        return None, validation_diagnostics(exc, node, rel, model)


def read_model(layout: Layout, path: Path, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Read, parse and validate one file."""
    data, problems = read_bytes(layout, path)
    if data is None:
        return None, problems
    value, _node, problems = parse_model(data, layout.rel(path), model)
    return value, problems


def _describe(model: type[BaseModel]) -> str:
    """What a file of ``model`` holds, for 'expected …'."""
    described = MODELS.get(model.__name__)
    return _(described) if described else model.__name__


MODELS = {
    "Settings": N_("the repository settings"),
    "Manager": N_("a manager (name, reps, …)"),
    "Meeting": N_("a meeting (date, status, …)"),
    "FunnelSnapshot": N_("a funnel snapshot (date, reps, …)"),
}
"""What a file of each model holds, in words."""
