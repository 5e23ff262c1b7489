"""How values read in every output: dates, money, percentages, counts with their noun, and
Markdown-safe text. One module, so that the agenda, the funnel review, the ratings and the
schedule (and the domain's findings, which are sentences) never format the same thing two
ways. Pure functions of the value and the language in use (``i18n.use``): English is written
here by hand (byte for byte what the golden files hold), other languages through Babel, which
is imported only then.
"""

from __future__ import annotations

import datetime as dt

from salescoach import textsafe
from salescoach.i18n import babel_locale, current, ngettext

NONE = "–"
"""What a missing value reads as in a table or a sentence."""

COMPACT_SUFFIXES = {"hu": {"k": "E", "M": "M", "B": "Mrd", "T": "B"}}
"""The short words for thousand, million, billion and trillion in each language but English."""


# ---------------------------------------------------------------- counts and words


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 file``, ``2 files``, ``1,200 opportunities`` (``many`` for irregular plurals); the
    noun in the language in use (the catalog has each pair: ``file``/``files``)."""
    return f"{number(count)} {ngettext(word, many or word + 's', count)}"


# ---------------------------------------------------------------- numbers


_repo_currency: str | None = None
"""The repository's ``funnel.currency`` (``use_currency``, when the settings are read)."""


def use_currency(code: str | None) -> None:
    """Amounts read from here on carry ``code`` (``money``); ``None``: bare amounts."""
    global _repo_currency
    _repo_currency = code


def repo_currency() -> str | None:
    """The currency amounts carry: the repository's ``funnel.currency``, if it names one."""
    return _repo_currency


def money(value: float | None, currency: str | None = None) -> str:
    """An amount, whole units with thousands separators: ``38,500,000``, with the currency
    (``currency``, else the repository's: ``38,500,000 HUF``; Hungarian ``38 500 000 Ft``);
    ``–`` if unknown. A table whose heading names the currency uses ``amount``."""
    currency = currency or _repo_currency
    if value is None:
        return NONE
    if currency is None:
        return amount(value)
    if current() == "en":
        return f"{value:,.0f} {currency}"
    from babel.numbers import format_currency

    return format_currency(
        value, currency, format="#,##0\xa0¤", locale=babel_locale(), currency_digits=False
    )


def amount(value: float | None) -> str:
    """An amount without its currency, for a table column whose heading names it
    (``currency_label``): ``38,500,000``; Hungarian ``38 500 000``."""
    if value is None:
        return NONE
    return f"{value:,.0f}" if current() == "en" else _decimal(round(value), "#,##0")


def currency_label(label: str) -> str:
    """A column heading with the repository's currency, when it names one: ``Won value
    (HUF)``; Hungarian ``Nyert érték (Ft)``."""
    if _repo_currency is None:
        return label
    shown = _repo_currency if current() == "en" else _currency_symbol(_repo_currency)
    return f"{label} ({shown})"


def compact_money(value: float | None, currency: str | None = None) -> str:
    """An amount for a narrow column: ``9,500``, ``12.5 k``, ``38.5 M``, ``1.2 B`` (below ten
    thousand in full; the full figure belongs in Markdown and JSON); ``–`` if unknown.
    Hungarian: ``38,5 M``, ``12,5 E``, ``1,2 Mrd``; with ``currency``, its symbol after it."""
    if value is None:
        return NONE
    if abs(value) < 1e4:
        return money(value, currency) if currency else amount(value)
    shown, suffix = _compact(value)
    if current() == "en":
        text = f"{shown:,.1f} {suffix}" if abs(shown) < 100 else f"{shown:,.0f} {suffix}"
        return text + (f" {currency}" if currency else "")
    digits = "#,##0.0" if abs(shown) < 100 else "#,##0"
    text = f"{_decimal(shown, digits)}\xa0{COMPACT_SUFFIXES[current()][suffix]}"
    return text + (f"\xa0{_currency_symbol(currency)}" if currency else "")


def _compact(value: float) -> tuple[float, str]:
    """``38_500_000`` → ``(38.5, "M")``: the value scaled to the largest unit under 1000."""
    for divisor, suffix in ((1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")):
        scaled = value / divisor
        shown = round(scaled, 1) if abs(round(scaled, 1)) < 100 else round(scaled)
        if abs(shown) < 1000 or suffix == "T":
            return shown, suffix
    raise AssertionError("unreachable")


def pct(fraction: float | None) -> str:
    """A share as a percentage with one decimal: ``0.451`` → ``45.1%`` (Hungarian ``45,1%``);
    ``–`` if unknown."""
    if fraction is None:
        return NONE
    if current() == "en":
        return f"{fraction * 100:.1f}%"
    return _decimal(round(fraction * 100, 1), "#,##0.0") + "%"


def number(value: float | None) -> str:
    """A count or a measure: whole numbers with separators, others with one decimal."""
    if value is None:
        return NONE
    fractional = isinstance(value, float) and not value.is_integer()
    if current() == "en":
        return f"{value:.1f}" if fractional else f"{int(value):,}"
    return _decimal(round(value, 1), "0.0") if fractional else _decimal(int(value), "#,##0")


def decimal(value: float | None, digits: int = 1, none: str = NONE) -> str:
    """A measure with a fixed number of decimals (an average rating: ``2.5``, ``2.50``;
    Hungarian ``2,5``); ``none`` if unknown (a CSV cell leaves it empty)."""
    if value is None:
        return none
    if current() == "en":
        return f"{value:.{digits}f}"
    return _decimal(round(value, digits), "0." + "0" * digits if digits else "0")


def _decimal(value: float, pattern: str) -> str:
    """``value`` with a Babel number ``pattern`` in the language in use (Hungarian groups with
    a no-break space, so a number never wraps)."""
    from babel.numbers import format_decimal

    return format_decimal(value, pattern, locale=babel_locale())


def _currency_symbol(currency: str) -> str:
    from babel.numbers import get_currency_symbol

    return get_currency_symbol(currency, locale=babel_locale())


# ---------------------------------------------------------------- dates


def day(d: dt.date) -> str:
    """A date in prose: ``Mon 30 Nov 2026`` (Hungarian ``2026. november 30., hétfő``)."""
    if current() == "en":
        return f"{d:%a} {d.day} {d:%b %Y}"
    return _date(d, "y. MMMM d., EEEE")


def short_day(d: dt.date) -> str:
    """A date in a narrow column: ``30 Nov`` (Hungarian ``nov. 30.``)."""
    return f"{d.day} {d:%b}" if current() == "en" else _date(d, "MMM d.")


def short_date(d: dt.date) -> str:
    """A date with its year, short: ``30 Nov 2026`` (Hungarian ``2026. nov. 30.``)."""
    return f"{d.day} {d:%b %Y}" if current() == "en" else _date(d, "y. MMM d.")


def month(d: dt.date) -> str:
    """A month as a label: ``Sep 2026`` (Hungarian ``2026. szept.``)."""
    return f"{d:%b %Y}" if current() == "en" else _date(d, "y. LLL")


def short_weekday(d: dt.date, this_year: int | None = None) -> str:
    """A date in a narrow table: ``Mon 30 Nov``, with the year when it is not ``this_year``
    (``Mon 4 Jan 2027``; Hungarian ``nov. 30., H`` and ``2027. jan. 4., H``)."""
    same_year = this_year is None or d.year == this_year
    if current() != "en":
        return _date(d, "MMM d., E" if same_year else "y. MMM d., E")
    text = f"{d:%a} {d.day} {d:%b}"
    return text if same_year else f"{text} {d.year}"


def month_day(d: dt.date) -> str:
    """A date as a column heading among dates of one year: ``11-30``."""
    return f"{d:%m-%d}"


def weekday_iso(d: dt.date) -> str:
    """A date that is also a file name and an argument: ``Mon 2026-11-30`` (Hungarian
    ``2026-11-30 hétfő``)."""
    if current() == "en":
        return f"{d:%a} {d.isoformat()}"
    return f"{d.isoformat()} {_date(d, 'EEEE')}"


def weekday_name(d: dt.date) -> str:
    """The day of the week in words: ``Saturday`` (Hungarian ``szombat``)."""
    return f"{d:%A}" if current() == "en" else _date(d, "EEEE")


def _date(d: dt.date, pattern: str) -> str:
    from babel.dates import format_date

    return format_date(d, pattern, locale=babel_locale())


# ---------------------------------------------------------------- Markdown


def md(text: object) -> str:
    """Text safe inside Markdown and a table cell: one line, no markup, no HTML, controls
    shown (``textsafe.markdown``, the one Markdown escaper)."""
    return textsafe.markdown(text)
