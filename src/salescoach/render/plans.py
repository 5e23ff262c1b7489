"""The sentences ``plan add`` and ``plan done`` answer with."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.plans import PlanAdded, PlanClosed


def added_text(layout: Layout, added: PlanAdded) -> str:
    """``added #3 (Run the forecast call alone, due 2026-12-15) to anna-kovacs's development
    plan, in managers/anna-kovacs.yaml``."""
    return (
        f"added #{added.number} ({added.what}, due {added.due.isoformat()}) to "
        f"{added.manager_id}'s development plan, in {layout.rel(added.path)}"
    )


def closed_text(layout: Layout, closed: PlanClosed) -> str:
    """``done: #3 (Run the forecast call alone), in managers/anna-kovacs.yaml``; ``was
    already done`` when nothing changed, ``open → dropped`` style when it changed its mind."""
    what = f"#{closed.number} ({closed.what})"
    if not closed.changed:
        return f"{what} was already {closed.status}; nothing changed"
    was = f" (was {closed.old})" if closed.old != "open" else ""
    return f"{closed.status}: {what}{was}, in {layout.rel(closed.path)}"
