"""The words of the team commands: what a change did and which files it wrote, and what a
``team import`` added and left as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salescoach.formats import plural

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.team import TeamChange
    from salescoach.usecases.team_import import TeamImport


def change_lines(layout: Layout, change: TeamChange) -> list[str]:
    """``added manager Kovács Éva (kovacs-eva)`` and one ``  wrote FILE`` line per file."""
    return [change.what, *(f"  wrote {layout.rel(p)}" for p in change.paths)]


def import_lines(layout: Layout, done: TeamImport) -> list[str]:
    """What an import added, what it left as it was, the reps it did not move, the files."""
    lines = [
        f"added {plural(len(done.added_managers), 'manager')} and "
        f"{plural(len(done.added_reps), 'rep')}; left as they were: "
        f"{plural(len(done.kept_managers), 'manager')} and {plural(len(done.kept_reps), 'rep')}"
    ]
    for manager_id, names in done.added_by_manager().items():
        lines.append(f"  {manager_id}: added {', '.join(names)}")
    for rep in done.elsewhere:
        lines.append(
            f"  not moved: {rep.name} ({rep.rep_id}) is in {rep.current}'s team, the file says "
            f"{rep.wanted} (use `salescoach rep move {rep.rep_id} --to {rep.wanted}`)"
        )
    lines += [f"  wrote {layout.rel(p)}" for p in done.paths]
    if not done.paths:
        lines.append("nothing to change: the repository already has every manager and rep")
    return lines
