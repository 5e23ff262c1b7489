"""``funnel import FILE --write-stage-map``: a refusal for unmapped stages adds the hint's
guesses to ``funnel.stage_map`` in salescoach.yaml (commented, comments kept), imports
nothing, and the next import succeeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, write

SETTINGS = """\
# our settings
organisation: "Acme"
funnel:
  # top first
  stages: [prospects, meetings, proposals, won]
"""
EXPORT = (
    "id,owner,stage,amount,created,closed\n"
    "1,Petra Nagy,Discovery Call,100,2026-08-01,\n"
    "2,Petra Nagy,Demo Given,200,2026-08-02,\n"
    "3,Petra Nagy,Discovery Call,300,2026-08-03,\n"
    "4,Petra Nagy,won,400,2026-08-01,2026-08-20\n"
)


@pytest.fixture
def team(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    write(root, "salescoach.yaml", SETTINGS)
    write(root, "managers/anna.yaml", "name: Anna\nreps: [{id: petra-nagy, name: Petra Nagy}]\n")
    return root


def test_the_guesses_are_written_and_the_next_import_succeeds(cli: Run, team: Path) -> None:
    export = write(team.parent, "deals.csv", EXPORT)
    result = cli("--repo", team, "funnel", "import", export, "--write-stage-map")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "error: added 2 stage_map entries to salescoach.yaml (each a guess); nothing was imported"
    )
    assert lines[-1] == "hint: review the stage_map in salescoach.yaml, then import again"
    assert not (team / "funnel").exists()
    assert (team / "salescoach.yaml").read_bytes() == (
        SETTINGS + "  # from funnel import of deals.csv: check each guess\n"
        '  stage_map: {"Discovery Call": meetings, "Demo Given": meetings}\n'
    ).encode()
    again = cli("--repo", team, "funnel", "import", export)
    assert again.exit_code == 0, again.stderr
    assert "4 opportunities imported" in again.stderr


def test_new_entries_are_added_to_an_existing_stage_map(cli: Run, team: Path) -> None:
    write(team, "salescoach.yaml", SETTINGS + "  stage_map:\n    Demo Given: proposals\n")
    export = write(team.parent, "deals.csv", EXPORT)
    result = cli("--repo", team, "funnel", "import", export, "--write-stage-map")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "error: added 1 stage_map entry to salescoach.yaml (each a guess); nothing was imported"
    )
    assert (team / "salescoach.yaml").read_text(encoding="utf-8") == (
        SETTINGS + "  stage_map:\n    Demo Given: proposals\n"
        "    # from funnel import of deals.csv: check each guess\n"
        '    "Discovery Call": meetings\n'
    )
    assert cli("--repo", team, "funnel", "import", export).exit_code == 0


def test_without_unmapped_stages_the_flag_changes_nothing(cli: Run, team: Path) -> None:
    mapped = EXPORT.replace("Discovery Call", "prospects").replace("Demo Given", "meetings")
    bad = write(team.parent, "bad.csv", mapped.replace(",100,", ",lots,"))
    refused = cli("--repo", team, "funnel", "import", bad, "--write-stage-map")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == "error: 1 bad row in bad.csv; nothing was imported"
    assert (team / "salescoach.yaml").read_text(encoding="utf-8") == SETTINGS
    fine = write(team.parent, "deals.csv", mapped)
    assert cli("--repo", team, "funnel", "import", fine, "--write-stage-map").exit_code == 0
    assert (team / "salescoach.yaml").read_text(encoding="utf-8") == SETTINGS
