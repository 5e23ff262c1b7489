"""The words of the team commands: what a change did and which files it wrote, and what a
``team import`` added and left as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salescoach.formats import plural
from salescoach.i18n import _

if TYPE_CHECKING:
    from salescoach.store import Layout
    from salescoach.usecases.team import TeamChange
    from salescoach.usecases.team_import import TeamImport


def change_lines(layout: Layout, change: TeamChange) -> list[str]:
    """``added manager Kovács Éva (kovacs-eva)`` and one ``  wrote FILE`` line per file."""
    return [change.what, *(_("  wrote {path}").format(path=layout.rel(p)) for p in change.paths)]


def import_lines(layout: Layout, done: TeamImport) -> list[str]:
    """What an import added, what it left as it was, the reps it did not move, the files."""
    lines = [
        _("added {managers} and {reps}; left as they were: {kept_managers} and {kept_reps}").format(
            managers=plural(len(done.added_managers), "manager"),
            reps=plural(len(done.added_reps), "rep"),
            kept_managers=plural(len(done.kept_managers), "manager"),
            kept_reps=plural(len(done.kept_reps), "rep"),
        )
    ]
    for manager_id, names in done.added_by_manager().items():
        lines.append(
            _("  {manager}: added {names}").format(manager=manager_id, names=", ".join(names))
        )
    for rep in done.elsewhere:
        lines.append(
            _(
                "  not moved: {name} ({rep}) is in {current}'s team, the file says {wanted} "
                "(use `salescoach rep move {rep} --to {wanted}`)"
            ).format(name=rep.name, rep=rep.rep_id, current=rep.current, wanted=rep.wanted)
        )
    lines += [_("  wrote {path}").format(path=layout.rel(p)) for p in done.paths]
    if not done.paths:
        lines.append(_("nothing to change: the repository already has every manager and rep"))
    return lines
