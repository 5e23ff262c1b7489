"""Write the help texts ``cli.entry`` prints (``cli/help/``) from the live app, for every
language: ``python -m salescoach.cli.static_help`` after a command or a help text changed
(``tests/test_static_help.py`` fails until then)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from salescoach.cli.entry import HELP_DIR, WIDTH
from salescoach.i18n import LANGUAGES

LOCALES = {"en": "en_GB.UTF-8", "hu": "hu_HU.UTF-8"}
"""The locale that makes the app speak each language (no ``--lang``: bare ``salescoach``)."""
RUN_APP = "from salescoach.cli.app import main; main()"


def live_help(language: str, *, bare: bool = False) -> tuple[int, str]:
    """The live app's exit code and text (stdout for ``--help``, stderr for bare
    ``salescoach``) in ``language``, at ``WIDTH`` columns, stdout not a terminal, outside any
    repository."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "SALESCOACH"))}
    env.update(LANG=LOCALES[language], COLUMNS=str(WIDTH))
    env.pop("_SALESCOACH_COMPLETE", None)
    with tempfile.TemporaryDirectory() as outside:
        done = subprocess.run(
            [sys.executable, "-c", RUN_APP, *([] if bare else ["--help"])],
            capture_output=True,
            env=env,
            cwd=outside,
            check=False,
        )
    return done.returncode, (done.stderr if bare else done.stdout).decode("utf-8")


def kept_file(language: str, *, bare: bool = False) -> Path:
    """The file ``cli.entry`` prints for ``--help`` (or bare ``salescoach``) in ``language``."""
    return HELP_DIR / f"{'bare' if bare else 'help'}-{language}.txt"


def write_all() -> list[Path]:
    """Render every language's help and bare-command text and write those that changed."""
    written = []
    for language in LANGUAGES:
        for bare in (False, True):
            code, text = live_help(language, bare=bare)
            if code != (2 if bare else 0):
                raise SystemExit(f"the live help ({language}, bare={bare}) exited {code}")
            path = kept_file(language, bare=bare)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
                written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path}")
