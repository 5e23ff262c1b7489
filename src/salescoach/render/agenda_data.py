"""The agenda as JSON-ready data: every field of ``agenda.Agenda`` (dates as YYYY-MM-DD),
and the funnel section as the team's review exactly as ``funnel review --format json``
gives it (``render.funnel.team_json``) with the agenda's questions and time box, and the
strategies recorded at earlier reviews with each deal's movement (``render.deals``). Keys
follow the vocabulary of every command's JSON (docs/json.md): ``manager`` and ``rep`` are
IDs, ``manager_name`` and ``rep_name`` beside them, score averages have one decimal."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from salescoach.agenda import Agenda, FunnelTopic
from salescoach.render.funnel import team_json
from salescoach.render.ratings import average

RENAMED = {"manager_id": "manager", "rep_id": "rep"}
"""The agenda's field names that the JSON spells as every other command does."""

AVERAGES = frozenset({"average", "team_average"})
"""Fields holding a score average: one decimal, as ``rate show`` gives them."""


def to_data(a: Agenda) -> dict[str, Any]:
    """The agenda as JSON-ready data."""
    data = {k: v for k, v in _plain(a._replace(funnel=None)).items() if k != "funnel"}
    data["funnel"] = funnel_data(a.funnel) if a.funnel is not None else None
    return data


def funnel_data(f: FunnelTopic) -> dict[str, Any]:
    """``{"review": <funnel review's team>, "questions": [...], "minutes": N}``: the review
    (its strategies and changes included) is null when there is no funnel data."""
    return {
        "review": team_json(f.review) if f.review is not None else None,
        "questions": list(f.questions),
        "minutes": f.minutes,
    }


def _plain(value: Any) -> Any:
    """A record (the agenda's named tuples, a dataclass), dict, list or date as JSON-ready
    data, keys as ``json_key`` names them."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        names = list(value._fields)
        return {json_key(n, names): _field(n, getattr(value, n)) for n in names}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value)]
        return {json_key(n, names): _field(n, getattr(value, n)) for n in names}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def json_key(name: str, fields: list[str]) -> str:
    """The JSON key of a field: ``manager_id`` → ``manager``, ``rep_id`` → ``rep``, and the
    ``name`` beside a ``rep_id`` → ``rep_name``."""
    if name == "name" and "rep_id" in fields:
        return "rep_name"
    return RENAMED.get(name, name)


def _field(name: str, value: Any) -> Any:
    """A field's value as data, a score average rounded to one decimal."""
    if name in AVERAGES and isinstance(value, float):
        return average(value)
    return _plain(value)
