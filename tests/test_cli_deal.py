"""``deal note``, ``deal done`` and ``deal list`` end to end: the exact bytes of the meeting
file after each write (comments kept), and the refusals with their messages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, write
from tests.test_deal_strategies import (
    LAST_1ON1,
    MANAGER,
    NOVEMBER,
    REVIEW_MEETING,
    SEPTEMBER,
    SETTINGS,
    _stored,
)

TODAY = "2026-11-27"
PLANNED = "meetings/anna/2026-11-30.yaml"
REVIEWED = "meetings/anna/2026-09-14.yaml"
BLANK_ENTRY = '    strategy: ""\n    resources: ""\n    next_step: {do: "", owner: "", due: null}\n'


@pytest.fixture
def team(repo: Path) -> Path:
    """Anna's team: strategies for D1 and D3 recorded at the review of 14 Sep (a comment in
    that file), a held 1:1 on 16 Nov, imports of 10 Sep and 20 Nov (D6 new, small)."""
    write(repo, "salescoach.yaml", SETTINGS)
    write(repo, "managers/anna.yaml", MANAGER)
    write(repo, REVIEWED, REVIEW_MEETING)
    write(repo, "meetings/anna/2026-11-16.yaml", LAST_1ON1)
    write(repo, "funnel/imports/2026-09-10-crm.csv", _stored(SEPTEMBER, "2026-09-10"))
    hooli = "D6,Hooli,petra,Petra Nagy,prospects,5000,2026-11-01,,2027-01-31"
    write(repo, "funnel/imports/2026-11-20-crm.csv", _stored([*NOVEMBER, hooli], "2026-11-20"))
    return repo


def _deal(cli: Run, repo: Path, *args: str) -> tuple[int, str]:
    result = cli("--repo", repo, "--today", TODAY, "deal", *args)
    assert result.stdout == "" or args[0] == "list", result.stdout
    return result.exit_code, result.stderr


def _planned(cli: Run, repo: Path) -> bytes:
    result = cli("--repo", repo, "--today", TODAY, "agenda", "next", "anna", "--write")
    assert result.exit_code == 0, result.output
    return (repo / PLANNED).read_bytes()


# ---------------------------------------------------------------- deal note


def test_note_fills_the_prefilled_entry_of_the_planned_1on1(cli: Run, team: Path) -> None:
    before = _planned(cli, team).decode("utf-8")
    assert before.count(BLANK_ENTRY) == 2  # D1, then D2
    code, message = _deal(
        cli,
        team,
        "note",
        "anna",
        "D1",
        "--strategy",
        'exec sponsor: "CFO"',
        "--next-step",
        "Demo to CFO",
        "--owner",
        "petra",
        "--due",
        "2026-12-10",
    )
    assert (code, message) == (
        0,
        f"updated Globex – 40 seats (D1): strategy, next step, owner, due, in {PLANNED}\n",
    )
    filled = (
        '    strategy: "exec sponsor: \\"CFO\\""\n    resources: ""\n'
        '    next_step: {do: "Demo to CFO", owner: petra, due: 2026-12-10}\n'
    )
    assert (team / PLANNED).read_text(encoding="utf-8") == before.replace(BLANK_ENTRY, filled, 1)
    # the same again: nothing changes
    again = (team / PLANNED).read_bytes()
    code, message = _deal(cli, team, "note", "anna", "d1", "--owner", "petra")
    assert (code, message) == (
        0,
        f"Globex – 40 seats (D1) already says so in {PLANNED}; nothing changed\n",
    )
    assert (team / PLANNED).read_bytes() == again


def test_note_adds_an_entry_by_the_deals_name_at_the_end_of_deals(cli: Run, team: Path) -> None:
    before = _planned(cli, team).decode("utf-8")
    code, message = _deal(cli, team, "note", "anna", "hooli", "--resources", "a pre-sales engineer")
    assert (code, message) == (0, f"recorded Hooli (D6): resources, in {PLANNED}\n")
    added = (
        "  - deal: D6\n"
        "    name: Hooli\n"
        "    rep: petra\n"
        '    strategy: ""\n'
        '    resources: "a pre-sales engineer"\n'
        '    next_step: {do: "", owner: "", due: null}\n'
        "    status: open\n"
    )
    last = "    status: open\n\n# Expectations"
    assert before.count(last) == 1
    expected = before.replace(last, "    status: open\n" + added + "\n# Expectations")
    assert (team / PLANNED).read_text(encoding="utf-8") == expected


def test_note_without_a_planned_1on1_goes_to_the_latest_held_one(cli: Run, team: Path) -> None:
    code, message = _deal(cli, team, "note", "anna", "D2", "--strategy", "multi-thread")
    assert (code, message) == (
        0,
        "recorded Initech (D2): strategy, in meetings/anna/2026-11-16.yaml\n",
    )
    assert (team / "meetings/anna/2026-11-16.yaml").read_text(encoding="utf-8") == (
        LAST_1ON1 + "deals:\n"
        "  - deal: D2\n"
        "    name: Initech\n"
        "    rep: laszlo\n"
        "    strategy: multi-thread\n"
        '    resources: ""\n'
        '    next_step: {do: "", owner: "", due: null}\n'
        "    status: open\n"
    )


def test_note_with_date_writes_in_that_1on1_and_keeps_its_comments(cli: Run, team: Path) -> None:
    code, message = _deal(
        cli, team, "note", "anna", "D1", "--resources", "legal review", "--date", "2026-09-14"
    )
    assert (code, message) == (0, f"updated Globex – 40 seats (D1): resources, in {REVIEWED}\n")
    expected = REVIEW_MEETING.replace(
        '    strategy: exec sponsor\n    resources: ""\n',
        '    strategy: exec sponsor\n    resources: "legal review"\n',
    )
    assert "  # agreed with Anna\n" in expected
    assert (team / REVIEWED).read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["note", "anna", "D11", "--strategy", "x"],
            1,
            "error: no deal 'D11' in the funnel data of Anna Kovács's team (anna) or in their "
            "recent 1:1s\nhint: did you mean 'D1'?\n",
        ),
        (
            ["note", "anne", "D1", "--strategy", "x"],
            1,
            None,  # the manager refusal of every command (checked below)
        ),
        (
            ["note", "anna", "D1", "--next-step", "call", "--due", "2026-13-01"],
            2,
            "error: --due takes a date as YYYY-MM-DD, got '2026-13-01'\n",
        ),
        (
            ["note", "anna", "D1"],
            2,
            "error: nothing to record: give --strategy, --resources, --next-step, --owner or "
            "--due\n",
        ),
        (
            ["note", "anna", "D1", "--strategy", "x", "--date", "2026-10-01"],
            1,
            "error: Anna Kovács (anna) has no 1:1 on 2026-10-01 (no file "
            "meetings/anna/2026-10-01.yaml)\nhint: leave out --date to use the planned 1:1, "
            "else the latest held one\n",
        ),
        (
            ["done", "anna", "D2"],
            1,
            "error: no deal 'D2' with a strategy recorded in the recent 1:1s of Anna Kovács "
            "(anna)\nhint: did you mean 'D5' or 'D3' or 'D1'?\n",
        ),
    ],
)
def test_refusals_change_nothing(
    cli: Run, team: Path, args: list[str], code: int, message: str | None
) -> None:
    files = {p: p.read_bytes() for p in (team / "meetings").rglob("*.yaml")}
    got_code, got = _deal(cli, team, *args)
    assert got_code == code, got
    if message is None:
        assert (
            got
            == "error: no manager 'anne' (no file managers/anne.yaml)\nhint: did you mean 'anna'?\n"
        )
    else:
        assert got == message
    assert {p: p.read_bytes() for p in (team / "meetings").rglob("*.yaml")} == files


# ---------------------------------------------------------------- deal done


def test_done_changes_only_the_status_where_the_strategy_was_recorded(cli: Run, team: Path) -> None:
    code, message = _deal(cli, team, "done", "anna", "Globex – 40 seats")
    assert (code, message) == (0, f"done: Globex – 40 seats (D1) (open → done), in {REVIEWED}\n")
    expected = REVIEW_MEETING.replace("    status: open\n", "    status: done\n", 1)
    assert (team / REVIEWED).read_text(encoding="utf-8") == expected
    code, message = _deal(cli, team, "done", "anna", "D1")
    assert (code, message) == (0, "Globex – 40 seats (D1) was already done; nothing changed\n")
    code, message = _deal(cli, team, "done", "anna", "D3", "--dropped")
    assert (code, message) == (0, f"dropped: Umbrella (D3) (open → dropped), in {REVIEWED}\n")
    # the next review no longer brings them back
    data = json.loads(
        cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json").stdout
    )
    assert data["funnel"]["review"]["strategies"] == []


# ---------------------------------------------------------------- deal list


def test_list_shows_open_strategies_first_with_overdue_next_steps(cli: Run, team: Path) -> None:
    result = cli("--repo", team, "--today", TODAY, "deal", "list", "anna")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Anna Kovács (anna): 3 deal strategies\n"
        "  open: Globex – 40 seats (D1), Petra Nagy, recorded 2026-09-14: strategy «exec "
        "sponsor»; next step «call CFO» (manager, due 2026-11-20, overdue)\n"
        "  open: Umbrella (D3), Petra Nagy, recorded 2026-09-14: strategy «pilot first»\n"
        "  dropped: D5, recorded 2026-09-14: strategy «not worth it»\n"
    )
    data = json.loads(
        cli("--repo", team, "--today", "2026-11-19", "deal", "list", "anna", "-f", "json").stdout
    )
    assert [(d["deal"], d["status"]) for d in data["deals"]] == [
        ("D1", "open"),
        ("D3", "open"),
        ("D5", "dropped"),
    ]
    assert data["deals"][0]["next_step"]["overdue"] is False  # due 20 Nov, listed on 19 Nov


# ---------------------------------------------------------------- in Hungarian


def _deal_hu(cli: Run, repo: Path, *args: str) -> tuple[int, str]:
    result = cli("--repo", repo, "--today", TODAY, "--lang", "hu", "deal", *args)
    assert result.stdout == "", result.stdout
    return result.exit_code, result.stderr


def test_deal_messages_and_refusals_in_hungarian(cli: Run, team: Path) -> None:
    code, message = _deal_hu(cli, team, "note", "anna", "D1")
    assert (code, message) == (
        2,
        "hiba: nincs mit rögzíteni: adja meg a --strategy, --resources, --next-step, --owner "
        "vagy --due opciót\n",
    )
    code, message = _deal_hu(cli, team, "done", "anna", "D1")
    assert (code, message) == (
        0,
        f"kész: Globex – 40 seats (D1) (nyitott → kész), itt: {REVIEWED}\n",
    )
    code, message = _deal_hu(cli, team, "done", "anna", "D1")
    assert (code, message) == (0, "Globex – 40 seats (D1) állapota már kész; nem változott semmi\n")


def test_deal_list_in_hungarian(cli: Run, team: Path) -> None:
    result = cli("--repo", team, "--today", TODAY, "--lang", "hu", "deal", "list", "anna")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "  nyitott: Globex – 40 seats (D1), Petra Nagy, rögzítve: 2026. szeptember 14., hétfő: "
        "stratégia «exec sponsor»; következő lépés «call CFO» (manager, határidő: 2026. "
        "november 20., péntek, késésben)"
    )
