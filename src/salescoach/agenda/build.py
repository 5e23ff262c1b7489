"""Building the agenda of the next 1:1: the header from ``cadence``'s next meeting, the time
boxes, every topic from the earlier meetings, and the funnel section when the review is due
(a view of the review the use case passes in). Pure: ``today`` is passed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from salescoach.agenda.funnel_section import FUNNEL_TITLE, funnel_topic
from salescoach.agenda.parts import Agenda, TimeBox
from salescoach.agenda.topics import (
    expectations_topic,
    goals_topic,
    open_actions,
    own_topic,
    rep_topic,
    routine_topic,
)
from salescoach.cadence import NextMeeting, last_funnel_review
from salescoach.i18n import N_, _
from salescoach.models import DEFAULT_PROMPTS, Manager, Meeting, Settings, Style
from salescoach.style import suggest_style

if TYPE_CHECKING:  # the review's modules load only when a review is due
    from salescoach.funnel import TeamReview

TOPICS: tuple[tuple[str, str, int], ...] = (
    ("routine", N_("1. The manager's routine"), 2),
    ("reps", N_("2. Rep performance"), 4),
    ("goals", N_("3. Goals for the next 30 days"), 3),
    ("own", N_("4. The manager's own performance"), 2),
    ("wrap_up", N_("Expectations and actions"), 1),
)
"""The topics in order, with their share of a regular 1:1 (in twelfths: 10/20/15/10/5 of 60)."""


def build_agenda(
    manager: Manager,
    meetings: Sequence[Meeting],
    settings: Settings,
    next_meeting: NextMeeting,
    today: dt.date,
    *,
    review: TeamReview | None = None,
) -> Agenda:
    """The agenda of ``next_meeting`` with ``manager``.

    ``meetings`` are the manager's recent meetings (any order); only those before the next
    meeting's date are carried over. ``review`` is the team's funnel review for this 1:1
    (``usecases.funnel.team_review_for_meeting``), shown only when the review is due; None
    there means there is no funnel data yet.
    """
    day = next_meeting.date
    earlier = sorted((m for m in meetings if m.date < day), key=lambda m: m.date)
    boxes = timeboxes(
        next_meeting.minutes, settings.meeting_minutes, funnel_review=next_meeting.funnel_review
    )
    suggestion = suggest_style(manager, earlier, settings, today)
    funnel = None
    if next_meeting.funnel_review:
        funnel = funnel_topic(
            review,
            minutes=next((b.minutes for b in boxes if b.key == "funnel"), 0),
            last_review=last_funnel_review(earlier),
            large_deal=settings.funnel.large_deal,
        )
    return Agenda(
        manager_id=manager.id,
        manager_name=manager.name,
        organisation=settings.organisation,
        coach_name=settings.coach.name if settings.coach else _("the coach"),
        today=today,
        date=day,
        due=next_meeting.due,
        every_days=next_meeting.every_days,
        reason=next_meeting.reason,
        last_held=next_meeting.last_held,
        overdue_days=next_meeting.overdue_days,
        moved_from=next_meeting.moved_from,
        moved_because=next_meeting.moved_because,
        planned=next_meeting.planned,
        minutes=next_meeting.minutes,
        funnel_review=next_meeting.funnel_review,
        funnel_review_due=next_meeting.funnel_review_due,
        style=manager.style,
        style_prompts=style_prompts(settings, manager.style),
        suggested_style=suggestion.style,
        style_reason=suggestion.reason,
        training_needs=list(manager.training_needs),
        timeboxes=boxes,
        routine=routine_topic(earlier),
        reps=rep_topic(manager, earlier, on=day),
        goals=goals_topic(manager, earlier, day),
        own=own_topic(earlier, today, manager.development_plan),
        expectations=expectations_topic(earlier),
        actions=open_actions([*earlier, *_planned_on(meetings, day)], today),
        funnel=funnel,
    )


def style_prompts(settings: Settings, style: Style) -> list[str]:
    """The style's first three prompts: the repository's own as written, else the built-in
    ones in the language in use."""
    own = settings.coaching_prompts.get(style)
    return list(own[:3]) if own else [_(p) for p in DEFAULT_PROMPTS[style][:3]]


def _planned_on(meetings: Sequence[Meeting], day: dt.date) -> list[Meeting]:
    """The planned file of the 1:1 itself: actions added to it (``action add``) are on its
    agenda too."""
    return [m for m in meetings if m.date == day and m.status == "planned"]


def timeboxes(minutes: int, regular_minutes: int, *, funnel_review: bool) -> list[TimeBox]:
    """Split the meeting's minutes over the topics (10/20/15/10/5 of 60); a funnel review
    takes what the longer meeting adds (30 of 90), or a third if the meeting is not longer."""
    funnel = 0
    if funnel_review:
        funnel = minutes - regular_minutes if minutes > regular_minutes else minutes // 3
    regular = minutes - funnel
    total_weight = sum(w for _k, _t, w in TOPICS)
    boxes = [TimeBox(key, title, regular * w // total_weight) for key, title, w in TOPICS]
    spare = regular - sum(b.minutes for b in boxes)
    boxes[1] = TimeBox(boxes[1].key, boxes[1].title, boxes[1].minutes + spare)
    if funnel_review:
        boxes.insert(4, TimeBox("funnel", FUNNEL_TITLE, funnel))
    return boxes
