"""``team import FILE``: managers and reps from a CSV (e.g. the ``sales_teams.csv`` of the
public CRM sample), all or nothing, and idempotent: who is already in the repository is
left as they were, a rep already in another team is reported, not moved.

Columns are found by their header (case, spaces and '-' do not matter): the manager
(``manager``), the rep (``rep``, ``sales_agent`` or ``name``), and optionally the rep's
e-mail (``email``), CRM name (``crm_name``) and monthly target (``monthly_target`` or
``target``). Other columns are ignored.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salescoach import ids, schemas, store
from salescoach.errors import NotFound, SalescoachError
from salescoach.i18n import _
from salescoach.models import Manager
from salescoach.store import Layout
from salescoach.usecases.team import people_ids, rep_entry
from salescoach.yamledit import EditableDocument, FileBatch

MAX_CSV_BYTES = 5 * 1024 * 1024
COLUMNS: dict[str, tuple[str, ...]] = {
    "manager": ("manager", "manager_name", "sales_manager"),
    "rep": ("rep", "rep_name", "sales_agent", "sales_rep", "agent", "name"),
    "email": ("email", "e_mail", "rep_email", "email_address"),
    "crm_name": ("crm_name", "crm_names", "crm_owner", "owner"),
    "target": ("monthly_target", "target"),
}
"""Each column salescoach reads and the headers that name it, the preferred first."""


@dataclass(frozen=True)
class TeamRow:
    """One line of the CSV: a rep in a manager's team."""

    line: int
    manager: str
    rep: str
    email: str | None = None
    crm_name: str | None = None
    target: float | None = None


@dataclass(frozen=True)
class Elsewhere:
    """A rep the file puts in another team than the one they are in: reported, not moved."""

    rep_id: str
    name: str
    current: str
    wanted: str


@dataclass
class TeamImport:
    """What an import did: the IDs added and left as they were, and the files written."""

    added_managers: list[str] = field(default_factory=list)
    added_reps: list[tuple[str, str]] = field(default_factory=list)
    """(manager ID, rep ID) of each rep added."""
    kept_managers: list[str] = field(default_factory=list)
    kept_reps: list[str] = field(default_factory=list)
    elsewhere: list[Elsewhere] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)

    def added_by_manager(self) -> dict[str, list[str]]:
        """The reps added, by manager ID."""
        out: dict[str, list[str]] = {}
        for manager_id, rep_id in self.added_reps:
            out.setdefault(manager_id, []).append(rep_id)
        return out


class BadTeamFile(SalescoachError):
    """A problem in the team CSV, named by line: ``FILE:LINE: message`` (exit 1, nothing
    written). Raised with the line alone; ``import_team`` puts the file in front."""

    def __init__(self, line: int, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.line = line

    def located(self, path: Path) -> SalescoachError:
        """The same problem as ``path:line: message``."""
        where = f"{path}:{self.line}" if self.line else f"{path}"
        return SalescoachError(f"{where}: {self.message}", hint=self.hint)


def import_team(layout: Layout, path: Path) -> TeamImport:
    """Add the managers and reps of a CSV that the repository does not have yet, all in one
    batch of writes (all or nothing); a second run finds everyone and writes nothing."""
    managers = store.require_managers(layout)
    plan = _Plan(managers)
    try:
        for row in read_team_csv(path):
            plan.place(row)
    except BadTeamFile as exc:
        raise exc.located(path) from None
    with FileBatch(layout) as batch:
        for manager_id, data in plan.new_managers.items():
            header = schemas.schema_comment("manager", 1)
            batch.create(layout.manager_file(manager_id), data, model=Manager, header=header)
        for manager_id, entries in plan.new_reps.items():
            batch.edit(layout.manager_file(manager_id), _append_all(entries), model=Manager)
    plan.done.paths = batch.paths
    return plan.done


class _Plan:
    """Who of the CSV is new, and where they go: managers matched by name or by the ID
    their name gives, reps by their current entry's name or ID."""

    def __init__(self, managers: Sequence[Manager]) -> None:
        self.managers = {m.id: m for m in managers}
        self.taken = people_ids(managers)
        self.new_managers: dict[str, dict[str, Any]] = {}
        self.new_reps: dict[str, list[dict[str, Any]]] = {}
        self.resolved: dict[str, str] = {}  # manager name (casefolded) → ID
        self.placed: dict[str, TeamRow] = {}  # rep name (casefolded) → its row
        self.done = TeamImport()

    def place(self, row: TeamRow) -> None:
        key = row.rep.casefold()
        if key in self.placed:
            first = self.placed[key]
            raise BadTeamFile(
                row.line,
                _(
                    "{rep} is listed twice (also on line {line}); a rep is in one team at a time; "
                    "nothing was written"
                ).format(rep=row.rep, line=first.line),
            )
        self.placed[key] = row
        manager_id = self._manager(row)
        current = self._current(row.rep)
        if current is None:
            rep_id = ids.unique_id(_id_for(row.rep, row.line), self.taken)
            self.taken[rep_id] = row.rep
            crm = [row.crm_name] if row.crm_name else []
            entry = rep_entry(rep_id, row.rep, row.email, None, crm, row.target)
            self._reps_of(manager_id).append(entry)
            self.done.added_reps.append((manager_id, rep_id))
        elif current[0] == manager_id:
            self.done.kept_reps.append(current[1])
        else:
            self.done.elsewhere.append(Elsewhere(current[1], row.rep, current[0], manager_id))

    def _manager(self, row: TeamRow) -> str:
        key = row.manager.casefold()
        if key in self.resolved:
            return self.resolved[key]
        base = _id_for(row.manager, row.line)
        found = next(
            (m for m in self.managers.values() if m.name.casefold() == key), None
        ) or self.managers.get(base)
        if found is not None:
            if found.left is not None:
                raise BadTeamFile(
                    row.line,
                    _("{name} ({manager}) left on {day}; nothing was written").format(
                        name=found.name, manager=found.id, day=found.left.isoformat()
                    ),
                    hint=_("put the rep in the team of the manager who took over"),
                )
            self.done.kept_managers.append(found.id)
            manager_id = found.id
        else:
            manager_id = ids.unique_id(base, self.taken)
            self.taken[manager_id] = row.manager
            self.new_managers[manager_id] = {"name": row.manager, "reps": []}
            self.done.added_managers.append(manager_id)
        self.resolved[key] = manager_id
        return manager_id

    def _reps_of(self, manager_id: str) -> list[dict[str, Any]]:
        if manager_id in self.new_managers:
            reps: list[dict[str, Any]] = self.new_managers[manager_id]["reps"]
            return reps
        return self.new_reps.setdefault(manager_id, [])

    def _current(self, name: str) -> tuple[str, str] | None:
        """(manager ID, rep ID) of the rep's current entry, found by name, else by ID."""
        base = ids.id_from_name(name)
        entries = [(m.id, r) for m in self.managers.values() for r in m.reps if r.left is None]
        by_name = [(mid, r.id) for mid, r in entries if r.name.casefold() == name.casefold()]
        by_id = [(mid, r.id) for mid, r in entries if r.id == base]
        found = by_name or by_id
        return found[0] if found else None


def _append_all(entries: list[dict[str, Any]]) -> Any:
    def change(doc: EditableDocument) -> None:
        for entry in entries:
            doc.append(("reps",), entry, block=True)

    return change


def _id_for(name: str, line: int) -> str:
    found = ids.id_from_name(name)
    if not found:
        raise BadTeamFile(
            line,
            _(
                "'{name}' gives no ID (it has no letter or digit to keep); nothing was written"
            ).format(name=name),
        )
    return found


# ---------------------------------------------------------------- reading the CSV


def read_team_csv(path: Path) -> list[TeamRow]:
    """The rows of a team CSV (comma or semicolon separated, UTF-8, a BOM allowed);
    ``BadTeamFile`` naming the line of the first problem."""
    text = _read_text(path)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise BadTeamFile(
            1, _("the file is empty: it needs a header line and one line per rep")
        ) from None
    columns = _columns(path, header)
    rows: list[TeamRow] = []
    try:
        for cells in reader:
            row = _row(reader.line_num, cells, columns)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        raise BadTeamFile(
            reader.line_num, _("cannot be read as CSV ({error})").format(error=exc)
        ) from None
    return rows


def _read_text(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_CSV_BYTES + 1)
    except FileNotFoundError:
        raise NotFound(_("{path} does not exist").format(path=path)) from None
    except OSError as exc:
        raise BadTeamFile(0, _("cannot be read: {error}").format(error=exc.strerror)) from None
    if len(data) > MAX_CSV_BYTES:
        raise BadTeamFile(
            0, _("is larger than {size} MiB").format(size=MAX_CSV_BYTES // 1024 // 1024)
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadTeamFile(0, _("is not UTF-8 text"), hint=_("save it as CSV UTF-8")) from None


def _normal(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().casefold()).strip("_")


def _columns(path: Path, header: list[str]) -> dict[str, int]:
    """The index of each column salescoach reads; ``BadTeamFile`` without manager and rep."""
    names = [_normal(h) for h in header]
    columns: dict[str, int] = {}
    for what, accepted in COLUMNS.items():
        index = next((names.index(a) for a in accepted if a in names), None)
        if index is not None:
            columns[what] = index
    missing = [what for what in ("manager", "rep") if what not in columns]
    if missing:
        raise BadTeamFile(
            1,
            _missing_columns(missing, [h.strip() for h in header]),
            hint=_(
                "name them manager and rep (or sales_agent, or name); email, crm_name and "
                "monthly_target are optional"
            ),
        )
    return columns


def _missing_columns(missing: list[str], header: list[str]) -> str:
    """``no manager and no rep column (its columns: a, b)``: the columns named as in the file."""
    found = ", ".join(header) or _("none")
    if len(missing) > 1:
        return _("no manager and no rep column (its columns: {columns})").format(columns=found)
    return _("no {column} column (its columns: {columns})").format(column=missing[0], columns=found)


def _row(line: int, cells: list[str], columns: dict[str, int]) -> TeamRow | None:
    """One line as a ``TeamRow``; None for an empty line."""
    if not any(c.strip() for c in cells):
        return None

    def cell(what: str) -> str | None:
        index = columns.get(what)
        value = " ".join(cells[index].split()) if index is not None and index < len(cells) else ""
        return value or None

    manager, rep = cell("manager"), cell("rep")
    if manager is None or rep is None:
        missing = _("no manager given") if manager is None else _("no rep given")
        raise BadTeamFile(line, missing)
    return TeamRow(
        line, manager, rep, cell("email"), cell("crm_name"), _target(cell("target"), line)
    )


def _target(text: str | None, line: int) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.replace(",", "").replace(" ", ""))
    except ValueError:
        raise BadTeamFile(
            line, _("the monthly target '{text}' is not a number").format(text=text)
        ) from None
    if value < 0:
        raise BadTeamFile(line, _("the monthly target {text} is negative").format(text=text))
    return int(value) if value.is_integer() else value
