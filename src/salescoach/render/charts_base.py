"""What every chart shares: pygal set up for static, offline, deterministic SVG.

pygal is an optional extra (``salescoach[report]``) and is imported only inside
``new_chart``. Its output is made stable here: the random uuid of a chart's ids becomes an
id derived from the chart's name, the comments (one carries today's date) and the script are
dropped, the legend's ids are prefixed with the chart's own, and every value gets a
``<title>`` so a browser shows it on hover without any script.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from salescoach.errors import SalescoachError
from salescoach.i18n import N_, _

INSTALL_HINT = N_("install the report extra: pip install 'salescoach[report]'")
"""How to get the charting library (one text for `report` and `agenda next --charts`)."""
WIDTH = 800
"""The viewBox's width: A4's printable width at 96 dpi, scaled up to 1280 px on a screen."""
HEIGHT = 420
PALETTE = ("#3f6fa8", "#e8a33d", "#a7cbe8", "#8a8a8a", "#f2d16b", "#c9473a", "#d9d9d9")
"""Series colours whose greys differ in print, none so dark that black values on it are lost."""
SCORE_COLOURS = {1: "#c9473a", 2: "#e8a33d", 3: "#a7cbe8", 4: "#dbe9f5"}
"""A rating's colour: alarm red for 1 to a calm pale blue for 4, lighter grey at each step."""
FONT = "Helvetica,Arial,sans-serif"
"""System fonts only: no font is fetched from the network."""


def require_pygal() -> None:
    """Refuse with the install hint when the charting library is missing (exit 1)."""
    try:
        import pygal  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
    except ImportError:
        raise SalescoachError(
            _("charts need the pygal package, which is not installed"), hint=_(INSTALL_HINT)
        ) from None


def chart_id(name: str, data: object) -> str:
    """A stable id for the chart's SVG: its name and a short digest of what it draws (two
    charts of one page never share an id; the same input always gives the same one)."""
    digest = hashlib.sha256(repr((name, data)).encode()).hexdigest()[:10]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{slug}-{digest}"


def _style() -> Any:
    """White, print-friendly, readable at A4 width; no web font."""
    from pygal.style import Style  # type: ignore[import-untyped,unused-ignore]

    return Style(
        background="white",
        plot_background="white",
        foreground="#222222",
        foreground_strong="#000000",
        foreground_subtle="#555555",
        opacity="1",
        opacity_hover="0.85",
        colors=PALETTE,
        font_family=FONT,
        title_font_size=18,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        value_font_size=13,
        value_label_font_size=12,
        no_data_font_size=20,
    )


def new_chart(kind: str, *, title: str, height: int = HEIGHT, **config: Any) -> Any:
    """A pygal chart of ``kind`` (``Bar``, ``HorizontalStackedBar``…) set up for salescoach:
    no script, no XML declaration, a viewBox and no fixed size, values printed."""
    require_pygal()
    import pygal  # type: ignore[import-untyped,unused-ignore]

    options: dict[str, Any] = {
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "width": WIDTH,
        "height": height,
        "style": _style(),
        "title": title,
        "print_values": True,
        "legend_at_bottom": True,
        "truncate_legend": -1,
        "truncate_label": -1,
        "no_data_text": _("No data"),
        "margin": 16,
    }
    options.update(config)
    return getattr(pygal, kind)(**options)


def render_chart(chart: Any, name: str, data: object, *, centred: bool = False) -> str:
    """The chart as SVG text, the same bytes for the same input; ``centred`` centres each
    printed value on its point (pygal leaves a dot's value starting at its centre)."""
    chart.uuid = chart_id(name, data)
    chart.add_xml_filter(_static(chart.uuid, centred))
    return str(chart.render())


def _static(uuid: str, centred: bool) -> Callable[[Any], Any]:
    """An XML filter that leaves a static, self-contained SVG of width 100%."""

    def clean(root: Any) -> Any:
        root.set("width", "100%")
        root.set("role", "img")
        parents = {child: parent for parent in root.iter() for child in parent}
        for element, parent in parents.items():
            tag = element.tag if isinstance(element.tag, str) else ""
            if not tag or tag.endswith("script"):  # a comment, or pygal's config script
                parent.remove(element)
            elif element.get("id", "").startswith("activate-serie"):
                element.set("id", f"{uuid}-{element.get('id')}")
            elif tag.endswith("desc") and element.get("class") == "value":
                _add_title(parent, element)
            elif centred and tag.endswith("text") and element.get("class") == "value":
                element.set("text-anchor", "middle")
        return root

    return clean


def _add_title(parent: Any, desc: Any) -> None:
    """A hover title from the value's description (and its label, when it has one)."""
    label = next((d.text for d in parent if d.get("class") == "label"), None)
    title = parent.makeelement("title", {})
    title.text = f"{label}: {desc.text}" if label else desc.text
    parent.insert(0, title)
