"""The browser harness of the report's tests (tests/browser.py) sees what it is meant to see:
a request to the network, an element wider than the screen or the A4 page, a screenshot kept."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import browser as harness

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@pytest.fixture(scope="session")
def chromium(request: pytest.FixtureRequest) -> Browser:
    """The session's headless Chromium (skips, or fails in CI, where it is not installed)."""
    return harness.session_chromium(request)


def page(tmp_path: Path, body: str, style: str = "", head: str = "") -> Path:
    """A local HTML file with this body and style sheet (and more in its head)."""
    path = tmp_path / "page.html"
    path.write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head}'
        f"<style>{style}</style></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    return path


# ---------------------------------------------------------------- network requests


def test_a_clean_page_makes_no_request(chromium: Browser, tmp_path: Path) -> None:
    html = page(tmp_path, f'<h1>Team</h1><img alt="" src="{PIXEL}"><svg width="10"></svg>')
    with harness.loaded(chromium, html) as opened:
        assert opened.requests == []
        assert opened.page.inner_text("h1") == "Team"


def test_a_remote_image_is_one_request(chromium: Browser, tmp_path: Path) -> None:
    html = page(tmp_path, '<img alt="" src="http://example.invalid/x.png">')
    with harness.loaded(chromium, html) as opened:
        assert opened.requests == ["http://example.invalid/x.png"]


def test_styles_fonts_scripts_and_local_files_are_requests(
    chromium: Browser, tmp_path: Path
) -> None:
    """Whatever a page fetches counts, a file next to it too: the report must be one file."""
    html = page(
        tmp_path,
        '<p>text</p><script src="https://cdn.example.invalid/chart.js"></script>'
        '<img alt="" src="chart.png">',
        style="@import url(https://cdn.example.invalid/style.css);"
        "@font-face { font-family: Remote; src: url(https://fonts.example.invalid/r.woff2) }"
        "p { font-family: Remote }",
    )
    with harness.loaded(chromium, html) as opened:
        assert sorted(opened.requests) == [
            (tmp_path / "chart.png").as_uri(),
            "https://cdn.example.invalid/chart.js",
            "https://cdn.example.invalid/style.css",
            "https://fonts.example.invalid/r.woff2",
        ]


def test_a_script_of_an_inline_chart_is_a_request(chromium: Browser, tmp_path: Path) -> None:
    """pygal's SVG links its tooltip script from the web unless told not to."""
    html = page(
        tmp_path,
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' viewBox="0 0 10 10"><script type="text/javascript"'
        ' xlink:href="https://kozea.github.io/pygal.js/2.0.x/pygal-tooltips.min.js"/></svg>',
    )
    with harness.loaded(chromium, html) as opened:
        assert opened.requests == ["https://kozea.github.io/pygal.js/2.0.x/pygal-tooltips.min.js"]


def test_what_the_pages_own_policy_refuses_is_a_violation(
    chromium: Browser, tmp_path: Path
) -> None:
    """A Content-Security-Policy stops the request before the browser makes it: the image is
    still missing offline, so the refusal is reported, as is a style sheet it refuses."""
    html = page(
        tmp_path,
        '<img alt="" src="http://example.invalid/x.png">',
        head='<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">',
    )
    with harness.loaded(chromium, html) as opened:
        assert opened.requests == []
        assert opened.policy_violations == [
            "style-src-elem inline",
            "img-src http://example.invalid/x.png",
        ]


def test_a_clean_page_violates_no_policy(chromium: Browser, tmp_path: Path) -> None:
    html = page(
        tmp_path,
        '<meta http-equiv="Content-Security-Policy"'
        " content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f'<p style="color: red">x</p><img alt="" src="{PIXEL}">',
        style="p { margin: 0 }",
    )
    with harness.loaded(chromium, html) as opened:
        assert opened.requests == []
        assert opened.policy_violations == []


# ---------------------------------------------------------------- wider than the viewport


def test_a_2000_px_div_is_too_wide_for_the_screen(chromium: Browser, tmp_path: Path) -> None:
    html = page(tmp_path, '<div id="wide" style="width: 2000px; height: 1px"></div>')
    with harness.loaded(chromium, html) as opened:
        wide = harness.wider_than_screen(opened.page)
    assert wide == [
        "the page scrolls sideways: 2008 px in 1280 px",
        "div#wide reaches 2008 px in 1280 px",
    ]


def test_a_clean_page_fits_the_screen_and_the_a4_page(chromium: Browser, tmp_path: Path) -> None:
    html = page(tmp_path, "<h1>Team</h1><table><tr><td>Anna</td><td>4</td></tr></table>")
    with harness.loaded(chromium, html) as opened:
        assert harness.wider_than_screen(opened.page) == []
        assert harness.wider_than_a4(opened.page) == []


def test_the_a4_width_is_the_page_less_its_margins(chromium: Browser, tmp_path: Path) -> None:
    """210 × 297 mm at 96 dpi is 793.7 × 1122.5 px; ``@page { margin: 20mm 15mm }`` leaves
    793.7 − 2 × 56.7 = 680.3 px by 1122.5 − 2 × 75.6 = 971.3 px."""
    html = page(tmp_path, "<p>x</p>", style="@page { margin: 20mm 15mm }")
    with harness.loaded(chromium, html) as opened:
        assert harness.a4_content_size(opened.page) == (680, 971)


def test_without_page_margins_chromium_prints_04_inch_ones(
    chromium: Browser, tmp_path: Path
) -> None:
    html = page(tmp_path, "<p>x</p>")
    with harness.loaded(chromium, html) as opened:
        # 793.7 − 2 × 38.4 = 716.9 px by 1122.5 − 2 × 38.4 = 1045.7 px
        assert harness.a4_content_size(opened.page) == (716, 1045)


def test_what_fits_the_screen_may_not_fit_the_a4_page(chromium: Browser, tmp_path: Path) -> None:
    html = page(
        tmp_path,
        '<table class="heatmap"><tr><td><div style="width: 750px">x</div></td></tr></table>',
        style="@page { margin: 15mm } body { margin: 0 }",
    )
    with harness.loaded(chromium, html) as opened:
        assert harness.wider_than_screen(opened.page) == []
        wide = harness.wider_than_a4(opened.page)
    assert "table.heatmap reaches 756 px in 680 px" in wide


def test_the_a4_check_uses_the_print_styles(chromium: Browser, tmp_path: Path) -> None:
    """A wide block that the print styles hide does not count on paper, and does on screen."""
    html = page(
        tmp_path,
        '<div class="screen-only" style="width: 1500px">x</div>',
        style="@media print { .screen-only { display: none } }",
    )
    with harness.loaded(chromium, html) as opened:
        assert harness.wider_than_a4(opened.page) == []
        assert "div.screen-only reaches 1508 px in 1280 px" in harness.wider_than_screen(
            opened.page
        )


CHART = (
    '<figure data-chart="anna-goals"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"'
    ' style="width: 400px"{style}><rect x="0" y="0" width="200" height="100" fill="#eee"/>'
    '<text x="{x}" y="50" font-size="20">78.6% (n=14)</text></svg></figure>'
)


def test_a_label_past_the_charts_edge_is_cut(chromium: Browser, tmp_path: Path) -> None:
    """A chart's label that starts 40 units before its right edge is cut (the SVG clips it),
    and the page does not look wider for it: the chart, not the page, is at fault."""
    html = page(tmp_path, CHART.format(x=160, style=""))
    with harness.loaded(chromium, html) as opened:
        assert harness.wider_than_screen(opened.page) == []
        [cut] = harness.cut_by_charts(opened.page)
        assert cut.startswith('text of chart anna-goals "78.6% (n=14)" is cut by ')
        assert cut.endswith(" px at the chart's edge")
        assert harness.cut_by_charts_on_a4(opened.page) == [cut]


def test_labels_inside_the_chart_are_not_cut(chromium: Browser, tmp_path: Path) -> None:
    html = page(tmp_path, CHART.format(x=10, style=""))
    with harness.loaded(chromium, html) as opened:
        assert harness.cut_by_charts(opened.page) == []


def test_a_chart_that_does_not_clip_cuts_nothing(chromium: Browser, tmp_path: Path) -> None:
    html = page(tmp_path, CHART.format(x=160, style=' overflow="visible"'))
    with harness.loaded(chromium, html) as opened:
        assert harness.cut_by_charts(opened.page) == []


LABELS = (
    '<figure data-chart="goals"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"'
    ' style="width: 400px"><text x="10" y="50" font-size="20">87.5% (n=4)</text>'
    '<text x="{x}" y="55" font-size="20">83.3% (n=6)</text></svg></figure>'
)


def test_labels_drawn_over_each_other_overlap(chromium: Browser, tmp_path: Path) -> None:
    html = page(tmp_path, LABELS.format(x=60))
    with harness.loaded(chromium, html) as opened:
        assert harness.overlapping_labels(opened.page) == [
            'text of chart goals "87.5% (n=4)" overlaps "83.3% (n=6)"'
        ]
        assert harness.overlapping_labels_on_a4(opened.page) == [
            'text of chart goals "87.5% (n=4)" overlaps "83.3% (n=6)"'
        ]


def test_labels_side_by_side_do_not_overlap(chromium: Browser, tmp_path: Path) -> None:
    html = page(tmp_path, LABELS.format(x=250))
    with harness.loaded(chromium, html) as opened:
        assert harness.overlapping_labels(opened.page) == []


# ---------------------------------------------------------------- artefacts


def test_a_screenshot_is_kept_as_a_full_page_png(chromium: Browser, tmp_path: Path) -> None:
    html = page(tmp_path, '<div style="height: 3000px">tall</div>', style="body { margin: 0 }")
    with harness.loaded(chromium, html) as opened:
        path = harness.screenshot(opened.page, "harness-tall-page")
    assert path == harness.ARTIFACTS / "harness-tall-page.png"
    assert harness.png_size(path) == (1280, 3000)


def test_the_pdf_has_one_a4_page_per_printed_page(chromium: Browser, tmp_path: Path) -> None:
    html = page(
        tmp_path,
        "<h1>One</h1><h1 style='break-before: page'>Two</h1><h1 style='break-before: page'>3</h1>",
    )
    with harness.loaded(chromium, html) as opened:
        printed = harness.print_pdf(opened.page, "harness-three-pages")
    assert printed.path.read_bytes().startswith(b"%PDF-")
    assert len(printed.pages) == 3
    assert all(harness.is_a4(size) for size in printed.pages), printed.pages


# ---------------------------------------------------------------- skip or fail


def test_without_chromium_the_tests_skip_saying_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(harness.REQUIRE_BROWSER, raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        harness.missing_browser("no Chromium at /usr/bin/chromium")
    assert str(skipped.value) == (
        "no Chromium at /usr/bin/chromium: "
        "install it with `apt-get install chromium` (Debian, Ubuntu)"
    )


def test_without_chromium_ci_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(harness.REQUIRE_BROWSER, "1")
    with pytest.raises(pytest.fail.Exception) as failed:
        harness.missing_browser("no Chromium at /usr/bin/chromium")
    assert str(failed.value) == (
        "no Chromium at /usr/bin/chromium and SALESCOACH_REQUIRE_BROWSER=1 requires it: "
        "install it with `apt-get install chromium` (Debian, Ubuntu)"
    )


def test_a_machine_without_chromium_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(harness, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv(harness.REQUIRE_BROWSER, raising=False)
    assert harness.chromium_path() is None
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install chromium"):
        harness.running_chromium().__enter__()
