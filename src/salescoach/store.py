"""Finding a salescoach repository and reading its files into models, with diagnostics.

Only this module and ``writer`` touch the disk. Reading never raises on bad data: every
problem becomes a ``Diagnostic`` naming the file (relative to the repository) and line.
Commands about one manager read only that manager's files, and of the meetings only the
recent ones (chosen by file name), so their time does not grow with years of history.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from salescoach import yamlparse
from salescoach.diagnostics import Diagnostic, errors_in
from salescoach.errors import (
    InvalidRepo,
    NotFound,
    RepoNotFound,
    UsageError,
    closest,
    refuse_errors,
)
from salescoach.models import (
    RESULTS,
    FunnelSnapshot,
    Goal,
    Manager,
    Meeting,
    OpenDeal,
    Period,
    Rating,
    RepFunnel,
    Repo,
    Settings,
    brief,
    is_slug,
)

if TYPE_CHECKING:
    from salescoach.cache import FileCache

SETTINGS_FILE = "salescoach.yaml"
ENV_REPO = "SALESCOACH_REPO"
_DATE_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.yaml$")

M = TypeVar("M", bound=BaseModel)
Progress = Callable[[int, int], None]


# ---------------------------------------------------------------- where things are


def find_root(explicit: Path | None = None, *, cwd: Path | None = None) -> Path:
    """The repository: ``--repo``, else ``$SALESCOACH_REPO``, else upwards from ``cwd``."""
    if explicit is None and os.environ.get(ENV_REPO):
        explicit = Path(os.environ[ENV_REPO])
    if explicit is not None:
        settings = explicit / SETTINGS_FILE
        if not settings.is_file() and (settings.exists() or settings.is_symlink()):
            kind = "a folder" if settings.is_dir() else "a broken symbolic link"
            raise RepoNotFound(
                f"{settings} is {kind}, not a file",
                hint=f"{SETTINGS_FILE} must be a YAML file; see `salescoach init --help`",
            )
        if not settings.is_file():
            raise RepoNotFound(
                f"{explicit} is not a salescoach repository (it has no {SETTINGS_FILE})",
                hint="create one with `salescoach init PATH`",
            )
        return explicit
    here = (cwd or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise RepoNotFound(
        f"no {SETTINGS_FILE} in {here} or any folder above it",
        hint="run inside a salescoach repository, pass --repo PATH, set SALESCOACH_REPO, "
        "or create one with `salescoach init PATH`",
    )


def require_id(value: str, what: str) -> str:
    """Refuse an ID from the command line that is not a slug, before any file is touched."""
    if not is_slug(value):
        raise UsageError(
            f"'{_printable(value)}' is not a valid {what} ID",
            hint="IDs use lowercase letters, digits and '-', e.g. anna-kovacs",
        )
    return value


def _printable(value: str) -> str:
    shown = value.encode("unicode_escape").decode("ascii")
    return shown if len(shown) <= 60 else shown[:57] + "..."


@dataclass(frozen=True)
class Layout:
    """The paths of one repository's files (see docs/format.md)."""

    root: Path

    @property
    def settings_file(self) -> Path:
        return self.root / SETTINGS_FILE

    @property
    def managers_dir(self) -> Path:
        return self.root / "managers"

    @property
    def meetings_root(self) -> Path:
        return self.root / "meetings"

    @property
    def funnel_dir(self) -> Path:
        return self.root / "funnel"

    @property
    def imports_dir(self) -> Path:
        return self.root / "funnel" / "imports"

    def manager_file(self, manager_id: str) -> Path:
        return self.managers_dir / f"{require_id(manager_id, 'manager')}.yaml"

    def meetings_dir(self, manager_id: str) -> Path:
        return self.meetings_root / require_id(manager_id, "manager")

    def meeting_file(self, manager_id: str, day: date) -> Path:
        return self.meetings_dir(manager_id) / f"{day.isoformat()}.yaml"

    def snapshot_file(self, day: date) -> Path:
        return self.funnel_dir / f"{day.isoformat()}.yaml"

    def rel(self, path: Path) -> str:
        """``path`` relative to the repository, with '/' separators, as diagnostics show it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


# ---------------------------------------------------------------- reading one file


def read_bytes(
    layout: Layout, path: Path, *, limit: int = yamlparse.MAX_FILE_BYTES
) -> tuple[bytes | None, list[Diagnostic]]:
    """A file's bytes, at most ``limit`` of them (YAML files and stored CSV imports alike);
    a link, a file outside the repository or a larger file is refused."""
    rel = layout.rel(path)
    if path.is_symlink():
        return None, [
            Diagnostic(rel, 0, 0, "symlink", "is a symbolic link; salescoach reads only real files")
        ]
    real_root = os.path.realpath(layout.root)
    if os.path.commonpath([real_root, os.path.realpath(path)]) != real_root:
        return None, [Diagnostic(rel, 0, 0, "outside-repo", "lies outside the repository")]
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
            if len(data) > limit:
                size = os.fstat(handle.fileno()).st_size
                shown = f"{limit:,} bytes" + (
                    f" ({limit // 1024 // 1024} MiB)" if limit % (1024 * 1024) == 0 else ""
                )
                return None, [
                    Diagnostic(
                        rel, 0, 0, "too-large", f"file is {size:,} bytes; the limit is {shown}"
                    )
                ]
    except FileNotFoundError:
        return None, [Diagnostic(rel, 0, 0, "missing-file", "file does not exist")]
    except IsADirectoryError:
        return None, [Diagnostic(rel, 0, 0, "not-a-file", "is a folder, not a file")]
    except OSError as exc:
        return None, [Diagnostic(rel, 0, 0, "unreadable", f"cannot be read: {exc.strerror}")]
    return data, []


def parse_model(
    data: bytes, rel: str, model: type[M]
) -> tuple[M | None, yamlparse.Node | None, list[Diagnostic]]:
    """Parse and validate one file's bytes as ``model``; every problem as a diagnostic."""
    node, problems = yamlparse.parse_bytes(data, rel)
    if problems:
        return None, None, problems
    if node is None:
        return (
            None,
            None,
            [Diagnostic(rel, 1, 1, "empty-file", f"file is empty; expected {_describe(model)}")],
        )
    if node.kind != "map":
        kind = "a list" if node.kind == "seq" else "a single value"
        return (
            None,
            node,
            [
                Diagnostic(
                    rel,
                    node.line,
                    node.column,
                    "not-a-mapping",
                    f"expected {_describe(model)} (keys and values), found {kind}",
                )
            ],
        )
    try:
        return model.model_validate(node.plain()), node, []
    except ValidationError as exc:
        return None, node, validation_diagnostics(exc, node, rel, model)


def read_model(layout: Layout, path: Path, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Read, parse and validate one file."""
    data, problems = read_bytes(layout, path)
    if data is None:
        return None, problems
    value, _node, problems = parse_model(data, layout.rel(path), model)
    return value, problems


def _describe(model: type[BaseModel]) -> str:
    return {
        "Settings": "the repository settings",
        "Manager": "a manager (name, reps, …)",
        "Meeting": "a meeting (date, status, …)",
        "FunnelSnapshot": "a funnel snapshot (date, reps, …)",
    }.get(model.__name__, model.__name__)


# ---------------------------------------------------------------- pydantic errors → diagnostics


def validation_diagnostics(
    exc: ValidationError, root: yamlparse.Node, rel: str, model: type[BaseModel]
) -> list[Diagnostic]:
    """One diagnostic per invalid value, at the line of the value (or of its key)."""
    seen: set[tuple[int, int, str]] = set()
    out: list[Diagnostic] = []
    for error in exc.errors(include_url=False):
        etype = error["type"]
        path_loc = _data_loc(
            root, tuple(error["loc"]), keep_last=etype in ("missing", "extra_forbidden")
        )
        if etype == "extra_forbidden":
            parent, _ = root.at(path_loc[:-1])
            key = str(path_loc[-1])
            key_node = parent.keys.get(key, parent)
            known = known_keys(model, path_loc[:-1])
            if known is not None and parent.kind == "map":
                known = [k for k in known if k not in parent.value]
            hint = f"; {closest(key, known, what='key')}" if known is not None else ""
            where = _dotted(path_loc[:-1])
            message = f"unknown key '{brief(key)}'" + (f" in {where}" if where else "") + hint
            code, node = "unknown-key", key_node
        elif etype == "missing":
            node, _ = root.at(path_loc[:-1])
            code = "missing-key"
            where = _dotted(path_loc[:-1])
            message = f"missing required key '{path_loc[-1]}'" + (f" in {where}" if where else "")
        else:
            if path_loc and path_loc[-1] == "[key]":
                parent, _ = root.at(path_loc[:-2])
                node = parent.keys.get(str(path_loc[-2]), parent)
                path_loc = path_loc[:-1]
            else:
                node, _ = root.at(path_loc)
            code = "invalid-value"
            message = f"{_dotted(path_loc) or 'value'}: {_explain(error, path_loc, node)}"
        spot = (node.line, node.column, message)
        if spot in seen:
            continue
        seen.add(spot)
        out.append(Diagnostic(rel, node.line, node.column, code, message))
    return _merge_union_errors(out)


def _data_loc(root: yamlparse.Node, loc: tuple[Any, ...], *, keep_last: bool) -> tuple[Any, ...]:
    """The part of a pydantic ``loc`` that names data, without union member tags.

    Pydantic inserts tags such as ``int`` or ``function-after[...]`` for union members; a
    part is data when the YAML tree has it at that place (or is the missing/unknown key or
    a ``[key]`` marker at the end).
    """
    out: list[Any] = []
    node: yamlparse.Node | None = root
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if node is not None and _has(node, part):
            out.append(part)
            node = node.value[part]
        elif part == "[key]" or (last and keep_last):
            out.append(part)
            node = None
    return tuple(out)


def _has(node: yamlparse.Node, part: Any) -> bool:
    if node.kind == "map":
        return isinstance(part, str) and part in node.value
    if node.kind == "seq":
        return isinstance(part, int) and 0 <= part < len(node.value)
    return False


def _merge_union_errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A value that failed every member of a union gets one diagnostic, not one per member."""
    by_spot: dict[tuple[int, int, str], Diagnostic] = {}
    for d in diagnostics:
        spot = (d.line, d.column, d.code)
        if spot not in by_spot:
            by_spot[spot] = d
    return list(by_spot.values())


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return repr(brief(value, 60))
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _explain(error: Any, loc: tuple[Any, ...], node: yamlparse.Node) -> str:
    etype = error["type"]
    value = error.get("input")
    last = loc[-1] if loc else ""
    if last == "score" or (len(loc) >= 2 and loc[0] == "ratings" and etype.startswith("int")):
        return (
            "a rating is a whole number from 1 (did not reach the goals) to 4 (exceeded them), "
            f"got {_shown(value)}"
        )
    msg: str = error["msg"]
    if msg.startswith("Value error, "):
        return msg[len("Value error, ") :]
    if etype == "bool_type" or etype == "bool_parsing":
        return f"expected true or false, got {_shown(value)}"
    if etype == "literal_error":
        expected = msg.removeprefix("Input should be ")
        return f"must be {expected}, got {_shown(value)}"
    if etype in ("int_type", "int_parsing", "int_from_float"):
        hint = "; remove the quotes" if isinstance(value, str) and node.style else ""
        return f"expected a whole number, got {_shown(value)}{hint}"
    if etype in ("float_type", "float_parsing"):
        return f"expected a number, got {_shown(value)}"
    if etype in ("string_type",):
        return f"expected text, got {_shown(value)}"
    if etype in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of keys and values, got {_shown(value)}"
    if etype == "list_type":
        return f"expected a list, got {_shown(value)}"
    if etype == "string_pattern_mismatch":
        pattern = msg.removeprefix("String should match pattern ")
        return f"{_shown(value)} does not have the expected form ({pattern})"
    return msg.replace("Input should be", "must be").replace("Value should", "must") + (
        f", got {_shown(value)}" if value is not None and not isinstance(value, dict | list) else ""
    )


def known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str] | None:
    """The keys the model accepts at ``loc``, for 'did you mean' hints."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            fields = current.model_fields
            name = next((n for n, f in fields.items() if n == part or f.alias == part), None)
            if name is None:
                return None
            current = fields[name].annotation
        elif get_origin(current) is list:
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional/Union down to the first model or container inside."""
    for _ in range(8):
        args = get_args(annotation)
        origin = get_origin(annotation)
        if origin in (list, dict) or not args:
            return annotation
        candidates = [a for a in args if a is not type(None)]
        models = [a for a in candidates if isinstance(a, type) and issubclass(a, BaseModel)]
        containers = [a for a in candidates if get_origin(a) in (list, dict)]
        annotation = (models or containers or candidates)[0]
    return annotation


# ---------------------------------------------------------------- reading the repository


def load_settings(layout: Layout) -> tuple[Settings | None, list[Diagnostic]]:
    return read_model(layout, layout.settings_file, Settings)


def require_settings(layout: Layout) -> Settings:
    """The settings, or ``InvalidRepo`` naming the problems."""
    settings, problems = load_settings(layout)
    if settings is None or errors_in(problems):
        raise InvalidRepo(problems)
    return settings


def manager_ids(layout: Layout) -> list[str]:
    """The IDs of all managers, from the file names in managers/ (nothing is read)."""
    return sorted(p.name[:-5] for p in _yaml_files(layout.managers_dir) if is_slug(p.name[:-5]))


def load_manager(layout: Layout, manager_id: str) -> tuple[Manager | None, list[Diagnostic]]:
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
            f"no manager '{manager_id}' (no file {layout.rel(path)})",
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


def find_rep_manager(layout: Layout, rep: str, manager_id: str | None) -> Manager:
    """The manager whose file lists ``rep``, reading only the manager files.

    With ``manager_id``, only that manager; an unknown rep gets the closest IDs.
    """
    if manager_id is not None:
        manager = require_manager(layout, manager_id)
        if rep not in manager.rep_ids:
            raise NotFound(
                f"'{rep}' is not a rep of {manager.name} ({manager_id})",
                hint=closest(rep, manager.rep_ids, what="rep"),
            )
        return manager
    found: list[Manager] = []
    known: list[str] = []
    problems = []
    for mid in manager_ids(layout):
        loaded, diagnostics = load_manager(layout, mid)
        if loaded is None or errors_in(diagnostics):
            problems += diagnostics
            continue
        known += loaded.rep_ids
        if rep in loaded.rep_ids:
            found.append(loaded)
    if len(found) > 1:
        names = " and ".join(m.id for m in found)
        raise UsageError(
            f"rep ID '{rep}' is listed by {names}; IDs must be unique",
            hint="give --manager, and fix the duplicate (`salescoach check` shows it)",
        )
    if found:
        return found[0]
    if problems:
        raise InvalidRepo(problems)
    raise NotFound(f"no rep '{rep}' in any manager file", hint=closest(rep, known, what="rep"))


def meeting_dates(layout: Layout, manager_id: str) -> list[date]:
    """The dates of a manager's meetings, from the file names alone (nothing is read)."""
    return _file_dates(layout.meetings_dir(manager_id))


def load_meeting(
    layout: Layout, manager_id: str, day: date
) -> tuple[Meeting | None, list[Diagnostic]]:
    return _load_meeting_file(layout, manager_id, layout.meeting_file(manager_id, day))


def _load_meeting_file(
    layout: Layout, manager_id: str, path: Path
) -> tuple[Meeting | None, list[Diagnostic]]:
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
        f"date {day.isoformat()} does not match the file name {path.name}; "
        "rename the file or fix the date",
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
    meetings: list[Meeting] = []
    problems: list[Diagnostic] = []
    for day in chosen:
        meeting, found = load_meeting(layout, manager_id, day)
        problems += found
        if meeting is not None:
            meetings.append(meeting)
    return meetings, problems


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
    return _file_dates(layout.funnel_dir)


def _file_dates(folder: Path) -> list[date]:
    """The real dates named by the ``YYYY-MM-DD.yaml`` files of a folder, sorted."""
    days: list[date] = []
    for p in _yaml_files(folder):
        m = _DATE_FILE.match(p.name)
        if m:
            try:
                days.append(date.fromisoformat(m.group(1)))
            except ValueError:
                continue
    return sorted(days)


def load_snapshot(layout: Layout, day: date) -> tuple[FunnelSnapshot | None, list[Diagnostic]]:
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


def _yaml_files(folder: Path) -> list[Path]:
    """The ``*.yaml`` files of a folder, leaving out hidden and temporary files."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [
        Path(e.path) for e in entries if e.name.endswith(".yaml") and not e.name.startswith(".")
    ]


def _stray_files(layout: Layout, folder: Path, allowed: Callable[[str], bool]) -> list[Diagnostic]:
    """Diagnostics for files in a data folder whose names salescoach cannot use."""
    out = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    for e in entries:
        if e.name.startswith("."):
            continue
        if e.name.endswith(".yaml") and not allowed(e.name):
            out.append(
                Diagnostic(
                    layout.rel(Path(e.path)),
                    0,
                    0,
                    "bad-file-name",
                    "file name must be an ID or a date (YYYY-MM-DD) followed by .yaml",
                )
            )
    return out


def _construct(cls: type[M], fields_set: set[str], **values: Any) -> M:
    """``cls.model_construct(fields_set, **values)`` for ``values`` that name every field in
    order, without pydantic's per-field loop (and default factories, which it inspects on
    each call): a warm ``check`` of 40,000 meetings builds 345,000 of these."""
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    private = cls.__private_attributes__
    _set(model, "__pydantic_private__", {k: a.default for k, a in private.items()} or None)
    return model


_set = object.__setattr__


def meeting_summary(meeting: Meeting) -> Meeting:
    """What whole-repo work keeps of a meeting: every field but the free text and actions.

    Kept: date, status, moved_from, moved_because, funnel_review, minutes, the ratings'
    scores and the goals' rep, due and result. Dropped (empty): notes, routine,
    own_performance, expectations, actions, rating notes and goal texts. This keeps
    ``load_repo`` under 250 MB for 40,000 meetings (docs/performance.md); a command that needs
    a whole meeting reads it with ``load_meeting`` / ``load_recent_meetings``.
    """
    slim = _construct(
        Meeting,
        _ALL_MEETING_FIELDS,
        date=meeting.date,
        status=_intern(meeting.status),
        moved_from=meeting.moved_from,
        moved_because=meeting.moved_because,
        funnel_review=meeting.funnel_review,
        minutes=meeting.minutes,
        routine=None,
        ratings=_shared_ratings(meeting.ratings),
        goals=[
            _construct(
                Goal,
                _ALL_GOAL_FIELDS,
                rep=_intern(g.rep),
                goal="",
                manager_help="",
                due=g.due,
                result=g.result,
            )
            for g in meeting.goals
        ],
        own_performance=None,
        expectations=None,
        actions=[],
        notes="",
    )
    slim._manager = meeting._manager
    return slim


def _shared_ratings(ratings: dict[str, Rating | None]) -> dict[str, Rating | None]:
    """The ratings with their notes dropped, sharing one ``Rating`` per score (memory)."""
    return {
        _intern(rep): None if r is None else _SHARED_RATINGS.get(r.score) or Rating(score=r.score)
        for rep, r in ratings.items()
    }


_intern = sys.intern
"""Rep IDs, stage names and statuses recur in every file: one string object for each (the
parser makes a new one per occurrence, about 50 MB over 40,000 meetings)."""


_SHARED_RATINGS: dict[int | None, Rating] = {s: Rating(score=s) for s in (None, 1, 2, 3, 4)}
# one shared set of every field name instead of a new set per object (adding a name that is
# already in it, as assigning a field does, changes nothing)
_ALL_MEETING_FIELDS = set(Meeting.model_fields)
_ALL_GOAL_FIELDS = set(Goal.model_fields)
_ALL_SNAPSHOT_FIELDS = set(FunnelSnapshot.model_fields)
_ALL_REP_FUNNEL_FIELDS = set(RepFunnel.model_fields)
_ALL_DEAL_FIELDS = set(OpenDeal.model_fields)


def encode_summary(meeting: Meeting) -> list[Any]:
    """A ``meeting_summary`` as compact JSON-ready data for the cache (``decode_summary``)."""
    return [
        meeting.date.isoformat(),
        meeting.status,
        meeting.moved_from.isoformat() if meeting.moved_from else None,
        meeting.moved_because,
        meeting.funnel_review,
        meeting.minutes,
        [[rep, 0 if r is None else r.score] for rep, r in meeting.ratings.items()],
        [[g.rep, g.due.isoformat() if g.due else None, g.result] for g in meeting.goals],
    ]


def decode_summary(data: list[Any]) -> Meeting:
    """``encode_summary``'s data back into a summary, checking every value as the model
    would (the cache is never trusted); ValueError or TypeError on anything else."""
    day, status, moved_from, moved_because, funnel_review, minutes, ratings, goals = data
    if status not in ("planned", "held") or type(funnel_review) is not bool:
        raise ValueError("bad meeting summary")
    if not (minutes is None or (type(minutes) is int and 15 <= minutes <= 480)):
        raise ValueError("bad minutes")
    if not (moved_because is None or isinstance(moved_because, str)):
        raise ValueError("bad moved_because")
    shared: dict[str, Rating | None] = {}
    for rep, score in ratings:
        if not (_cached_slug(rep) and type(score) in (int, type(None))):
            raise ValueError("bad rating")
        shared[_intern(rep)] = None if score == 0 else _SHARED_RATINGS[score]  # KeyError: not 1-4
    goal_list = []
    for rep, due, result in goals:
        if not (_cached_slug(rep) and result in (None, *RESULTS)):
            raise ValueError("bad goal")
        goal_list.append(
            _construct(
                Goal,
                _ALL_GOAL_FIELDS,
                rep=_intern(rep),
                goal="",
                manager_help="",
                due=_day_or_none(due),
                result=result,
            )
        )
    return _construct(
        Meeting,
        _ALL_MEETING_FIELDS,
        date=_day_or_none(day) or _bad("date"),
        status=_intern(status),
        moved_from=_day_or_none(moved_from),
        moved_because=moved_because,
        funnel_review=funnel_review,
        minutes=minutes,
        routine=None,
        ratings=shared,
        goals=goal_list,
        own_performance=None,
        expectations=None,
        actions=[],
        notes="",
    )


def snapshot_summary(snapshot: FunnelSnapshot) -> FunnelSnapshot:
    """What whole-repo work keeps of a funnel snapshot: the numbers, without deal names."""
    return _construct(
        FunnelSnapshot,
        _ALL_SNAPSHOT_FIELDS,
        date=snapshot.date,
        period=snapshot.period,
        reps={
            _intern(rep): _construct(
                RepFunnel,
                _ALL_REP_FUNNEL_FIELDS,
                calls=f.calls,
                stages={_intern(k): v for k, v in f.stages.items()},
                won_value=f.won_value,
                lost=f.lost,
                open_deals=[
                    _construct(
                        OpenDeal,
                        _ALL_DEAL_FIELDS,
                        name="",
                        amount=d.amount,
                        stage=d.stage if d.stage is None else _intern(d.stage),
                        since=d.since,
                    )
                    for d in f.open_deals
                ],
            )
            for rep, f in snapshot.reps.items()
        },
    )


def encode_snapshot(snapshot: FunnelSnapshot) -> list[Any]:
    """A ``snapshot_summary`` as compact JSON-ready data for the cache."""
    period = snapshot.period
    return [
        snapshot.date.isoformat(),
        [period.from_.isoformat(), period.to.isoformat()] if period else None,
        [
            [
                rep,
                f.calls,
                list(f.stages.items()),
                f.won_value,
                f.lost,
                [
                    [d.amount, d.stage, d.since.isoformat() if d.since else None]
                    for d in f.open_deals
                ],
            ]
            for rep, f in snapshot.reps.items()
        ],
    ]


def decode_snapshot(data: list[Any]) -> FunnelSnapshot:
    """``encode_snapshot``'s data back, every value checked; ValueError on anything else."""
    day, period, reps = data
    out: dict[str, RepFunnel] = {}
    for rep, calls, stages, won_value, lost, deals in reps:
        if not _cached_slug(rep):
            raise ValueError("bad rep")
        _count_or_none(calls)
        _count_or_none(lost)
        _amount(won_value, none_ok=True)
        counts = {}
        for stage, count in stages:
            if not _cached_slug(stage) or _count_or_none(count) is None:
                raise ValueError("bad stage")
            counts[_intern(stage)] = count
        open_deals = []
        for amount, stage, since in deals:
            if not (stage is None or _cached_slug(stage)):
                raise ValueError("bad deal stage")
            open_deals.append(
                _construct(
                    OpenDeal,
                    _ALL_DEAL_FIELDS,
                    name="",
                    amount=_amount(amount, none_ok=False),
                    stage=stage if stage is None else _intern(stage),
                    since=_day_or_none(since),
                )
            )
        out[_intern(rep)] = _construct(
            RepFunnel,
            _ALL_REP_FUNNEL_FIELDS,
            calls=calls,
            stages=counts,
            won_value=won_value,
            lost=lost,
            open_deals=open_deals,
        )
    return _construct(
        FunnelSnapshot,
        _ALL_SNAPSHOT_FIELDS,
        date=_day_or_none(day) or _bad("date"),
        period=None
        if period is None
        else Period.model_validate(
            {"from": _day_or_none(period[0]), "to": _day_or_none(period[1])}
        ),
        reps=out,
    )


def _count_or_none(value: Any) -> int | None:
    if value is None or (type(value) is int and value >= 0):
        return value
    raise ValueError("bad count")


def _amount(value: Any, *, none_ok: bool) -> Any:
    if (value is None and none_ok) or (type(value) in (int, float) and value >= 0):
        return value
    raise ValueError("bad amount")


def _cached_slug(value: Any) -> bool:
    """``is_slug`` for values from the cache, remembering the valid ones (the same few
    hundred rep IDs and stages come back a million times in a large repository)."""
    if value in _SLUGS_SEEN:
        return True
    if isinstance(value, str) and is_slug(value):
        _SLUGS_SEEN.add(value)
        return True
    return False


_SLUGS_SEEN: set[str] = set()


def _day_or_none(text: Any) -> date | None:
    if text is None:
        return None
    day = _DAYS.get(text)
    if day is None:
        if not (isinstance(text, str) and _DATE_FILE.match(text + ".yaml")):
            raise ValueError("bad date")
        day = _DAYS[text] = date.fromisoformat(text)
    return day


_DAYS: dict[str, date] = {}
"""One date object per day read from the cache (ten years are 3,650 of them)."""


def _bad(what: str) -> Any:
    raise ValueError(f"bad {what}")


def load_repo(layout: Layout, *, progress: Progress | None = None, use_cache: bool = True) -> Repo:
    """Read every file of the repository (for ``check`` and whole-repo commands).

    Meetings and funnel snapshots are kept as ``meeting_summary`` / ``snapshot_summary``
    (the full files would not fit in memory for 40,000 meetings); unchanged ones come from
    the cache in ``.salescoach-cache/`` unless ``use_cache`` is false. Settings and managers
    are always read whole.
    """
    import gc

    from salescoach.cache import FileCache

    cache = FileCache(layout.root) if use_cache else None
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the models hold no cycles; collecting while 40,000 of them pile up is slow
    try:
        return _load_repo(layout, progress, cache)
    finally:
        if gc_was_enabled:
            gc.enable()


def _load_repo(layout: Layout, progress: Progress | None, cache: FileCache | None) -> Repo:
    settings, problems = load_settings(layout)
    repo = Repo(settings=settings, diagnostics=list(problems))
    manager_files = _yaml_files(layout.managers_dir)
    meeting_files: list[tuple[str, Path]] = []
    if layout.meetings_root.is_dir():
        for entry in sorted(os.scandir(layout.meetings_root), key=lambda e: e.name):
            if entry.name.startswith(".") or not entry.is_dir():
                continue
            if not is_slug(entry.name):
                repo.diagnostics.append(
                    Diagnostic(
                        layout.rel(Path(entry.path)),
                        0,
                        0,
                        "bad-file-name",
                        "folder name must be a manager ID",
                    )
                )
                continue
            folder = Path(entry.path)
            repo.diagnostics += _stray_files(layout, folder, lambda n: bool(_DATE_FILE.match(n)))
            meeting_files += [
                (entry.name, p) for p in _yaml_files(folder) if _DATE_FILE.match(p.name)
            ]
    snapshot_files = [p for p in _yaml_files(layout.funnel_dir) if _DATE_FILE.match(p.name)]
    repo.diagnostics += _stray_files(layout, layout.managers_dir, lambda n: is_slug(n[:-5]))
    repo.diagnostics += _stray_files(layout, layout.funnel_dir, lambda n: bool(_DATE_FILE.match(n)))
    total = len(manager_files) + len(meeting_files) + len(snapshot_files)
    repo.files = total + 1
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)

    for path in sorted(manager_files):
        manager_id = path.name[:-5]
        if not is_slug(manager_id):
            tick()
            continue
        manager, found = load_manager(layout, manager_id)
        repo.diagnostics += found
        if manager is not None:
            repo.managers[manager_id] = manager
        tick()
    meeting_files.sort(key=lambda item: (item[0], item[1].name))  # strings sort faster
    for manager_id, path in meeting_files:

        def read_meeting(
            manager_id: str = manager_id, path: Path = path
        ) -> tuple[Meeting | None, list[Diagnostic]]:
            meeting, found = _load_meeting_file(layout, manager_id, path)
            return (None if meeting is None else meeting_summary(meeting)), found

        if cache is None:
            meeting, found = read_meeting()
        else:
            rel = f"meetings/{manager_id}/{path.name}"  # layout.rel, without parsing a path
            meeting, found = cache.load(
                rel, path, Meeting, read_meeting, (encode_summary, decode_summary)
            )
        repo.diagnostics += found
        if meeting is not None:
            meeting._manager = manager_id
            repo.meetings.setdefault(manager_id, []).append(meeting)
        tick()
    for path in sorted(snapshot_files):
        try:
            day = date.fromisoformat(path.name[:10])
        except ValueError:
            repo.diagnostics.append(
                Diagnostic(layout.rel(path), 0, 0, "bad-file-name", "file name is not a real date")
            )
            tick()
            continue

        def read_snapshot(day: date = day) -> tuple[FunnelSnapshot | None, list[Diagnostic]]:
            snapshot, found = load_snapshot(layout, day)
            return (None if snapshot is None else snapshot_summary(snapshot)), found

        if cache is None:
            snapshot, found = read_snapshot()
        else:
            snapshot, found = cache.load(
                layout.rel(path),
                path,
                FunnelSnapshot,
                read_snapshot,
                (encode_snapshot, decode_snapshot),
            )
        repo.diagnostics += found
        if snapshot is not None:
            repo.snapshots.append(snapshot)
        tick()
    for meetings in repo.meetings.values():
        meetings.sort(key=lambda m: m.date)
    if cache is not None:
        if errors_in(repo.diagnostics) and not cache.existed:
            cache.discard_if_new()
        else:
            cache.save()
    return repo


def locate(layout: Layout, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Fill in the line of diagnostics from cross-file checks, which know only the key path.

    Only the files that have such a diagnostic are parsed again.
    """
    out: list[Diagnostic] = []
    trees: dict[str, yamlparse.Node | None] = {}
    for d in diagnostics:
        if d.line or not d.loc:
            out.append(d)
            continue
        if d.path not in trees:
            data, _ = read_bytes(layout, layout.root / d.path)
            trees[d.path] = yamlparse.parse_bytes(data, d.path)[0] if data is not None else None
        tree = trees[d.path]
        if tree is None:
            out.append(d)
            continue
        if d.loc[-1] == "[key]":
            parent, _found = tree.at(d.loc[:-2])
            node = parent.keys.get(str(d.loc[-2]), parent)
        else:
            node, _found = tree.at(d.loc)
        out.append(Diagnostic(d.path, node.line, node.column, d.code, d.message, d.severity))
    return out
