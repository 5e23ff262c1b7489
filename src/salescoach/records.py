"""The plain records of CRM imports: a normalised deal and a normalised activity. Named
tuples, not models: an import holds hundreds of thousands of them (``models`` re-exports
them, where they always were)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

WON = "won"
LOST = "lost"
"""The stages of a closed deal in a normalised import (``Deal.stage``)."""


class Deal(NamedTuple):
    """One opportunity of a CRM import, normalised: ``stage`` is one of ``funnel.stages``,
    ``won`` or ``lost``.

    ``rep`` is empty when the CRM owner is no rep; ``amount`` is None when unknown (an open
    deal without a value); ``created`` is None when the CRM has no date (e.g. prospecting);
    ``name`` is the deal's name in the CRM, "" when the export has none (it is last, with a
    default, so that older positional constructions stay valid). A named tuple: imports hold
    hundreds of thousands of them.
    """

    id: str
    rep: str
    owner: str
    stage: str
    amount: float | None
    created: date | None
    closed: date | None
    name: str = ""
    expected: date | None = None
    """An open deal's expected close date (the CRM's close date of a deal not yet closed),
    for the pipeline changes between reviews (a pushed close date); None when unknown."""


ACTIVITY_KINDS = ("call", "meeting", "email", "task", "other")
"""The kinds of a normalised activity (``Activity.kind``)."""


class Activity(NamedTuple):
    """One activity of a CRM activities import, normalised: ``kind`` is one of
    ``ACTIVITY_KINDS``; ``day`` the day it was done (or is due); ``done`` whether it was
    done (an open task or a planned call is not). ``rep`` is empty when the owner is no rep."""

    id: str
    rep: str
    owner: str
    kind: str
    day: date
    done: bool
    subject: str = ""
    deal: str = ""
    """The related deal's ID or name, when the CRM exports it."""
