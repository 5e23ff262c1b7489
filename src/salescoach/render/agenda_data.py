"""The agenda as JSON-ready data: every field of ``agenda.Agenda`` (dates as YYYY-MM-DD),
and the funnel section as the team's review exactly as ``funnel review --format json``
gives it (``render.funnel.team_json``) with the agenda's questions and time box, and the
strategies recorded at earlier reviews with each deal's movement (``render.deals``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from salescoach.agenda import Agenda, FunnelTopic
from salescoach.render.funnel import team_json


def to_data(a: Agenda) -> dict[str, Any]:
    """The agenda as JSON-ready data."""
    data: dict[str, Any] = {
        f.name: _plain(getattr(a, f.name)) for f in dataclasses.fields(a) if f.name != "funnel"
    }
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
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
