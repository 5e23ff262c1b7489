"""Cross-file checks: plain functions over the loaded repository, each returning diagnostics.

They know key paths, not lines; ``store.locate`` finds the line of each finding. Every
command runs the same checks through ``run_checks``. More checks (the cadence warnings)
are listed in ``CHECKS`` too. A check takes the repository and today's date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from salescoach.cadence_checks import CADENCE_CHECKS
from salescoach.diagnostics import Diagnostic

if TYPE_CHECKING:
    from salescoach.models import Repo

Check = Callable[["Repo", date], list[Diagnostic]]


def _manager_path(manager_id: str) -> str:
    return f"managers/{manager_id}.yaml"


def _meeting_path(manager_id: str, day: str) -> str:
    return f"meetings/{manager_id}/{day}.yaml"


def check_unique_ids(repo: Repo, today: date) -> list[Diagnostic]:
    """Rep IDs are unique across all managers, and no rep shares an ID with a manager."""
    out: list[Diagnostic] = []
    owner: dict[str, str] = {}
    for manager_id, manager in sorted(repo.managers.items()):
        for index, rep in enumerate(manager.reps):
            loc: tuple[str | int, ...] = ("reps", index, "id")
            path = _manager_path(manager_id)
            if rep.id in repo.managers:
                out.append(
                    Diagnostic(
                        path,
                        0,
                        0,
                        "duplicate-id",
                        f"rep ID '{rep.id}' is also a manager's ID; IDs must be unique",
                        loc=loc,
                    )
                )
            elif rep.id in owner:
                where = (
                    "earlier in this file"
                    if owner[rep.id] == manager_id
                    else f"in {_manager_path(owner[rep.id])}"
                )
                out.append(
                    Diagnostic(
                        path,
                        0,
                        0,
                        "duplicate-id",
                        f"rep ID '{rep.id}' is already used {where}; IDs must be unique",
                        loc=loc,
                    )
                )
            else:
                owner[rep.id] = manager_id
    return out


def check_meeting_folders(repo: Repo, today: date) -> list[Diagnostic]:
    """Every meetings/ folder belongs to a known manager."""
    out: list[Diagnostic] = []
    for manager_id in sorted(repo.meetings):
        if manager_id not in repo.managers:
            out.append(
                Diagnostic(
                    f"meetings/{manager_id}",
                    0,
                    0,
                    "unknown-manager",
                    f"meetings of '{manager_id}', but there is no {_manager_path(manager_id)}",
                )
            )
    return out


def check_meeting_reps(repo: Repo, today: date) -> list[Diagnostic]:
    """Ratings and goals name reps of the meeting's own manager."""
    out: list[Diagnostic] = []
    for manager_id, meetings in sorted(repo.meetings.items()):
        manager = repo.managers.get(manager_id)
        if manager is None:
            continue
        reps = set(manager.rep_ids)
        for meeting in meetings:
            path = _meeting_path(manager_id, meeting.date.isoformat())
            for rep_id in meeting.ratings:
                if rep_id not in reps:
                    out.append(
                        Diagnostic(
                            path,
                            0,
                            0,
                            "unknown-rep",
                            f"rating of '{rep_id}', who is not a rep of {manager_id}"
                            + _reps_hint(rep_id, reps),
                            loc=("ratings", rep_id, "[key]"),
                        )
                    )
            for index, goal in enumerate(meeting.goals):
                if goal.rep not in reps:
                    out.append(
                        Diagnostic(
                            path,
                            0,
                            0,
                            "unknown-rep",
                            f"goal for '{goal.rep}', who is not a rep of {manager_id}"
                            + _reps_hint(goal.rep, reps),
                            loc=("goals", index, "rep"),
                        )
                    )
    return out


def check_funnel_snapshots(repo: Repo, today: date) -> list[Diagnostic]:
    """Funnel snapshots name known reps and the stages of ``funnel.stages``."""
    out: list[Diagnostic] = []
    reps = {rep.id for m in repo.managers.values() for rep in m.reps}
    stages = list(repo.settings.funnel.stages) if repo.settings else []
    for snapshot in repo.snapshots:
        path = f"funnel/{snapshot.date.isoformat()}.yaml"
        for rep_id, rep_funnel in snapshot.reps.items():
            if rep_id not in reps:
                out.append(
                    Diagnostic(
                        path,
                        0,
                        0,
                        "unknown-rep",
                        f"funnel numbers for '{rep_id}', who is no manager's rep"
                        + _reps_hint(rep_id, reps),
                        loc=("reps", rep_id, "[key]"),
                    )
                )
            if not stages:
                continue
            for stage in rep_funnel.stages:
                if stage not in stages:
                    out.append(
                        Diagnostic(
                            path,
                            0,
                            0,
                            "unknown-stage",
                            f"stage '{stage}' is not one of funnel.stages in salescoach.yaml "
                            f"({', '.join(stages)})",
                            loc=("reps", rep_id, "stages", stage, "[key]"),
                        )
                    )
            for index, deal in enumerate(rep_funnel.open_deals):
                if deal.stage is not None and deal.stage not in stages:
                    out.append(
                        Diagnostic(
                            path,
                            0,
                            0,
                            "unknown-stage",
                            f"deal stage '{deal.stage}' is not one of funnel.stages "
                            f"({', '.join(stages)})",
                            loc=("reps", rep_id, "open_deals", index, "stage"),
                        )
                    )
    return out


def _reps_hint(rep_id: str, reps: set[str]) -> str:
    from salescoach.errors import closest

    return "; " + closest(rep_id, reps, what="rep")


CHECKS: list[Check] = [
    check_unique_ids,
    check_meeting_folders,
    check_meeting_reps,
    check_funnel_snapshots,
    *CADENCE_CHECKS,
]


def run_checks(repo: Repo, today: date, checks: list[Check] | None = None) -> list[Diagnostic]:
    """Run every cross-file check over the repository; ``today`` is for date-based checks."""
    out: list[Diagnostic] = []
    for check in CHECKS if checks is None else checks:
        out += check(repo, today)
    return out
