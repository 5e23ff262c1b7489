"""``salescoach init``: create a new repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from salescoach.i18n import N_

PathArg = Annotated[Path, typer.Argument(help=N_("The folder to create (new or empty)."))]
ExampleOption = Annotated[
    bool, typer.Option("--example", help=N_("Copy the bundled example (Acme Components) instead."))
]
OrganisationOption = Annotated[
    str,
    typer.Option("--organisation", "-o", help=N_("Your organisation's name, for salescoach.yaml.")),
]


HELP = N_(
    "Create a new salescoach repository at PATH.\n\n"
    "It gets salescoach.yaml with every setting explained, empty managers/, meetings/ and "
    "funnel/ folders, a README for its users, JSON Schemas for editors, and `git init` when git "
    "is installed and PATH is not inside a git work tree already."
)
"""The command's help (a text of the catalog, so ``--lang hu init --help`` is Hungarian)."""


def init(
    path: PathArg,
    example: ExampleOption = False,
    organisation: OrganisationOption = N_("My Company"),
) -> None:
    """``salescoach init`` (its help is ``HELP``)."""
    from salescoach.cli.output import say
    from salescoach.i18n import _
    from salescoach.scaffold import create_repo, next_commands

    gitted = create_repo(path, organisation=_(organisation), example=example)
    if example:
        created = _("created the example repository in {path}")
    else:
        created = _("created a new salescoach repository in {path}")
    say(created.format(path=path) + (" " + _("(git initialised)") if gitted else ""))
    steps = "\n".join(f"  {command}" for command in next_commands(path, example=example))
    say(_("next:") + "\n" + steps)
