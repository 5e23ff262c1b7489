"""The report as a browser shows it (issue 19): ``salescoach report`` of examples/acme and of
examples/crm-sample, opened in Debian's headless Chromium, asks for nothing over the network,
has nothing wider than a 1280 px screen or than an A4 page, shows its sections' headings, and
leaves a screenshot and a PDF in test-artifacts/ for a person to look at."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from salescoach.cli.app import app
from tests import browser as harness

if TYPE_CHECKING:
    from playwright.sync_api import Browser

EXAMPLES = harness.ROOT / "examples"
TODAY = "2026-11-27"
SECTIONS = [
    "Ratings",
    "The funnel",
    "Pipeline changes since the last review",
    "The rhythm of the 1:1s",
    "Goals and the manager's help",
]
"""The report's parts as a reader sees their headings, in order (docs/report.md)."""


@pytest.fixture(scope="session")
def chromium(request: pytest.FixtureRequest) -> Browser:
    """The session's headless Chromium (skips, or fails in CI, where it is not installed)."""
    return harness.session_chromium(request)


@pytest.fixture(scope="module", params=["acme", "crm-sample"])
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of a fresh copy of an example, written by the command as a user runs it."""
    name: str = request.param
    repo = tmp_path_factory.mktemp("report") / name
    shutil.copytree(
        EXAMPLES / name,
        repo,
        ignore=shutil.ignore_patterns(".salescoach-cache", ".salescoach-lock"),
    )
    out = repo.parent / f"{name}.html"
    args = ["--repo", str(repo), "--today", TODAY, "--lang", "en", "report", "-o", str(out)]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert out.is_file(), result.output
    return out


@pytest.fixture(scope="module")
def opened(chromium: Browser, report: Path) -> Iterator[harness.LoadedPage]:
    """The report open in the browser, once for all the checks of one example (each check
    lays it out for the screen or the paper it needs)."""
    with harness.loaded(chromium, report) as page:
        yield page


class _Headings(HTMLParser):
    """The text of every ``<h2>`` of a page, read from its HTML (not through the browser)."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self._inside = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.headings[-1] += data


def section_headings(html: Path) -> list[str]:
    """The report's section headings, as its HTML has them (whitespace collapsed)."""
    parser = _Headings()
    parser.feed(html.read_text(encoding="utf-8"))
    return [" ".join(h.split()) for h in parser.headings]


def test_the_report_loads_without_a_network_request(opened: harness.LoadedPage) -> None:
    assert opened.requests == []


def test_the_report_keeps_to_its_own_content_policy(opened: harness.LoadedPage) -> None:
    """Nothing the page holds is refused by its Content-Security-Policy (its inline style and
    charts are allowed, nothing else is asked for)."""
    assert opened.policy_violations == []


def test_nothing_is_wider_than_a_1280_px_screen(opened: harness.LoadedPage) -> None:
    assert harness.wider_than_screen(opened.page) == []


def test_nothing_is_wider_than_an_a4_page(opened: harness.LoadedPage, report: Path) -> None:
    """Laid out with the print styles at the width inside the ``@page`` margins, and printed
    to a PDF of A4 pages (kept next to the screenshot)."""
    assert harness.wider_than_a4(opened.page) == []
    printed = harness.print_pdf(opened.page, f"report-{report.stem}")
    assert printed.pages, f"{printed.path} has no page"
    assert all(harness.is_a4(size) for size in printed.pages), printed.pages


def test_no_chart_cuts_a_label_on_screen(opened: harness.LoadedPage) -> None:
    assert harness.cut_by_charts(opened.page) == []


def test_no_chart_cuts_a_label_on_an_a4_page(opened: harness.LoadedPage) -> None:
    assert harness.cut_by_charts_on_a4(opened.page) == []


def test_no_chart_draws_labels_over_each_other(opened: harness.LoadedPage) -> None:
    """On screen and on paper, every label of a chart can be read."""
    assert harness.overlapping_labels(opened.page) == []
    assert harness.overlapping_labels_on_a4(opened.page) == []


def test_the_report_shows_its_sections_headings(opened: harness.LoadedPage, report: Path) -> None:
    """The headings of the HTML are the report's five parts, and the browser shows each."""
    assert section_headings(report) == SECTIONS
    shown = " ".join(harness.visible_text(opened.page).split())
    assert [h for h in SECTIONS if h not in shown] == []


def test_a_screenshot_of_the_report_is_kept(opened: harness.LoadedPage, report: Path) -> None:
    path = harness.screenshot(opened.page, f"report-{report.stem}")
    height = opened.page.evaluate("document.documentElement.scrollHeight")
    assert path == harness.ARTIFACTS / f"report-{report.stem}.png"
    assert harness.png_size(path) == (1280, height)
