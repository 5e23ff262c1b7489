"""Cross-file checks: plain functions over the loaded repository, each returning diagnostics.

They know key paths, not lines; ``store.locate`` finds the line of each finding. Every
command runs the same checks through ``run_checks``. More checks (the cadence warnings)
are listed in ``CHECKS`` too. A check takes the repository and today's date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from salescoach.cadence_checks import CADENCE_CHECKS
from salescoach.diagnostics import Diagnostic
from salescoach.i18n import N_, _
from salescoach.models import Manager, Rep

if TYPE_CHECKING:
    from salescoach.models import Repo

Check = Callable[["Repo", date], list[Diagnostic]]


def _manager_path(manager_id: str) -> str:
    return f"managers/{manager_id}.yaml"


def _meeting_path(manager_id: str, day: str) -> str:
    return f"meetings/{manager_id}/{day}.yaml"


def not_in_team(manager: Manager, rep_id: str, day: date) -> str | None:
    """Why ``rep_id`` was not in ``manager``'s team on ``day`` (they joined later, left or
    moved), or None if they were (or were never listed: see ``check_meeting_reps``)."""
    stays = [r for r in manager.reps if r.id == rep_id]
    if not stays or manager.rep_on(rep_id, day) is not None:
        return None
    before = [r for r in stays if r.left is not None and r.left <= day]
    if before:
        last = max(before, key=lambda r: r.left or day)
        when = last.left.isoformat() if last.left else ""
        if last.moved_to:
            why = _("moved to {manager} on {day}").format(manager=last.moved_to, day=when)
        else:
            why = _("left on {day}").format(day=when)
    else:
        first = min(stays, key=lambda r: r.joined or day)
        joined = first.joined.isoformat() if first.joined else "?"
        why = _("joined on {day}").format(day=joined)
    text = _("'{rep}' was not in {manager}'s team on {day}: {why}")
    return text.format(rep=rep_id, manager=manager.id, day=day.isoformat(), why=why)


class _Stay(NamedTuple):
    """One rep entry of one manager file, where it is and the time it covers."""

    manager: str
    rep: Rep


def _overlap(a: Rep, b: Rep) -> bool:
    """Whether two stays share a day (no ``joined``: from always; no ``left``: for good)."""
    a_end, b_end = a.left or date.max, b.left or date.max
    return (a.joined or date.min) < b_end and (b.joined or date.min) < a_end


def check_unique_ids(repo: Repo, today: date) -> list[Diagnostic]:
    """No rep shares an ID with a manager, and a rep ID listed more than once (a rep who
    moved, or came back) is listed for times that do not overlap."""
    out: list[Diagnostic] = []
    seen: dict[str, list[_Stay]] = {}
    for manager_id, manager in sorted(repo.managers.items()):
        for index, rep in enumerate(manager.reps):
            loc: tuple[str | int, ...] = ("reps", index, "id")
            path = _manager_path(manager_id)
            clash = next((s for s in seen.get(rep.id, []) if _overlap(s.rep, rep)), None)
            if rep.id in repo.managers:
                message = _("rep ID '{rep}' is also a manager's ID; IDs must be unique")
                message = message.format(rep=rep.id)
                out.append(Diagnostic(path, 0, 0, "duplicate-id", message, loc=loc))
            elif clash is not None:
                out.append(
                    Diagnostic(path, 0, 0, "duplicate-id", _clash(rep, clash, manager_id), loc=loc)
                )
            seen.setdefault(rep.id, []).append(_Stay(manager_id, rep))
    return out


def _clash(rep: Rep, earlier: _Stay, manager_id: str) -> str:
    """The message of a rep ID listed twice for overlapping times."""
    if earlier.manager == manager_id:
        where = _("earlier in this file")
    else:
        where = _("in {path}").format(path=_manager_path(earlier.manager))
    if rep.left is not None or earlier.rep.left is not None:
        text = _(
            "rep ID '{rep}' is already used {where} for a time that overlaps (a rep who moved "
            "has `left` in one file and `joined` from that day in the other); IDs must be unique"
        )
    else:
        text = _("rep ID '{rep}' is already used {where}; IDs must be unique")
    return text.format(rep=rep.id, where=where)


def check_moves(repo: Repo, today: date) -> list[Diagnostic]:
    """A rep's ``moved_to`` names a manager whose file lists the rep from the day they left."""
    out: list[Diagnostic] = []
    for manager_id, manager in sorted(repo.managers.items()):
        for index, rep in enumerate(manager.reps):
            if rep.moved_to is None or rep.left is None:
                continue
            target = repo.managers.get(rep.moved_to)
            problem = _move_problem(rep, rep.moved_to, target)
            if problem:
                out.append(
                    Diagnostic(
                        _manager_path(manager_id),
                        0,
                        0,
                        "bad-move",
                        problem,
                        loc=("reps", index, "moved_to"),
                    )
                )
    return out


def _move_problem(rep: Rep, moved_to: str, target: Manager | None) -> str | None:
    """What is wrong with a rep's move to ``moved_to``, or None."""
    left = rep.left.isoformat() if rep.left else ""
    if target is None:
        text = _("'{rep}' moved to '{manager}', but there is no {path}")
        return text.format(rep=rep.id, manager=moved_to, path=_manager_path(moved_to))
    if any(r.id == rep.id and r.joined in (None, rep.left) for r in target.reps):
        return None
    return _(
        "'{rep}' moved to {manager} on {day}, but {path} does not list them from that day; "
        "add them there with {joined}"
    ).format(
        rep=rep.id,
        manager=moved_to,
        day=left,
        path=_manager_path(moved_to),
        joined=f"`joined: {left}`",
    )


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
                    _("meetings of '{manager}', but there is no {path}").format(
                        manager=manager_id, path=_manager_path(manager_id)
                    ),
                )
            )
    return out


def check_meeting_reps(repo: Repo, today: date) -> list[Diagnostic]:
    """Ratings and goals name reps in the team of the meeting's own manager on the
    meeting's date."""
    out: list[Diagnostic] = []
    for manager_id, meetings in sorted(repo.meetings.items()):
        manager = repo.managers.get(manager_id)
        if manager is None:
            continue
        for meeting in meetings:
            path = _meeting_path(manager_id, meeting.date.isoformat())
            named: list[tuple[str, str, tuple[str | int, ...]]] = [
                (rep_id, "rating", ("ratings", rep_id, "[key]")) for rep_id in meeting.ratings
            ]
            named += [
                (goal.rep, "goal", ("goals", index, "rep"))
                for index, goal in enumerate(meeting.goals)
            ]
            for rep_id, what, loc in named:
                message = _not_a_rep_then(manager, rep_id, meeting.date, what)
                if message is not None:
                    out.append(Diagnostic(path, 0, 0, "unknown-rep", message, loc=loc))
    return out


NOT_A_REP = {
    "rating": N_("rating of '{rep}', who is not a rep of {manager}"),
    "goal": N_("goal for '{rep}', who is not a rep of {manager}"),
}
"""A rating's or a goal's rep who is not in the team (translated where it is said)."""
NOT_IN_TEAM_THEN = {"rating": N_("rating of {reason}"), "goal": N_("goal for {reason}")}
"""A rating's or a goal's rep who was not in the team on the 1:1's day."""


def _not_a_rep_then(manager: Manager, rep_id: str, day: date, what: str) -> str | None:
    """Why a rating or goal of ``rep_id`` does not belong in ``manager``'s 1:1 on ``day``."""
    if rep_id not in manager.rep_ids:
        text = _(NOT_A_REP[what]).format(rep=rep_id, manager=manager.id)
        return text + _reps_hint(rep_id, set(manager.rep_ids))
    reason = not_in_team(manager, rep_id, day)
    return _(NOT_IN_TEAM_THEN[what]).format(reason=reason) if reason else None


def check_meetings_in_role(repo: Repo, today: date) -> list[Diagnostic]:
    """No 1:1 with a manager on or after the day they left the role."""
    out: list[Diagnostic] = []
    for manager_id, meetings in sorted(repo.meetings.items()):
        manager = repo.managers.get(manager_id)
        if manager is None or manager.left is None:
            continue
        left = manager.left.isoformat()
        for meeting in meetings:
            if not manager.active_on(meeting.date):
                out.append(
                    Diagnostic(
                        _meeting_path(manager_id, meeting.date.isoformat()),
                        0,
                        0,
                        "after-left",
                        _(
                            "a 1:1 with {manager} on {day}, but they left the role on {left} "
                            "(`left:` in {path})"
                        ).format(
                            manager=manager_id,
                            day=meeting.date.isoformat(),
                            left=left,
                            path=_manager_path(manager_id),
                        ),
                        loc=("date",),
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
                        _("funnel numbers for '{rep}', who is no manager's rep").format(rep=rep_id)
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
                            _(
                                "stage '{stage}' is not one of funnel.stages in salescoach.yaml "
                                "({stages})"
                            ).format(stage=stage, stages=", ".join(stages)),
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
                            _("deal stage '{stage}' is not one of funnel.stages ({stages})").format(
                                stage=deal.stage, stages=", ".join(stages)
                            ),
                            loc=("reps", rep_id, "open_deals", index, "stage"),
                        )
                    )
    return out


def check_emails(repo: Repo, today: date) -> list[Diagnostic]:
    """A manager's or rep's ``email`` is one line with no control character and no space:
    a CR/LF in it would split the calendar invitation's ATTENDEE line."""
    out: list[Diagnostic] = []
    for manager_id, manager in sorted(repo.managers.items()):
        people: list[tuple[str | None, tuple[str | int, ...]]] = [(manager.email, ("email",))]
        people += [(rep.email, ("reps", i, "email")) for i, rep in enumerate(manager.reps)]
        for email, loc in people:
            if email is not None and _bad_email(email):
                out.append(
                    Diagnostic(
                        _manager_path(manager_id),
                        0,
                        0,
                        "bad-email",
                        _(
                            "the email {email} holds a line break, a control character or a "
                            "space: an address is one word such as anna@example.com"
                        ).format(email=repr(email.encode("unicode_escape").decode("ascii"))),
                        loc=loc,
                    )
                )
    return out


def _bad_email(email: str) -> bool:
    return any(ch.isspace() or ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in email)


def _reps_hint(rep_id: str, reps: set[str]) -> str:
    from salescoach.errors import closest

    return "; " + closest(rep_id, reps, what="rep")


CHECKS: list[Check] = [
    check_unique_ids,
    check_moves,
    check_meeting_folders,
    check_meeting_reps,
    check_meetings_in_role,
    check_funnel_snapshots,
    check_emails,
    *CADENCE_CHECKS,
]


def run_checks(repo: Repo, today: date, checks: list[Check] | None = None) -> list[Diagnostic]:
    """Run every cross-file check over the repository; ``today`` is for date-based checks."""
    out: list[Diagnostic] = []
    for check in CHECKS if checks is None else checks:
        out += check(repo, today)
    return out
