"""Checking a whole repository (``salescoach check``): load every file, run every cross-file
check. Every whole-repo check goes through ``check_repository``, so that all of them apply
the very same validations (``checks.CHECKS``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salescoach.activities import activity_files, check_activities
from salescoach.checks import run_checks
from salescoach.diagnostics import Diagnostic, errors_in, sort_diagnostics
from salescoach.imports import check_imports, import_files
from salescoach.models import Repo
from salescoach.store import Layout, Progress, load_repo, locate


@dataclass(frozen=True)
class CheckResult:
    """The repository as loaded, how many files were checked, and every diagnostic, sorted."""

    repo: Repo
    files: int
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return errors_in(self.diagnostics)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity != "error"]


def check_repository(
    layout: Layout, *, today: date, progress: Progress | None = None, use_cache: bool = True
) -> CheckResult:
    """Load the whole repository and run every check; all diagnostics, sorted.

    Unchanged files come from the cache (``use_cache=False`` reads every file); the
    cross-file checks always run over what was loaded."""
    repo = load_repo(layout, progress=progress, use_cache=use_cache)
    found = run_checks(repo, today)
    stored = check_activities(layout) + _stored_imports(layout, repo, use_cache)
    diagnostics = sort_diagnostics(repo.diagnostics + locate(layout, found) + stored)
    files = repo.files + len(activity_files(layout)) + len(import_files(layout))
    return CheckResult(repo, files, diagnostics)


def _stored_imports(layout: Layout, repo: Repo, use_cache: bool) -> list[Diagnostic]:
    """The problems of ``funnel/imports/*.csv``, read as ``funnel review`` reads them (a file
    ``check`` passes must not stop the review); not without settings (they name the stages)."""
    if repo.settings is None:
        return []
    return check_imports(layout, repo.settings, use_cache=use_cache)
