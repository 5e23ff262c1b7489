"""`salescoach schedule` and `schedule next`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run, write

ACME_TODAY = "2026-11-27"


def test_schedule_json_soonest_first(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", ACME_TODAY, "schedule", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["manager"], r["next_date"], r["every_days"]) for r in rows] == [
        ("anna-kovacs", "2026-11-30", 7),
        ("gabor-szabo", "2026-12-01", 7),
        ("zsofia-toth", "2026-12-09", 14),
        ("peter-varga", "2026-12-10", 14),
    ]
    assert rows[0]["reason"] == "every 7 days: new in role since 2026-06-01"
    assert rows[0]["last_held"] == "2026-11-23"
    assert rows[0]["in_days"] == 3
    assert rows[2]["funnel_review"] is True
    assert rows[2]["minutes"] == 90


def test_schedule_text_is_the_default(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", "2026-12-20", "schedule")
    assert result.exit_code == 0, result.output
    assert "1:1 schedule" in result.stdout
    assert "overdue 20" in result.stdout
    assert "Anna Kovács: every 7 days: new in role since 2026-06-01" in result.stdout


def test_schedule_csv(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", ACME_TODAY, "schedule", "-f", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "manager,manager_name,level,every_days,reason,last_held,next_date,in_days,overdue_days,"
        "planned,moved_from,moved_because,funnel_review_due,funnel_review,minutes"
    )
    assert lines[1] == (  # true/false as in the JSON, not Python's True/False
        "anna-kovacs,Anna Kovács,new,7,every 7 days: new in role since 2026-06-01,"
        "2026-11-23,2026-11-30,3,0,false,,,2026-12-28,false,60"
    )
    assert lines[3].endswith(",2026-12-09,true,90")  # Zsófia Tóth's 1:1 holds the review
    assert len(lines) == 5


def test_schedule_next_json_has_the_contract_keys(cli: Run, example: Path) -> None:
    result = cli(
        "--repo", example, "--today", ACME_TODAY, "schedule", "next", "peter-varga", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {
        k: data[k]
        for k in (
            "manager",
            "next_date",
            "every_days",
            "reason",
            "overdue_days",
            "funnel_review_due",
        )
    } == {
        "manager": "peter-varga",
        "next_date": "2026-12-10",
        "every_days": 14,
        "reason": "every 14 days: experienced in role since 2015-03-01",
        "overdue_days": 0,
        # Thursdays: 10 Dec, 24 Dec (Christmas Eve, so Mon 28 Dec), then Thu 7 Jan again
        "funnel_review_due": "2027-01-07",
    }


def test_schedule_next_text(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", ACME_TODAY, "schedule", "next", "anna-kovacs")
    assert result.exit_code == 0
    assert result.stdout == (
        "Anna Kovács (anna-kovacs): next 1:1 on Mon 2026-11-30, in 3 days\n"
        "  every 7 days: new in role since 2026-06-01\n"
        "  last held: Mon 2026-11-23\n"
        "  funnel review due 2026-12-28 (not this 1:1); 60 minutes\n"
    )


def test_hungarian_christmas_through_the_cli(cli: Run, repo: Path) -> None:
    write(repo, "salescoach.yaml", "organisation: T\ncalendar: {holidays: HU}\n")
    write(repo, "managers/anna.yaml", "name: Anna\nlevel: new\nreps: []\n")
    write(repo, "meetings/anna/2026-12-17.yaml", "date: 2026-12-17\nstatus: held\n")
    result = cli("--repo", repo, "--today", "2026-12-18", "schedule", "next", "anna", "-f", "json")
    assert json.loads(result.stdout)["next_date"] == "2026-12-28"


def test_schedule_next_unknown_manager(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "schedule", "next", "anna-kovac")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: no manager 'anna-kovac' (no file managers/anna-kovac.yaml)\n"
        "hint: did you mean 'anna-kovacs'?\n"
    )


def test_schedule_refuses_a_repo_with_errors(cli: Run, example: Path) -> None:
    write(example, "meetings/anna-kovacs/2026-11-23.yaml", "date: 2026-11-23\nstatus: done\n")
    result = cli("--repo", example, "--today", ACME_TODAY, "schedule")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: the repository has errors in meetings/anna-kovacs/2026-11-23.yaml; "
        "nothing was done\n"
    )
    assert result.stdout == ""


def test_unknown_holiday_country_is_a_clear_error(cli: Run, repo: Path) -> None:
    write(repo, "salescoach.yaml", "organisation: T\ncalendar: {holidays: XX}\n")
    write(repo, "managers/anna.yaml", "name: Anna\nreps: []\n")
    result = cli("--repo", repo, "--today", ACME_TODAY, "schedule")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: salescoach.yaml: calendar.holidays: the holidays package knows no country or "
        "region 'XX'\n"
    )


def test_schedule_help(cli: Run) -> None:
    assert cli("schedule", "--help").exit_code == 0
    result = cli("schedule", "next", "--help")
    assert result.exit_code == 0
    assert "The date of the next 1:1 with MANAGER" in result.stdout


def test_empty_repo_schedule(cli: Run, repo: Path) -> None:
    result = cli("--repo", repo, "schedule", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_schedule_next_in_hungarian(cli: Run, example: Path) -> None:
    """Dates, counts and words in Hungarian; the IDs and ISO dates as they are."""
    args = ("--repo", example, "--today", ACME_TODAY)
    result = cli(*args, "--lang", "hu", "schedule", "next", "anna-kovacs")
    assert result.exit_code == 0
    assert result.stdout == (
        "Anna Kovács (anna-kovacs): következő megbeszélés: 2026-11-30 hétfő, 3 nap múlva\n"
        "  7 naponta: új, 2026-06-01 óta a szerepkörben\n"
        "  utoljára megtartva: 2026-11-23 hétfő\n"
        "  tölcsér-áttekintés esedékes: 2026-12-28 (nem ezen az 1:1-en); 60 perc\n"
    )
    english = cli(*args, "schedule", "next", "anna-kovacs")
    assert english.stdout.startswith("Anna Kovács (anna-kovacs): next 1:1 on Mon 2026-11-30")


def test_schedule_in_hungarian_keeps_the_json_keys(cli: Run, example: Path) -> None:
    args = ("--repo", example, "--today", ACME_TODAY, "schedule")
    hu = json.loads(cli(*args[:4], "--lang", "hu", *args[4:], "-f", "json").stdout)
    en = json.loads(cli(*args, "-f", "json").stdout)
    assert [list(row) for row in hu] == [list(row) for row in en]
    assert hu[0]["reason"] == "7 naponta: új, 2026-06-01 óta a szerepkörben"
    assert en[0]["reason"] == "every 7 days: new in role since 2026-06-01"
