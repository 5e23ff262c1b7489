"""Validating a whole repository: load every file, run every cross-file check.

``salescoach check`` and every whole-repo command go through ``check_repo`` so that they
apply the very same validations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salescoach.checks import run_checks
from salescoach.diagnostics import Diagnostic, errors_in, sort_diagnostics
from salescoach.errors import InvalidRepo
from salescoach.models import Repo
from salescoach.store import Layout, Progress, load_repo, locate


@dataclass
class CheckResult:
    repo: Repo
    files: int
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return errors_in(self.diagnostics)


def check_repo(
    layout: Layout, *, today: date, progress: Progress | None = None, use_cache: bool = True
) -> CheckResult:
    """Load the whole repository and run every check; all diagnostics, sorted.

    Unchanged files come from the cache (``use_cache=False`` reads every file); the
    cross-file checks always run over what was loaded."""
    repo = load_repo(layout, progress=progress, use_cache=use_cache)
    found = run_checks(repo, today)
    diagnostics = sort_diagnostics(repo.diagnostics + locate(layout, found))
    return CheckResult(repo, repo.files, diagnostics)


def load_valid_repo(layout: Layout, *, today: date, progress: Progress | None = None) -> Repo:
    """The whole repository, or ``InvalidRepo`` if any file has errors."""
    result = check_repo(layout, today=today, progress=progress)
    if result.errors:
        raise InvalidRepo(result.errors)
    return result.repo
