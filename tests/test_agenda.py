"""The agenda's pure core: time boxes, references, carry-over from earlier meetings."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from salescoach import agenda, cadence, funnel, references
from salescoach.models import FunnelSnapshot, Manager, Meeting, Settings
from salescoach.render.agenda import to_data, to_markdown
from salescoach.render.funnel import team_json

TODAY = date(2026, 11, 27)


def _manager() -> Manager:
    m = Manager.model_validate(
        {
            "name": "Anna Kovács",
            "level": "experienced",
            "style": "directing",
            "training_needs": ["forecasting"],
            "reps": [
                {"id": "petra", "name": "Petra Nagy"},
                {"id": "laszlo", "name": "László Fekete"},
                {"id": "reka", "name": "Réka Balogh"},
            ],
        }
    )
    m._id = "anna"
    return m


def _meeting(data: dict[str, object]) -> Meeting:
    m = Meeting.model_validate({"status": "held", **data})
    m._manager = "anna"
    return m


SETTINGS = Settings.model_validate(
    {"organisation": "Test Co", "coach": {"id": "eva", "name": "Éva"}}
)


def _history() -> list[Meeting]:
    return [
        _meeting(
            {
                "date": "2026-11-09",
                "funnel_review": True,
                "routine": {
                    "admin_hours_per_week": 12,
                    "coaching_hours_per_week": 3,
                    "change": {"what": "CRM on Fridays only", "why": "frees coaching time"},
                },
                "ratings": {"petra": {"score": 3}, "laszlo": {"score": 4}, "reka": {"score": 1}},
                "goals": [
                    {"rep": "petra", "goal": "Old goal", "due": "2026-11-20", "result": "met"},
                    {"rep": "laszlo", "goal": "", "due": "2026-11-20"},
                ],
            }
        ),
        _meeting(
            {
                "date": "2026-11-23",
                "routine": {"admin_hours_per_week": 8, "coaching_hours_per_week": 6},
                "ratings": {"petra": {"score": 2}, "laszlo": {"score": 2}, "reka": {"score": 1}},
                "goals": [
                    {"rep": "petra", "goal": "Book 12 calls", "manager_help": "Joins two"},
                    {"rep": "laszlo", "goal": "Close Globex", "due": "2026-11-28"},
                ],
                "own_performance": {
                    "achieved": "Q3 at 104%",
                    "needs": {"training": "negotiation"},
                    "plan": "Coach joins a review call",
                },
                "expectations": {"from_coach": "Forecast by Friday", "manager_commits": "Sends it"},
                "actions": [
                    {"owner": "manager", "do": "Pair Petra with László", "due": "2026-11-25"},
                    {"owner": "coach", "do": "Share the playbook", "due": "2026-11-26"},
                    {"owner": "coach", "do": "Book the course", "done": True},
                ],
            }
        ),
    ]


def _build(today: date = TODAY, meetings: list[Meeting] | None = None) -> agenda.Agenda:
    meetings = _history() if meetings is None else meetings
    nm = cadence.next_meeting(_manager(), meetings, SETTINGS, today)
    return agenda.build_agenda(_manager(), meetings, SETTINGS, nm, today)


def test_timeboxes_of_a_regular_and_a_funnel_meeting() -> None:
    regular = agenda.timeboxes(60, 60, funnel_review=False)
    assert [(t.key, t.minutes) for t in regular] == [
        ("routine", 10),
        ("reps", 20),
        ("goals", 15),
        ("own", 10),
        ("wrap_up", 5),
    ]
    review = agenda.timeboxes(90, 60, funnel_review=True)
    assert [t.minutes for t in review] == [10, 20, 15, 10, 30, 5]
    assert review[4].title == "Funnel review"


@given(st.integers(15, 480), st.integers(15, 480), st.booleans())
def test_timeboxes_always_add_up(minutes: int, regular: int, review: bool) -> None:
    boxes = agenda.timeboxes(minutes, regular, funnel_review=review)
    assert sum(b.minutes for b in boxes) == minutes
    assert all(b.minutes >= 0 for b in boxes)


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(0, 998))
def test_references_round_trip(day: date, index: int) -> None:
    ref = references.item_ref(day, index)
    assert references.parse_ref(ref) == (day, index)
    assert references.parse_ref(ref.replace("#", "/")) == (day, index)


def test_bad_references_are_none() -> None:
    for bad in ["", "2026-11-23", "2026-11-23#0", "2026-02-30#1", "23.11.2026#1", "x#1"]:
        assert references.parse_ref(bad) is None


def test_header_from_the_next_meeting() -> None:
    a = _build()
    assert a.date == date(2026, 11, 30)  # weekly while there are training needs
    assert a.minutes == 60
    assert not a.funnel_review
    assert a.reason.startswith("every 7 days: training needs (forecasting)")
    assert a.style_prompts == SETTINGS.prompts_for("directing")
    assert a.training_needs == ["forecasting"]


def test_routine_hours_trend_and_the_agreed_change() -> None:
    r = _build().routine
    assert (r.admin_hours, r.coaching_hours, r.as_of) == (8, 6, date(2026, 11, 23))
    assert (r.admin_trend, r.coaching_trend) == ("down", "up")
    assert r.change is not None
    assert (r.change.what, r.change.agreed_on) == ("CRM on Fridays only", date(2026, 11, 9))
    assert (r.change.admin_then, r.change.admin_now) == (12, 8)


def test_rep_rows_with_scores_trend_and_flags() -> None:
    reps = _build().reps
    assert reps.dates == [date(2026, 11, 9), date(2026, 11, 23)]
    rows = {r.rep_id: r for r in reps.rows}
    assert rows["petra"].scores == [3, 2]
    assert rows["petra"].trend == "down"
    assert rows["laszlo"].flags == ["fell by 2 points since the meeting before"]
    assert rows["reka"].flags == ["rated 1 at two meetings in a row"]
    assert reps.team_average == 1.67


def test_goals_to_assess_running_and_reps_without_one() -> None:
    g = _build().goals  # meeting on 30 Nov
    assert [(x.ref, x.rep_id, x.due) for x in g.to_assess] == [
        ("2026-11-23#2", "laszlo", date(2026, 11, 28))
    ]
    # no due date: 30 days after the meeting that set it; graded and blank goals are left out
    assert [(x.ref, x.due) for x in g.running] == [("2026-11-23#1", date(2026, 12, 23))]
    assert [n.rep_id for n in g.need_goal] == ["laszlo", "reka"]
    assert g.new_goals_due == date(2026, 12, 30)


def test_open_actions_coach_first_with_overdue_days() -> None:
    actions = _build().actions
    assert [(x.ref, x.owner, x.overdue_days) for x in actions] == [
        ("2026-11-23#2", "coach", 1),
        ("2026-11-23#1", "manager", 2),
    ]


def test_own_performance_and_whether_the_coach_delivered() -> None:
    a = _build()
    assert (a.own.achieved, a.own.training, a.own.plan) == (
        "Q3 at 104%",
        "negotiation",
        "Coach joins a review call",
    )
    assert [(x.do, x.done) for x in a.own.coach_support] == [
        ("Share the playbook", False),
        ("Book the course", True),
    ]
    assert (a.expectations.from_coach, a.expectations.manager_commits) == (
        "Forecast by Friday",
        "Sends it",
    )


SNAPSHOT = FunnelSnapshot.model_validate(
    {
        "date": "2026-11-15",
        "reps": {
            "petra": {
                "calls": 200,
                "stages": {"prospects": 40, "meetings": 10, "proposals": 5, "won": 2},
                "open_deals": [
                    {
                        "name": "Globex",
                        "amount": 120000,
                        "stage": "proposals",
                        "since": "2026-09-01",
                    },
                    {"name": "Small", "amount": 1000, "stage": "meetings", "since": "2026-11-10"},
                ],
            },
            "laszlo": {"calls": 60, "stages": {"prospects": 8}},
        },
    }
)
LATER = TODAY + timedelta(days=60)  # the review of 9 Nov is more than 8 weeks back


def _review(source: funnel.Source, previous: funnel.Source | None = None) -> funnel.TeamReview:
    """The team's review as ``usecases.funnel`` computes it for the 1:1 (the agenda's input)."""
    nm = cadence.next_meeting(_manager(), _history(), SETTINGS, LATER)
    review = funnel.team_summary(
        SETTINGS,
        _manager(),
        source,
        last_review=cadence.last_funnel_review(_history(), nm.date),
        next_review=nm.funnel_review_due,
        previous=previous,
    )
    review.next_1on1 = nm.date
    return review


def _with_review(review: funnel.TeamReview | None) -> agenda.Agenda:
    nm = cadence.next_meeting(_manager(), _history(), SETTINGS, LATER)
    return agenda.build_agenda(_manager(), _history(), SETTINGS, nm, LATER, review=review)


def test_funnel_review_due_makes_it_90_minutes_with_a_funnel_section() -> None:
    review = _review(funnel.Source.from_snapshot(SNAPSHOT, SETTINGS.funnel, label="funnel/x.yaml"))
    a = _with_review(review)
    assert a.funnel_review
    assert a.minutes == 90
    assert a.minutes_for("funnel") == 30
    assert a.funnel is not None
    assert (a.funnel.minutes, a.funnel.last_review) == (30, date(2026, 11, 9))
    assert a.funnel.review is review
    assert a.funnel.questions == list(agenda.FUNNEL_QUESTIONS)
    md = to_markdown(a)
    assert "## Funnel review (30 min)" in md
    # the review's deals, aged on its own date (one stalled limit for the team: 30 days)
    assert "- Petra Nagy: Globex, 120,000, proposals, open 75 days, since Tue 1 Sep 2026" in md
    assert "**Stalled deals** (open more than 30 days):" in md
    stalled = md.split("**Stalled deals**")[1].split("\n\n")[1]
    assert stalled.splitlines() == [
        "- Petra Nagy: Globex, 120,000, proposals, open 75 days, since Tue 1 Sep 2026"
    ]
    # snapshots count no lost deals: no lost and win-rate columns
    assert "| Rep | Calls | prospects | meetings | proposals | won | Won value | Open deals |" in md
    assert "| László Fekete | 60 | 8 | 0 | 0 | 0 | 0 | 0 (0) |" in md
    # the findings are the review's, but for the deals listed apart
    listed = [d.message for d in review.findings if d.code not in agenda.LISTED_APART]
    assert [d.message for d in agenda.findings(review)] == listed
    assert listed
    assert "**Findings:**" in md
    regular = _build()
    assert regular.funnel is None
    assert regular.minutes == 60
    assert "Funnel review (" not in to_markdown(regular)


def test_a_review_due_without_funnel_data_says_what_to_add() -> None:
    a = _with_review(None)
    assert a.funnel is not None
    assert a.funnel.review is None
    assert "No funnel data yet: add a snapshot funnel/DATE.yaml" in to_markdown(a)
    assert to_data(a)["funnel"] == {
        "review": None,
        "questions": list(agenda.FUNNEL_QUESTIONS),
        "minutes": 30,
    }


def test_no_history_gives_an_agenda_of_prompts() -> None:
    a = _build(meetings=[])
    assert a.overdue_days == 0
    assert a.last_held is None
    assert a.routine.as_of is None
    assert a.reps.dates == []
    assert [r.scores for r in a.reps.rows] == [[], [], []]
    assert [n.rep_id for n in a.goals.need_goal] == ["petra", "laszlo", "reka"]
    assert a.actions == []
    text = to_markdown(a)
    assert "No hours recorded yet" in text
    assert to_data(a)["date"] == a.date.isoformat()


def test_markdown_escapes_text_that_would_break_a_table() -> None:
    meetings = _history()
    meetings[-1].ratings["petra"].note = "a | b <script> [x](y)"  # type: ignore[union-attr]
    text = to_markdown(_build(meetings=meetings))
    assert "a \\| b \\<script\\> \\[x\\](y)" in text


# ---------------------------------------------------------------- the funnel section from an import


def _deal(
    id_: str,
    rep: str,
    stage: str,
    amount: float | None,
    created: str | None,
    closed: str | None = None,
    name: str = "",
) -> funnel.Deal:
    return funnel.Deal(
        id_,
        rep,
        rep.title(),
        stage,
        amount,
        date.fromisoformat(created) if created else None,
        date.fromisoformat(closed) if closed else None,
        name,
    )


DEALS = [
    _deal("A", "petra", "won", 10000, "2026-09-01", "2026-10-01"),  # cycle 30 days
    _deal("B", "petra", "won", 20000, "2026-09-10", "2026-10-20"),  # cycle 40 days
    _deal("C", "petra", "lost", None, "2026-09-15", "2026-10-05"),
    _deal("1042", "petra", "proposals", 80000, "2026-06-01", name="Globex renewal"),
    _deal("E", "petra", "meetings", 5000, "2026-11-01"),
    _deal("F", "laszlo", "lost", None, "2026-09-01", "2026-10-10"),
    _deal("G", "laszlo", "prospects", None, None),
    _deal("H", "laszlo", "won", 7000, "2026-10-01", "2026-12-01"),  # won after the import
]
IMPORT_DAY = date(2026, 11, 20)


def _imported(as_of: date = IMPORT_DAY) -> funnel.Source:
    return funnel.Source.from_deals(
        DEALS, SETTINGS.funnel, as_of=as_of, label=f"funnel/imports/{as_of}-crm.csv"
    )


def _import_agenda(calls_from: str | None = None) -> agenda.Agenda:
    review = _review(_imported(), _imported(date(2026, 10, 15)))
    review.calls_from = calls_from
    return _with_review(review)


def test_funnel_section_from_an_import_hand_computed() -> None:
    a = _import_agenda()
    assert a.funnel is not None
    review = a.funnel.review
    assert review is not None
    assert (review.source, review.as_of) == ("funnel/imports/2026-11-20-crm.csv", IMPORT_DAY)
    assert review.previous_source == "funnel/imports/2026-10-15-crm.csv"
    md = to_markdown(a)
    assert (
        "From funnel/imports/2026-11-20-crm.csv (Fri 20 Nov 2026). Arrows compare with "
        "funnel/imports/2026-10-15-crm.csv. Calls unknown: no recent snapshot funnel/DATE.yaml "
        "has them.\n" in md
    )
    header = (
        "| Rep | Calls | prospects | meetings | proposals | won | Lost | Win rate | Won value |"
    )
    assert header in md
    # petra: A, B won; C lost (counted at prospects); Globex at proposals; E at meetings
    # 3 closed deals are too few to judge a win rate (funnel.min_sample 5): n=3, not 66.7%
    assert "| Petra Nagy | – | 5 | 4 | 3 | 2 | 1 | n=3 | 30,000 | 2 (85,000) |" in md
    # laszlo: F lost; G open without a value; H won only after the import, so open then
    assert "| László Fekete | – | 3 | 1 | 1 | 0 | 1 | n=1 | 0 | 2 (7,000) |" in md
    assert "| Réka Balogh | – | 0 | 0 | 0 | 0 | 0 | – | 0 | 0 (0) |" in md
    assert "- Team: prospects 8, meetings 5, proposals 4, won 2.\n" in md
    assert (
        "- In numbers: won 2, lost 2, win rate too few to judge (n=4), average deal too few to "
        "judge (n=2), open 4"
    ) in md
    # one stalled limit for the team (``funnel.rules.stalled_after``), the deal aged on the
    # import's date
    assert review.stalled_after_days == funnel.stalled_after(SETTINGS.funnel, 35.0)
    assert f"**Stalled deals** (open more than {review.stalled_after_days} days):" in md
    # the deal by its name and ID, never only an ID
    assert (
        "- Petra Nagy: Globex renewal (1042), 80,000, proposals, open 172 days, "
        "since Mon 1 Jun 2026" in md
    )
    data = to_data(a)["funnel"]["review"]
    assert [(d["deal"], d["name"]) for d in data["stalled_deals"]] == [("1042", "Globex renewal")]
    assert "Réka Balogh" in md.split("**Findings:**")[1]
    assert not any(d.code in agenda.LISTED_APART for d in agenda.findings(review))


def test_calls_from_a_snapshot_are_named() -> None:
    md = to_markdown(_import_agenda(calls_from="funnel/2026-11-30.yaml"))
    assert "funnel/imports/2026-10-15-crm.csv. Calls from funnel/2026-11-30.yaml.\n" in md


def test_json_of_the_funnel_section_is_the_review_of_funnel_review() -> None:
    a = _import_agenda()
    assert a.funnel is not None
    assert a.funnel.review is not None
    data = to_data(a)["funnel"]
    assert data == {
        "review": team_json(a.funnel.review),
        "questions": list(agenda.FUNNEL_QUESTIONS),
        "minutes": 30,
    }
    assert data["review"]["large_deals"][0]["since"] == "2026-06-01"
    assert data["review"]["previous_source"] == "funnel/imports/2026-10-15-crm.csv"
