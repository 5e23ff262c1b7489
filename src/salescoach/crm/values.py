"""The values of a CRM export: its text (UTF-8, with or without a BOM), its delimiter, its
dates (the format detected over the whole file, never guessed) and amounts (currency signs,
grouping and decimal marks), and the names compared case- and space-insensitively.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from salescoach.crm.problems import refusal
from salescoach.errors import UsageError

DATE_FORMATS = ("Y-m-d", "m/d/Y", "d/m/Y", "d.m.Y")


# ---------------------------------------------------------------- names


def norm(name: str) -> str:
    """A header or stage name compared case- and space-insensitively."""
    return " ".join(name.replace("\ufeff", "").replace("_", " ").casefold().split())


def norm_header(name: str) -> str:
    """A header compared as ``norm`` does; Pipedrive's 'Deal - ' prefix is ignored."""
    key = norm(name)
    return key[len("deal - ") :] if key.startswith("deal - ") else key


def slugify(text: str) -> str:
    """A file-name slug: lowercase letters, digits and '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:40].strip("-") or "export"


# ---------------------------------------------------------------- text and dialect


def decode(data: bytes, source: str) -> str:
    """UTF-8 text with or without a byte-order mark, or an error naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refusal(
            source,
            line,
            "not-utf8",
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02X})",
            hint="export it from the CRM as UTF-8 CSV, "
            "or convert it (e.g. iconv -f cp1252 -t utf-8)",
        ) from None


def detect_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the header line has most of, outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in text[:65536]:
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def decimal_mark(delimiter: str) -> str:
    """The file's decimal mark: ',' in semicolon-separated files, '.' in the others."""
    return "," if delimiter == ";" else "."


# ---------------------------------------------------------------- dates


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DOT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_PATTERNS = {"Y-m-d": _ISO, "m/d/Y": _SLASH, "d/m/Y": _SLASH, "d.m.Y": _DOT}
_ORDER = {"Y-m-d": (0, 1, 2), "m/d/Y": (2, 0, 1), "d/m/Y": (2, 1, 0), "d.m.Y": (2, 1, 0)}
"""Which number of each format is the year, the month and the day."""
HINT_SLASH_DATES = "say which with --date-format m/d/Y (US) or --date-format d/m/Y"


def date_part(value: str) -> str:
    """The date of a value that may carry a time ('2017-03-01 10:22', '2017-03-01T10:22Z')."""
    value = value.strip()
    for sep in ("T", " "):
        if sep in value:
            return value.split(sep, 1)[0]
    return value


def _date_styles(values: Iterable[str]) -> tuple[Counter[str], bool, bool]:
    """How many values are written in each style, and whether some '/' date has its first
    number (day first) or its second number (month first) above 12."""
    styles: Counter[str] = Counter()
    day_first = month_first = False
    for raw in values:
        v = date_part(raw)
        if _ISO.match(v):
            styles["Y-m-d"] += 1
        elif m := _SLASH.match(v):
            styles["slash"] += 1
            day_first |= int(m.group(1)) > 12
            month_first |= int(m.group(2)) > 12
        elif _DOT.match(v):
            styles["d.m.Y"] += 1
    return styles, day_first, month_first


def detect_date_format(values: Iterable[str], source: str) -> str:
    """The one date format all ``values`` share; ambiguity is an error, never a guess."""
    styles, day_first, month_first = _date_styles(values)
    if not styles:
        return "Y-m-d"
    style = styles.most_common(1)[0][0]
    if style != "slash":
        return style
    if day_first and month_first:
        raise refusal(
            source,
            0,
            "ambiguous-date-format",
            "the dates use '/' with the day first in some rows and the month first in others",
            hint="fix the export, or say which it is with --date-format m/d/Y or d/m/Y",
        )
    if day_first or month_first:
        return "d/m/Y" if day_first else "m/d/Y"
    raise refusal(
        source,
        0,
        "ambiguous-date-format",
        "the dates are written with '/' and every day and month is 12 or less, so the file "
        "does not say whether they are month/day/year or day/month/year",
        hint=HINT_SLASH_DATES,
    )


def date_parser(fmt: str) -> DateParser:
    """The parser of one of ``DATE_FORMATS``; another format is a command-line error."""
    if fmt not in DATE_FORMATS:
        raise UsageError(
            f"--date-format {fmt}: not a known format; use one of {', '.join(DATE_FORMATS)}"
        )
    return DateParser(fmt)


class DateParser:
    """Parses dates of one format, caching each distinct text (exports repeat dates a lot)."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.cache: dict[str, date | None] = {}
        self.pattern = _PATTERNS[fmt]
        self.order = _ORDER[fmt]

    def __call__(self, value: str) -> date | None:
        """The date, or None if the text is not a date of this format."""
        try:
            return self.cache[value]
        except KeyError:
            pass
        parsed = self._parse(value)
        self.cache[value] = parsed
        return parsed

    def _parse(self, value: str) -> date | None:
        m = self.pattern.match(date_part(value))
        if not m:
            return None
        numbers = [int(g) for g in m.groups()]
        y, mo, d = (numbers[i] for i in self.order)
        try:
            return date(y, mo, d)
        except ValueError:
            return None


# ---------------------------------------------------------------- amounts

_CURRENCY = re.compile(r"[\s\u00a0\u202f'’$€£¥₹]|[A-Z]{3}|[a-z]{0,2}\$|kr|zł|Ft")
_NUMBER = re.compile(r"^\d[\d.,]*$")


def parse_amount(text: str, decimal_mark: str) -> float | None:
    """An amount, None for an empty cell; ``ValueError`` if it is not a non-negative number.

    Currency symbols and codes, spaces and apostrophes are ignored. With both ',' and '.', the
    last one is the decimal mark. With one of them only: it groups thousands when it appears
    more than once, or once followed by exactly three digits while it is not the file's
    ``decimal_mark`` (',' for semicolon-separated files, else '.'); otherwise it is decimal.
    """
    if text.isdigit():
        return float(text)
    cleaned = _CURRENCY.sub("", text.strip())
    if not cleaned:
        if text.strip():
            raise ValueError("not a number")
        return None
    if cleaned.startswith("-"):
        raise ValueError("negative")
    if not _NUMBER.match(cleaned):
        raise ValueError("not a number")
    if "," in cleaned and "." in cleaned:
        return float(_with_both_marks(cleaned))
    if "," in cleaned or "." in cleaned:
        return float(_with_one_mark(cleaned, decimal_mark))
    return float(cleaned)


def _with_both_marks(cleaned: str) -> str:
    """'1,234.50' or '1.234,50' as '1234.50': the last mark is the decimal one."""
    dec = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    group = "." if dec == "," else ","
    if cleaned.count(dec) > 1:
        raise ValueError("not a number")
    return cleaned.replace(group, "").replace(dec, ".")


def _with_one_mark(cleaned: str, decimal_mark: str) -> str:
    """'1,234' or '1,5' as a number: grouping or decimal, by the rule of ``parse_amount``."""
    sep = "," if "," in cleaned else "."
    head, _, tail = cleaned.rpartition(sep)
    if cleaned.count(sep) > 1 or (len(tail) == 3 and sep != decimal_mark):
        groups = cleaned.split(sep)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise ValueError("not a number")
        return cleaned.replace(sep, "")
    return f"{head}.{tail}"


def format_amount(value: float | None) -> str:
    """An amount as stored: no grouping, '.' as decimal mark, at most two decimals."""
    if value is None:
        return ""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")
