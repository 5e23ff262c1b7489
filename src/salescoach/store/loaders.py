"""Loading one kind of file at a time: the settings, managers, meetings and funnel snapshots.

Commands about one manager read only that manager's files, and of the meetings only the
recent ones (chosen by file name), so their time does not grow with years of history.
``load_*`` return the model and its diagnostics; ``require_*`` refuse a file with errors
(``InvalidRepo``) or a missing one (``NotFound``, with the closest IDs).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from salescoach import formats, i18n, yamlparse
from salescoach.diagnostics import Diagnostic, errors_in
from salescoach.errors import InvalidRepo, NotFound, UsageError, closest, refuse_errors
from salescoach.i18n import _
from salescoach.models import FunnelSnapshot, Manager, Meeting, Settings, is_slug
from salescoach.store.layout import Layout, file_dates, yaml_files
from salescoach.store.reading import parse_model, read_bytes, read_model

if TYPE_CHECKING:  # the rep index (and the file cache it keeps) loads only to find a rep
    from salescoach.store.index import RepListing, RepStay


def load_settings(layout: Layout) -> tuple[Settings | None, list[Diagnostic]]:
    """The repository settings (``salescoach.yaml``) and their diagnostics; their
    ``language`` becomes the language of what the command says (``--lang`` wins), and
    ``funnel.currency`` the currency its amounts carry (``formats.money``)."""
    settings, problems = read_model(layout, layout.settings_file, Settings)
    if settings is not None:
        i18n.use_repository(settings.language)
        formats.use_currency(settings.funnel.currency)
    return settings, problems


def require_settings(layout: Layout) -> Settings:
    """The settings, or ``InvalidRepo`` naming the problems."""
    settings, problems = load_settings(layout)
    if settings is None or errors_in(problems):
        raise InvalidRepo(problems)
    return settings


def manager_ids(layout: Layout) -> list[str]:
    """The IDs of all managers, from the file names in managers/ (nothing is read)."""
    return sorted(p.name[:-5] for p in yaml_files(layout.managers_dir) if is_slug(p.name[:-5]))


def load_manager(layout: Layout, manager_id: str) -> tuple[Manager | None, list[Diagnostic]]:
    """One manager file, with the manager's ID (its file name) set on the model."""
    path = layout.manager_file(manager_id)
    manager, problems = read_model(layout, path, Manager)
    if manager is not None:
        manager._id = manager_id
    return manager, problems


def require_manager(layout: Layout, manager_id: str) -> Manager:
    """One manager, or ``NotFound`` with the closest IDs, or ``InvalidRepo``."""
    path = layout.manager_file(manager_id)
    if not path.exists() and not path.is_symlink():
        raise NotFound(
            _("no manager '{manager}' (no file {file})").format(
                manager=manager_id, file=layout.rel(path)
            ),
            hint=closest(manager_id, manager_ids(layout), what="manager"),
        )
    manager, problems = load_manager(layout, manager_id)
    if manager is None or errors_in(problems):
        raise InvalidRepo(problems)
    return manager


def require_managers(layout: Layout) -> list[Manager]:
    """Every manager (by ID), or ``InvalidRepo`` naming every manager file with errors."""
    managers: list[Manager] = []
    problems: list[Diagnostic] = []
    for manager_id in manager_ids(layout):
        manager, found = load_manager(layout, manager_id)
        problems += errors_in(found)
        if manager is not None:
            managers.append(manager)
    if problems:
        raise InvalidRepo(problems)
    return managers


def find_rep_manager(
    layout: Layout, rep: str, manager_id: str | None = None, *, today: date | None = None
) -> Manager:
    """The manager whose file lists ``rep``; the rep index (``store.index``) spares parsing
    the manager files unchanged since the last lookup, so only the one returned is read.

    With ``manager_id``, only that manager; an unknown rep gets the closest IDs; manager
    files with errors are ``InvalidRepo`` unless the rep is found in a valid one. A rep
    listed by several managers (one who moved) is in the team they are in on ``today``; one
    in no team that day is refused, saying when they left; without ``today``, a rep listed
    by two managers is refused.
    """
    from salescoach.store.index import manager_reps

    if manager_id is not None:
        return _rep_of(require_manager(layout, manager_id), rep)
    for trust_index in (True, False):
        listing = manager_reps(layout, manager_ids(layout), load_manager, trust=trust_index)
        found = _teams_of(listing, rep, today)
        if not found:
            if listing.problems:
                raise InvalidRepo(listing.problems)
            known = [s.rep for stays in listing.reps.values() for s in stays]
            raise NotFound(
                _("no rep '{rep}' in any manager file").format(rep=rep),
                hint=closest(rep, known, what="rep"),
            )
        manager = listing.loaded.get(found[0]) or _valid_manager(layout, found[0])
        if rep in manager.rep_ids:
            return manager
        # the file changed without its size and time changing: read every file again
    raise NotFound(_("no rep '{rep}' in any manager file").format(rep=rep))


def _teams_of(listing: RepListing, rep: str, today: date | None) -> list[str]:
    """The one manager whose team ``rep`` is in on ``today`` (any that lists them without
    ``today``); [] when no file lists the rep. Two such managers, or a rep in no team on
    ``today``, are refused."""
    listed = {mid: [s for s in stays if s.rep == rep] for mid, stays in listing.reps.items()}
    listed = {mid: stays for mid, stays in listed.items() if stays}
    found = list(listed)
    if today is not None and listed:
        found = [mid for mid, stays in listed.items() if any(s.active_on(today) for s in stays)]
        if not found:
            raise _in_no_team(rep, listed, today)
    if len(found) > 1:
        raise UsageError(
            _("rep ID '{rep}' is listed by {managers}; IDs must be unique").format(
                rep=rep, managers=_(" and ").join(found)
            ),
            hint=_("give --manager, and fix the duplicate (`salescoach check` shows it)"),
        )
    return found


def _in_no_team(rep: str, listed: dict[str, list[RepStay]], today: date) -> NotFound:
    """The refusal for a rep in no team on ``today``: when they left the last one, or when
    they join the next one."""
    stays = [(mid, s) for mid, ss in listed.items() for s in ss]
    coming = sorted((s.joined, mid) for mid, s in stays if s.joined and s.joined > today)
    if coming:
        joined, mid = coming[0]
        return NotFound(
            _("{rep} joins the team of {manager} on {day}, not before").format(
                rep=rep, manager=mid, day=joined.isoformat()
            ),
            hint=_("give --date of a 1:1 from that day on"),
        )
    left, mid = max((s.left or today, mid) for mid, s in stays)
    return NotFound(
        _("{rep} left the team of {manager} on {day}").format(
            rep=rep, manager=mid, day=left.isoformat()
        ),
        hint=_("give --manager {manager} and --date of a 1:1 before that day").format(manager=mid),
    )


def _rep_of(manager: Manager, rep: str) -> Manager:
    """``manager``, or ``NotFound`` with the closest IDs if it does not list ``rep``."""
    if rep not in manager.rep_ids:
        raise NotFound(
            _("'{rep}' is not a rep of {name} ({manager})").format(
                rep=rep, name=manager.name, manager=manager.id
            ),
            hint=closest(rep, manager.rep_ids, what="rep"),
        )
    return manager


def _valid_manager(layout: Layout, manager_id: str) -> Manager:
    """One manager file read and validated, or ``InvalidRepo`` naming its problems."""
    manager, problems = load_manager(layout, manager_id)
    if manager is None or errors_in(problems):
        raise InvalidRepo(problems)
    return manager


def meeting_dates(layout: Layout, manager_id: str) -> list[date]:
    """The dates of a manager's meetings, from the file names alone (nothing is read)."""
    return file_dates(layout.meetings_dir(manager_id))


def load_meeting(
    layout: Layout, manager_id: str, day: date
) -> tuple[Meeting | None, list[Diagnostic]]:
    """One meeting, by its manager and date (its file name)."""
    return load_meeting_file(layout, manager_id, layout.meeting_file(manager_id, day))


def load_meeting_file(
    layout: Layout, manager_id: str, path: Path
) -> tuple[Meeting | None, list[Diagnostic]]:
    """One meeting file; a ``date:`` that is not the file name is a diagnostic."""
    data, problems = read_bytes(layout, path)
    if data is None:
        return None, problems
    rel = layout.rel(path)
    meeting, node, problems = parse_model(data, rel, Meeting)
    if meeting is None or node is None:
        return None, problems
    meeting._manager = manager_id
    if meeting.date.isoformat() != path.name.removesuffix(".yaml"):
        problems.append(_date_mismatch(rel, node, meeting.date, path))
    return meeting, problems


def _date_mismatch(rel: str, node: yamlparse.Node, day: date, path: Path) -> Diagnostic:
    """A dated file (meeting or snapshot) whose ``date:`` is not its file name."""
    date_node = node.value["date"]
    return Diagnostic(
        rel,
        date_node.line,
        date_node.column,
        "date-mismatch",
        _("date {day} does not match the file name {file}; rename the file or fix the date").format(
            day=day.isoformat(), file=path.name
        ),
    )


def load_recent_meetings(
    layout: Layout,
    manager_id: str,
    *,
    today: date,
    days: int = 120,
    at_least: int = 6,
) -> tuple[list[Meeting], list[Diagnostic]]:
    """The manager's meetings of the last ``days`` days (and any later ones), and at least
    the ``at_least`` latest, oldest first. Chosen by file name: older files are never read."""
    dates = meeting_dates(layout, manager_id)
    cutoff = today - timedelta(days=days)
    chosen = [d for d in dates if d >= cutoff]
    if len(chosen) < at_least:
        chosen = dates[-at_least:] if at_least else chosen
    return load_meetings(layout, manager_id, chosen)


def load_meetings(
    layout: Layout, manager_id: str, days: Iterable[date]
) -> tuple[list[Meeting], list[Diagnostic]]:
    """The manager's meetings of ``days``, in that order, and every problem of their files."""
    meetings: list[Meeting] = []
    problems: list[Diagnostic] = []
    for day in days:
        meeting, found = load_meeting(layout, manager_id, day)
        problems += found
        if meeting is not None:
            meetings.append(meeting)
    return meetings, problems


def require_meetings(layout: Layout, manager_id: str, days: Iterable[date]) -> list[Meeting]:
    """``load_meetings``, refusing with ``InvalidRepo`` when a meeting file has errors."""
    meetings, problems = load_meetings(layout, manager_id, days)
    refuse_errors(problems)
    return meetings


def require_recent_meetings(
    layout: Layout, manager_id: str, *, today: date, days: int = 120, at_least: int = 6
) -> list[Meeting]:
    """``load_recent_meetings``, refusing with ``InvalidRepo`` when a meeting file has errors."""
    meetings, problems = load_recent_meetings(
        layout, manager_id, today=today, days=days, at_least=at_least
    )
    refuse_errors(problems)
    return meetings


def snapshot_dates(layout: Layout) -> list[date]:
    """The dates of the funnel snapshots, from the file names alone."""
    return file_dates(layout.funnel_dir)


def load_snapshot(layout: Layout, day: date) -> tuple[FunnelSnapshot | None, list[Diagnostic]]:
    """The funnel snapshot of ``day``; a ``date:`` that is not the file name is a diagnostic."""
    path = layout.snapshot_file(day)
    data, problems = read_bytes(layout, path)
    if data is None:
        return None, problems
    rel = layout.rel(path)
    snapshot, node, problems = parse_model(data, rel, FunnelSnapshot)
    if snapshot is not None and node is not None and snapshot.date != day:
        problems.append(_date_mismatch(rel, node, snapshot.date, path))
    return snapshot, problems


def latest_snapshots(
    layout: Layout, *, count: int = 2, on_or_before: date | None = None
) -> tuple[list[FunnelSnapshot], list[Diagnostic]]:
    """The latest ``count`` funnel snapshots (oldest first), read by file name."""
    dates = [d for d in snapshot_dates(layout) if on_or_before is None or d <= on_or_before]
    out: list[FunnelSnapshot] = []
    problems: list[Diagnostic] = []
    for day in dates[-count:]:
        snapshot, found = load_snapshot(layout, day)
        problems += found
        if snapshot is not None:
            out.append(snapshot)
    return out, problems
