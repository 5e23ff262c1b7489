"""What every command gets from the global options: the repository and today's date (the
language is ``i18n``'s: ``--lang``, else the repository's ``language:``, else the locale)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from salescoach.store import Layout

from salescoach import i18n
from salescoach.errors import UsageError, shown


@dataclass
class State:
    """The global options, shared with every command through ``ctx.obj``."""

    repo_arg: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)
    debug: bool = False

    def layout(self) -> Layout:
        """The repository's layout (found lazily: `init` and `schema` need none)."""
        from salescoach.store import Layout, find_root

        return Layout(find_root(self.repo_arg))


def state(ctx: typer.Context) -> State:
    """The global state of the running command (defaults when run without the callback)."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State(today=dt.date.today())
    return root.obj


def parse_date(value: str, option: str) -> dt.date:
    """A YYYY-MM-DD date from the command line, or a clear usage error."""
    try:
        if len(value) != 10:
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            i18n._("{option} takes a date as YYYY-MM-DD, got '{value}'").format(
                option=option, value=shown(value)
            )
        ) from None
    from salescoach.store import require_day

    return require_day(day, option)  # within the years the tool reasons about
