"""Drive Debian's headless Chromium for the report's browser tests: start it once, load a local
HTML file with every network request recorded and refused, find the elements wider than the
viewport on a 1280 px screen and on an A4 page, and keep a screenshot as a test artefact.

The browser is the system's (``/usr/bin/chromium``, the Debian package), never one that
Playwright downloads. Without it the tests skip, saying how to install it, unless
``SALESCOACH_REQUIRE_BROWSER=1`` (CI) makes a missing browser a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_BROWSER = "SALESCOACH_REQUIRE_BROWSER"
INSTALL_HINT = "install it with `apt-get install chromium` (Debian, Ubuntu)"

ARTIFACTS = Path(os.environ.get("SALESCOACH_TEST_ARTIFACTS", ROOT / "test-artifacts"))
"""Where screenshots and PDFs are kept after the run (gitignored)."""

FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # without these Chromium phones home at start, and a closed network refuses it
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SCREEN_WIDTH = 1280
SCREEN_HEIGHT = 800
CSS_PX_PER_MM = 96 / 25.4
A4_MM = (210, 297)
A4_PX = (A4_MM[0] * CSS_PX_PER_MM, A4_MM[1] * CSS_PX_PER_MM)  # 793.7 × 1122.5
A4_POINTS = (A4_MM[0] * 72 / 25.4, A4_MM[1] * 72 / 25.4)  # 595.3 × 841.9
DEFAULT_PAGE_MARGIN_PX = 0.4 * 96
"""Chromium's own print margin (0.4 in) on a side that ``@page`` leaves unset."""

TIMEOUT_MS = 15_000

NAME_OF = """(e) => {
    const chart = e.closest("figure[data-chart]");
    const cls = e.getAttribute("class");
    return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
        + (cls && cls.trim() ? "." + cls.trim().split(/\\s+/).join(".") : "")
        + (chart ? ` of chart ${chart.dataset.chart}` : "");
}"""
"""How a finding names an element: tag, id, classes, and the report's chart it is in."""

WIDER_THAN_VIEWPORT = (
    """() => {
    const name = """
    + NAME_OF
    + """;
    const root = document.documentElement;
    const width = root.clientWidth;
    const wide = [];
    if (root.scrollWidth > width) {
        wide.push(`the page scrolls sideways: ${root.scrollWidth} px in ${width} px`);
    }
    for (const e of document.querySelectorAll("body *")) {
        if (e.parentElement.closest("svg")) continue;  // inside a chart: see CUT_BY_CHARTS
        const box = e.getBoundingClientRect();
        if (box.right > width + 0.5) {
            wide.push(`${name(e)} reaches ${Math.round(box.right)} px in ${width} px`);
        }
    }
    return wide;
}"""
)
"""Every element whose right edge is past the viewport, and a root that scrolls sideways.
What is drawn inside an ``<svg>`` cannot widen the page (the chart clips it); it is cut
instead, which ``CUT_BY_CHARTS`` finds."""

CUT_BY_CHARTS = (
    """() => {
    const name = """
    + NAME_OF
    + """;
    const cut = [];
    for (const svg of document.querySelectorAll("svg")) {
        if (getComputedStyle(svg).overflow === "visible") continue;
        const frame = svg.getBoundingClientRect();
        for (const e of svg.querySelectorAll("text, tspan, rect, circle, ellipse, path, line,"
                                             + " polyline, polygon, image, use")) {
            const box = e.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) continue;
            const past = Math.max(frame.left - box.left, box.right - frame.right,
                                  frame.top - box.top, box.bottom - frame.bottom);
            if (past > 0.5) {
                const shown = (e.textContent || "").trim().slice(0, 40);
                cut.push(`${name(e)} ${shown ? JSON.stringify(shown) + " " : ""}`
                         + `is cut by ${Math.round(past)} px at the chart's edge`);
            }
        }
    }
    return cut;
}"""
)
"""Every shape or text of an ``<svg>`` that reaches past the chart's box: the chart clips it,
so a label is cut or a bar is missing (an ``overflow: visible`` chart is not clipped)."""

OVERLAPPING_LABELS = (
    """() => {
    const name = """
    + NAME_OF
    + """;
    const overlaps = [];
    for (const svg of document.querySelectorAll("svg")) {
        const labels = [...svg.querySelectorAll("text")]
            .filter((e) => e.textContent.trim() && !e.querySelector("text"))
            .map((e) => [e, e.getBoundingClientRect()])
            .filter(([, box]) => box.width > 0 && box.height > 0);
        labels.forEach(([a, one], i) => {
            for (const [b, other] of labels.slice(i + 1)) {
                const wide = Math.min(one.right, other.right) - Math.max(one.left, other.left);
                const high = Math.min(one.bottom, other.bottom) - Math.max(one.top, other.top);
                if (wide > 1 && high > 1) {
                    overlaps.push(`${name(a)} ${JSON.stringify(a.textContent.trim())} overlaps `
                                  + JSON.stringify(b.textContent.trim()));
                }
            }
        });
    }
    return overlaps;
}"""
)
"""Every pair of a chart's texts drawn over each other (more than 1 px both ways): neither
can be read."""

PAGE_MARGINS = """() => {
    const px = (value) => {
        if (!value || value === "auto" || value.endsWith("%")) return null;
        const probe = document.createElement("div");
        probe.style.cssText = "position:absolute;visibility:hidden;width:" + value;
        document.body.appendChild(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        return width;
    };
    const margins = {top: null, right: null, bottom: null, left: null};
    for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
            if (!(rule instanceof CSSPageRule) || rule.selectorText !== "") continue;
            for (const side of Object.keys(margins)) {
                const value = px(rule.style.getPropertyValue("margin-" + side));
                if (value !== null) margins[side] = value;
            }
        }
    }
    return margins;
}"""
"""The margins (CSS px) that the page's plain ``@page`` rules set; null where none does."""


def missing_browser(reason: str) -> NoReturn:
    """Skip a browser test on a machine without the browser, or fail it where CI requires one."""
    if os.environ.get(REQUIRE_BROWSER) == "1":
        pytest.fail(f"{reason} and {REQUIRE_BROWSER}=1 requires it: {INSTALL_HINT}")
    pytest.skip(f"{reason}: {INSTALL_HINT}")


def chromium_path() -> Path | None:
    """The system's Chromium: the Debian package's path, else a ``chromium`` on PATH."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


@contextmanager
def running_chromium() -> Iterator[Browser]:
    """Start headless Chromium (a fresh, empty profile: Playwright gives every launch its own
    temporary user data dir) and stop it afterwards; skip or fail when it is not installed."""
    executable = chromium_path()
    if executable is None:
        missing_browser(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("the Python package playwright (the test extra) is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=FLAGS, timeout=TIMEOUT_MS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class _Session:
    """The one Chromium of a test session, and the artefacts the tests kept."""

    browser: Browser | None = None
    kept: list[Path] = field(default_factory=list)


_SESSION = _Session()


def session_chromium(request: pytest.FixtureRequest) -> Browser:
    """The session's Chromium, for a session-scoped fixture: the first test file that asks
    starts it, and it stops when the session ends, saying where the artefacts are."""
    if _SESSION.browser is None:
        stack = ExitStack()
        _SESSION.browser = stack.enter_context(running_chromium())

        def stop() -> None:
            stack.close()
            _SESSION.browser = None
            _say_where_the_artefacts_are(request.config)

        request.addfinalizer(stop)
    return _SESSION.browser


def _say_where_the_artefacts_are(config: pytest.Config) -> None:
    """Print where the screenshots and PDFs of the run are kept, past pytest's capture."""
    if not _SESSION.kept:
        return
    capture = config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else ExitStack():
        print(f"\nbrowser test artefacts ({len(_SESSION.kept)}) in {ARTIFACTS}")
    _SESSION.kept.clear()


@dataclass
class LoadedPage:
    """A local HTML file open in the browser, with what it tried to fetch beyond itself."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    """Every URL the page asked for other than its own file, in order; each was refused."""
    policy_violations: list[str] = field(default_factory=list)
    """What the page's own Content-Security-Policy refused (``img-src http://…``): a
    request the browser never made, or a style or script the page then goes without."""


RECORD_POLICY_VIOLATIONS = """
window.__policyViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__policyViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""
"""Run before the page's own scripts: keeps what its Content-Security-Policy refuses."""


@contextmanager
def loaded(browser: Browser, html: Path, width: int = SCREEN_WIDTH) -> Iterator[LoadedPage]:
    """Open a local HTML file in a new context, refusing and recording every request but the
    file's own (``data:`` URLs are not requests), and wait until its fonts are ready."""
    context = browser.new_context(
        viewport={"width": width, "height": SCREEN_HEIGHT}, service_workers="block"
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RECORD_POLICY_VIOLATIONS)
    try:
        page = context.new_page()
        opened = LoadedPage(page, html.resolve().as_uri())

        def refuse_others(route: Route) -> None:
            if route.request.url == opened.url:
                route.continue_()
            else:
                opened.requests.append(route.request.url)
                route.abort("blockedbyclient")

        page.on("websocket", lambda socket: opened.requests.append(socket.url))
        page.route("**/*", refuse_others)
        page.goto(opened.url, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        opened.policy_violations.extend(page.evaluate("window.__policyViolations || []"))
        yield opened
    finally:
        context.close()


def as_on_screen(page: Page, width: int = SCREEN_WIDTH) -> None:
    """Lay the page out as a ``width`` px wide browser window shows it."""
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": width, "height": SCREEN_HEIGHT})


def overlapping_labels(page: Page, width: int = SCREEN_WIDTH) -> list[str]:
    """The chart texts drawn over each other on a ``width`` px screen (empty: all legible)."""
    as_on_screen(page, width)
    return list(page.evaluate(OVERLAPPING_LABELS))


def overlapping_labels_on_a4(page: Page) -> list[str]:
    """The chart texts drawn over each other when the page is printed on A4."""
    as_on_a4(page)
    return list(page.evaluate(OVERLAPPING_LABELS))


def page_margins(page: Page) -> dict[str, float]:
    """The print margins (CSS px) of an A4 page: the page's ``@page`` rules, else Chromium's."""
    page.emulate_media(media="print")
    set_by_page: dict[str, float | None] = page.evaluate(PAGE_MARGINS)
    return {
        side: DEFAULT_PAGE_MARGIN_PX if value is None else value
        for side, value in set_by_page.items()
    }


def a4_content_size(page: Page) -> tuple[int, int]:
    """The width and height (whole CSS px) left for content on an A4 page inside its margins."""
    margins = page_margins(page)
    width = A4_PX[0] - margins["left"] - margins["right"]
    height = A4_PX[1] - margins["top"] - margins["bottom"]
    return int(width), int(height)


def as_on_a4(page: Page) -> None:
    """Lay the page out as printed on A4: the print styles, the width inside the margins."""
    width, height = a4_content_size(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": width, "height": height})


def wider_than_screen(page: Page, width: int = SCREEN_WIDTH) -> list[str]:
    """The elements wider than a ``width`` px screen (empty: everything fits)."""
    as_on_screen(page, width)
    return list(page.evaluate(WIDER_THAN_VIEWPORT))


def wider_than_a4(page: Page) -> list[str]:
    """The elements wider than an A4 page's printable width, laid out with the print styles."""
    as_on_a4(page)
    return list(page.evaluate(WIDER_THAN_VIEWPORT))


def cut_by_charts(page: Page, width: int = SCREEN_WIDTH) -> list[str]:
    """What the charts cut at their edges on a ``width`` px screen (empty: all drawn)."""
    as_on_screen(page, width)
    return list(page.evaluate(CUT_BY_CHARTS))


def cut_by_charts_on_a4(page: Page) -> list[str]:
    """What the charts cut at their edges when the page is printed on A4."""
    as_on_a4(page)
    return list(page.evaluate(CUT_BY_CHARTS))


def artefact(name: str) -> Path:
    """A path in the artefact folder (created), for a file kept after the run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    _SESSION.kept.append(path)
    return path


def screenshot(page: Page, name: str, width: int = SCREEN_WIDTH) -> Path:
    """Keep a full-page PNG of the page as a ``width`` px screen shows it; returns its path."""
    as_on_screen(page, width)
    path = artefact(f"{name}.png")
    page.screenshot(path=str(path), full_page=True)
    return path


@dataclass(frozen=True)
class PrintedPdf:
    """An A4 PDF of the page: where it is kept and the size (points) of each of its pages."""

    path: Path
    pages: list[tuple[float, float]]


MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")


def print_pdf(page: Page, name: str) -> PrintedPdf:
    """Print the page to an A4 PDF as a user's browser would (print styles, ``@page``); keep it."""
    page.emulate_media(media="print")
    path = artefact(f"{name}.pdf")
    data = page.pdf(path=str(path), format="A4", print_background=True)
    sizes = [
        (float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in MEDIA_BOX.findall(data)
    ]
    return PrintedPdf(path, sizes)


def is_a4(size: tuple[float, float]) -> bool:
    """Whether a PDF page size (points) is A4 portrait, give or take Chromium's rounding."""
    return all(abs(got - want) <= 2 for got, want in zip(size, A4_POINTS, strict=True))


def png_size(path: Path) -> tuple[int, int]:
    """The width and height of a PNG file, read from its header."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def visible_text(page: Page) -> str:
    """The text the page shows on screen (hidden elements left out)."""
    as_on_screen(page)
    return page.inner_text("body")
