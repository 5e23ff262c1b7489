"""How values read in narrow columns."""

from __future__ import annotations

import pytest

from salescoach.formats import compact_money


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "–"),
        (950, "950"),
        (9_999, "9,999"),
        (12_500, "12.5 k"),
        (99_949, "99.9 k"),
        (99_950, "100 k"),
        (999_499, "999 k"),
        (999_500, "1.0 M"),
        (38_500_000, "38.5 M"),
        (250_000_000, "250 M"),
        (1_200_000_000, "1.2 B"),
        (-45_000, "-45.0 k"),
    ],
)
def test_compact_amounts_never_cut_a_number(value: float | None, shown: str) -> None:
    assert compact_money(value) == shown


def test_amounts_carry_the_repositorys_currency_and_tables_name_it_once() -> None:
    from salescoach import formats, i18n

    assert formats.money(38_500_000) == "38,500,000"
    formats.use_currency("HUF")
    try:
        assert formats.money(38_500_000) == "38,500,000 HUF"
        assert formats.money(38_500_000, "EUR") == "38,500,000 EUR"
        assert formats.amount(38_500_000) == "38,500,000"
        assert formats.compact_money(38_500_000) == "38.5 M"
        assert formats.compact_money(9_500) == "9,500"
        assert formats.currency_label("Results") == "Results (HUF)"
        i18n.use("hu")
        assert formats.money(38_500_000) == "38\xa0500\xa0000\xa0Ft"
        assert formats.currency_label("Eredmények") == "Eredmények (Ft)"
    finally:
        i18n.use("en")
        formats.use_currency(None)
    assert formats.currency_label("Results") == "Results"


def test_a_short_date_and_a_month_put_the_year_where_the_language_does() -> None:
    import datetime as dt

    from salescoach import formats, i18n

    day = dt.date(2026, 9, 2)
    assert (formats.short_date(day), formats.month(day)) == ("2 Sep 2026", "Sep 2026")
    try:
        i18n.use("hu")
        assert (formats.short_date(day), formats.month(day)) == ("2026. szept. 2.", "2026. szept.")
    finally:
        i18n.use("en")
