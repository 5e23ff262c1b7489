"""Whether a ``--commit`` command may run: asked before it writes anything, so that a commit
never lands where a ``git merge --abort`` or ``git rebase --abort`` throws it away."""

from __future__ import annotations

from salescoach import gitops
from salescoach.store import Layout


def ready_to_commit(layout: Layout) -> None:
    """Refuse (``gitops.CommitError``, nothing written) unless git can commit on a branch
    now: no merge, rebase, cherry-pick, revert or bisect under way, HEAD not detached."""
    gitops.require_committable(layout.root)
