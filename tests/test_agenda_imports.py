"""`agenda next` with no funnel review due loads only what its path runs (issue 18): not the
funnel review, the rep index and its file cache, whole-repo loading, the writer or the
holidays package (the public holidays come from the repository's cache once it has one),
and its line items take the fast path rather than rich's grid. A regression here costs every
agenda."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

NOT_RUN = [
    "holidays",
    "salescoach.funnel.review",
    "salescoach.render.agenda_funnel",
    "salescoach.render.agenda_data",
    "salescoach.render.agenda_markdown",
    "salescoach.render.funnel",
    "salescoach.store.index",
    "salescoach.store.repo",
    "salescoach.store.summaries",
    "salescoach.usecases.funnel",
    "salescoach.writer",
    "salescoach.meeting_template",
]

RUN = """
import sys
from salescoach.render import agenda_hanging
taken = []
laid_out = agenda_hanging._laid_out
def counted(*args):
    lines = laid_out(*args)
    taken.append(lines is not None)
    return lines
agenda_hanging._laid_out = counted
sys.argv = ["salescoach", "--repo", sys.argv[1], "--today", "2026-11-27", "agenda", "next",
            "anna-kovacs"]
from salescoach.cli.entry import main
try:
    main()
except SystemExit:
    pass
print("MODULES", " ".join(sorted(sys.modules)), file=sys.stderr)
print("FAST", sum(taken), len(taken), file=sys.stderr)
"""


def _agenda_run(repo: Path) -> tuple[set[str], int, int]:
    out = subprocess.run(
        [sys.executable, "-c", RUN, str(repo)], capture_output=True, text=True, check=True
    )
    assert "Funnel review    not at this 1:1" in out.stdout
    lines = dict(line.split(" ", 1) for line in out.stderr.splitlines() if " " in line)
    fast, total = map(int, lines["FAST"].split())
    return set(lines["MODULES"].split()), fast, total


def test_agenda_next_without_a_review_imports_only_its_path(example: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "salescoach", "--repo", str(example), "--today=2026-11-27", "check"],
        capture_output=True,
        check=True,
    )  # the cache folder of a repository in daily use, with its holidays
    modules, fast, total = _agenda_run(example)
    loaded = [name for name in NOT_RUN if name in modules]
    assert loaded == []
    assert "salescoach.render.agenda_text" in modules  # the check sees the real run
    assert total > 20
    assert fast == total  # every line item of the example fits the fast path
