"""Creating a new salescoach repository (``salescoach init``), empty or from the example.

The new repository is built in a temporary folder beside the target and then renamed into
place, so ``init`` creates everything or nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

from salescoach import schemas
from salescoach.errors import SalescoachError, WriteError
from salescoach.i18n import _
from salescoach.store.layout import SETTINGS_FILE

DATA_FOLDERS = ("managers", "meetings", "funnel", "funnel/imports")


def example_source() -> Path:
    """The bundled example repository: packaged data, or ``examples/acme`` in a checkout."""
    packaged = Path(str(resources.files("salescoach"))) / "_example"
    if (packaged / SETTINGS_FILE).is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "examples" / "acme"
    if (checkout / SETTINGS_FILE).is_file():
        return checkout
    raise SalescoachError(_("the bundled example is missing from this installation of salescoach"))


def _template(name: str) -> str:
    return (resources.files("salescoach.templates") / name).read_text(encoding="utf-8")


def _yaml_text(value: str) -> str:
    """``value`` as a YAML double-quoted string, which reads back exactly.

    JSON quoting is not enough: YAML refuses control characters such as U+007F and folds
    U+2028 and NEL into line breaks; ``yamledit.quote`` escapes them."""
    from salescoach.yamledit import quote

    return quote(value)


def write_schemas(root: Path) -> None:
    folder = root / schemas.SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    for kind in schemas.KINDS:
        (folder / f"{kind}.json").write_text(schemas.schema_text(kind), encoding="utf-8")


def _write_gitignore(root: Path) -> None:
    (root / ".gitignore").write_text(_template("gitignore"), encoding="utf-8")


def _fill_empty(root: Path, organisation: str) -> None:
    settings = schemas.schema_comment("settings", 0) + _template("salescoach.yaml").format(
        organisation=_yaml_text(organisation)
    )
    (root / SETTINGS_FILE).write_text(settings, encoding="utf-8")
    (root / "README.md").write_text(
        _template("README.md").format(organisation=organisation), encoding="utf-8"
    )
    for folder in DATA_FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / ".gitkeep").write_text("", encoding="utf-8")
    _write_gitignore(root)
    write_schemas(root)


def _fill_example(root: Path) -> None:
    source = example_source()
    # salescoach's own working files (cache, lock, temporary files) are not part of it
    shutil.copytree(
        source, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".salescoach-*")
    )
    for folder in DATA_FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
    _write_gitignore(root)
    write_schemas(root)


def create_repo(target: Path, *, organisation: str, example: bool) -> bool:
    """Create a repository at ``target`` (absent or an empty folder).

    Returns whether ``git init`` was run. Raises ``WriteError`` and leaves nothing behind
    if anything fails.
    """
    target = target.absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        refusal = (
            _("{target} is a file; init creates a new repository only in a new or empty folder")
            if not target.is_dir()
            else _(
                "{target} is a folder that is not empty; init creates a new repository only in "
                "a new or empty folder"
            )
        )
        raise WriteError(refusal.format(target=target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".salescoach-init-", dir=target.parent))
    except OSError as exc:
        raise _not_created(target, exc) from None
    umask = os.umask(0)
    os.umask(umask)
    building.chmod(0o777 & ~umask)
    try:
        if example:
            _fill_example(building)
        else:
            _fill_empty(building, organisation)
        if target.exists():
            target.rmdir()
        building.rename(target)
    except OSError as exc:
        raise _not_created(target, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(building)
    return _git_init(target)


def next_commands(target: Path, *, example: bool) -> list[str]:
    """What to run after ``init``: go there, set up a team (or look at the example's),
    see the first agenda."""
    import shlex

    go = f"cd {shlex.quote(str(target))}"
    if example:
        return [go, "salescoach schedule", "salescoach agenda next"]
    return [
        go,
        'salescoach manager add "Kovács Éva"',
        'salescoach rep add kovacs-eva "Szőke Ádám"',
        "salescoach agenda next",
    ]


def _not_created(target: Path, exc: OSError) -> WriteError:
    """The refusal of an ``init`` that failed half-way (nothing is left behind)."""
    return WriteError(
        _("cannot create {target}: {reason}; nothing was created").format(
            target=target, reason=exc.strerror or exc
        )
    )


def _git_init(root: Path) -> bool:
    """``git init`` the new repository unless git is missing or it is inside a work tree."""
    git = shutil.which("git")
    if git is None:
        return False
    inside = subprocess.run(
        [git, "rev-parse", "--is-inside-work-tree"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if inside.returncode == 0 and inside.stdout.strip() == "true":
        return False
    done = subprocess.run([git, "init", "-q"], cwd=root, capture_output=True, check=False)
    return done.returncode == 0
