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
from salescoach.store.check_results import CheckedParts


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

    Unchanged files come from the cache (``use_cache=False`` reads every file); so do the
    findings in a meetings folder or snapshot unchanged since they were recorded
    (``CheckedParts``: ``repo`` then leaves those out); the other cross-file checks run over
    what was loaded."""
    parts = CheckedParts(layout.root, lambda: _salt(today)) if use_cache else None
    repo = load_repo(layout, progress=progress, use_cache=use_cache, parts=parts)
    found = run_checks(repo, today)
    stored = check_activities(layout) + _stored_imports(layout, repo, use_cache)
    diagnostics = repo.diagnostics + locate(layout, found) + stored
    if parts is not None:
        diagnostics = parts.finish(diagnostics, set(repo.managers))
    files = repo.files + len(activity_files(layout)) + len(import_files(layout))
    return CheckResult(repo, files, sort_diagnostics(diagnostics))


_CATALOG = "LC_MESSAGES/salescoach.mo"


def _salt(today: date) -> str:
    """What else decides a part's findings: today, the language (of the messages and its
    catalog), the ``holidays`` version and the code of the checks."""
    import os
    import sys

    from salescoach import cadence, cadence_checks, checks, diagnostics, i18n, workdays
    from salescoach.store.holiday_cache import holidays_version

    language = i18n.current()
    sources = [m.__file__ for m in (cadence, cadence_checks, checks, diagnostics, workdays)]
    sources += [sys.modules[__name__].__file__, str(i18n.LOCALE_DIR / language / _CATALOG)]
    stamps = []
    for source in sources:
        try:
            st = os.stat(source or "")
        except OSError:
            continue
        stamps.append(f"{source}:{st.st_size}:{st.st_mtime_ns}")
    return ":".join([today.isoformat(), language, holidays_version(), *stamps])


def _stored_imports(layout: Layout, repo: Repo, use_cache: bool) -> list[Diagnostic]:
    """The problems of ``funnel/imports/*.csv``, read as ``funnel review`` reads them (a file
    ``check`` passes must not stop the review); not without settings (they name the stages)."""
    if repo.settings is None:
        return []
    return check_imports(layout, repo.settings, use_cache=use_cache)
