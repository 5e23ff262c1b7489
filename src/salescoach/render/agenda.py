"""The agenda of a 1:1 as rich terminal output, as Markdown (GitHub/GitLab) and as JSON data.

All three show the same content in the same order: header, the four topics, the funnel
review when due, then expectations and open actions. The modules: ``agenda_words`` (what
every format says alike), ``agenda_text`` (rich), ``agenda_markdown``, ``agenda_funnel``
(the funnel section) and ``agenda_data`` (JSON).
"""

from __future__ import annotations

from salescoach.render.agenda_data import funnel_data, to_data
from salescoach.render.agenda_markdown import to_markdown
from salescoach.render.agenda_text import NOTES_IN_TABLE_MIN_WIDTH, print_rich, rich_parts

__all__ = [
    "NOTES_IN_TABLE_MIN_WIDTH",
    "funnel_data",
    "print_rich",
    "rich_parts",
    "to_data",
    "to_markdown",
]
