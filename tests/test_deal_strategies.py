"""Deal strategies: ``funnel.strategies`` over meetings, the pre-filled ``deals:`` of
``agenda next --write``, and a strategy recorded at one review shown with the deal's
movement at the next (``funnel review`` text, Markdown, JSON, and ``agenda next``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from salescoach.funnel.changes import DealChange, PipelineChanges
from salescoach.funnel.strategies import strategy_views
from salescoach.funnel.tally import OpenItem
from salescoach.models import Meeting
from tests.conftest import Run, write

DATA = Path(__file__).parent / "data" / "deals"
TODAY = "2026-11-27"
NEXT = "2026-11-30"  # the next 1:1: 16 Nov + 14 days

SETTINGS = """\
organisation: Test Co
coach: {id: eva, name: Éva Horváth}
"""
MANAGER = """\
name: Anna Kovács
level: experienced
style: coaching
reps:
  - {id: petra, name: Petra Nagy}
  - {id: laszlo, name: László Fekete}
"""
STORED_HEAD = (
    "# salescoach funnel import: re-run `salescoach funnel import` instead of editing\n"
    "# source: crm.csv\n"
    "# as_of: {day}\n"
    "id,name,rep,owner,stage,amount,created,closed,expected\n"
)
SEPTEMBER = [
    # id, name, rep, owner, stage, amount, created, closed, expected
    "D1,Globex – 40 seats,petra,Petra Nagy,meetings,80000,2026-08-01,,2026-10-31",
    "D2,Initech,laszlo,László Fekete,proposals,60000,2026-06-01,,2026-12-01",
    "D3,Umbrella,petra,Petra Nagy,proposals,55000,2026-07-01,,2026-10-15",
    "D5,Small one,laszlo,László Fekete,prospects,1000,2026-09-01,,",
    "W1,Won before,petra,Petra Nagy,won,9000,2026-05-01,2026-08-20,",
]
NOVEMBER = [
    "D1,Globex – 40 seats,petra,Petra Nagy,proposals,80000,2026-08-01,,2026-12-15",
    "D2,Initech,laszlo,László Fekete,proposals,60000,2026-06-01,,2026-12-01",
    "D3,Umbrella,petra,Petra Nagy,won,55000,2026-07-01,2026-11-02,",
    "D5,Small one,laszlo,László Fekete,prospects,1000,2026-09-01,,",
    "W1,Won before,petra,Petra Nagy,won,9000,2026-05-01,2026-08-20,",
]
REVIEW_MEETING = """\
date: 2026-09-14
status: held
funnel_review: true
deals:
  # agreed with Anna
  - deal: D1
    name: Globex – 40 seats
    rep: petra
    strategy: exec sponsor
    resources: ""
    next_step: {do: call CFO, owner: manager, due: 2026-11-20}
    status: open
  - deal: D2
    name: Initech
    rep: laszlo
    strategy: ""
    resources: ""
    next_step: {do: "", owner: "", due: null}
    status: open
  - deal: D3
    name: Umbrella
    rep: petra
    strategy: pilot first
    status: open
  - deal: D5
    strategy: not worth it
    status: dropped
"""
LAST_1ON1 = "date: 2026-11-16\nstatus: held\n"


def _stored(rows: list[str], day: str) -> str:
    return STORED_HEAD.format(day=day) + "".join(f"{r}\n" for r in rows)


@pytest.fixture
def team(repo: Path) -> Path:
    """Anna's team: the review of 14 Sep recorded strategies for D1 and D3 (a blank entry
    for D2, D5 dropped); imports of 10 Sep and 20 Nov; the next 1:1 on 30 Nov holds the
    next review."""
    write(repo, "salescoach.yaml", SETTINGS)
    write(repo, "managers/anna.yaml", MANAGER)
    write(repo, "meetings/anna/2026-09-14.yaml", REVIEW_MEETING)
    write(repo, "meetings/anna/2026-11-16.yaml", LAST_1ON1)
    write(repo, "funnel/imports/2026-09-10-crm.csv", _stored(SEPTEMBER, "2026-09-10"))
    write(repo, "funnel/imports/2026-11-20-crm.csv", _stored(NOVEMBER, "2026-11-20"))
    return repo


GLOBEX = (
    "Globex – 40 seats (Petra Nagy), 80,000 at proposals: strategy «exec sponsor»; "
    "next step «call CFO» (manager, due 2026-11-20, overdue). "
    "Since the last review: meetings → proposals; close date pushed 1× (2026-10-31 → 2026-12-15)."
)
UMBRELLA = (
    "Umbrella (Petra Nagy), won, 55,000: strategy «pilot first». "
    "Since the last review: proposals → won (55,000)."
)
CHANGES = [
    # D1 moved a stage and its close date, D3 won; D2 and D5 as they were (W1 closed before)
    "Since 2026-09-10 (funnel/imports/2026-09-10-crm.csv): 1 won, 1 moved forward, 1 pushed, "
    "2 unchanged.",
    "Largest: Globex – 40 seats (D1), Petra Nagy: meetings → proposals; close date pushed 1× "
    "(2026-10-31 → 2026-12-15).",
    "Largest: Umbrella (D3), Petra Nagy: proposals → won (55,000).",
]


# ---------------------------------------------------------------- strategy_views, pure


def _meeting(day: str, deals: list[dict[str, Any]], status: str = "held") -> Meeting:
    return Meeting.model_validate({"date": day, "status": status, "deals": deals})


def test_views_take_each_deals_latest_recorded_entry_before_the_date() -> None:
    meetings = [
        _meeting(
            "2026-09-14", [{"deal": "D1", "strategy": "first"}, {"deal": "D2", "strategy": "x"}]
        ),
        _meeting(
            "2026-10-12",
            [
                {"deal": "D1", "strategy": "second"},
                {"deal": "D2", "strategy": "x", "status": "done"},
                {"deal": "D3", "strategy": "", "next_step": {"do": "  "}},  # blank: ignored
            ],
        ),
        _meeting("2026-11-30", [{"deal": "D1", "strategy": "too late"}], status="planned"),
    ]
    views = strategy_views(meetings, date(2026, 11, 30), None, [])
    assert [(v.strategy.deal, v.strategy.strategy, v.recorded_on) for v in views] == [
        ("D1", "second", date(2026, 10, 12))
    ]
    assert (views[0].found, views[0].change, views[0].stage) == (False, None, None)


def test_views_pair_the_change_by_id_else_by_name_and_say_where_the_deal_stands() -> None:
    meetings = [
        _meeting(
            "2026-09-14",
            [
                {"deal": "D1", "strategy": "a"},
                {"deal": "Hooli", "strategy": "b"},  # a line-N deal, named by its name
                {"deal": "D3", "strategy": "c"},
                {"deal": "D9", "strategy": "d"},
            ],
        )
    ]
    moved = DealChange("D1", "Globex", "petra", ("forward",), "meetings", "proposals", 80e3, 80e3)
    won = DealChange("D3", "Umbrella", "petra", ("won",), "proposals", "won", 55e3, 55e3)
    changes = PipelineChanges("a", date(2026, 9, 10), "b", date(2026, 11, 20), deals=[moved, won])
    open_deals = [
        OpenItem("D1", "petra", 80e3, "proposals", date(2026, 8, 1), "Globex"),
        OpenItem("line-7", "laszlo", 20e3, "meetings", None, "Hooli"),
    ]
    views = {
        v.strategy.deal: v
        for v in strategy_views(meetings, date(2026, 11, 30), changes, open_deals)
    }
    assert (views["D1"].change, views["D1"].found, views["D1"].stage) == (moved, True, "proposals")
    assert (views["Hooli"].change, views["Hooli"].found, views["Hooli"].amount) == (
        None,
        True,
        20e3,
    )
    assert (views["D3"].change, views["D3"].found, views["D3"].stage) == (won, True, "won")
    assert (views["D9"].change, views["D9"].found) == (None, False)
    # the largest deals now first
    assert [
        v.strategy.deal for v in strategy_views(meetings, date(2026, 11, 30), changes, open_deals)
    ] == [
        "D1",
        "D3",
        "Hooli",
        "D9",
    ]


# ---------------------------------------------------------------- the next review shows them


def _review_json(cli: Run, repo: Path) -> dict[str, Any]:
    result = cli("--repo", repo, "--today", TODAY, "funnel", "review", "anna", "-f", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)["teams"][0]
    return data


def test_the_next_review_shows_each_strategy_with_the_deals_movement(cli: Run, team: Path) -> None:
    data = _review_json(cli, team)
    shown = [(s["deal"], s["text"]) for s in data["strategies"]]
    assert shown == [("D1", GLOBEX), ("D3", UMBRELLA)]  # D2 blank, D5 dropped
    d1 = data["strategies"][0]
    assert d1["recorded_on"] == "2026-09-14"
    assert (d1["found"], d1["stage"], d1["amount"]) == (True, "proposals", 80000)
    assert d1["next_step"] == {
        "do": "call CFO",
        "owner": "manager",
        "due": "2026-11-20",
        "overdue": True,
    }
    assert d1["change"]["stage_before"] == "meetings"
    assert d1["change"]["stage_after"] == "proposals"
    assert set(d1["change"]["kinds"]) == {"forward", "pushed"}


def test_review_text_and_markdown_show_the_same_sentences(cli: Run, team: Path) -> None:
    text = cli("--repo", team, "--today", TODAY, "funnel", "review", "anna")
    assert text.exit_code == 0, text.output
    flat = " ".join(text.stdout.split())
    assert f"• {GLOBEX}" in flat
    assert f"• {UMBRELLA}" in flat
    markdown = cli("--repo", team, "--today", TODAY, "funnel", "review", "anna", "-f", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert (
        "### Strategies recorded at earlier reviews, and what the deals did since\n"
        in markdown.stdout
    )
    assert "\n- Globex – 40 seats (Petra Nagy), 80,000 at proposals: strategy «exec sponsor»;" in (
        markdown.stdout
    )


def test_the_agenda_of_the_next_review_shows_them_too(cli: Run, team: Path) -> None:
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["date"], data["funnel_review"]) == (NEXT, True)
    assert [s["text"] for s in data["funnel"]["review"]["strategies"]] == [GLOBEX, UMBRELLA]
    markdown = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "markdown")
    section = markdown.stdout.split("**Strategies recorded at earlier reviews")[1]
    assert section.startswith(", and what the deals did since:**\n\n")
    assert f"\n- {GLOBEX}\n- {UMBRELLA}\n" in section
    changes = markdown.stdout.split("**Pipeline changes since the last review:**\n\n")[1]
    assert changes.split("\n\n")[0].splitlines() == [f"- {line}" for line in CHANGES]
    terminal = " ".join(
        cli("--repo", team, "--today", TODAY, "agenda", "next", "anna").stdout.split()
    )
    assert f"• {GLOBEX} • {UMBRELLA}" in terminal
    assert "Pipeline changes since the last review: • " + " • ".join(CHANGES) in terminal


def test_a_review_without_strategies_shows_no_strategies_heading(cli: Run, team: Path) -> None:
    write(
        team,
        "meetings/anna/2026-09-14.yaml",
        "date: 2026-09-14\nstatus: held\nfunnel_review: true\n",
    )
    assert _review_json(cli, team)["strategies"] == []
    markdown = cli("--repo", team, "--today", TODAY, "funnel", "review", "anna", "-f", "markdown")
    assert "Strategies recorded" not in markdown.stdout


# ---------------------------------------------------------------- agenda next --write


WRITTEN = DATA / "written.yaml"
"""The planned 1:1 that --write prepares for the fixture, byte for byte (reviewed by hand)."""


def test_write_prefills_an_entry_for_each_large_deal_with_its_earlier_strategy(
    cli: Run, team: Path
) -> None:
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "--write")
    assert result.exit_code == 0, result.output
    written = team / f"meetings/anna/{NEXT}.yaml"
    assert written.read_bytes() == WRITTEN.read_bytes()
    check = cli("--repo", team, "--today", TODAY, "check")
    assert check.exit_code == 0, check.output
    assert "0 errors" in check.stderr
    # the blank entries record nothing: the strategies shown stay those of 14 Sep
    data = json.loads(
        cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json").stdout
    )
    assert [s["deal"] for s in data["funnel"]["review"]["strategies"]] == ["D1", "D3"]


WRITTEN_WITHOUT_DATA = DATA / "written-without-data.yaml"


def test_write_without_funnel_data_does_not_mark_the_review_held(cli: Run, team: Path) -> None:
    """The review is due (last on 14 Sep), but there is no import and no snapshot: the file
    says so and keeps ``funnel_review: false``, so an empty meeting never counts as it."""
    for stored in (team / "funnel/imports").iterdir():
        stored.unlink()
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "--write")
    assert result.exit_code == 0, result.output
    written = team / f"meetings/anna/{NEXT}.yaml"
    assert written.read_bytes() == WRITTEN_WITHOUT_DATA.read_bytes()


def test_write_quotes_a_deal_name_so_it_reads_back_exactly(cli: Run, team: Path) -> None:
    name = 'Acme "Big": #1 \\ north\tside\u2028end'
    row = f'D1,"{name.replace(chr(34), chr(34) * 2)}",petra,Petra Nagy,proposals,90000,2026-08-01,,'
    write(team, "funnel/imports/2026-11-20-crm.csv", _stored([row], "2026-11-20"))
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "--write")
    assert result.exit_code == 0, result.output
    text = (team / f"meetings/anna/{NEXT}.yaml").read_text(encoding="utf-8")
    assert '    name: "Acme \\"Big\\": #1 \\\\ north\\u0009side\\u2028end"\n' in text
    data = json.loads(
        cli("--repo", team, "--today", TODAY, "funnel", "review", "anna", "-f", "json").stdout
    )
    assert data["teams"][0]["large_deals"][0]["name"] == name
    from salescoach.store import parse_model

    meeting, _node, problems = parse_model(text.encode("utf-8"), "x.yaml", Meeting)
    assert problems == []
    assert meeting is not None
    assert [(d.deal, d.name, d.rep, d.status) for d in meeting.deals] == [
        ("D1", name, "petra", "open")
    ]
