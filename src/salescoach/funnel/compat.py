"""Transitional: ``arrow`` and ``TeamReview.headline`` until the agenda renders its funnel
section with ``render.funnel`` (their home now). Delete with the last caller."""

from __future__ import annotations

import math

from salescoach.formats import money, pct, plural
from salescoach.funnel.figures import Figures


def arrow(now: float | int | None, before: float | int | None) -> str:
    """Transitional copy of ``render.funnel.arrow``."""
    if now is None or before is None:
        return ""
    if math.isclose(float(now), float(before), rel_tol=1e-9, abs_tol=1e-9):
        return "→"
    return "↑" if now > before else "↓"


def headline(f: Figures, findings: int) -> str:
    """Transitional copy of ``render.funnel.headline``."""
    rate = pct(f.win_rate) if f.win_rate is not None else "n/a"
    avg = money(f.avg_deal) if f.avg_deal is not None else "n/a"
    lost = f"{f.lost:,}" if f.lost is not None else "n/a"
    return (
        f"won {f.won:,}, lost {lost}, win rate {rate}, average deal {avg}, "
        f"open {f.open:,} ({money(f.open_value)}); {plural(findings, 'finding')}"
    )
