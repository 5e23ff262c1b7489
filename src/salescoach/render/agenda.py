"""The agenda of a 1:1 as rich terminal output, as Markdown (GitHub/GitLab) and as JSON data.

All three show the same content in the same order: header, the four topics, the funnel
review when due, then expectations and open actions. The modules: ``agenda_words`` (what
every format says alike), ``agenda_text`` (rich), ``agenda_markdown``, ``agenda_funnel``
(the funnel section) and ``agenda_data`` (JSON). Each is imported when its name is first
used (``agenda next`` in the terminal never loads the JSON and Markdown renderers).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from salescoach.render.agenda_data import funnel_data, to_data
    from salescoach.render.agenda_markdown import to_markdown
    from salescoach.render.agenda_text import NOTES_IN_TABLE_MIN_WIDTH, print_rich, rich_parts

_HOMES = {
    "NOTES_IN_TABLE_MIN_WIDTH": "agenda_text",
    "print_rich": "agenda_text",
    "rich_parts": "agenda_text",
    "funnel_data": "agenda_data",
    "to_data": "agenda_data",
    "to_markdown": "agenda_markdown",
}
"""Where each name lives, under ``salescoach.render``."""

__all__ = [
    "NOTES_IN_TABLE_MIN_WIDTH",
    "funnel_data",
    "print_rich",
    "rich_parts",
    "to_data",
    "to_markdown",
]


def __getattr__(name: str) -> Any:
    """Import a renderer when one of its names is first used (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(name)
    value = getattr(import_module(f"salescoach.render.{home}"), name)
    globals()[name] = value
    return value
