"""Texts a user reads in more than one place: the rating scale, the standard hints. One
place, so that a command's help, its error and the agenda say the same thing in the same
words. (Messages used once stay beside the code that raises them.)

The constants are the English texts, marked for the catalog; the functions give them in the
language in use (``i18n``): a constant is read at import time, before the language is chosen.
"""

from __future__ import annotations

from salescoach.i18n import N_, _

SCORE_MEANINGS: dict[int, str] = {
    1: N_("did not reach the goals"),
    2: N_("reached some of the goals"),
    3: N_("reached the goals"),
    4: N_("exceeded the goals"),
}
"""What each rating means (the method's scale, 1 to 4), in English."""

RATING_SCALE = N_("1 (did not reach the goals) to 4 (exceeded them)")
"""The scale in one phrase: 'rate each rep ' + RATING_SCALE."""

RATING_SCALE_FULL = ", ".join(f"{score} = {meaning}" for score, meaning in SCORE_MEANINGS.items())
"""Every score with its meaning, for help texts and refusals."""

HINT_CHECK = N_("fix them and run `salescoach check` to see every problem")


def score_meaning(score: int) -> str:
    """What a rating means, in the language in use: ``3`` → ``reached the goals``."""
    return _(SCORE_MEANINGS[score])


def rating_scale() -> str:
    """``RATING_SCALE`` in the language in use."""
    return _(RATING_SCALE)


def rating_scale_full() -> str:
    """``RATING_SCALE_FULL`` in the language in use."""
    return ", ".join(f"{score} = {score_meaning(score)}" for score in SCORE_MEANINGS)


def hint_check() -> str:
    """``HINT_CHECK`` in the language in use."""
    return _(HINT_CHECK)


def hint_write_agenda(manager_id: str) -> str:
    """How to create the planned 1:1's notes file."""
    return _("create it with `salescoach agenda next {manager} --write`").format(manager=manager_id)


def schedule_next_command(manager_id: str) -> str:
    """The command that shows when a manager's next 1:1 is, for hints: ``see …``."""
    return f"`salescoach schedule next {manager_id}`"


NO_OWNER = N_("(no owner)")
"""How an import stores a row without an owner (``crm.NO_OWNER``): English in the files and in
JSON, shown in the language in use (``owner_shown``)."""


def owner_shown(owner: str) -> str:
    """A CRM owner as a person reads it: a name as written, ``(no owner)`` in the language in
    use (the stored value stays English, so that imports in either language agree)."""
    return _(NO_OWNER) if owner == NO_OWNER else owner
