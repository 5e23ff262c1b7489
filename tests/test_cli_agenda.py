"""``agenda next``, ``--write``, ``goal grade`` and ``action done`` end to end, and golden files."""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, write
from tests.layout import assert_golden

TODAY = "2026-11-27"

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
  - {id: reka, name: Réka Balogh}
"""
LAST_MEETING = """\
date: 2026-11-16
status: held
funnel_review: {review}
ratings:
  petra: {{score: 3, note: steady}}
  laszlo: {{score: 4}}
  reka: {{score: 2}}
goals:
  - rep: petra
    goal: Book 12 discovery calls
    manager_help: Joins two of them
    due: 2026-11-25
actions:
  - {{owner: coach, do: Share the pricing playbook, due: 2026-11-20, done: false}}
  - {{owner: manager, do: Pair Petra with László, due: 2026-11-20, done: true}}
"""


@pytest.fixture
def team(repo: Path) -> Path:
    """One experienced manager whose last 1:1 (16 Nov, with the funnel review) rated three
    reps, set a goal due before the next 1:1 and left an open coach action."""
    write(repo, "salescoach.yaml", SETTINGS)
    write(repo, "managers/anna.yaml", MANAGER)
    write(repo, "meetings/anna/2026-11-16.yaml", LAST_MEETING.format(review="true"))
    return repo


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("SALESCOACH_REPO", raising=False)


def test_markdown_has_the_four_topics_each_rep_the_goal_and_the_open_action(
    cli: Run, team: Path
) -> None:
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "markdown")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("# 1:1 with Anna Kovács: Mon 30 Nov 2026, 60 minutes\n")
    for heading in [
        "## 1. The manager's routine (10 min)",
        "## 2. Rep performance (20 min)",
        "## 3. Goals for the next 30 days (15 min)",
        "## 4. The manager's own performance (10 min)",
        "## Expectations and actions (5 min)",
    ]:
        assert f"\n{heading}\n" in md
    # one rating so far: the score, its average (one decimal), no trend yet, an empty cell
    assert "| Rep | 16 Nov | Avg | Trend | Today (1–4) | Notes |" in md
    assert "| Petra Nagy (`petra`) | 3 | 3.0 |  |   | steady |" in md
    assert "| László Fekete (`laszlo`) | 4 | 4.0 |  |   |  |" in md
    assert "| Réka Balogh (`reka`) | 2 | 2.0 |  |   |  |" in md
    assert (
        "| `2026-11-16#1` | Petra Nagy | Book 12 discovery calls (16 Nov) | Wed 25 Nov 2026 "
        "| Joins two of them |" in md
    )
    assert (
        "- [ ] `2026-11-16#1` Éva Horváth: Share the pricing playbook (due Fri 20 Nov 2026, "
        "overdue 7 days; from 16 Nov) **overdue**" in md
    )
    assert "Pair Petra" not in md.split("**Open actions**")[1]  # done: not open
    assert "Funnel review (" not in md


def test_funnel_review_more_than_8_weeks_back_makes_a_90_minute_agenda(
    cli: Run, team: Path
) -> None:
    write(
        team,
        "funnel/2026-11-15.yaml",
        """\
        date: 2026-11-15
        reps:
          petra:
            calls: 220
            stages: {prospects: 40, meetings: 18, proposals: 9, won: 4}
            open_deals:
              - {name: Globex renewal, amount: 120000, stage: proposals, since: 2026-09-01}
        """,
    )
    later = "2027-01-20"  # 16 Nov + 8 weeks = 11 Jan
    result = cli("--repo", team, "--today", later, "agenda", "next", "anna", "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert "60 minutes" not in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[0].endswith(", 90 minutes")
    assert "\n## Funnel review (30 min)\n" in result.stdout
    # aged on the snapshot's date, as `funnel review` ages it
    assert "Petra Nagy: Globex renewal, 120,000, proposals, open 75 days" in result.stdout
    data = json.loads(
        cli("--repo", team, "--today", later, "agenda", "next", "anna", "-f", "json").stdout
    )
    assert data["minutes"] == 90
    assert data["funnel"]["minutes"] == 30
    assert data["funnel"]["review"]["large_deals"][0]["deal"] == "Globex renewal"
    # right after a review: 60 minutes, no funnel section
    soon = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json")
    data = json.loads(soon.stdout)
    assert (data["minutes"], data["funnel_review"], data["funnel"]) == (60, False, None)


def test_write_creates_a_file_that_passes_check_and_never_overwrites(cli: Run, team: Path) -> None:
    first = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "--write")
    assert first.exit_code == 0, first.output
    created = team / "meetings/anna/2026-11-30.yaml"
    assert "created meetings/anna/2026-11-30.yaml" in first.stderr
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/meeting.json\n")
    assert "\nstatus: planned\n" in text
    assert "\nfunnel_review: false\n" in text
    for rep in ["petra", "laszlo", "reka"]:
        assert f'\n  {rep}: {{score: null, note: ""}}  # ' in text
    assert "#   2026-11-16#1 Petra Nagy: Book 12 discovery calls (due 2026-11-25)" in text
    check = cli("--repo", team, "--today", TODAY, "check", "--strict")
    assert check.exit_code == 0, check.output
    before = created.read_bytes()
    second = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "--write")
    assert second.exit_code == 1
    assert "error: meetings/anna/2026-11-30.yaml already exists; it was left as it is" in (
        second.stderr
    )
    assert second.stdout == ""
    assert created.read_bytes() == before
    # the planned meeting is now the next one: its blank goals and empty ratings change nothing
    again = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json")
    data = json.loads(again.stdout)
    assert data["planned"] is True
    assert [g["ref"] for g in data["goals"]["to_assess"]] == ["2026-11-16#1"]


def test_default_manager_is_the_one_due_soonest(cli: Run, team: Path) -> None:
    write(
        team,
        "managers/bela.yaml",
        MANAGER.replace("Anna Kovács", "Béla Kiss")
        .replace("petra", "p2")
        .replace("laszlo", "l2")
        .replace("reka", "r2"),
    )
    write(team, "meetings/bela/2026-11-24.yaml", "date: 2026-11-24\nstatus: held\n")
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["manager"] == "anna"  # 30 Nov before 8 Dec


def test_unknown_manager_is_a_clear_error(cli: Run, team: Path) -> None:
    result = cli("--repo", team, "agenda", "next", "ana")
    assert result.exit_code == 1
    assert "error: no manager 'ana' (no file managers/ana.yaml)" in result.stderr
    assert "hint: did you mean 'anna'?" in result.stderr
    bad = cli("--repo", team, "agenda", "next", "../x")
    assert bad.exit_code == 2
    assert "error: '../x' is not a valid manager ID" in bad.stderr


def test_a_broken_meeting_file_is_refused(cli: Run, team: Path) -> None:
    write(team, "meetings/anna/2026-11-23.yaml", "date: 2026-11-23\nstatus: done\n")
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna")
    assert result.exit_code == 1
    assert "meetings/anna/2026-11-23.yaml:2:9: invalid-value status" in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------- golden files


@pytest.mark.parametrize("manager", ["anna-kovacs", "zsofia-toth"])
@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_golden_agenda_of_the_example(
    cli: Run, example: Path, manager: str, fmt: str, ext: str
) -> None:
    result = cli("--repo", example, "--today", TODAY, "agenda", "next", manager, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert_golden(f"agenda-{manager}.{ext}", result.stdout)


def test_golden_written_meeting_of_the_example(cli: Run, example: Path) -> None:
    result = cli(
        "--repo",
        example,
        "--today",
        TODAY,
        "agenda",
        "next",
        "zsofia-toth",
        "--write",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert_golden(
        "agenda-write-zsofia-toth.yaml",
        (example / "meetings/zsofia-toth/2026-12-09.yaml").read_text(encoding="utf-8"),
    )
    assert cli("--repo", example, "--today", TODAY, "check").exit_code == 0


def test_example_default_is_anna(cli: Run, example: Path) -> None:
    result = cli("--repo", example, "--today", TODAY, "agenda", "next", "-f", "markdown")
    assert result.stdout.startswith("# 1:1 with Anna Kovács: Mon 30 Nov 2026, 60 minutes\n")


# ---------------------------------------------------------------- goal grade / action done


def test_goal_grade_changes_only_the_result_line(cli: Run, team: Path) -> None:
    path = team / "meetings/anna/2026-11-16.yaml"
    before = path.read_text(encoding="utf-8")
    result = cli(
        "--repo", team, "--today", TODAY, "goal", "grade", "anna", "2026-11-16#1", "partly"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "graded 2026-11-16#1 (petra: Book 12 discovery calls): partly, "
        "in meetings/anna/2026-11-16.yaml\n"
    )
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        "    due: 2026-11-25\n", "    due: 2026-11-25\n    result: partly\n"
    )
    again = cli("--repo", team, "--today", TODAY, "goal", "grade", "anna", "2026-11-16#1", "met")
    assert "partly → met" in again.stderr
    same = cli("--repo", team, "--today", TODAY, "goal", "grade", "anna", "2026-11-16#1", "met")
    assert same.exit_code == 0
    assert "was already graded met; nothing changed" in same.stderr
    agenda = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json")
    assert json.loads(agenda.stdout)["goals"]["to_assess"] == []


@pytest.mark.parametrize(
    ("ref", "result", "code", "message"),
    [
        ("2026-11-16#2", "met", 1, "error: no goal 2026-11-16#2: the 1:1 of 2026-11-16 has 1 goal"),
        (
            "2026-11-17#1",
            "met",
            1,
            "error: no goal 2026-11-17#1: anna has no meeting on 2026-11-17",
        ),
        ("petra", "met", 2, "error: 'petra' is not a goal reference; write it as MEETING-DATE#N"),
        ("2026-11-16#1", "great", 2, "'great' is not one of 'met', 'partly', 'missed'"),
    ],
)
def test_goal_grade_refuses_bad_input_and_changes_nothing(
    cli: Run, team: Path, ref: str, result: str, code: int, message: str
) -> None:
    path = team / "meetings/anna/2026-11-16.yaml"
    before = path.read_bytes()
    out = cli("--repo", team, "--today", TODAY, "goal", "grade", "anna", ref, result)
    assert out.exit_code == code
    assert message in " ".join(out.stderr.split()) or message in out.stderr
    if code == 1 or "reference" in message:
        assert "hint: open goals of anna: 2026-11-16#1" in out.stderr
    assert path.read_bytes() == before


def test_action_done_changes_only_that_action(cli: Run, team: Path) -> None:
    path = team / "meetings/anna/2026-11-16.yaml"
    before = path.read_text(encoding="utf-8")
    result = cli("--repo", team, "--today", TODAY, "action", "done", "anna", "2026-11-16#1")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "done: 2026-11-16#1 (coach: Share the pricing playbook), in meetings/anna/2026-11-16.yaml\n"
    )
    assert path.read_text(encoding="utf-8") == before.replace(
        "due: 2026-11-20, done: false}", f"due: 2026-11-20, done: true, done_on: {TODAY}}}"
    )
    again = cli("--repo", team, "--today", TODAY, "action", "done", "anna", "2026-11-16#2")
    assert "was already done; nothing changed" in again.stderr
    missing = cli("--repo", team, "--today", TODAY, "action", "done", "anna", "2026-11-16#3")
    assert missing.exit_code == 1
    assert "error: no action 2026-11-16#3: the 1:1 of 2026-11-16 has 2 actions" in missing.stderr
    assert "hint: anna has no open actions in recent meetings" in missing.stderr
    agenda = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "json")
    assert json.loads(agenda.stdout)["actions"] == []


def test_agenda_of_one_manager_reads_only_their_files(cli: Run, team: Path) -> None:
    write(team, "managers/other.yaml", "name: [broken\n")
    write(team, "meetings/other/2026-11-20.yaml", "date: nope\n")
    result = cli("--repo", team, "--today", TODAY, "agenda", "next", "anna", "-f", "markdown")
    assert result.exit_code == 0, result.output
    everyone = cli("--repo", team, "--today", TODAY, "agenda", "next")
    assert everyone.exit_code == 1
    assert "managers/other.yaml" in everyone.stderr


# ---------------------------------------------------------------- the funnel section from an import

CRM_SAMPLE = Path(__file__).parent.parent / "examples" / "crm-sample"
IMPORT = "funnel/imports/2017-12-31-sales-pipeline.csv"
HELD = "date: {day}\nstatus: held\nfunnel_review: {review}\n"


@pytest.fixture
def crm(tmp_path: Path) -> Path:
    """A copy of examples/crm-sample (6 managers, the Maven CRM sample imported) where Cara
    Losch's last funnel review (14 Sep 2026) is long ago and her last 1:1 was on 16 Nov."""
    target = tmp_path / "crm"
    shutil.copytree(CRM_SAMPLE, target)
    write(
        target, "meetings/cara-losch/2026-09-14.yaml", HELD.format(day="2026-09-14", review="true")
    )
    write(
        target, "meetings/cara-losch/2026-11-16.yaml", HELD.format(day="2026-11-16", review="false")
    )
    return target


def _value_deal(repo: Path, deal_id: str, amount: int) -> tuple[str, date, str]:
    """Give an open deal of the import a value; returns its stage, created date and name."""
    path = repo / IMPORT
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        fields = line.rstrip("\n").split(",")
        if fields[0] == deal_id:
            # id, name, rep, owner, stage, amount, created, closed
            assert (fields[5], fields[7]) == ("", ""), line  # open, without a value
            fields[5] = str(amount)
            lines[i] = ",".join(fields) + "\n"
            path.write_text("".join(lines), encoding="utf-8")
            return fields[4], date.fromisoformat(fields[6]), fields[1]
    raise AssertionError(f"no deal {deal_id}")


def _agenda(cli: Run, repo: Path, fmt: str, manager: str = "cara-losch") -> str:
    result = cli("--repo", repo, "--today", TODAY, "agenda", "next", manager, "-f", fmt)
    assert result.exit_code == 0, result.output
    return result.stdout


def _review(cli: Run, repo: Path, as_of: str, manager: str = "cara-losch") -> dict[str, Any]:
    result = cli(
        "--repo",
        repo,
        "--today",
        TODAY,
        "funnel",
        "review",
        manager,
        "--as-of",
        as_of,
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    team: dict[str, Any] = json.loads(result.stdout)["teams"][0]
    return team


def test_funnel_section_from_the_import_is_the_review_of_funnel_review(cli: Run, crm: Path) -> None:
    globex = _value_deal(crm, "XYNTWPN1", 15000)  # Violet Mclelland
    initech = _value_deal(crm, "M7I5O9YU", 42000)  # Corliss Cosme
    _value_deal(crm, "8LW65NDL", 9999)  # below funnel.large_deal: not a large deal
    data = json.loads(_agenda(cli, crm, "json"))
    assert (data["date"], data["minutes"], data["funnel_review"]) == ("2026-11-27", 90, True)
    f = data["funnel"]
    assert f["minutes"] == 30
    review = f["review"]
    assert (review["source"], review["review"]["last"]) == (IMPORT, "2026-09-14")
    assert (review["previous_source"], review["calls_from"]) == (None, None)
    assert review == _review(cli, crm, "2017-12-31")
    assert len(review["stalled_deals"]) == 183
    assert [(d["deal"], d["name"], d["amount"]) for d in review["large_deals"]] == [
        ("M7I5O9YU", initech[2], 42000),
        ("XYNTWPN1", "Rundofase", 15000),
    ]
    md = _agenda(cli, crm, "markdown")
    section = md.split("\n## Funnel review (30 min)\n")[1].split("\n## Expectations")[0]
    assert section.startswith(
        f"\nFrom {IMPORT} (Sun 31 Dec 2017). Calls unknown: no recent snapshot "
        "funnel/DATE.yaml has them.\n"
    )
    assert (
        "| Rep | Calls | prospecting | engaging | won | Lost | Win rate | Won value | Open deals |"
        in section
    )
    listed_apart = {"large-deal", "stalled-deals"}
    findings = [
        d["message"]
        for d in [*review["diagnostics"], *(d for r in review["reps"] for d in r["diagnostics"])]
        if d["code"] not in listed_apart
    ]
    assert section.count("\n- ") >= len(findings)
    large = section.split("**Large deals** (at least 10,000): strategy, tactics, resources?\n\n")
    assert large[1].split("\n\n")[0] == "\n".join(
        f"- {name}: {title} ({deal}), {amount}, {stage}, "
        f"open {(date(2017, 12, 31) - since).days} days, since {since:%a} {since.day} {since:%b %Y}"
        for name, deal, amount, (stage, since, title) in [
            ("Corliss Cosme", "M7I5O9YU", "42,000", initech),
            ("Violet Mclelland", "XYNTWPN1", "15,000", globex),
        ]
    )
    assert f"**Stalled deals** (open more than {review['stalled_after_days']} days):" in section
    assert "- … and 173 more (see funnel review)" in section
    text = _agenda(cli, crm, "text")
    assert "Large deals (at least 10,000)" in text
    assert f"Corliss Cosme: {initech[2]} (M7I5O9YU), 42,000, engaging" in text


def test_calls_come_from_a_snapshot_near_the_import_date(cli: Run, crm: Path) -> None:
    snapshot = (
        "date: {day}\nreps:\n  violet-mclelland: {{calls: {a}}}\n  corliss-cosme: {{calls: {b}}}\n"
    )
    write(crm, "funnel/2017-09-30.yaml", snapshot.format(day="2017-09-30", a=300, b=280))
    far = json.loads(_agenda(cli, crm, "json"))["funnel"]["review"]  # 92 days before: too old
    assert far["calls_from"] is None
    assert [r["calls"] for r in far["reps"]] == [None] * 6
    assert far["calls"] is None
    write(crm, "funnel/2018-01-05.yaml", snapshot.format(day="2018-01-05", a=200, b=290))
    near = json.loads(_agenda(cli, crm, "json"))["funnel"]["review"]  # 5 days after: recent
    assert near["calls_from"] == "funnel/2018-01-05.yaml"
    assert [r["calls"] for r in near["reps"][:3]] == [200, 290, None]
    assert near["calls"] == 490
    assert near["source"] == IMPORT
    latest = cli("--repo", crm, "--today", TODAY, "funnel", "review", "cara-losch", "-f", "json")
    assert near == json.loads(latest.stdout)["teams"][0]  # as of the latest data, like the 1:1
    md = _agenda(cli, crm, "markdown")
    assert f"From {IMPORT} (Sun 31 Dec 2017). Calls from funnel/2018-01-05.yaml.\n" in md
    assert "- Calls: 490.\n" in md


def test_win_rate_arrows_compare_with_the_import_before(cli: Run, crm: Path) -> None:
    latest = (crm / IMPORT).read_text(encoding="utf-8")
    earlier = "funnel/imports/2017-09-30-sales-pipeline.csv"
    write(crm, earlier, latest.replace("# as_of: 2017-12-31\n", "# as_of: 2017-09-30\n"))
    write(crm, "funnel/imports/2026-12-01-later.csv", "not even a CSV\n")  # after the 1:1
    write(crm, "funnel/imports/2016-01-01-broken.csv", "not even a CSV\n")  # never read
    review = json.loads(_agenda(cli, crm, "json"))["funnel"]["review"]
    assert review["source"] == IMPORT
    assert review["previous_source"] == earlier
    assert review == _review(cli, crm, "2017-12-31")
    violet = review["reps"][0]
    assert violet["previous"]["win_rate"] is not None
    md = _agenda(cli, crm, "markdown")
    assert f"Arrows compare with {earlier}." in md
    row = next(line for line in md.splitlines() if line.startswith("| Violet Mclelland |"))
    now, before = violet["win_rate"], violet["previous"]["win_rate"]
    arrow = "→" if now == before else ("↑" if now > before else "↓")
    assert f"| {now * 100:.1f}% {arrow} |" in row


def test_a_broken_latest_import_is_refused_naming_the_file(cli: Run, crm: Path) -> None:
    write(crm, "funnel/imports/2018-01-31-broken.csv", "id,rep\n")
    result = cli("--repo", crm, "--today", TODAY, "agenda", "next", "cara-losch")
    assert result.exit_code == 1
    assert "funnel/imports/2018-01-31-broken.csv:1:1: bad-import expected the columns" in (
        result.stderr
    )
    assert result.stdout == ""
    # without the funnel review due, the import is not read at all
    write(crm, "meetings/cara-losch/2026-11-23.yaml", HELD.format(day="2026-11-23", review="true"))
    assert cli("--repo", crm, "--today", TODAY, "agenda", "next", "cara-losch").exit_code == 0


@pytest.mark.parametrize(
    "manager",
    [
        "cara-losch",
        "celia-rouche",
        "dustin-brinkmann",
        "melvin-marxen",
        "rocco-neubert",
        "summer-sewald",
    ],
)
def test_every_manager_of_the_crm_sample_gets_the_funnel_section_from_the_import(
    cli: Run, manager: str, tmp_path: Path
) -> None:
    repo = tmp_path / "crm"
    shutil.copytree(CRM_SAMPLE, repo)
    data = json.loads(_agenda(cli, repo, "json", manager))
    # no 1:1 held yet: due today, with the funnel review (none recorded)
    assert (data["date"], data["funnel_review"], data["minutes"]) == ("2026-11-27", True, 90)
    review = data["funnel"]["review"]
    assert (review["source"], review["review"]["last"]) == (IMPORT, None)
    team = _review(cli, repo, "2017-12-31", manager)
    assert review == team
    md = _agenda(cli, repo, "markdown", manager)
    assert "\n## Funnel review (30 min)\n" in md
    assert f"- In numbers: won {team['won']:,}, lost {team['lost']}, " in md


def test_default_manager_of_the_crm_sample(cli: Run, tmp_path: Path) -> None:
    repo = tmp_path / "crm"
    shutil.copytree(CRM_SAMPLE, repo)
    result = cli("--repo", repo, "--today", TODAY, "agenda", "next", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["manager"] == "cara-losch"  # all due today: the first by ID
    assert data["funnel"]["review"]["source"] == IMPORT


@pytest.mark.parametrize(("width", "inside"), [(140, True), (80, False)])
def test_rep_notes_sit_in_the_table_only_when_there_is_room(width: int, inside: bool) -> None:
    import io

    from rich.console import Console

    from salescoach.render.agenda import print_rich
    from salescoach.store import Layout
    from salescoach.usecases.agenda import prepare_agenda
    from tests.conftest import EXAMPLE

    agenda = prepare_agenda(Layout(EXAMPLE), "zsofia-toth", date(2026, 11, 27))
    out = io.StringIO()
    print_rich(Console(file=out, width=width, no_color=True), agenda)
    lines = out.getvalue().splitlines()
    bence = next(line for line in lines if "Bence Molnár" in line and "4" in line)
    assert ("128% of target" in bence) is inside
    assert any("Bence Molnár: 128% of target" in line for line in lines) is not inside


@pytest.mark.parametrize("manager", ["anna-kovacs", "zsofia-toth"])
def test_piped_agenda_fits_80_columns_without_trailing_spaces(
    cli: Run, example: Path, monkeypatch: pytest.MonkeyPatch, manager: str
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = cli("--repo", example, "--today", TODAY, "agenda", "next", manager).stdout
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert [line for line in lines if line != line.rstrip()] == []
    # a wrapped line keeps its indent: only the title, header labels and topic rules start
    # at the left edge, never the rest of a sentence
    starts = {
        line.split()[0] for line in lines if line and not line[0].isspace() and line[0] != "─"
    }
    allowed = {"1:1", "Why", "Funnel", "Coaching", "Suggested", "Training", "Moved", "Overdue"}
    allowed |= {"1.", "2.", "3.", "4.", "Expectations"}
    assert starts <= allowed, starts - allowed
    # notes never wrap one word per line (a wrap may end with one word, not two such lines)
    lone = [len(line.split()) == 1 and line.startswith("   ") for line in lines]
    assert not any(a and b for a, b in itertools.pairwise(lone))


# ---------------------------------------------------------------- Hungarian


def _example_names(example: Path) -> list[str]:
    """Every manager's and rep's name of the example, for the layout check (never cut)."""
    import yaml

    names = []
    for path in sorted((example / "managers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names += [data["name"], *(r["name"] for r in data.get("reps", []))]
    return names


@pytest.mark.parametrize("manager", ["anna-kovacs", "zsofia-toth"])
@pytest.mark.parametrize("width", [80, 120])
def test_golden_hungarian_agenda_fits(
    cli: Run, example: Path, monkeypatch: pytest.MonkeyPatch, manager: str, width: int
) -> None:
    from tests.layout import assert_fits, assert_golden

    monkeypatch.setenv("COLUMNS", str(width))
    args = ("--repo", example, "--today", TODAY, "--lang", "hu", "agenda", "next", manager)
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout, width, _example_names(example))
    assert_golden(f"agenda-{manager}-{width}.hu.txt", result.stdout)


@pytest.mark.parametrize("manager", ["anna-kovacs", "zsofia-toth"])
def test_golden_hungarian_agenda_markdown(cli: Run, example: Path, manager: str) -> None:
    args = ("--repo", example, "--today", TODAY, "--lang", "hu", "agenda", "next", manager)
    result = cli(*args, "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert_golden(f"agenda-{manager}.hu.md", result.stdout)


def test_hungarian_agenda_speaks_hungarian(cli: Run, example: Path) -> None:
    """The headings, dates, numbers and the method's questions in Hungarian; the English
    agenda of the same repository is unchanged by it."""
    args = ("--repo", example, "--today", TODAY, "--lang", "hu", "agenda", "next", "zsofia-toth")
    md = cli(*args, "-f", "markdown").stdout
    assert md.startswith("# Egyéni megbeszélés – Zsófia Tóth: 2026. december 9., szerda, 90 perc\n")
    assert "## 1. A vezető napi rutinja (10 perc)\n" in md
    assert "> Van elég érdeklődő? Ha nincs, miért nincs?  \n" in md
    assert "- **Vezetési stílus:** támogató\n" in md
    english = cli(
        "--repo", example, "--today", TODAY, "agenda", "next", "zsofia-toth", "-f", "markdown"
    )
    assert english.stdout.startswith("# 1:1 with Zsófia Tóth: Wed 9 Dec 2026, 90 minutes\n")


def test_a_repositorys_own_prompts_stay_as_written(cli: Run, team: Path) -> None:
    write(
        team,
        "salescoach.yaml",
        SETTINGS + "coaching_prompts:\n  coaching: [Ask about the expo leads first.]\n",
    )
    result = cli(
        "--repo", team, "--today", TODAY, "--lang", "hu", "agenda", "next", "anna", "-f", "markdown"
    )
    assert result.exit_code == 0, result.output
    assert "  - Ask about the expo leads first.\n" in result.stdout
    assert "- **Vezetési stílus:** felkészítő\n" in result.stdout
