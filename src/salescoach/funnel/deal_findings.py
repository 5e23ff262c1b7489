"""The findings about a rep's open deals: the large (or else the largest) deals to agree a
strategy for, and the stalled ones; one finding each, listing the deals, with the value at
stake (the deals' sum)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from operator import attrgetter
from typing import Any, TypeVar

from salescoach.formats import money, number, plural
from salescoach.funnel.numbers import Number, Numbers
from salescoach.funnel.rules import TOP_DEALS, is_large, is_stalled
from salescoach.funnel.tally import OpenItem, Tally
from salescoach.i18n import _, ngettext
from salescoach.models import FunnelSettings

Finding = tuple[str, str, Numbers, float]
"""(code, message, numbers, value at stake) of a finding, for ``diagnose.Diagnosis``."""
T = TypeVar("T")
BY_ID, BY_REP, BY_SINCE, BY_AMOUNT = map(attrgetter, ("id", "rep", "since", "amount"))


def sorted_by(items: Iterable[T], *keys: Callable[[T], Any], reverse: bool = False) -> list[T]:
    """``items`` sorted by the first key, ties by the next and so on (``reverse``: the first
    key largest first, ties still by the others, smallest first): one stable sort per key,
    the last first, each comparing plain values, where one sort by a tuple of the keys
    builds and compares a tuple per item (a review sorts tens of thousands of deals)."""
    out = list(items)
    for key in reversed(keys[1:]):
        out.sort(key=key)
    out.sort(key=keys[0], reverse=reverse)
    return out


def _deal_numbers(d: OpenItem) -> dict[str, Number]:
    return {
        "deal": d.id,
        "name": d.name,
        "amount": d.amount,
        "stage": d.stage,
        "since": d.since.isoformat() if d.since else None,
    }


def _deal_text(d: OpenItem, as_of: date) -> str:
    amount = money(d.amount or 0)
    if d.since is None:
        text = _("{deal} ({rep}), {amount} at {stage}")
        if d.stage is None:
            text = _("{deal} ({rep}), {amount} at an unknown stage")
    elif d.stage is None:
        text = _("{deal} ({rep}), {amount} at an unknown stage, open {days}")
    else:
        text = _("{deal} ({rep}), {amount} at {stage}, open {days}")
    days = plural((as_of - d.since).days, "day") if d.since else ""
    return text.format(deal=d.label, rep=d.rep, amount=amount, stage=d.stage, days=days)


def large_deals_finding(tally: Tally, settings: FunnelSettings, as_of: date) -> Finding | None:
    """The rep's deals of at least ``funnel.large_deal`` (``large-deal``), else the rep's
    ``TOP_DEALS`` largest (``top-deal``), largest first, as one finding."""
    valued = sorted_by((d for d in tally.open_deals if d.amount), BY_AMOUNT, BY_ID, reverse=True)
    large = [d for d in valued if is_large(d.amount, settings)]
    code = "large-deal" if large else "top-deal"
    deals = large or valued[:TOP_DEALS]
    if not deals:
        return None
    listed = "; ".join(_deal_text(d, as_of) for d in deals)
    value = sum(d.amount or 0 for d in deals)
    if code == "large-deal":
        text = ngettext(
            "Large deal: {deals}. Agree the strategy and tactics to close it, "
            "and the extra resources the manager needs.",
            "Large deals: {deals}. Agree the strategy and tactics to close them, "
            "and the extra resources the manager needs.",
            len(deals),
        )
    else:
        text = ngettext(
            "One of the largest open deals: {deals}. Agree the strategy and tactics to close "
            "it, and the extra resources the manager needs.",
            "The largest open deals: {deals}. Agree the strategy and tactics to close them, "
            "and the extra resources the manager needs.",
            len(deals),
        )
    message = text.format(deals=listed)
    numbers: Numbers = {
        **_deal_numbers(deals[0]),
        "count": len(deals),
        "deals": [_deal_numbers(d) for d in deals],
    }
    return code, message, numbers, round(value, 2)


def stalled_finding(
    who: str, tally: Tally, limit: int, as_of: date, avg_deal: float | None
) -> Finding | None:
    """The rep's deals open longer than ``limit`` days as one finding, the oldest named; the
    value at stake counts a deal without an amount at the average won deal."""
    stalled = [d for d in tally.open_deals if is_stalled(d.since, as_of, limit)]
    if not stalled:
        return None
    stalled = sorted_by(stalled, BY_SINCE, BY_ID)  # a stalled deal always has its ``since``
    value = sum(d.amount or 0 for d in stalled)
    oldest = "; ".join(
        f"{d.label}, {plural((as_of - d.since).days, 'day')}"
        for d in stalled[:3]
        if d.since is not None
    )
    if value:
        text = ngettext(
            "Stalled deals: {count} of {rep}'s open deals has been open longer than {days} "
            "(value {value}); oldest: {oldest}. Move it on or close it.",
            "Stalled deals: {count} of {rep}'s open deals have been open longer than {days} "
            "(value {value}); oldest: {oldest}. Move them on or close them.",
            len(stalled),
        )
    else:
        text = ngettext(
            "Stalled deals: {count} of {rep}'s open deals has been open longer than {days}; "
            "oldest: {oldest}. Move it on or close it.",
            "Stalled deals: {count} of {rep}'s open deals have been open longer than {days}; "
            "oldest: {oldest}. Move them on or close them.",
            len(stalled),
        )
    message = text.format(
        count=number(len(stalled)),
        rep=who,
        days=plural(limit, "day"),
        value=money(value),
        oldest=oldest,
    )
    numbers: Numbers = {"count": len(stalled), "after_days": limit, "amount": round(value, 2)}
    at_stake = value + sum(avg_deal or 0 for d in stalled if d.amount is None)
    return "stalled-deals", message, numbers, round(at_stake, 2)
