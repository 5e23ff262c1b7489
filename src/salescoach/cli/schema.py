"""``salescoach schema``: the JSON Schema of each file kind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer


def schema(
    kind: Annotated[
        Literal["settings", "manager", "meeting", "funnel"] | None,
        typer.Argument(
            help="The file kind; without it, all four are written to --out.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write settings.json, manager.json, meeting.json and funnel.json into "
            "this folder (a repository's schemas/ folder is where its files point).",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of a file kind, or write all of them to a folder.

    Files created by salescoach start with a `# yaml-language-server: $schema=...` comment
    pointing at the repository's schemas/ folder, so editors validate and complete them.
    """
    from salescoach import schemas
    from salescoach.errors import UsageError
    from salescoach.writer import write_new_or_same

    if out is None:
        if kind is None:
            raise UsageError("give a KIND to print, or --out FOLDER to write all four")
        typer.echo(schemas.schema_text(kind), nl=False)
        return
    kinds = [kind] if kind else list(schemas.KINDS)
    out.mkdir(parents=True, exist_ok=True)
    for name in kinds:
        write_new_or_same(out / f"{name}.json", schemas.schema_text(name).encode())
        typer.echo(str(out / f"{name}.json"))
