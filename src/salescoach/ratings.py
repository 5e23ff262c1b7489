"""The reps' 1–4 ratings over recent 1:1s: history, trend, average, team average, flags.

Pure: takes models, does no I/O. ``rate show`` (``ratings_table``) and the agenda's
rep-performance table both use ``rep_history`` and ``team_average``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from salescoach.errors import UsageError
from salescoach.i18n import N_, N_plural, _, ngettext
from salescoach.messages import rating_scale_full
from salescoach.models import SCORES, Manager, Meeting, Rep

DEFAULT_LAST = 6

Trend = Literal["up", "down", "flat"]
Status = Literal["active", "left", "moved"]
TREND_ARROWS: dict[str, str] = {"up": "↑", "down": "↓", "flat": "→"}
_SPARKS = {1: "▁", 2: "▃", 3: "▅", 4: "█"}
SPARK_GAP = "·"

FLAG_ONE_TWICE = N_("rated 1 at two meetings in a row")
FLAG_FELL = N_plural(
    "fell by {drop} point since the meeting before",
    "fell by {drop} points since the meeting before",
)


def parse_score(text: str) -> int:
    """A score given on the command line as text: exactly one of 1, 2, 3, 4."""
    cleaned = text.strip()
    if cleaned in {str(s) for s in SCORES}:
        return int(cleaned)
    raise UsageError(
        _("'{text}' is not a rating; a rating is a whole number from 1 to 4").format(text=text),
        hint=_("use {scale}").format(scale=rating_scale_full()),
    )


@dataclass(frozen=True)
class RepHistory:
    """One rep's ratings at the meetings shown (oldest first), and what they add up to."""

    rep: str
    name: str
    scores: dict[date, int | None]
    """Every shown meeting's date, with the rep's score or None when not rated there."""
    notes: dict[date, str] = field(default_factory=dict)
    trend: Trend | None = None
    average: float | None = None
    flags: list[str] = field(default_factory=list)
    status: Status = "active"
    """``left`` / ``moved`` for a rep no longer in this team (their old scores stay shown)."""
    left: date | None = None
    moved_to: str | None = None

    @property
    def mark(self) -> str:
        """``left 2026-11-24`` / ``moved to gabor-szabo 2026-11-24``; "" for a rep in the team."""
        when = self.left.isoformat() if self.left else ""
        if self.status == "moved":
            return _("moved to {team} {day}").format(team=self.moved_to, day=when)
        return _("left {day}").format(day=when) if self.status == "left" else ""

    @property
    def rated(self) -> list[int]:
        return [s for s in self.scores.values() if s is not None]

    @property
    def latest(self) -> int | None:
        rated = self.rated
        return rated[-1] if rated else None

    @property
    def arrow(self) -> str:
        return TREND_ARROWS[self.trend] if self.trend else ""

    @property
    def sparkline(self) -> str:
        return "".join(_SPARKS[s] if s is not None else SPARK_GAP for s in self.scores.values())


def rated_meetings(meetings: Iterable[Meeting], last: int = DEFAULT_LAST) -> list[Meeting]:
    """The latest ``last`` meetings at which at least one rep was rated, oldest first."""
    rated = sorted((m for m in meetings if m.scores), key=lambda m: m.date)
    return rated[-last:] if last > 0 else []


def trend(scores: Sequence[int]) -> Trend | None:
    """The direction of the latest rating against the one before; None with fewer than two."""
    if len(scores) < 2:
        return None
    if scores[-1] > scores[-2]:
        return "up"
    if scores[-1] < scores[-2]:
        return "down"
    return "flat"


def average(scores: Sequence[int]) -> float | None:
    return sum(scores) / len(scores) if scores else None


def flags(scores: Sequence[int]) -> list[str]:
    """Warnings about a rep's latest ratings: 1 twice in a row, or a fall of 2 or more."""
    out: list[str] = []
    if len(scores) >= 2 and scores[-1] == 1 and scores[-2] == 1:
        out.append(_(FLAG_ONE_TWICE))
    if len(scores) >= 2 and scores[-2] - scores[-1] >= 2:
        drop = scores[-2] - scores[-1]
        out.append(ngettext(*FLAG_FELL, drop).format(drop=drop))
    return out


def team_average(meeting: Meeting) -> float | None:
    """The mean score of the reps rated at ``meeting``; None when nobody was rated."""
    return average(list(meeting.scores.values()))


def rep_history(
    manager: Manager,
    meetings: Iterable[Meeting],
    last: int = DEFAULT_LAST,
    *,
    on: date | None = None,
) -> list[RepHistory]:
    """The reps of ``manager`` in the team at any of the latest ``last`` rated meetings or
    on ``on`` (in the manager file's order, then anyone else rated there) with their scores
    at those meetings, and a mark for a rep who has left or moved (as of ``on``)."""
    shown = rated_meetings(meetings, last)
    days = [m.date for m in shown] + ([on] if on is not None else [])
    names = {r.id: r.name for r in manager.reps}
    order = [
        rep
        for rep in manager.rep_ids
        if not days or any(manager.rep_on(rep, d) is not None for d in days)
    ]
    for meeting in shown:
        order += [rep for rep in meeting.scores if rep not in order]
    return [_history(rep, names.get(rep, rep), shown, manager.rep(rep), on) for rep in order]


def _history(
    rep: str, name: str, shown: Sequence[Meeting], entry: Rep | None, on: date | None
) -> RepHistory:
    """One rep's scores and notes at the meetings ``shown``, with what they add up to."""
    scores: dict[date, int | None] = {}
    notes: dict[date, str] = {}
    for meeting in shown:
        scores[meeting.date] = meeting.scores.get(rep)
        rating = meeting.ratings.get(rep)
        if rating is not None and rating.note:
            notes[meeting.date] = rating.note
    rated = [s for s in scores.values() if s is not None]
    gone = entry is not None and entry.left is not None and (on is None or entry.left <= on)
    return RepHistory(
        rep=rep,
        name=name,
        scores=scores,
        notes=notes,
        trend=trend(rated),
        average=average(rated),
        flags=flags(rated),
        status=("moved" if entry.moved_to else "left") if gone and entry else "active",
        left=entry.left if gone and entry else None,
        moved_to=entry.moved_to if gone and entry else None,
    )


def team_history(
    manager: Manager, meetings: Iterable[Meeting], day: date, last: int = DEFAULT_LAST
) -> list[RepHistory]:
    """The histories of the reps in the team on ``day`` only (the agenda of that day's 1:1)."""
    return [
        h
        for h in rep_history(manager, meetings, last, on=day)
        if manager.rep_on(h.rep, day) is not None
    ]


@dataclass(frozen=True)
class RatingsTable:
    """One manager's ratings table: the meetings shown (oldest first), each rep's history,
    and the team average at each meeting."""

    manager: Manager
    dates: list[date]
    reps: list[RepHistory]
    team: dict[date, float | None]


def ratings_table(
    manager: Manager,
    meetings: Iterable[Meeting],
    last: int = DEFAULT_LAST,
    rep: str | None = None,
    *,
    on: date | None = None,
) -> RatingsTable:
    """``manager``'s reps × the latest ``last`` rated meetings (only ``rep`` when given):
    the reps in the team at any of them or on ``on`` (today), marked if gone by then."""
    shown = rated_meetings(meetings, last)
    histories = rep_history(manager, shown, last, on=on)
    if rep is not None:
        histories = [h for h in histories if h.rep == rep]
    return RatingsTable(
        manager=manager,
        dates=[m.date for m in shown],
        reps=histories,
        team={m.date: team_average(m) for m in shown},
    )


def choose_meeting(
    meetings: Iterable[Meeting], *, today: date, on: date | None = None
) -> Meeting | None:
    """The meeting a rating goes to: the one dated ``on``, else today's, else the latest
    planned one."""
    listed = sorted(meetings, key=lambda m: m.date)
    if on is not None:
        return next((m for m in listed if m.date == on), None)
    todays = next((m for m in listed if m.date == today), None)
    if todays is not None:
        return todays
    planned = [m for m in listed if m.status == "planned"]
    return planned[-1] if planned else None
