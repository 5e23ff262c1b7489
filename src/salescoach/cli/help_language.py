"""The language of a ``--help``, chosen without typer or YAML (the kept help and the live
app agree): ``--lang``, then the ``language:`` line of the repository's salescoach.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

SETTINGS_FILE = "salescoach.yaml"


def help_language(args: list[str], environ: Mapping[str, str]) -> str | None:
    """The language of a ``--help`` anywhere on the command line, as the kept help chooses it
    (``--lang``, then the repository's ``language:``); None when neither names one, or when
    there is no ``--help``. The live help speaks it too, so a terminal and a pipe agree."""
    if "--help" not in args and "-h" not in args:
        return None
    given: dict[str, str] = {}
    for token, following in zip(args, [*args[1:], ""], strict=True):
        name, equals, value = token.partition("=")
        if name in ("--lang", "--repo", "-C"):
            given["--repo" if name == "-C" else name] = value if equals else following
    lang = given.get("--lang")
    if lang in ("en", "hu"):
        return lang
    return repo_language(given.get("--repo"), environ)


def repo_language(repo: str | None, environ: Mapping[str, str]) -> str | None:
    """``language:`` of the repository the app would use (``--repo``, ``$SALESCOACH_REPO``,
    the nearest folder upwards holding salescoach.yaml), read from its one line."""
    given = repo or environ.get("SALESCOACH_REPO")
    if given:
        settings = Path(given) / SETTINGS_FILE
    else:
        here = Path.cwd().absolute()
        found = (f / SETTINGS_FILE for f in (here, *here.parents))
        settings = next((s for s in found if s.is_file()), here / SETTINGS_FILE)
    try:
        with settings.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return None
    for line in head.decode("utf-8", "replace").splitlines():
        if line.startswith("language:"):
            value = line.removeprefix("language:").split("#")[0].strip().strip("'\"")
            return value if value in ("en", "hu") else None
    return None
