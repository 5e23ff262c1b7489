"""The last texts outside the catalog, now in it: the YAML reader's and the models' messages
reach `check` in the reader's language, also from a warm cache, and English stays as it was."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import Run, write

MANAGER = """\
name: Anna
reps:
  - {id: Varga Réka, name: Varga Réka}
  - id: petra
    name: Petra
    joined: 2026-05-01
    left: 2026-04-01
"""
TAB_MEETING = "date: 2026-11-02\nstatus: held\nnotes:\n\t- tab\n"
NO_SUCH_DAY = "date: 2026-02-30\nstatus: held\n"

HUNGARIAN = [
    "managers/anna.yaml:3:10: invalid-value reps[0].id: 'Varga Réka' nem érvényes azonosító: "
    "kisbetűket, számjegyeket és '-' jelet használjon, betűvel vagy számjeggyel kezdve, "
    "legfeljebb 64 karakter hosszan",
    "managers/anna.yaml:4:5: invalid-value reps[1]: a left (2026-04-01) dátumnak a joined "
    "(2026-05-01) utánra kell esnie",
    "meetings/anna/2026-11-02.yaml:4:1: yaml-syntax tabulátor: a YAML-behúzás szóközökkel "
    "készül, nem tabulátorral",
    "meetings/anna/2026-11-09.yaml:1:7: invalid-value date: '2026-02-30' nem létező dátum",
]
ENGLISH = [
    "managers/anna.yaml:3:10: invalid-value reps[0].id: 'Varga Réka' is not a valid ID: use "
    "lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters",
    "managers/anna.yaml:4:5: invalid-value reps[1]: left (2026-04-01) must be after joined "
    "(2026-05-01)",
    "meetings/anna/2026-11-02.yaml:4:1: yaml-syntax tab character: YAML indentation must use "
    "spaces, not tabs",
    "meetings/anna/2026-11-09.yaml:1:7: invalid-value date: '2026-02-30' is not a real date",
]


def _broken(repo: Path) -> None:
    """A manager with an ID that is a name and a rep who left before joining, a meeting
    indented with a tab and one on a day that does not exist; all older than the cache's
    racy window, so a run caches them."""
    write(repo, "managers/anna.yaml", MANAGER)
    write(repo, "meetings/anna/2026-11-02.yaml", TAB_MEETING)
    write(repo, "meetings/anna/2026-11-09.yaml", NO_SUCH_DAY)
    for path in repo.rglob("*.yaml"):
        os.utime(path, (1_700_000_000, 1_700_000_000))


def test_check_says_the_yaml_readers_and_the_models_messages_in_hungarian(
    cli: Run, repo: Path
) -> None:
    _broken(repo)
    result = cli("--lang", "hu", "--repo", repo, "check")
    assert result.exit_code == 1
    summary = "ellenőrizve 4 fájl: 4 hiba, 0 figyelmeztetés"
    assert result.stderr.splitlines() == [*HUNGARIAN, summary]


def test_the_same_messages_stay_english_in_english(cli: Run, repo: Path) -> None:
    _broken(repo)
    result = cli("--repo", repo, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*ENGLISH, "checked 4 files: 4 errors, 0 warnings"]


def test_a_warm_cache_says_a_files_problems_in_the_language_of_the_run(
    cli: Run, repo: Path
) -> None:
    """A file's diagnostics are cached with it: an English run must not make the next
    Hungarian one speak English (nor the other way round)."""
    (repo / ".salescoach-cache").mkdir()  # a cache that exists keeps a run's errors
    _broken(repo)
    assert cli("--repo", repo, "check").stderr.splitlines()[2:4] == ENGLISH[2:4]
    hungarian = cli("--lang", "hu", "--repo", repo, "check").stderr.splitlines()
    assert hungarian[2:4] == HUNGARIAN[2:4]
    assert cli("--repo", repo, "check").stderr.splitlines()[2:4] == ENGLISH[2:4]


def test_libyamls_own_words_are_said_in_hungarian(cli: Run, repo: Path) -> None:
    write(repo, "managers/anna.yaml", "name: Anna\nreps: []\n")
    write(repo, "meetings/anna/2026-11-02.yaml", "date: 2026-11-02\nstatus: held\n- x\n")
    write(repo, "meetings/anna/2026-11-09.yaml", "date: 2026-11-09\nnotes: a: b\n")
    result = cli("--lang", "hu", "--repo", repo, "check")
    assert result.stderr.splitlines()[:2] == [
        "meetings/anna/2026-11-02.yaml:3:1: yaml-syntax hiányzik a várt kulcs (egy "
        "blokkleképezés olvasása közben)",
        "meetings/anna/2026-11-09.yaml:2:9: yaml-syntax itt nem lehet kulcs–érték pár; a ': ' "
        "jelet tartalmazó szöveget tegye idézőjelbe",
    ]
    english = cli("--repo", repo, "check").stderr.splitlines()
    assert english[0].endswith(
        "yaml-syntax did not find expected key (while parsing a block mapping)"
    )
