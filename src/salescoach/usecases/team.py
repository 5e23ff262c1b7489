"""Teams that change: a manager or a rep added, a rep's move to another team, a rep or a
manager leaving (``manager add`` / ``leave``, ``rep add`` / ``move`` / ``leave``), each
written through the safe editor, and committed with ``--commit``.

History is kept, nothing is deleted: a rep who leaves gets ``left``; a rep who moves gets
``left`` and ``moved_to`` in the old team's file and a new entry (``joined`` that day) in
the new one's, so every old rating, goal and deal stays valid (docs/teams.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from salescoach import ids, schemas, store
from salescoach.errors import NotFound, UsageError, closest
from salescoach.formats import plural
from salescoach.i18n import _
from salescoach.models import Level, Manager, Rep, Style
from salescoach.store import Layout
from salescoach.yamledit import EditableDocument, FileBatch


@dataclass(frozen=True)
class TeamChange:
    """What a team command did: one line saying it (also the commit message), the files
    written and the ID of the person it is about."""

    what: str
    paths: tuple[Path, ...]
    id: str


@dataclass(frozen=True)
class Committed:
    """The commit of a team change: its short hash and message."""

    short: str
    message: str


@dataclass(frozen=True)
class Membership:
    """A rep's current entry: the manager whose file lists them without ``left``, and where."""

    manager: Manager
    index: int
    rep: Rep


# ---------------------------------------------------------------- adding people


def add_manager(
    layout: Layout,
    name: str,
    *,
    manager_id: str | None = None,
    level: Level | None = None,
    in_role_since: date | None = None,
    style: Style | None = None,
    email: str | None = None,
) -> TeamChange:
    """Create ``managers/ID.yaml`` for a new manager with no reps yet; the ID comes from the
    name (``Kovács Éva`` → ``kovacs-eva``) unless given, and is unique among people."""
    name = _name(name)
    managers = store.require_managers(layout)
    new_id = _new_id(name, manager_id, people_ids(managers), "manager")
    data: dict[str, Any] = {"name": name}
    for key, value in (
        ("email", email),
        ("in_role_since", in_role_since),
        ("level", level),
        ("style", style),
    ):
        if value is not None:
            data[key] = value
    data["reps"] = []
    path = layout.manager_file(new_id)
    with FileBatch(layout) as batch:
        batch.create(path, data, model=Manager, header=schemas.schema_comment("manager", 1))
    return TeamChange(
        _("added manager {name} ({id})").format(name=name, id=new_id), (path,), new_id
    )


def add_rep(
    layout: Layout,
    manager_id: str,
    name: str,
    *,
    rep_id: str | None = None,
    crm_names: Sequence[str] = (),
    email: str | None = None,
    target: float | None = None,
    joined: date | None = None,
) -> TeamChange:
    """Append a rep to a manager's file; the ID comes from the name unless given, and is
    unique in the repository (no rep or manager has it)."""
    name = _name(name)
    store.require_id(manager_id, "manager")
    manager = store.require_manager(layout, manager_id)
    if manager.left is not None and (joined is None or joined >= manager.left):
        raise UsageError(
            _("{manager} left on {day}; no rep can join their team from then on").format(
                manager=_who(manager), day=manager.left.isoformat()
            ),
            hint=_("add the rep to the manager who took over the team"),
        )
    new_id = _new_id(name, rep_id, people_ids(store.require_managers(layout)), "rep")
    entry = rep_entry(new_id, name, email, joined, list(crm_names), target)
    with FileBatch(layout) as batch:
        batch.edit(layout.manager_file(manager.id), _append_rep(entry), model=Manager)
    return TeamChange(
        _("added rep {name} ({id}) to {manager}").format(name=name, id=new_id, manager=manager.id),
        tuple(batch.paths),
        new_id,
    )


# ---------------------------------------------------------------- changes of team


def move_rep(layout: Layout, rep_id: str, to: str, *, day: date) -> TeamChange:
    """Move a rep to manager ``to`` on ``day``: ``left`` and ``moved_to`` in the old file, a
    new entry (``joined: day``) in the new one; both files change or neither does."""
    store.require_id(rep_id, "rep")
    store.require_id(to, "manager")
    managers = store.require_managers(layout)
    now = current_membership(managers, rep_id)
    target = _manager(managers, to)
    if target.id == now.manager.id:
        raise UsageError(
            _("{rep} is in {manager}'s team already").format(
                rep=_who(now.rep), manager=_who(now.manager)
            ),
            hint=_("give --to the ID of the manager whose team the rep joins"),
        )
    if target.left is not None and target.left <= day:
        raise UsageError(
            _("{manager} left on {left}; a rep cannot move to their team on {day}").format(
                manager=_who(target), left=target.left.isoformat(), day=day.isoformat()
            )
        )
    _check_after_joined(now, day)
    entry = rep_entry(
        now.rep.id, now.rep.name, now.rep.email, day, now.rep.crm_names, now.rep.monthly_target
    )
    with FileBatch(layout) as batch:
        batch.edit(
            layout.manager_file(now.manager.id),
            _mark_left(now.index, day, target.id),
            model=Manager,
        )
        batch.edit(layout.manager_file(target.id), _append_rep(entry), model=Manager)
    what = _("moved {rep} from {manager} to {target} on {day}").format(
        rep=rep_id, manager=now.manager.id, target=target.id, day=day.isoformat()
    )
    return TeamChange(what, tuple(batch.paths), rep_id)


def rep_leaves(layout: Layout, rep_id: str, *, day: date) -> TeamChange:
    """Record that a rep left their team on ``day`` (their first day no longer in it)."""
    store.require_id(rep_id, "rep")
    now = current_membership(store.require_managers(layout), rep_id)
    _check_after_joined(now, day)
    with FileBatch(layout) as batch:
        batch.edit(
            layout.manager_file(now.manager.id), _mark_left(now.index, day, None), model=Manager
        )
    what = _("{rep} left {manager}'s team on {day}").format(
        rep=rep_id, manager=now.manager.id, day=day.isoformat()
    )
    return TeamChange(what, tuple(batch.paths), rep_id)


def manager_leaves(layout: Layout, manager_id: str, *, day: date) -> TeamChange:
    """Record that a manager left the role on ``day``; refused while reps are still in
    their team on or after that day (move them or let them go first)."""
    store.require_id(manager_id, "manager")
    manager = store.require_manager(layout, manager_id)
    if manager.left is not None:
        raise UsageError(
            _("{manager} already left on {day}").format(
                manager=_who(manager), day=manager.left.isoformat()
            )
        )
    if manager.in_role_since is not None and day <= manager.in_role_since:
        raise UsageError(
            _(
                "{manager} has been in the role since {since}: the date must be after that, "
                "got {day}"
            ).format(
                manager=_who(manager), since=manager.in_role_since.isoformat(), day=day.isoformat()
            )
        )
    staying = list(dict.fromkeys(r.id for r in manager.reps if r.left is None or r.left > day))
    if staying:
        first, when = staying[0], day.isoformat()
        raise UsageError(
            _("{manager} still has {reps} in the team on {day}: {ids}").format(
                manager=_who(manager),
                reps=plural(len(staying), "rep"),
                day=when,
                ids=", ".join(staying),
            ),
            hint=_(
                "move each rep first (`salescoach rep move {rep} --to MANAGER --date {day}`) "
                "or let them go (`salescoach rep leave {rep} --date {day}`)"
            ).format(rep=first, day=when),
        )

    def change(doc: EditableDocument) -> None:
        doc.set(("left",), day)

    with FileBatch(layout) as batch:
        batch.edit(layout.manager_file(manager.id), change, model=Manager)
    what = _("{manager} left the role on {day}").format(manager=manager.id, day=day.isoformat())
    return TeamChange(what, tuple(batch.paths), manager.id)


def commit_change(layout: Layout, change: TeamChange) -> Committed:
    """Commit just the files ``change`` wrote, as one commit saying what changed."""
    from salescoach.gitops import commit_files

    files = ", ".join(layout.rel(p) for p in change.paths)
    short = commit_files(layout.root, list(change.paths), change.what, written=f"{files} changed")
    return Committed(short, change.what)


# ---------------------------------------------------------------- who is where


def current_membership(managers: Sequence[Manager], rep_id: str) -> Membership:
    """The rep's current entry (listed without ``left``); ``NotFound`` with the closest IDs
    for an unknown rep, ``UsageError`` for one who already left or is listed twice."""
    current = [
        Membership(m, i, r)
        for m in managers
        for i, r in enumerate(m.reps)
        if r.id == rep_id and r.left is None
    ]
    if len(current) > 1:
        where = _(" and ").join(c.manager.id for c in current)
        raise UsageError(
            _(
                "rep '{rep}' is listed without 'left' by {managers}; a rep is in one team at a time"
            ).format(rep=rep_id, managers=where),
            hint=_("fix the manager files (`salescoach check` shows the problem)"),
        )
    if current:
        return current[0]
    past = [(r.left, m) for m in managers for r in m.reps if r.id == rep_id and r.left]
    if not past:
        known = sorted({r.id for m in managers for r in m.reps})
        raise NotFound(
            _("no rep '{rep}' in any manager file").format(rep=rep_id),
            hint=closest(rep_id, known, what="rep"),
        )
    left, manager = max(past, key=lambda item: item[0])
    raise UsageError(
        _("{rep} already left {manager}'s team on {day}").format(
            rep=rep_id, manager=_who(manager), day=left.isoformat()
        ),
        hint=_(
            "`salescoach rep add MANAGER NAME --id {rep} --joined DATE` if they came back"
        ).format(rep=rep_id),
    )


def _manager(managers: Sequence[Manager], manager_id: str) -> Manager:
    found = next((m for m in managers if m.id == manager_id), None)
    if found is None:
        raise NotFound(
            _("no manager '{manager}' (no file managers/{manager}.yaml)").format(
                manager=manager_id
            ),
            hint=closest(manager_id, [m.id for m in managers], what="manager"),
        )
    return found


def people_ids(managers: Sequence[Manager]) -> dict[str, str]:
    """Every ID in use, manager or rep, with the name of whoever has it."""
    taken = {m.id: m.name for m in managers}
    for m in managers:
        for r in m.reps:
            taken.setdefault(r.id, r.name)
    return taken


def _check_after_joined(now: Membership, day: date) -> None:
    if now.rep.joined is not None and day <= now.rep.joined:
        raise UsageError(
            _(
                "{rep} joined {manager}'s team on {joined}: the date must be after that, got {day}"
            ).format(
                rep=_who(now.rep),
                manager=_who(now.manager),
                joined=now.rep.joined.isoformat(),
                day=day.isoformat(),
            )
        )


def _who(person: Manager | Rep) -> str:
    return f"{person.name} ({person.id})"


# ---------------------------------------------------------------- IDs and entries


def _name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UsageError(
            _("the name is empty"), hint=_('give the person\'s name, e.g. "Kovács Éva"')
        )
    return cleaned


def _new_id(name: str, given: str | None, taken: dict[str, str], what: str) -> str:
    """The ID for a new person: ``given``, else the one the name suggests (``-2``, ``-3``, …
    when a differently named person has it); the same name with the same ID is refused."""
    if given is not None:
        store.require_id(given, what)
        if given in taken:
            raise UsageError(
                _("the ID '{given}' is taken (by {taken})").format(given=given, taken=taken[given]),
                hint=_("choose another --id, e.g. {id}").format(id=ids.unique_id(given, taken)),
            )
        return given
    base = ids.id_from_name(name)
    if not base:
        raise UsageError(
            _("'{name}' gives no ID (it has no letter or digit to keep)").format(name=name),
            hint=_("give one with --id, e.g. --id anna-kovacs"),
        )
    if base in taken and taken[base].casefold() == name.casefold():
        raise UsageError(
            _("{name} is in the repository already, as '{base}'").format(name=name, base=base),
            hint=_("if this is another person, give --id, e.g. --id {id}").format(
                id=ids.unique_id(base, taken)
            ),
        )
    return ids.unique_id(base, taken)


def rep_entry(
    rep_id: str,
    name: str,
    email: str | None,
    joined: date | None,
    crm_names: list[str],
    target: float | None,
) -> dict[str, Any]:
    """A rep's entry in a manager file, keys in the order of the examples."""
    entry: dict[str, Any] = {"id": rep_id, "name": name}
    for key, value in (
        ("email", email),
        ("joined", joined),
        ("crm_names", crm_names or None),
        ("monthly_target", target),
    ):
        if value is not None:
            entry[key] = value
    return entry


def _append_rep(entry: dict[str, Any]) -> Any:
    def change(doc: EditableDocument) -> None:
        doc.append(("reps",), entry, block=True)

    return change


def _mark_left(index: int, day: date, moved_to: str | None) -> Any:
    def change(doc: EditableDocument) -> None:
        doc.set(("reps", index, "left"), day)
        if moved_to is not None:
            doc.set(("reps", index, "moved_to"), moved_to)

    return change
