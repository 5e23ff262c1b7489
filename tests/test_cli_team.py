"""Teams by command: `manager add/leave`, `rep add/move/leave`, `team import`, and what `init`
and the README say to run; the exact bytes written and the refusals."""

from __future__ import annotations

import csv
import difflib
import re
import shlex
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from salescoach.errors import WriteError
from salescoach.store import Layout
from salescoach.usecases import team
from tests.conftest import ROOT, Run

SALES_TEAMS = Path("/work/shared/datasets/crm-sales-opportunities/sales_teams.csv")
ANNA = "managers/anna-kovacs.yaml"
GABOR = "managers/gabor-szabo.yaml"


def ok(result: object) -> str:
    assert getattr(result, "exit_code", None) == 0, getattr(result, "stderr", result)
    return str(getattr(result, "stderr", ""))


def added_lines(old: str, new: str) -> list[str]:
    """The lines an edit added; fails if it removed or changed any (`git diff --numstat`: N 0)."""
    diff = list(difflib.ndiff(old.splitlines(keepends=True), new.splitlines(keepends=True)))
    assert [line for line in diff if line.startswith("- ")] == []
    return [line[2:] for line in diff if line.startswith("+ ")]


@pytest.fixture
def fresh(cli: Run, tmp_path: Path) -> Path:
    target = tmp_path / "coaching"
    ok(cli("init", target, "--organisation", "Acme"))
    return target


# ---------------------------------------------------------------- the bytes written


def test_manager_add_and_rep_add_write_exactly_these_bytes(cli: Run, fresh: Path) -> None:
    out = ok(
        cli(
            "--repo", fresh, "manager", "add", "Kovács Éva", "--level", "new",
            "--in-role-since", "2026-01-05", "--style", "directing", "--email", "eva@acme.example",
        )
    )  # fmt: skip
    assert out == "added manager Kovács Éva (kovacs-eva)\n  wrote managers/kovacs-eva.yaml\n"
    path = fresh / "managers/kovacs-eva.yaml"
    assert (
        path.read_bytes()
        == (
            "# yaml-language-server: $schema=../schemas/manager.json\n"
            'name: "Kovács Éva"\n'
            'email: "eva@acme.example"\n'
            "in_role_since: 2026-01-05\n"
            "level: new\n"
            "style: directing\n"
            "reps: []\n"
        ).encode()
    )
    out = ok(
        cli(
            "--repo", fresh, "rep", "add", "kovacs-eva", "Szőke Ádám", "--crm-name", "Adam Szoke",
            "--crm-name", "Szőke Ádám", "--target", "40000", "--joined", "2025-03-01",
        )
    )  # fmt: skip
    assert (
        out == "added rep Szőke Ádám (szoke-adam) to kovacs-eva\n  wrote managers/kovacs-eva.yaml\n"
    )
    ok(cli("--repo", fresh, "rep", "add", "kovacs-eva", "O'Brien", "--email", "ob@acme.example"))
    assert path.read_text(encoding="utf-8").split("reps:", 1)[1] == (
        "\n"
        "  - id: szoke-adam\n"
        '    name: "Szőke Ádám"\n'
        "    joined: 2025-03-01\n"
        '    crm_names: ["Adam Szoke", "Szőke Ádám"]\n'
        "    monthly_target: 40000\n"
        "  - id: obrien\n"
        '    name: "O\'Brien"\n'
        '    email: "ob@acme.example"\n'
    )
    assert cli("--repo", fresh, "check", "--strict").exit_code == 0


def test_rep_move_adds_only_its_lines_and_keeps_comments(cli: Run, example: Path) -> None:
    anna, gabor = (example / ANNA).read_text("utf-8"), (example / GABOR).read_text("utf-8")
    (example / ANNA).write_text(anna.replace("  - id: petra-nagy\n", "  - id: petra-nagy  # top\n"))
    anna = (example / ANNA).read_text("utf-8")
    out = ok(
        cli(
            "--repo",
            example,
            "rep",
            "move",
            "petra-nagy",
            "--to",
            "gabor-szabo",
            "-d",
            "2026-11-24",
        )
    )
    assert out == (
        "moved petra-nagy from anna-kovacs to gabor-szabo on 2026-11-24\n"
        f"  wrote {ANNA}\n  wrote {GABOR}\n"
    )
    new_anna = (example / ANNA).read_text("utf-8")
    assert added_lines(anna, new_anna) == ["    left: 2026-11-24\n", "    moved_to: gabor-szabo\n"]
    assert "  - id: petra-nagy  # top\n    name: Petra Nagy\n" in new_anna
    assert added_lines(gabor, (example / GABOR).read_text("utf-8")) == [
        "  - id: petra-nagy\n",
        '    name: "Petra Nagy"\n',
        "    joined: 2026-11-24\n",
        '    crm_names: ["Petra Nagy"]\n',
        "    monthly_target: 40000\n",
    ]


def test_rep_leave_and_manager_leave_add_one_line(cli: Run, example: Path) -> None:
    before = (example / ANNA).read_text("utf-8")
    ok(cli("--repo", example, "rep", "leave", "daniel-olah", "--date", "2026-11-24"))
    assert added_lines(before, (example / ANNA).read_text("utf-8")) == ["    left: 2026-11-24\n"]
    ok(cli("--repo", example, "manager", "add", "Új Menedzser"))
    path = example / "managers/uj-menedzser.yaml"
    before = path.read_text("utf-8")
    out = ok(cli("--repo", example, "manager", "leave", "uj-menedzser", "--date", "2026-12-01"))
    assert out == "uj-menedzser left the role on 2026-12-01\n  wrote managers/uj-menedzser.yaml\n"
    assert added_lines(before, path.read_text("utf-8")) == ["left: 2026-12-01\n"]


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["rep", "move", "petra-nagi", "--to", "gabor-szabo"],
            "error: no rep 'petra-nagi' in any manager file\nhint: did you mean 'petra-nagy'?\n",
        ),
        (
            ["rep", "move", "petra-nagy", "--to", "gabor-szabbo"],
            "error: no manager 'gabor-szabbo' (no file managers/gabor-szabbo.yaml)\n"
            "hint: did you mean 'gabor-szabo'?\n",
        ),
        (
            ["rep", "add", "ana-kovacs", "Kiss Bea"],
            "error: no manager 'ana-kovacs' (no file managers/ana-kovacs.yaml)\n"
            "hint: did you mean 'anna-kovacs'?\n",
        ),
        (
            ["rep", "leave", "petra-nagy", "--date", "2025-03-01"],
            "error: Petra Nagy (petra-nagy) joined Anna Kovács (anna-kovacs)'s team on "
            "2025-03-01: the date must be after that, got 2025-03-01\n",
        ),
        (
            ["rep", "move", "petra-nagy", "--to", "anna-kovacs", "--date", "2026-11-24"],
            "error: Petra Nagy (petra-nagy) is in Anna Kovács (anna-kovacs)'s team already\n"
            "hint: give --to the ID of the manager whose team the rep joins\n",
        ),
        (
            ["manager", "leave", "anna-kovacs", "--date", "2026-11-30"],
            "error: Anna Kovács (anna-kovacs) still has 6 reps in the team on 2026-11-30: "
            "petra-nagy, laszlo-fekete, reka-balogh, daniel-olah, kinga-papp, mate-simon\n"
            "hint: move each rep first (`salescoach rep move petra-nagy --to MANAGER --date "
            "2026-11-30`) or let them go (`salescoach rep leave petra-nagy --date 2026-11-30`)\n",
        ),
        (
            ["manager", "add", "Anna Kovács"],
            "error: Anna Kovács is in the repository already, as 'anna-kovacs'\n"
            "hint: if this is another person, give --id, e.g. --id anna-kovacs-2\n",
        ),
        (
            ["rep", "add", "anna-kovacs", "Someone", "--id", "gabor-szabo"],
            "error: the ID 'gabor-szabo' is taken (by Gábor Szabó)\n"
            "hint: choose another --id, e.g. gabor-szabo-2\n",
        ),
        (
            ["manager", "add", "!!!"],
            "error: '!!!' gives no ID (it has no letter or digit to keep)\n"
            "hint: give one with --id, e.g. --id anna-kovacs\n",
        ),
    ],
)
def test_refusals_say_why_and_change_nothing(
    cli: Run, example: Path, args: list[str], message: str
) -> None:
    before = {p.name: p.read_bytes() for p in (example / "managers").iterdir()}
    result = cli("--repo", example, *args)
    assert result.exit_code != 0
    assert result.stderr == message
    assert {p.name: p.read_bytes() for p in (example / "managers").iterdir()} == before


def test_a_rep_who_left_and_a_manager_who_left_are_refused(cli: Run, example: Path) -> None:
    ok(cli("--repo", example, "rep", "leave", "daniel-olah", "--date", "2026-11-24"))
    again = cli("--repo", example, "rep", "leave", "daniel-olah", "--date", "2026-11-25")
    assert again.exit_code == 2
    assert again.stderr == (
        "error: daniel-olah already left Anna Kovács (anna-kovacs)'s team on 2026-11-24\n"
        "hint: `salescoach rep add MANAGER NAME --id daniel-olah --joined DATE` if they came back\n"
    )
    ok(cli("--repo", example, "manager", "add", "Kiss Bea"))
    ok(cli("--repo", example, "manager", "leave", "kiss-bea", "--date", "2026-11-20"))
    moved = cli(
        "--repo", example, "rep", "move", "petra-nagy", "--to", "kiss-bea", "-d", "2026-11-24"
    )
    assert moved.exit_code == 2
    assert moved.stderr == (
        "error: Kiss Bea (kiss-bea) left on 2026-11-20; a rep cannot move to their team on "
        "2026-11-24\n"
    )


def test_a_move_writes_both_files_or_neither(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salescoach.yamledit import batch

    def files() -> dict[str, bytes]:  # the folder lock stays (issue 17)
        return {
            p.name: p.read_bytes() for p in (example / "managers").iterdir() if p.name[0] != "."
        }

    before = files()
    real, calls = batch.edit_yaml_file, []

    def failing_second(*args: object, **kwargs: object) -> object:
        calls.append(args[1])
        if len(calls) == 2:
            raise WriteError("the disk is full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "edit_yaml_file", failing_second)
    with pytest.raises(WriteError, match="the disk is full"):
        team.move_rep(Layout(example), "petra-nagy", "gabor-szabo", day=date(2026, 11, 24))
    assert len(calls) == 2
    assert files() == before


# ---------------------------------------------------------------- the walk-throughs


def test_from_an_empty_folder_to_a_first_agenda_by_commands_only(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "new"
    out = ok(cli("init", target))
    assert out.endswith(
        f"next:\n  cd {shlex.quote(str(target))}\n"
        '  salescoach manager add "Kovács Éva"\n'
        '  salescoach rep add kovacs-eva "Szőke Ádám"\n'
        "  salescoach agenda next\n"
    )
    teams = {
        "Kovács Éva": ["Szőke Ádám", "Nagy Péter", "Fekete Réka", "Oláh Dániel"],
        "Tóth Zsófia": ["Kis Ádám", "Balogh Júlia", "Papp Kinga", "Őry Ödön"],
        "Szabó Gábor": ["Simon Máté", "Varga Ágnes", "Horváth Lőrinc", "Bíró Ünige"],
    }
    for manager, reps in teams.items():
        ok(cli("--repo", target, "manager", "add", manager, "--level", "developing"))
        manager_id = re.sub(r"\s+", "-", manager.lower())
        manager_id = manager_id.translate(str.maketrans("áéíóöőúüű", "aeiooouuu"))
        for rep in reps:
            ok(cli("--repo", target, "rep", "add", manager_id, rep, "--target", "30000"))
    check = cli("--repo", target, "check", "--strict")
    assert check.exit_code == 0, check.stderr
    assert check.stderr == "checked 4 files: 0 errors, 0 warnings\n"
    agenda = cli("--repo", target, "--today", "2026-11-27", "agenda", "next", "toth-zsofia")
    assert agenda.exit_code == 0, agenda.stderr
    for rep in teams["Tóth Zsófia"]:
        assert rep in agenda.stdout
    assert "ory-odon" in (target / "managers/toth-zsofia.yaml").read_text("utf-8")


def test_rep_leave_on_the_example(cli: Run, example: Path) -> None:
    ok(cli("--repo", example, "rep", "leave", "daniel-olah", "--date", "2026-11-24"))
    check = cli("--repo", example, "--today", "2026-11-27", "check", "--strict")
    assert check.exit_code == 0, check.stderr
    shown = cli("--repo", example, "--today", "2026-11-27", "rate", "show", "anna-kovacs")
    assert shown.exit_code == 0, shown.stderr
    assert "Dániel Oláh" in shown.stdout
    agenda = cli("--repo", example, "--today", "2026-11-27", "agenda", "next", "anna-kovacs")
    assert agenda.exit_code == 0, agenda.stderr
    assert "Dániel Oláh" not in agenda.stdout
    assert "Petra Nagy" in agenda.stdout


def test_rep_move_on_the_example(cli: Run, example: Path) -> None:
    before = cli("--repo", example, "--today", "2026-11-23", "rate", "show", "anna-kovacs").stdout
    args = ("rep", "move", "petra-nagy", "--to", "gabor-szabo", "--date", "2026-11-24")
    ok(cli("--repo", example, *args))
    check = cli("--repo", example, "--today", "2026-11-27", "check")
    assert check.exit_code == 0, check.stderr
    shown = cli("--repo", example, "--today", "2026-11-23", "rate", "show", "anna-kovacs")
    assert shown.exit_code == 0, shown.stderr
    assert "Petra Nagy" in before
    assert "Petra Nagy" in shown.stdout
    anna = cli("--repo", example, "--today", "2026-11-27", "agenda", "next", "anna-kovacs")
    gabor = cli("--repo", example, "--today", "2026-11-27", "agenda", "next", "gabor-szabo")
    assert anna.exit_code == 0, anna.stderr
    assert gabor.exit_code == 0, gabor.stderr
    assert "Petra Nagy" not in anna.stdout
    assert "Petra Nagy" in gabor.stdout


# ---------------------------------------------------------------- team import


def _csv_counts(path: Path) -> tuple[int, int]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return len({r["manager"] for r in rows}), len({r["sales_agent"] for r in rows})


@pytest.mark.skipif(not SALES_TEAMS.is_file(), reason="the CRM sample is not on this machine")
def test_team_import_of_the_crm_sample_is_complete_and_idempotent(cli: Run, fresh: Path) -> None:
    managers, reps = _csv_counts(SALES_TEAMS)
    assert (managers, reps) == (6, 35)
    out = ok(cli("--repo", fresh, "team", "import", SALES_TEAMS))
    assert out.startswith(
        "added 6 managers and 35 reps; left as they were: 0 managers and 0 reps\n"
    )
    files = sorted((fresh / "managers").glob("*.yaml"))
    assert len(files) == 6
    assert sum(p.read_text("utf-8").count("  - id: ") for p in files) == 35
    check = cli("--repo", fresh, "check", "--strict")
    assert check.exit_code == 0, check.stderr
    before = {p.name: p.read_bytes() for p in files}
    again = ok(cli("--repo", fresh, "team", "import", SALES_TEAMS))
    assert again == (
        "added 0 managers and 0 reps; left as they were: 6 managers and 35 reps\n"
        "nothing to change: the repository already has every manager and rep\n"
    )
    assert {p.name: p.read_bytes() for p in (fresh / "managers").glob("*.yaml")} == before


def test_team_import_adds_to_existing_teams_and_does_not_move(
    cli: Run, example: Path, tmp_path: Path
) -> None:
    source = tmp_path / "teams.csv"
    source.write_text(
        "Manager;Rep name;E-mail;Monthly target;Region\n"
        "Anna Kovács;Petra Nagy;;;East\n"
        "Gábor Szabó;László Fekete;;;East\n"
        "Anna Kovács;Kiss Bea;bea@acme.example;30 000;East\n"
        "Új Ember;Nagy Ödön;;;West\n",
        encoding="utf-8",
    )
    out = ok(cli("--repo", example, "team", "import", source))
    assert out == (
        "added 1 manager and 2 reps; left as they were: 2 managers and 1 rep\n"
        "  anna-kovacs: added kiss-bea\n"
        "  uj-ember: added nagy-odon\n"
        "  not moved: László Fekete (laszlo-fekete) is in anna-kovacs's team, the file says "
        "gabor-szabo (use `salescoach rep move laszlo-fekete --to gabor-szabo`)\n"
        "  wrote managers/uj-ember.yaml\n"
        f"  wrote {ANNA}\n"
    )
    added = (  # the last of the reps, whatever follows them in the file
        '  - id: kiss-bea\n    name: "Kiss Bea"\n    email: "bea@acme.example"\n'
        "    monthly_target: 30000\n"
    )
    text = (example / ANNA).read_text("utf-8")
    assert added in text
    assert "\n  - id: " not in text[text.index(added) + len(added) :]
    assert cli("--repo", example, "check").exit_code == 0


def test_team_import_is_all_or_nothing(cli: Run, example: Path, tmp_path: Path) -> None:
    source = tmp_path / "teams.csv"
    source.write_text("manager,rep\nAnna Kovács,Kiss Bea\nÚj Ember,\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (example / "managers").iterdir()}
    result = cli("--repo", example, "team", "import", source)
    assert result.exit_code == 1  # a problem in the file, not in the command line
    assert result.stderr == f"error: {source}:3: no rep given\n"
    missing = tmp_path / "nothing.csv"
    missing.write_text("region,who\nEast,x\n", encoding="utf-8")
    result = cli("--repo", example, "team", "import", missing)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: {missing}:1: no manager and no rep column (its columns: region, who)\n"
    )
    assert {p.name: p.read_bytes() for p in (example / "managers").iterdir()} == before


# ---------------------------------------------------------------- commit, names, README


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_commit_commits_only_the_files_written(
    cli: Run, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "t")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "t@t")
    git = ["git", "-C", str(example)]
    (example / ".gitignore").write_text(".salescoach-lock\n")  # as `init` writes (issue 17)
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    (example / "managers/zsofia-toth.yaml").write_text("name: Zsófia Tóth\nreps: []\n# mine\n")
    args = ("rep", "move", "petra-nagy", "--to", "gabor-szabo", "--date", "2026-11-24", "--commit")
    out = ok(cli("--repo", example, *args))
    assert re.search(r"committed [0-9a-f]+: moved petra-nagy from anna-kovacs to gabor-szabo", out)
    log = subprocess.run(
        [*git, "log", "-1", "--format=%s", "--name-only"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert log.stdout.split("\n")[2:4] == [ANNA, GABOR]
    status = subprocess.run([*git, "status", "--short"], capture_output=True, text=True, check=True)
    assert status.stdout == " M managers/zsofia-toth.yaml\n"


def test_a_bad_manager_file_name_proposes_an_id(cli: Run, fresh: Path) -> None:
    (fresh / "managers/Kovács Éva.yaml").write_text("name: Kovács Éva\nreps: []\n")
    result = cli("--repo", fresh, "check")
    assert (
        "managers/Kovács Éva.yaml: bad-file-name file name must be an ID followed by .yaml "
        "(lowercase letters, digits and '-'): use an ID such as `kovacs-eva`"
    ) in result.stderr


def test_the_readme_start_works_when_copied(cli: Run, tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("Then start your own repository", 1)[1]
    block = re.search(r"```sh\n(.*?)\n```", section, re.DOTALL)
    assert block is not None
    target = tmp_path / "coaching"
    for line in block.group(1).splitlines():
        words = shlex.split(line, comments=True)
        assert words[0] in ("salescoach", "cd", "source"), line
        if words[0] == "source":  # the quick start's virtual environment
            assert words[1:] == [".venv/bin/activate"], line
            continue
        if words[0] == "cd":
            continue
        args = [str(target) if w == "~/coaching" else w for w in words[1:]]
        if args[0] != "init":
            args = ["--repo", str(target), "--today", "2026-11-27", *args]
        assert "$EDITOR" not in line
        result = cli(*args)
        assert result.exit_code == 0, f"{line}\n{result.stderr}"


def test_the_readme_init_writes_explains_the_format(fresh: Path) -> None:
    text = (fresh / "README.md").read_text(encoding="utf-8")
    for needed in ("managers/ID.yaml", "joined:", "left:", "moved_to:", "salescoach manager add",
                   "salescoach rep add", "salescoach team import", "kovacs-eva"):  # fmt: skip
        assert needed in text, needed
    assert "docs/format.md" not in text
