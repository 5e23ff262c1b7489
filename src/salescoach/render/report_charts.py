"""The report's charts as they are drawn: each one goes into the page as inline SVG and is
kept under its file name, so that ``report --charts DIR`` writes the very same SVG."""

from __future__ import annotations

from collections.abc import Callable

from salescoach.render.report_html import figure


class Charts:
    """The charts of one report, in the order the page shows them."""

    def __init__(self) -> None:
        self.svgs: dict[str, str] = {}
        """File name (without ``.svg``) → the SVG text."""

    def add(self, name: str, draw: Callable[[], str | None], caption: str) -> str:
        """Draw a chart, keep it as ``name`` and return its ``<figure>``; nothing when
        ``draw`` has nothing to show (None)."""
        svg = draw()
        if svg is None:
            return ""
        self.svgs[name] = svg
        return figure(svg, caption, name)
