"""The sentences ``plan add`` and ``plan done`` answer with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salescoach.i18n import N_, _

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.plans import PlanAdded, PlanClosed


def added_text(layout: Layout, added: PlanAdded) -> str:
    """``added #3 (Run the forecast call alone, due 2026-12-15) to anna-kovacs's development
    plan, in managers/anna-kovacs.yaml``."""
    return _(
        "added #{number} ({what}, due {due}) to {manager}'s development plan, in {path}"
    ).format(
        number=added.number,
        what=added.what,
        due=added.due.isoformat(),
        manager=added.manager_id,
        path=layout.rel(added.path),
    )


def closed_text(layout: Layout, closed: PlanClosed) -> str:
    """``done: #3 (Run the forecast call alone), in managers/anna-kovacs.yaml``; ``was
    already done`` when nothing changed, ``open → dropped`` style when it changed its mind."""
    what = f"#{closed.number} ({closed.what})"
    status = status_word(closed.status)
    if not closed.changed:
        return _("{what} was already {status}; nothing changed").format(what=what, status=status)
    path = layout.rel(closed.path)
    if closed.old != "open":
        return _("{status}: {what} (was {old}), in {path}").format(
            status=status, what=what, old=status_word(closed.old), path=path
        )
    return _("{status}: {what}, in {path}").format(status=status, what=what, path=path)


STATUSES = {"open": N_("open"), "done": N_("done"), "dropped": N_("dropped")}
"""A plan item's status as the sentences say it (the file keeps the English code)."""


def status_word(code: str) -> str:
    """``done`` in the language in use."""
    return _(STATUSES.get(code, code))
