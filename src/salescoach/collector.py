"""The cyclic garbage collector paused while a command builds many objects that hold no cycles
or live until the process ends (an import's deals, a repository's models, an agenda's modules):
each collection would walk them again. One context manager for every such place."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off for the block, then as it was (left off if it was off before)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
