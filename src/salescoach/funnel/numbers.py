"""The numbers a finding carries, and the finding for the figures whose sample is too small
to judge: "too few won deals to judge (n=1)" instead of a number derived from one deal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from salescoach.formats import number
from salescoach.i18n import _, ngettext

Number = float | int | str | None
Numbers = dict[str, Number | list[dict[str, Number]]]
"""A finding's numbers by name (JSON-ready); a list of records for the deals it lists."""


@dataclass(frozen=True)
class TooFew:
    """A figure left unjudged: what it is, the kind of deals its sample counts, and n."""

    figure: str
    deals: Literal["won", "closed", "prospects"]
    n: int


def too_few_text(deals: str, n: int) -> str:
    """The words that replace a number of too small a sample: ``too few won deals to judge
    (n=1)``."""
    texts = {
        "won": _("too few won deals to judge (n={n})"),
        "closed": _("too few closed deals to judge (n={n})"),
        "prospects": _("too few prospects deals to judge (n={n})"),
    }
    text = texts.get(deals) or _("too few {deals} deals to judge (n={n})")
    return text.format(deals=deals, n=number(n))


def too_few_finding(items: list[TooFew], min_sample: int) -> tuple[str, Numbers]:
    """The message and numbers of one ``too-few-to-judge`` finding listing ``items``."""
    parts = "; ".join(f"{t.figure}: {too_few_text(t.deals, t.n)}" for t in items)
    message = _("{figures}; at least {count} are needed (funnel.min_sample).").format(
        figures=parts, count=number(min_sample)
    )
    judged: list[dict[str, Number]] = [
        {"figure": t.figure, "deals": t.deals, "n": t.n} for t in items
    ]
    return message, {"min_sample": min_sample, "figures": judged}


def weeks_text(weeks: float) -> str:
    """A window's length in weeks: ``6 weeks``, ``6.1 weeks``, ``1 week``."""
    text = f"{weeks:.1f}".removesuffix(".0")
    shown = number(int(text)) if "." not in text else number(float(text))
    return ngettext("{weeks} week", "{weeks} weeks", 1 if text == "1" else 2).format(weeks=shown)
