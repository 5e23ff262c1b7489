"""Where a salescoach repository is and where its files lie in it (see docs/format.md).

Finding the repository looks at the disk (``--repo``, ``$SALESCOACH_REPO`` or the folders
above the current one); listing a data folder reads file names only, never their contents.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from salescoach.errors import RepoNotFound, UsageError, invalid_id
from salescoach.i18n import _
from salescoach.models import is_slug

SETTINGS_FILE = "salescoach.yaml"
ENV_REPO = "SALESCOACH_REPO"
DATE_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.yaml$")
"""The name of a dated file: a meeting or a funnel snapshot."""


def find_root(explicit: Path | None = None, *, cwd: Path | None = None) -> Path:
    """The repository: ``--repo``, else ``$SALESCOACH_REPO``, else upwards from ``cwd``."""
    if explicit is None and os.environ.get(ENV_REPO):
        explicit = Path(os.environ[ENV_REPO])
    if explicit is not None:
        problem = repo_problem(explicit)
        if problem is not None:
            raise problem
        return explicit
    here = (cwd or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise RepoNotFound(
        _("no {settings} in {folder} or any folder above it").format(
            settings=SETTINGS_FILE, folder=here
        ),
        hint=_(
            "run inside a salescoach repository, pass --repo PATH, set SALESCOACH_REPO, "
            "or create one with `salescoach init PATH`"
        ),
    )


EARLIEST_DAY = date(1970, 1, 1)
LATEST_DAY = date(2100, 12, 31)
"""The dates salescoach works with (the CRM years too): a date outside is a typo or a
placeholder, and near the ends of the calendar the date arithmetic of a schedule overflows."""


def day_in_range(day: date) -> bool:
    """Whether ``day`` lies within ``EARLIEST_DAY`` … ``LATEST_DAY``."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def out_of_range(day: date) -> str:
    """Why ``day`` is refused: it lies outside the dates salescoach works with."""
    return _("{day} is outside the dates salescoach works with ({first} to {last})").format(
        day=day.isoformat(), first=EARLIEST_DAY.isoformat(), last=LATEST_DAY.isoformat()
    )


def require_day(day: date, option: str) -> date:
    """A date from the command line (``--today``, ``--to``, …), refused with a usage error
    outside ``EARLIEST_DAY`` … ``LATEST_DAY``."""
    if not day_in_range(day):
        raise UsageError(_("{option} {reason}").format(option=option, reason=out_of_range(day)))
    return day


def repo_problem(explicit: Path) -> RepoNotFound | None:
    """Why ``explicit`` (``--repo`` or ``$SALESCOACH_REPO``) is no repository, or None."""
    settings = explicit / SETTINGS_FILE
    if explicit.exists() and not explicit.is_dir():
        return RepoNotFound(
            _(
                "{path} is a file, not a folder: a salescoach repository is the folder that "
                "holds {settings}"
            ).format(path=explicit, settings=SETTINGS_FILE),
            hint=_("pass the folder with --repo (or in SALESCOACH_REPO), not a file in it"),
        )
    if not settings.is_file() and (settings.exists() or settings.is_symlink()):
        message = (
            _("{path} is a folder, not a file")
            if settings.is_dir()
            else _("{path} is a broken symbolic link, not a file")
        )
        return RepoNotFound(
            message.format(path=settings),
            hint=_("{settings} must be a YAML file; see `salescoach init --help`").format(
                settings=SETTINGS_FILE
            ),
        )
    if not settings.is_file():
        return RepoNotFound(
            _("{path} is not a salescoach repository (it has no {settings})").format(
                path=explicit, settings=SETTINGS_FILE
            ),
            hint=_("create one with `salescoach init PATH`"),
        )
    return None


def require_id(value: str, what: str) -> str:
    """Refuse an ID from the command line that is not a slug, before any file is touched."""
    if not is_slug(value):
        raise invalid_id(value, what)
    return value


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


def yaml_files(folder: Path) -> list[Path]:
    """The ``*.yaml`` files of a folder, leaving out hidden and temporary files."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [
        Path(e.path) for e in entries if e.name.endswith(".yaml") and not e.name.startswith(".")
    ]


def file_dates(folder: Path) -> list[date]:
    """The real dates named by the ``YYYY-MM-DD.yaml`` files of a folder, sorted."""
    days: list[date] = []
    for p in yaml_files(folder):
        m = DATE_FILE.match(p.name)
        if m:
            try:
                day = date.fromisoformat(m.group(1))
            except ValueError:
                continue
            if day_in_range(day):  # a file out of range is reported by `check`
                days.append(day)
    return sorted(days)
