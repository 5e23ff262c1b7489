"""The lean summaries whole-repo work keeps of meetings and funnel snapshots, and their
compact encoding for the cache (``store.cache``), decoded with every value checked again.

A summary keeps what the cross-file checks and reports use and drops the free text, which
keeps ``load_repo`` under 250 MB for 40,000 meetings (docs/performance.md). Pure: no files.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel

from salescoach.models import (
    RESULTS,
    FunnelSnapshot,
    Goal,
    Meeting,
    OpenDeal,
    Period,
    Rating,
    RepFunnel,
    is_slug,
)
from salescoach.store.layout import DATE_FILE

M = TypeVar("M", bound=BaseModel)


def _construct(cls: type[M], fields_set: set[str], **values: Any) -> M:
    """``cls.model_construct(fields_set, **values)`` for ``values`` that name every field in
    order, without pydantic's per-field loop (and default factories, which it inspects on
    each call): a warm ``check`` of 40,000 meetings builds 345,000 of these."""
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    private = cls.__private_attributes__
    _set(model, "__pydantic_private__", {k: a.default for k, a in private.items()} or None)
    return model


_set = object.__setattr__


def meeting_summary(meeting: Meeting) -> Meeting:
    """What whole-repo work keeps of a meeting: every field but the free text and actions.

    Kept: date, status, moved_from, moved_because, funnel_review, minutes, the ratings'
    scores and the goals' rep, due and result. Dropped (empty): notes, routine,
    own_performance, expectations, actions, rating notes and goal texts. This keeps
    ``load_repo`` under 250 MB for 40,000 meetings (docs/performance.md); a command that needs
    a whole meeting reads it with ``load_meeting`` / ``load_recent_meetings``.
    """
    slim = _construct(
        Meeting,
        _ALL_MEETING_FIELDS,
        date=meeting.date,
        status=_intern(meeting.status),
        moved_from=meeting.moved_from,
        moved_because=meeting.moved_because,
        funnel_review=meeting.funnel_review,
        minutes=meeting.minutes,
        routine=None,
        ratings=_shared_ratings(meeting.ratings),
        goals=[
            _construct(
                Goal,
                _ALL_GOAL_FIELDS,
                rep=_intern(g.rep),
                goal="",
                manager_help="",
                due=g.due,
                result=g.result,
            )
            for g in meeting.goals
        ],
        own_performance=None,
        expectations=None,
        actions=[],
        notes="",
    )
    slim._manager = meeting._manager
    return slim


def _shared_ratings(ratings: dict[str, Rating | None]) -> dict[str, Rating | None]:
    """The ratings with their notes dropped, sharing one ``Rating`` per score (memory)."""
    return {
        _intern(rep): None if r is None else _SHARED_RATINGS.get(r.score) or Rating(score=r.score)
        for rep, r in ratings.items()
    }


_intern = sys.intern
"""Rep IDs, stage names and statuses recur in every file: one string object for each (the
parser makes a new one per occurrence, about 50 MB over 40,000 meetings)."""


_SHARED_RATINGS: dict[int | None, Rating] = {s: Rating(score=s) for s in (None, 1, 2, 3, 4)}
# one shared set of every field name instead of a new set per object (adding a name that is
# already in it, as assigning a field does, changes nothing)
_ALL_MEETING_FIELDS = set(Meeting.model_fields)
_ALL_GOAL_FIELDS = set(Goal.model_fields)
_ALL_SNAPSHOT_FIELDS = set(FunnelSnapshot.model_fields)
_ALL_REP_FUNNEL_FIELDS = set(RepFunnel.model_fields)
_ALL_DEAL_FIELDS = set(OpenDeal.model_fields)


def encode_summary(meeting: Meeting) -> list[Any]:
    """A ``meeting_summary`` as compact JSON-ready data for the cache (``decode_summary``)."""
    return [
        meeting.date.isoformat(),
        meeting.status,
        meeting.moved_from.isoformat() if meeting.moved_from else None,
        meeting.moved_because,
        meeting.funnel_review,
        meeting.minutes,
        [[rep, 0 if r is None else r.score] for rep, r in meeting.ratings.items()],
        [[g.rep, g.due.isoformat() if g.due else None, g.result] for g in meeting.goals],
    ]


def decode_summary(data: list[Any]) -> Meeting:
    """``encode_summary``'s data back into a summary, checking every value as the model
    would (the cache is never trusted); ValueError or TypeError on anything else."""
    day, status, moved_from, moved_because, funnel_review, minutes, ratings, goals = data
    if status not in ("planned", "held") or type(funnel_review) is not bool:
        raise ValueError("bad meeting summary")
    if not (minutes is None or (type(minutes) is int and 15 <= minutes <= 480)):
        raise ValueError("bad minutes")
    if not (moved_because is None or isinstance(moved_because, str)):
        raise ValueError("bad moved_because")
    shared: dict[str, Rating | None] = {}
    for rep, score in ratings:
        if not (_cached_slug(rep) and type(score) in (int, type(None))):
            raise ValueError("bad rating")
        shared[_intern(rep)] = None if score == 0 else _SHARED_RATINGS[score]  # KeyError: not 1-4
    goal_list = []
    for rep, due, result in goals:
        if not (_cached_slug(rep) and result in (None, *RESULTS)):
            raise ValueError("bad goal")
        goal_list.append(
            _construct(
                Goal,
                _ALL_GOAL_FIELDS,
                rep=_intern(rep),
                goal="",
                manager_help="",
                due=_day_or_none(due),
                result=result,
            )
        )
    return _construct(
        Meeting,
        _ALL_MEETING_FIELDS,
        date=_day_or_none(day) or _bad("date"),
        status=_intern(status),
        moved_from=_day_or_none(moved_from),
        moved_because=moved_because,
        funnel_review=funnel_review,
        minutes=minutes,
        routine=None,
        ratings=shared,
        goals=goal_list,
        own_performance=None,
        expectations=None,
        actions=[],
        notes="",
    )


def snapshot_summary(snapshot: FunnelSnapshot) -> FunnelSnapshot:
    """What whole-repo work keeps of a funnel snapshot: the numbers, without deal names."""
    return _construct(
        FunnelSnapshot,
        _ALL_SNAPSHOT_FIELDS,
        date=snapshot.date,
        period=snapshot.period,
        reps={
            _intern(rep): _construct(
                RepFunnel,
                _ALL_REP_FUNNEL_FIELDS,
                calls=f.calls,
                stages={_intern(k): v for k, v in f.stages.items()},
                won_value=f.won_value,
                lost=f.lost,
                open_deals=[
                    _construct(
                        OpenDeal,
                        _ALL_DEAL_FIELDS,
                        name="",
                        amount=d.amount,
                        stage=d.stage if d.stage is None else _intern(d.stage),
                        since=d.since,
                    )
                    for d in f.open_deals
                ],
            )
            for rep, f in snapshot.reps.items()
        },
    )


def encode_snapshot(snapshot: FunnelSnapshot) -> list[Any]:
    """A ``snapshot_summary`` as compact JSON-ready data for the cache."""
    period = snapshot.period
    return [
        snapshot.date.isoformat(),
        [period.from_.isoformat(), period.to.isoformat()] if period else None,
        [
            [
                rep,
                f.calls,
                list(f.stages.items()),
                f.won_value,
                f.lost,
                [
                    [d.amount, d.stage, d.since.isoformat() if d.since else None]
                    for d in f.open_deals
                ],
            ]
            for rep, f in snapshot.reps.items()
        ],
    ]


def decode_snapshot(data: list[Any]) -> FunnelSnapshot:
    """``encode_snapshot``'s data back, every value checked; ValueError on anything else."""
    day, period, reps = data
    out: dict[str, RepFunnel] = {}
    for rep, calls, stages, won_value, lost, deals in reps:
        if not _cached_slug(rep):
            raise ValueError("bad rep")
        _count_or_none(calls)
        _count_or_none(lost)
        _amount(won_value, none_ok=True)
        counts = {}
        for stage, count in stages:
            if not _cached_slug(stage) or _count_or_none(count) is None:
                raise ValueError("bad stage")
            counts[_intern(stage)] = count
        open_deals = []
        for amount, stage, since in deals:
            if not (stage is None or _cached_slug(stage)):
                raise ValueError("bad deal stage")
            open_deals.append(
                _construct(
                    OpenDeal,
                    _ALL_DEAL_FIELDS,
                    name="",
                    amount=_amount(amount, none_ok=False),
                    stage=stage if stage is None else _intern(stage),
                    since=_day_or_none(since),
                )
            )
        out[_intern(rep)] = _construct(
            RepFunnel,
            _ALL_REP_FUNNEL_FIELDS,
            calls=calls,
            stages=counts,
            won_value=won_value,
            lost=lost,
            open_deals=open_deals,
        )
    return _construct(
        FunnelSnapshot,
        _ALL_SNAPSHOT_FIELDS,
        date=_day_or_none(day) or _bad("date"),
        period=None
        if period is None
        else Period.model_validate(
            {"from": _day_or_none(period[0]), "to": _day_or_none(period[1])}
        ),
        reps=out,
    )


def _count_or_none(value: Any) -> int | None:
    if value is None or (type(value) is int and value >= 0):
        return value
    raise ValueError("bad count")


def _amount(value: Any, *, none_ok: bool) -> Any:
    if (value is None and none_ok) or (type(value) in (int, float) and value >= 0):
        return value
    raise ValueError("bad amount")


def _cached_slug(value: Any) -> bool:
    """``is_slug`` for values from the cache, remembering the valid ones (the same few
    hundred rep IDs and stages come back a million times in a large repository)."""
    if value in _SLUGS_SEEN:
        return True
    if isinstance(value, str) and is_slug(value):
        _SLUGS_SEEN.add(value)
        return True
    return False


_SLUGS_SEEN: set[str] = set()


def _day_or_none(text: Any) -> date | None:
    if text is None:
        return None
    day = _DAYS.get(text)
    if day is None:
        if not (isinstance(text, str) and DATE_FILE.match(text + ".yaml")):
            raise ValueError("bad date")
        day = _DAYS[text] = date.fromisoformat(text)
    return day


_DAYS: dict[str, date] = {}
"""One date object per day read from the cache (ten years are 3,650 of them)."""


def _bad(what: str) -> Any:
    raise ValueError(f"bad {what}")
