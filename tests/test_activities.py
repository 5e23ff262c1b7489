"""``funnel import`` of CRM activity exports: each CRM's export, built to its documented layout,
imports into a freshly initialised repo with no ``--map``, and each rep's done calls and
meetings equal an independent count over the file; the import is all or nothing and
idempotent, and a header only an activity profile fits is read as activities."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import Run, write

DATA = Path(__file__).resolve().parent / "data" / "activities"
MANAGER = (
    "managers/anna.yaml",
    (
        "name: Anna Kovács\nreps:\n"
        "  - {id: petra-nagy, name: Petra Nagy, crm_names: [petra.nagy@acme.example]}\n"
        "  - {id: tom-reed, name: Tom Reed, crm_names: [tom.reed@acme.example]}\n"
    ),
)
REPS = {
    "Petra Nagy": "petra-nagy",
    "petra.nagy@acme.example": "petra-nagy",
    "Tom Reed": "tom-reed",
    "tom.reed@acme.example": "tom-reed",
}

Row = dict[str, str]


def _rows(name: str) -> list[Row]:
    """The activity rows of a fixture, read with the csv module (a report's header block,
    totals and footer lines left out: the rows as wide as the header whose owner is set)."""
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    i_header = next(i for i, row in enumerate(rows) if len([c for c in row if c]) > 2)
    header = rows[i_header]
    return [
        dict(zip(header, row, strict=True))
        for row in rows[i_header + 1 :]
        if len(row) == len(header) and not row[0].startswith("Grand Totals")
    ]


def _us(text: str) -> date:
    return datetime.strptime(text, "%m/%d/%Y").date()


def _eu(text: str) -> date:
    return datetime.strptime(text.split()[0], "%d/%m/%Y").date()


def _salesforce(rows: list[Row]) -> list[tuple[str, str, bool]]:
    """Salesforce: the Type (else the Task Subtype) says call or meeting; a task is done when
    its Status is Completed; an event has no Status: done when on or before the latest
    completed task."""
    as_of = max(_us(r["Date"]) for r in rows if r["Status"] == "Completed")
    kind = {"Call": "call", "Meeting": "meeting", "Email": "email"}
    return [
        (
            r["Assigned"],
            kind.get(r["Type"] or r["Task Subtype"], "other"),
            r["Status"] == "Completed" or (not r["Status"] and _us(r["Date"]) <= as_of),
        )
        for r in rows
    ]


def _hubspot_calls(rows: list[Row]) -> list[tuple[str, str, bool]]:
    """HubSpot calls: every row a call; made when Completed, or a dial that reached no one."""
    made = {"Completed", "Busy", "No answer"}
    return [(r["Activity assigned to"], "call", r["Call status"] in made) for r in rows]


def _hubspot_meetings(rows: list[Row]) -> list[tuple[str, str, bool]]:
    """HubSpot meetings: every row a meeting; done when its outcome is Completed."""
    return [
        (r["Activity assigned to"], "meeting", r["Meeting outcome"] == "Completed") for r in rows
    ]


def _pipedrive(rows: list[Row]) -> list[tuple[str, str, bool]]:
    """Pipedrive: Call; Meeting and Lunch are meetings; done when Done."""
    kind = {"Call": "call", "Meeting": "meeting", "Lunch": "meeting"}
    return [
        (
            r["Activity - Assigned to user"],
            kind.get(r["Activity - Type"], "other"),
            r["Activity - Done"] == "Done",
        )
        for r in rows
    ]


def _dynamics(rows: list[Row]) -> list[tuple[str, str, bool]]:
    """Dynamics 365: Phone Call and Appointment; done when the Activity Status is Completed."""
    kind = {"Phone Call": "call", "Appointment": "meeting"}
    return [
        (r["Owner"], kind.get(r["Activity Type"], "other"), r["Activity Status"] == "Completed")
        for r in rows
    ]


def _dynamics_calls(rows: list[Row]) -> list[tuple[str, str, bool]]:
    """Dynamics 365 phone calls: every row a call; done when its Activity Status is Completed."""
    return [(r["Owner"], "call", r["Activity Status"] == "Completed") for r in rows]


def _generic(rows: list[Row]) -> list[tuple[str, str, bool]]:
    """Generic: a type naming a call is a call; done when yes."""

    def kind(t: str) -> str:
        return "call" if "call" in t else t

    return [(r["owner"], kind(r["type"]), r["done"] == "yes") for r in rows]


Reading = Callable[[list[Row]], list[tuple[str, str, bool]]]
CASES: list[tuple[str, str, Reading]] = [
    ("salesforce-activities.csv", "salesforce", _salesforce),
    ("hubspot-calls.csv", "hubspot-calls", _hubspot_calls),
    ("hubspot-meetings.csv", "hubspot-meetings", _hubspot_meetings),
    ("pipedrive-activities.csv", "pipedrive", _pipedrive),
    ("dynamics-activities.csv", "dynamics", _dynamics),
    ("dynamics-phone-calls.csv", "dynamics-calls", _dynamics_calls),
    ("generic-activities.csv", "generic", _generic),
]


def _fresh_repo(cli: Run, tmp_path: Path) -> Path:
    """A repository as ``salescoach init`` makes it, with one manager and two reps."""
    root = tmp_path / "fresh"
    assert cli("init", root).exit_code == 0
    write(root, *MANAGER)
    return root


def _expected(reading: list[tuple[str, str, bool]]) -> dict[str, dict[str, int]]:
    """Per rep, the done calls and meetings of the independent reading."""
    done = Counter((REPS[o], k) for o, k, d in reading if d and o in REPS)
    return {
        rep: {"call": done[rep, "call"], "meeting": done[rep, "meeting"]}
        for rep in sorted({REPS[o] for o, _k, _d in reading if o in REPS})
    }


def _stored(root: Path) -> dict[str, dict[str, int]]:
    """Per rep, the done calls and meetings of the one stored activities file."""
    (path,) = (root / "funnel" / "activities").glob("*.csv")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    rows = [r for r in csv.DictReader(lines) if r["rep"]]
    done = Counter((r["rep"], r["kind"]) for r in rows if r["done"] == "yes")
    return {
        rep: {"call": done[rep, "call"], "meeting": done[rep, "meeting"]}
        for rep in sorted({r["rep"] for r in rows})
    }


@pytest.mark.parametrize(("name", "profile", "reading"), CASES, ids=[c[0] for c in CASES])
def test_each_crms_activity_export_imports_into_a_fresh_repo(
    cli: Run, tmp_path: Path, name: str, profile: str, reading: Reading
) -> None:
    root = _fresh_repo(cli, tmp_path)
    result = cli("--repo", root, "funnel", "import", DATA / name, "--activities", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    expected = _expected(reading(_rows(name)))
    assert report["profile"] == profile
    assert {r: {k: c[k] for k in ("call", "meeting")} for r, c in report["reps"].items()} == (
        expected
    )
    assert _stored(root) == expected
    assert sum(c["call"] for c in expected.values()) > 0 or profile == "hubspot-meetings"
    assert any(not done for _o, _k, done in reading(_rows(name)))  # something not done


def test_every_activity_profile_has_a_fixture() -> None:
    from salescoach.crm.activity_profiles import ACTIVITY_PROFILE_NAMES

    assert {c[1] for c in CASES} == set(ACTIVITY_PROFILE_NAMES)


def test_the_summary_says_what_was_imported_and_each_reps_calls(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = DATA / "salesforce-activities.csv"
    result = cli("--repo", root, "funnel", "import", export)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: 1 row of 1 owner who is no rep: Jane Doe (1); they are kept with an empty "
        "rep and left out of every team (add the names to a rep's crm_names and import again)",
        "salesforce-activities.csv: 12 activities imported → "
        "funnel/activities/2026-11-24-salesforce-activities.csv (profile salesforce, dates "
        "m/d/Y, as of 2026-11-24, the latest date of a done activity)",
        "read as activities: the header fits the salesforce activity profile and no deal profile",
        "done: 5 calls, 2 meetings, 1 e-mail, 1 other (3 not done)",
        "calls and meetings done per rep: Petra Nagy 3 calls, 1 meeting; "
        "Tom Reed 2 calls, 1 meeting",
        "skipped: 3 header lines, 5 footer lines, 1 totals row (the report's own lines, "
        "not activities)",
    ]
    assert not list((root / "funnel" / "imports").glob("*.csv"))


def test_importing_the_same_export_again_changes_nothing(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = DATA / "pipedrive-activities.csv"
    assert cli("--repo", root, "funnel", "import", export, "--activities").exit_code == 0
    (stored,) = (root / "funnel" / "activities").glob("*.csv")
    before = stored.read_bytes()
    again = cli("--repo", root, "funnel", "import", export, "--activities")
    assert again.exit_code == 0, again.stderr
    assert "already imported: nothing changed" in again.stderr.splitlines()[0]
    assert stored.read_bytes() == before
    assert sorted((root / "funnel" / "activities").iterdir()) == [
        stored.parent / ".salescoach-lock",
        stored,
    ]


def test_the_stored_file_has_the_metadata_and_fixed_columns(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = DATA / "generic-activities.csv"
    assert cli("--repo", root, "funnel", "import", export, "--as-of", "2026-11-30").exit_code == 0
    stored = root / "funnel" / "activities" / "2026-11-30-generic-activities.csv"
    import hashlib

    digest = hashlib.sha256(export.read_bytes()).hexdigest()
    assert stored.read_text(encoding="utf-8").splitlines()[:13] == [
        "# salescoach activities import: re-run `salescoach funnel import --activities` "
        "instead of editing",
        "# source: generic-activities.csv",
        f"# sha256: {digest}",
        "# profile: generic",
        "# columns: id=id, type=type, owner=owner, date=date, done=done, subject=subject, "
        "deal=deal",
        "# date_format: Y-m-d",
        "# as_of: 2026-11-30",
        "# rows: 9",
        "# unmatched_rows: 0",
        "id,rep,owner,kind,date,done,subject,deal",
        "g1,petra-nagy,Petra Nagy,call,2026-11-02,yes,Intro,D-1",
        "g2,petra-nagy,Petra Nagy,call,2026-11-04,no,Follow-up,D-1",
        "g3,petra-nagy,Petra Nagy,meeting,2026-11-09,yes,Demo,D-1",
    ]


BAD = (
    "id,type,owner,date,done,subject\n"
    "b1,call,Petra Nagy,2026-11-02,yes,ok\n"
    "b2,,Petra Nagy,2026-11-03,yes,no type\n"
    "b3,call,Tom Reed,2026-13-45,yes,bad date\n"
    "b4,meeting,Tom Reed,2026-11-05,maybe,bad done\n"
    "b1,call,Tom Reed,2026-11-06,no,twice\n"
    "b6,call,Tom Reed,,no,no date\n"
)


def test_bad_rows_are_refused_each_with_its_line_and_nothing_is_written(
    cli: Run, tmp_path: Path
) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = tmp_path / "bad.csv"
    export.write_text(BAD, encoding="utf-8")
    result = cli("--repo", root, "funnel", "import", export, "--activities")
    assert result.exit_code == 1
    allowed = (
        "a done value (yes, true, 1, done, completed, complete) or a not-done value (no, false, "
        "0, not done, open, to do, undone, planned, scheduled, canceled, cancelled)"
    )
    assert result.stderr.splitlines() == [
        "error: 5 bad rows in bad.csv; nothing was imported",
        f"  {export}:3:1: empty-type the activity type is empty (column 'type')",
        f"  {export}:4:1: bad-date the date '2026-13-45' is not a date in the format Y-m-d "
        "(column 'date')",
        f"  {export}:5:1: bad-done 'maybe' is not {allowed} (column 'done')",
        f"  {export}:6:1: duplicate-id the activity 'b1' appears twice (first on line 2)",
        f"  {export}:7:1: missing-date the activity has no date (column 'date')",
        "hint: fix these lines in the CRM (or in the export) and import it again",
    ]
    assert not (root / "funnel" / "activities").exists()


def test_a_deal_export_is_still_imported_as_deals(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = Path(__file__).resolve().parent / "data" / "crm" / "generic-deals.csv"
    result = cli("--repo", root, "funnel", "import", export)
    assert result.exit_code == 0, result.stderr
    assert "read as activities" not in result.stderr
    assert list((root / "funnel" / "imports").glob("*.csv"))
    assert not (root / "funnel" / "activities").exists()


def test_a_deal_export_with_activities_is_refused_naming_the_missing_columns(
    cli: Run, tmp_path: Path
) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = tmp_path / "deals.csv"
    export.write_text("Owner,Stage,Amount,Close Date\nPetra Nagy,won,100,2026-11-02\n")
    result = cli("--repo", root, "funnel", "import", export, "--activities")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        f"  {export}:1:1: missing-column cannot tell which columns hold type, date. An activity "
        "export needs one column each for type, owner, date; the closest profile is dynamics "
        "(Microsoft Dynamics 365 activities), which lacks type (e.g. 'Activity Type'); date "
        "(e.g. 'Actual End' or 'Due Date'). The columns found are: Owner, Stage, Amount, "
        "Close Date"
    )


def test_profile_hubspot_chooses_calls_or_meetings_by_the_header(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = DATA / "hubspot-meetings.csv"
    result = cli("--repo", root, "funnel", "import", export, "--profile", "hubspot", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["profile"], report["detected"]) == ("hubspot-meetings", True)
    assert report["done"] == {"call": 0, "meeting": 3, "email": 0, "task": 0, "other": 0}


def test_map_names_an_activity_column_and_standard_input_works(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    text = "Kind,Rep,When,Done\nCall,Tom Reed,11/20/2026,yes\nMeeting,Tom Reed,11/03/2026,no\n"
    result = cli(
        "--repo", root, "funnel", "import", "-", "--activities", "--map", "date=When",
        "-f", "json", input=text,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["profile"], report["source"], report["date_format"]) == (
        "generic+map",
        "stdin",
        "m/d/Y",
    )
    assert report["reps"] == {
        "tom-reed": {"call": 1, "meeting": 0, "email": 0, "task": 0, "other": 0}
    }


def test_a_field_that_is_no_activity_field_is_a_usage_error(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = DATA / "generic-activities.csv"
    result = cli("--repo", root, "funnel", "import", export, "--activities", "--map", "stage=x")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: --map stage=…: 'stage' is not a field of an activity export; the fields are "
        "id, type, owner, date, done, subject, deal"
    )


def test_rates_do_not_apply_to_activities(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = DATA / "generic-activities.csv"
    result = cli("--repo", root, "funnel", "import", export, "--rate", "EUR=1.1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: --rate applies to deal exports, not to an activity export"
    )


def test_no_owner_is_a_rep_is_refused(cli: Run, tmp_path: Path) -> None:
    root = _fresh_repo(cli, tmp_path)
    export = tmp_path / "others.csv"
    export.write_text("type,owner,date\ncall,Jane Doe,2026-11-02\n", encoding="utf-8")
    result = cli("--repo", root, "funnel", "import", export)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "error: no owner in others.csv is a rep (1 owner, 1 row); nothing was imported",
        f"  {export}:2:1: unknown-owner the owner 'Jane Doe' (1 row) is no rep; no rep's name "
        "is close",
    ]
    assert not (root / "funnel" / "activities").exists()
