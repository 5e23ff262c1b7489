"""Currencies as a CRM names them in a currency column (data to match, not text to show)."""

from __future__ import annotations

CURRENCY_NAMES = {
    "us dollar": "USD",
    "euro": "EUR",
    "hungarian forint": "HUF",
    "forint": "HUF",
    "pound sterling": "GBP",
    "british pound": "GBP",
    "japanese yen": "JPY",
    "swiss franc": "CHF",
    "canadian dollar": "CAD",
    "australian dollar": "AUD",
    "new zealand dollar": "NZD",
    "polish zloty": "PLN",
    "polish złoty": "PLN",
    "czech koruna": "CZK",
    "romanian leu": "RON",
    "swedish krona": "SEK",
    "norwegian krone": "NOK",
    "danish krone": "DKK",
    "indian rupee": "INR",
    "brazilian real": "BRL",
    "mexican peso": "MXN",
    "chinese yuan": "CNY",
    "yuan renminbi": "CNY",
    "singapore dollar": "SGD",
    "hong kong dollar": "HKD",
    "south african rand": "ZAR",
}
"""The common currencies by name (normalised), as Dynamics 365 writes its Currency column
("US Dollar", "Euro", "Hungarian Forint")."""
