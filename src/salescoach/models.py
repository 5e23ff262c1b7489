"""The data model of a salescoach repository: one pydantic model per file kind.

No I/O here. Every model forbids unknown keys; only a few keys are required, everything
else has a default, so a minimal hand-written file is valid. See ``docs/format.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    model_validator,
)

from salescoach.diagnostics import Diagnostic
from salescoach.i18n import N_, _
from salescoach.records import ACTIVITY_KINDS as ACTIVITY_KINDS
from salescoach.records import LOST as LOST
from salescoach.records import WON as WON
from salescoach.records import Activity as Activity
from salescoach.records import Deal as Deal

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SLUG_MAX = 64
_SLUG = re.compile(SLUG_PATTERN)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RESULTS = ("met", "partly", "missed")
SCORES = (1, 2, 3, 4)

Level = Literal["new", "developing", "experienced"]
Style = Literal["directing", "coaching", "supporting", "delegating"]
GoalResult = Literal["met", "partly", "missed"]
HelpDelivered = Literal["yes", "partly", "no"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WORKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


def brief(value: Any, limit: int = 40) -> str:
    """``value`` as text for a message, cut short: a 300-character value would bury it."""
    text = str(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def is_slug(value: str) -> bool:
    """Whether ``value`` is a valid ID: lowercase letters, digits and '-', at most 64 long."""
    return len(value) <= SLUG_MAX and bool(_SLUG.match(value))


def _slug(value: Any) -> Any:
    if isinstance(value, str) and not is_slug(value):
        raise ValueError(
            _(
                "'{value}' is not a valid ID: use lowercase letters, digits and '-', "
                "starting with a letter or digit, at most {most} characters"
            ).format(value=brief(value), most=SLUG_MAX)
        )
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(_("'{value}' is not a real date").format(value=value)) from None
    shown = repr(brief(value)) if isinstance(value, str) else brief(value)
    raise ValueError(_("expected a date written as YYYY-MM-DD, got {value}").format(value=shown))


def _text(value: Any) -> Any:
    """Text fields take what YAML read as a number as its text; a bare true/false is refused."""
    if isinstance(value, bool):
        said = _("expected text, got the boolean {value}; put it in quotes if it is text")
        raise ValueError(said.format(value=str(value).lower()))
    if isinstance(value, int | float):
        return str(value)
    return value


def _timezone(value: str) -> str:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        said = _("'{value}' is not a known time zone; use an IANA name such as Europe/Budapest")
        raise ValueError(said.format(value=value)) from None
    return value


def _digits_as_id(value: Any) -> Any:
    """An ID of digits (``id: 2024``) was read as a number; it means the ID '2024'."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    return value


Slug = Annotated[
    str,
    Field(strict=True, json_schema_extra={"pattern": SLUG_PATTERN}),
    BeforeValidator(_digits_as_id),
    AfterValidator(_slug),
]
Day = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[str, BeforeValidator(_text)]
Score = Annotated[StrictInt, Field(ge=1, le=4)]
Count = Annotated[StrictInt, Field(ge=0)]
Amount = Annotated[StrictInt | StrictFloat, Field(ge=0)]
Hours = Annotated[StrictInt | StrictFloat, Field(ge=0, le=168)]


# Empty defaults are ``lambda: []``, not ``list``: pydantic reads a default factory's signature,
# and a builtin's is parsed from its text signature (~2 ms of each import; issue 18).
class Model(BaseModel):
    """Base of every file model: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# ---------------------------------------------------------------- salescoach.yaml


class Coach(Model):
    id: Slug
    name: Text


class CalendarSettings(Model):
    workdays: list[Weekday] = Field(default_factory=lambda: list(_WORKDAYS))
    holidays: Annotated[str, Field(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")] | None = None
    meeting_time: Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")] = "09:00"
    """When 1:1s start in the exported calendar (HH:MM, 24-hour clock)."""
    timezone: Annotated[str, AfterValidator(_timezone)] | None = None
    """IANA time zone of ``meeting_time`` (e.g. Europe/Budapest); none: the system's."""


class CadenceSettings(Model):
    new: Annotated[StrictInt, Field(ge=1, le=90)] = 7
    developing: Annotated[StrictInt, Field(ge=1, le=90)] = 7
    experienced: Annotated[StrictInt, Field(ge=1, le=90)] = 14
    new_for_months: Annotated[StrictInt, Field(ge=0, le=120)] = 6
    weekly_below: Annotated[StrictInt | StrictFloat, Field(ge=1, le=4)] = 2.5
    """Meet weekly while the team's average rating at the last rated meeting is below this."""
    grace_workdays: Annotated[StrictInt, Field(ge=0, le=30)] = 3
    """A gap longer than the interval plus this many working days is a skipped meeting."""


class FunnelSettings(Model):
    sales_cycle_days: Annotated[StrictInt, Field(ge=1, le=730)] | None = None
    review_weeks: Annotated[
        list[Annotated[StrictInt, Field(ge=1, le=52)]], Field(min_length=2, max_length=2)
    ] = Field(default_factory=lambda: [6, 8])
    meeting_minutes: Annotated[StrictInt, Field(ge=15, le=480)] = 90
    stages: Annotated[list[Slug], Field(min_length=2)] = Field(
        default_factory=lambda: ["prospects", "meetings", "proposals", "won"]
    )
    large_deal: Amount = 50000
    stalled_after_days: Annotated[StrictInt, Field(ge=1, le=3650)] = 30
    stage_map: dict[str, str] = Field(default_factory=lambda: {})
    """CRM stage names mapped to a stage of ``stages``, or to ``won`` / ``lost``."""
    lost_stage: Slug | None = None
    """The stage a lost deal of a CRM import is counted as having reached (default: the first)."""
    ignore_owners: list[Text] = Field(default_factory=lambda: [])
    """CRM owners (names or e-mail addresses) who are no rep and are not reported: former reps,
    system users; matched as loosely as owners are matched to reps."""
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    """The repository's currency (an ISO code: HUF, EUR): imports in another are converted
    with ``--rate`` or refused; amounts without a sign are taken to be in it."""
    min_sample: Annotated[StrictInt, Field(ge=1, le=1000)] = 5
    """A rate or a back-solved number needs at least this many deals behind it (closed deals
    for a win rate, won deals for an average deal and the prospects or calls needed); below
    it the review says "too few ... to judge (n=N)" instead of a number."""


DEFAULT_PROMPTS: dict[str, list[str]] = {
    "directing": [
        N_("You set the 30-day goals with them: say what good looks like, and by when."),
        N_("Ask for detail: each rep's numbers, each step, each date; check it at the next 1:1."),
        N_("Show, then let them do it while you watch."),
    ],
    "coaching": [
        N_("They propose the 30-day goals; you test them and explain the why of each change."),
        N_("Ask for the detail behind the weak spots, not all of it."),
        N_("Ask what they would do before you suggest anything; praise progress in specifics."),
    ],
    "supporting": [
        N_("They set the 30-day goals; you ask what is in their way and what they need from you."),
        N_("Ask for the headlines; go into detail only where they ask for help."),
        N_("Let them lead the decisions; recognise the effort as well as the result."),
    ],
    "delegating": [
        N_("They set the 30-day goals and run the meeting; listen more than you talk."),
        N_("Ask for outcomes, not detail: agree outcomes, not methods."),
        N_("Ask where they want a challenge or a stretch goal."),
    ],
}
"""What the coach does differently in each style: who sets the 30-day goals, how much detail
to ask for (``coaching_prompts`` in salescoach.yaml replaces them). Marked for the catalog and
translated where they are shown (a repository's own prompts are its words, kept as written)."""


class Settings(Model):
    """``salescoach.yaml``: the organisation, the coach and every tunable of the method."""

    organisation: Text
    language: Literal["en", "hu"] | None = None
    """The language of what people read (``--lang`` wins; unset: the locale, else English)."""
    coach: Coach | None = None
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    cadence: CadenceSettings = Field(default_factory=CadenceSettings)
    meeting_minutes: Annotated[StrictInt, Field(ge=15, le=480)] = 60
    funnel: FunnelSettings = Field(default_factory=FunnelSettings)
    coaching_prompts: dict[Style, list[Text]] = Field(default_factory=lambda: {})

    def prompts_for(self, style: Style) -> list[str]:
        """The prompts for a coaching style: the configured ones, else the built-in ones."""
        return self.coaching_prompts.get(style) or DEFAULT_PROMPTS[style]


# ---------------------------------------------------------------- managers/ID.yaml


class Rep(Model):
    """A rep in a manager's file. ``joined`` / ``left`` bound their time in this team; a rep
    who moved to another team has ``left`` and ``moved_to`` here and an entry in the other
    manager's file from that day, so every old rating, goal and deal stays valid."""

    id: Slug
    name: Text
    email: Text | None = None
    joined: Day | None = None
    left: Day | None = None
    moved_to: Slug | None = None
    crm_names: list[Text] = Field(default_factory=lambda: [])
    monthly_target: Amount | None = None

    @model_validator(mode="before")
    @classmethod
    def _older_name_of_joined(cls, data: Any) -> Any:
        """``since:`` is the older name of ``joined:`` and is read as it."""
        if isinstance(data, dict) and "since" in data:
            if "joined" in data:
                raise ValueError(_("'since' is the older name of 'joined': keep only 'joined'"))
            data = {("joined" if k == "since" else k): v for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _a_time_in_the_team(self) -> Rep:
        if self.left is not None and self.joined is not None and self.left <= self.joined:
            said = _("left ({left}) must be after joined ({joined})")
            raise ValueError(
                said.format(left=self.left.isoformat(), joined=self.joined.isoformat())
            )
        if self.moved_to is not None and self.left is None:
            raise ValueError(_("moved_to needs left: the day the rep moved to that team"))
        return self

    def active_on(self, day: date) -> bool:
        """In this team on ``day``: joined by then (or no date) and not yet left."""
        return (self.joined is None or self.joined <= day) and (
            self.left is None or day < self.left
        )


class PlanItem(Model):
    """One item of a manager's development plan: what, by when, and whether it is done."""

    what: Text
    due: Day | None = None
    status: Literal["open", "done", "dropped"] = "open"
    added: Day | None = None
    """The day it was agreed (``plan add`` records it)."""
    closed: Day | None = None
    """The day it was marked done or dropped (``plan done`` records it)."""


class Manager(Model):
    """``managers/ID.yaml``: one sales manager with their reps. The ID is the file name."""

    _id: str = PrivateAttr(default="")
    name: Text
    email: Text | None = None
    in_role_since: Day | None = None
    level: Level | None = None
    style: Style = "coaching"
    training_needs: list[Text] = Field(default_factory=lambda: [])
    cadence_days: Annotated[StrictInt, Field(ge=1, le=90)] | None = None
    meeting_time: Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")] | None = None
    """When this manager's 1:1s start (HH:MM; default: ``calendar.meeting_time``)."""
    weekday: Weekday | None = None
    """The anchor weekday of the 1:1s (default: the first 1:1's): a moved 1:1 does not move
    the series off it."""
    left: Day | None = None
    """The day the manager left the role (promoted, moved on): no 1:1s from then on."""
    reps: list[Rep]
    development_plan: list[PlanItem] = Field(default_factory=lambda: [])
    """The manager's own development plan, one list kept up to date (``plan add|done``)."""

    @property
    def id(self) -> str:
        """The manager's ID: the name of their file, set by the loader."""
        return self._id

    def rep(self, rep_id: str) -> Rep | None:
        """The rep's latest entry in this file (a rep who came back has two)."""
        return next((r for r in reversed(self.reps) if r.id == rep_id), None)

    @property
    def rep_ids(self) -> list[str]:
        """Every rep ever in this team, in file order (see ``reps_on`` for the team of a day)."""
        return list(dict.fromkeys(r.id for r in self.reps))

    def active_on(self, day: date) -> bool:
        """Still in the role on ``day``."""
        return self.left is None or day < self.left

    def reps_on(self, day: date) -> list[Rep]:
        """The team on ``day``: the reps who had joined and not yet left."""
        return [r for r in self.reps if r.active_on(day)]

    def rep_on(self, rep_id: str, day: date) -> Rep | None:
        """The rep's entry if they were in this team on ``day``."""
        return next((r for r in self.reps if r.id == rep_id and r.active_on(day)), None)


# ---------------------------------------------------------------- meetings/MANAGER/DATE.yaml


class RoutineChange(Model):
    what: Text = ""
    why: Text = ""


class Routine(Model):
    admin_hours_per_week: Hours | None = None
    coaching_hours_per_week: Hours | None = None
    notes: Text = ""
    change: RoutineChange | None = None


class Rating(Model):
    score: Score | None = None
    note: Text = ""


class Goal(Model):
    rep: Slug
    goal: Text = ""
    manager_help: Text = ""
    due: Day | None = None
    result: GoalResult | None = None
    help_delivered: HelpDelivered | None = None
    """Whether the manager gave the help promised in ``manager_help`` (graded with the goal)."""


class Needs(Model):
    training: Text = ""
    support: Text = ""
    coaching: Text = ""


class OwnPerformance(Model):
    achieved: Text = ""
    improve: Text = ""
    needs: Needs = Field(default_factory=Needs)
    plan: Text = ""


class Expectations(Model):
    from_coach: Text = ""
    manager_commits: Text = ""


class Action(Model):
    owner: Literal["coach", "manager"]
    do: Text
    due: Day | None = None
    done: StrictBool = False
    done_on: Day | None = None
    """The day it was marked done (``action done`` records it): on time when by ``due``."""


class NextStep(Model):
    """The next step agreed for a large deal: what, who does it, by when."""

    do: Text = ""
    owner: Text = ""
    """Who does it: ``manager``, ``coach`` or a rep's ID (free text is kept as written)."""
    due: Day | None = None


class DealStrategy(Model):
    """One large or stalled deal discussed at a funnel review: the strategy and resources
    agreed to close it, and the next step; brought back at the next review."""

    deal: Text
    """The deal's ID in the CRM import (``line-N`` IDs are not stable: use the name then)."""
    name: Text = ""
    rep: Slug | None = None
    strategy: Text = ""
    resources: Text = ""
    next_step: NextStep | None = None
    status: Literal["open", "done", "dropped"] = "open"


class Meeting(Model):
    """``meetings/MANAGER/DATE.yaml``: one 1:1, planned or held. It is moved, never skipped."""

    _manager: str = PrivateAttr(default="")
    date: Day
    status: Literal["planned", "held"]
    moved_from: Day | None = None
    moved_because: Text | None = None
    funnel_review: StrictBool = False
    minutes: Annotated[StrictInt, Field(ge=15, le=480)] | None = None
    routine: Routine | None = None
    ratings: dict[Slug, Rating | None] = Field(default_factory=lambda: {})
    goals: list[Goal] = Field(default_factory=lambda: [])
    own_performance: OwnPerformance | None = None
    expectations: Expectations | None = None
    actions: list[Action] = Field(default_factory=lambda: [])
    deals: list[DealStrategy] = Field(default_factory=lambda: [])
    notes: Text = ""

    @property
    def manager(self) -> str:
        """The ID of the manager met: the meeting's folder, set by the loader."""
        return self._manager

    @property
    def scores(self) -> dict[str, int]:
        """The reps actually rated at this meeting, with their score."""
        return {
            rep: r.score for rep, r in self.ratings.items() if r is not None and r.score is not None
        }


# ---------------------------------------------------------------- funnel/DATE.yaml


class Period(Model):
    from_: Day = Field(alias="from")
    to: Day


class OpenDeal(Model):
    name: Text
    amount: Amount = 0
    stage: Slug | None = None
    since: Day | None = None


class RepFunnel(Model):
    calls: Count | None = None
    stages: dict[Slug, Count] = Field(default_factory=lambda: {})
    won_value: Amount | None = None
    lost: Count | None = None
    open_deals: list[OpenDeal] = Field(default_factory=lambda: [])


class FunnelSnapshot(Model):
    """``funnel/DATE.yaml``: hand-kept funnel counts per rep and stage for a period."""

    date: Day
    period: Period | None = None
    reps: dict[Slug, RepFunnel] = Field(default_factory=lambda: {})


@dataclass
class Repo:
    """Everything loaded from a repository, with every diagnostic found on the way (what
    ``store.load_repo`` returns and the cross-file checks take)."""

    settings: Settings | None
    managers: dict[str, Manager] = field(default_factory=dict)
    meetings: dict[str, list[Meeting]] = field(default_factory=dict)
    snapshots: list[FunnelSnapshot] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    """How many data files were read."""
