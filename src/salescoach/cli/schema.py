"""``salescoach schema``: the JSON Schema of each file kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

import typer

from salescoach.i18n import N_

Kind = Literal["settings", "manager", "meeting", "funnel"]
KindArg = Annotated[
    Kind | None,
    typer.Argument(
        help=N_("The file kind; without it, all four are written to --out."),
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help=N_(
            "Write settings.json, manager.json, meeting.json and funnel.json into "
            "this folder (a repository's schemas/ folder is where its files point)."
        ),
        file_okay=False,
    ),
]


HELP = N_(
    "Print the JSON Schema of a file kind, or write all of them to a folder.\n\n"
    "Files created by salescoach start with a `# yaml-language-server: $schema=...` comment "
    "pointing at the repository's schemas/ folder, so editors validate and complete them."
)
"""The command's help (a text of the catalog, so ``--lang hu schema --help`` is Hungarian)."""


def schema(kind: KindArg = None, out: OutOption = None) -> None:
    """``salescoach schema`` (its help is ``HELP``)."""
    from salescoach import schemas
    from salescoach.cli.output import write_text
    from salescoach.errors import UsageError
    from salescoach.i18n import _

    if out is None:
        if kind is None:
            raise UsageError(_("give a KIND to print, or --out FOLDER to write all four"))
        write_text(schemas.schema_text(kind))
        return
    for path in _write_schemas(out, [kind] if kind else list(schemas.KINDS)):
        write_text(f"{path}\n")


def _write_schemas(out: Path, kinds: list[str]) -> Iterator[Path]:
    """Write each kind's schema as ``out/KIND.json``, yielding each path once written."""
    from salescoach import schemas
    from salescoach.writer import write_new_or_same

    out.mkdir(parents=True, exist_ok=True)
    for name in kinds:
        write_new_or_same(out / f"{name}.json", schemas.schema_text(name).encode())
        yield out / f"{name}.json"
