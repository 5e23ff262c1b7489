"""The floor of a daily command: the smallest program on salescoach's stack doing its kind of work.

    python benchmarks/floor_app.py reps MANAGER_FILE    # read, validate, print a rich table
    python benchmarks/floor_app.py version

A typer app with two commands; ``reps`` reads one manager file with the libyaml loader,
validates it with a small pydantic model and prints a rich table of its reps. ``run.py``
times it in the same run as ``agenda next``: what any real command must at least pay.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


class Rep(BaseModel):
    """One rep of the manager's team."""

    id: str
    name: str
    joined: date | None = None
    monthly_target: int | None = None


class Manager(BaseModel):
    """The part of a manager file the table shows."""

    name: str
    in_role_since: date | None = None
    reps: list[Rep] = []


def read_manager(path: Path) -> Manager:
    """One manager file, parsed with the C loader and validated."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.CSafeLoader)
    return Manager.model_validate(data)


@app.command()
def reps(manager_file: Annotated[Path, typer.Argument(help="A managers/*.yaml file.")]) -> None:
    """Print a manager's reps as a table."""
    manager = read_manager(manager_file)
    table = Table(title=f"Reps of {manager.name}")
    for column in ("rep", "name", "joined", "monthly target"):
        table.add_column(column)
    for rep in manager.reps:
        joined = rep.joined.isoformat() if rep.joined else ""
        target = f"{rep.monthly_target:,}" if rep.monthly_target is not None else ""
        table.add_row(rep.id, rep.name, joined, target)
    Console().print(table)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo("floor_app 1")


if __name__ == "__main__":
    app()
