"""``salescoach init``: create a new repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    path: Annotated[Path, typer.Argument(help="The folder to create (new or empty).")],
    example: Annotated[
        bool,
        typer.Option("--example", help="Copy the bundled example (Acme Components) instead."),
    ] = False,
    organisation: Annotated[
        str,
        typer.Option("--organisation", "-o", help="Your organisation's name, for salescoach.yaml."),
    ] = "My Company",
) -> None:
    """Create a new salescoach repository at PATH.

    It gets salescoach.yaml with every setting explained, empty managers/, meetings/ and
    funnel/ folders, a README for its users, JSON Schemas for editors, and `git init`
    when git is installed and PATH is not inside a git work tree already.
    """
    from salescoach.cli.output import say
    from salescoach.scaffold import create_repo, next_commands

    gitted = create_repo(path, organisation=organisation, example=example)
    what = "the example repository" if example else "a new salescoach repository"
    say(f"created {what} in {path}" + (" (git initialised)" if gitted else ""))
    say("next:\n" + "\n".join(f"  {command}" for command in next_commands(path, example=example)))
