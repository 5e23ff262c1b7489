"""Texts a user reads in more than one place: the rating scale, the standard hints. One
place, so that a command's help, its error and the agenda say the same thing in the same
words. (Messages used once stay beside the code that raises them.)
"""

from __future__ import annotations

SCORE_MEANINGS: dict[int, str] = {
    1: "did not reach the goals",
    2: "reached some of the goals",
    3: "reached the goals",
    4: "exceeded the goals",
}
"""What each rating means (the method's scale, 1 to 4)."""

RATING_SCALE = "1 (did not reach the goals) to 4 (exceeded them)"
"""The scale in one phrase: 'rate each rep ' + RATING_SCALE."""

RATING_SCALE_FULL = ", ".join(f"{score} = {meaning}" for score, meaning in SCORE_MEANINGS.items())
"""Every score with its meaning, for help texts and refusals."""

HINT_CHECK = "fix them and run `salescoach check` to see every problem"


def hint_write_agenda(manager_id: str) -> str:
    """How to create the planned 1:1's notes file."""
    return f"create it with `salescoach agenda next {manager_id} --write`"


def schedule_next_command(manager_id: str) -> str:
    """The command that shows when a manager's next 1:1 is, for hints: ``see …``."""
    return f"`salescoach schedule next {manager_id}`"
