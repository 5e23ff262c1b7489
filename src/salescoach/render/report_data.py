"""The report's data as the JSON of the commands it comes from: each part is what
``salescoach <command> --format json`` prints, made by the same render functions, with the
command line that prints it (``report_html.Source``). The page and its charts are drawn
from these only, so a number in the report is a number of some command's JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salescoach.render.funnel_json import review_json
from salescoach.render.goals import goals_dict
from salescoach.render.ratings import as_json
from salescoach.render.report_html import Source
from salescoach.render.schedule import next_meeting_dict, schedule_rows
from salescoach.render.scorecard import scorecard_dict
from salescoach.textsafe import one_line
from salescoach.usecases.report import ReportData


@dataclass(frozen=True)
class ReportSources:
    """The JSON of every command the report shows, and what the page says about itself."""

    data: ReportData
    ratings: Source
    funnel: Source | None
    scorecard: Source
    goals: list[Source]
    schedule: Source
    """``schedule`` (a list) or ``schedule next MANAGER`` (one object; ``schedule_rows``
    gives it as a list of one, with its pointer prefix in ``schedule_path``)."""

    def schedule_path(self, index: int) -> list[str | int]:
        """The pointer prefix of the ``index``-th entry of the schedule."""
        return [] if self.data.manager is not None else [index]

    def schedule_entries(self) -> list[dict[str, object]]:
        """The schedule's entries, one per manager, in the command's order."""
        found = self.schedule.data
        if found is None:
            return []
        return [found] if isinstance(found, dict) else list(found)


def shown(value: Any) -> Any:
    """The JSON with every text as it may be shown (``textsafe.one_line``: a control reads as
    its escape; a chart's SVG cannot hold one): numbers, keys and structure as they were."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, list):
        return [shown(v) for v in value]
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items()}
    return value


def _source(command: str, data: Any) -> Source:
    """A command's JSON, its texts made safe to show."""
    return Source(command, shown(data))


def command(*words: str | None) -> str:
    """The command line that prints a part (after ``salescoach``): its words, None left out."""
    return " ".join(w for w in words if w is not None)


def report_sources(data: ReportData) -> ReportSources:
    """Every part of ``data`` as its command's JSON."""
    one = data.manager.id if data.manager is not None else None
    since = ("--since", data.since.isoformat()) if data.since is not None else (None, None)
    if data.manager is None:
        schedule = _source("schedule", schedule_rows(data.schedule, data.today))
    else:
        found = data.schedule[0] if data.schedule else None
        json = next_meeting_dict(*found, data.today) if found else None
        schedule = _source(command("schedule", "next", one), json)
    funnel = data.funnel
    return ReportSources(
        data=data,
        ratings=_source(command("rate", "show", one), as_json(data.ratings)),
        funnel=(
            _source(command("funnel", "review", one, *since), review_json(funnel))
            if funnel is not None
            else None
        ),
        scorecard=_source(command("coach", "scorecard", *since), scorecard_dict(data.scorecard)),
        goals=[_source(command("goals", h.manager_id, *since), goals_dict(h)) for h in data.goals],
        schedule=schedule,
    )
