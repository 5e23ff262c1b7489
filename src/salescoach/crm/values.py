"""The values of a CRM export: its text (UTF-8 with or without a BOM, UTF-16 with one, or a
named encoding; otherwise a refusal naming the likely code page), its delimiter, its dates
(with times and zones; the format detected over the whole file, never guessed), its amounts
(currency signs and codes, grouping, the column's decimal mark) and the names compared case-
and space-insensitively.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from salescoach.crm.currency_names import CURRENCY_NAMES as CURRENCY_NAMES
from salescoach.crm.problems import refusal
from salescoach.errors import UsageError
from salescoach.i18n import N_, _

DATE_FORMATS = ("Y-m-d", "m/d/Y", "d/m/Y", "d.m.Y", "d-m-Y", "m-d-Y")


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

ENCODING_EXAMPLES = "utf-8, cp1250, cp1252, latin-1"
_CENTRAL_EUROPEAN = frozenset("ŚŤŹśťźŁĄŻłąĽľżŐŰőű")
"""Letters that cp1250 bytes decode to where cp1252 gives a symbol or a rare letter: a file
whose bytes read as these is Central European (Hungarian, Polish, Czech, Slovak)."""


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """The export's text: in ``encoding`` if given, else UTF-8 (with or without a BOM) or
    UTF-16 with a BOM; a file that is neither is refused with the likely code page."""
    if encoding is not None:
        return _decode_as(data, source, encoding)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data, source)
    if (utf16 := utf16_without_bom(data)) is not None:
        raise refusal(
            source,
            1,
            "bad-encoding",
            _(
                "the file looks like {encoding} without a byte-order mark (every other byte is 0)"
            ).format(encoding=utf16.upper()),
            hint=_(
                "import it with --encoding {encoding}, or export it from the CRM as UTF-8 CSV"
            ).format(encoding=utf16),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        code_page = likely_code_page(data)
        raise refusal(
            source,
            line,
            "not-utf8",
            _("the file is not UTF-8 (byte {byte})").format(byte=f"0x{data[exc.start]:02X}"),
            hint=_(
                "it looks like {code_page}: import it with --encoding {code_page}, "
                "or export it from the CRM as UTF-8 CSV"
            ).format(code_page=code_page),
        ) from None


def encoding_named(name: str) -> str:
    """A Python text codec's name as given; an unknown one is a command-line error."""
    try:
        b"a".decode(name)  # b"" would not look the codec up
    except UnicodeError:
        pass
    except LookupError:
        raise UsageError(
            _("--encoding {name}: not a known text encoding; use one such as {examples}").format(
                name=name, examples=ENCODING_EXAMPLES
            )
        ) from None
    return name


def _decode_as(data: bytes, source: str, encoding: str) -> str:
    """The text in a named encoding (a leading BOM dropped), or a refusal naming the line."""
    try:
        text = data.decode(encoding_named(encoding))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refusal(
            source,
            line,
            "bad-encoding",
            _("the file is not {encoding} (byte {byte})").format(
                encoding=encoding, byte=f"0x{data[exc.start]:02X}"
            ),
            hint=_("name the file's encoding with --encoding (e.g. {examples})").format(
                examples=ENCODING_EXAMPLES
            ),
        ) from None
    return text.removeprefix("\ufeff")


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the start of ``data`` reads as text in it (a zero
    byte in every other place), else None."""
    head = data[:4096]
    if len(head) < 8 or head.count(0) < len(head) // 3:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd >= len(head) // 2 * 0.9 and even == 0:
        return "utf-16-le"
    if even >= len(head) // 2 * 0.9 and odd == 0:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, source: str) -> str:
    """A file with a UTF-16 byte-order mark, or a refusal saying it is broken UTF-16 (not
    another code page: a BOM says what the file was meant to be)."""
    try:
        return data.decode("utf-16").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n\x00") + 1
        raise refusal(
            source,
            line,
            "bad-encoding",
            _(
                "the file starts with a UTF-16 byte-order mark but is not valid UTF-16 past byte "
                "{position} ({reason})"
            ).format(position=f"{exc.start:,}", reason=exc.reason),
            hint=_(
                "the file may be cut short or damaged: export it from the CRM again, "
                "preferably as UTF-8 CSV"
            ),
        ) from None


def likely_code_page(data: bytes) -> str:
    """cp1250 when the bytes read as Central European letters in it, else cp1252."""
    text = data.decode("cp1250", errors="ignore")
    return "cp1250" if any(ch in _CENTRAL_EUROPEAN for ch in text) else "cp1252"


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
_DASH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_PATTERNS = {
    "Y-m-d": _ISO,
    "m/d/Y": _SLASH,
    "d/m/Y": _SLASH,
    "d.m.Y": _DOT,
    "d-m-Y": _DASH,
    "m-d-Y": _DASH,
}
_ORDER = {
    "Y-m-d": (0, 1, 2),
    "m/d/Y": (2, 0, 1),
    "d/m/Y": (2, 1, 0),
    "d.m.Y": (2, 1, 0),
    "d-m-Y": (2, 1, 0),
    "m-d-Y": (2, 0, 1),
}
"""Which number of each format is the year, the month and the day."""
_TIME = re.compile(
    r"^(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s*(?:([AaPp])\.?[Mm]\.?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$"
)
"""What may follow a date: a time (24-hour, or 12-hour with AM/PM) and a zone (Z, UTC, GMT,
+01:00); the zone is not applied: the date is the calendar date as written."""
_DATE_TEXT = re.compile(r"[\d./-]*")
YEARS = (1970, 2100)
"""The years a CRM date may have: others are typos or placeholders (1900-01-01)."""
SAY_WHICH = N_("say which with --date-format {us} (US) or --date-format {european}")
HINT_SLASH_DATES = SAY_WHICH.format(us="m/d/Y", european="d/m/Y")


def date_part(value: str) -> str:
    """The date of a value that may carry a time ('2017-03-01 10:22', '2017-03-01T10:22Z')."""
    match = _DATE_TEXT.match(value.strip())
    return match.group() if match else ""


def time_is_valid(rest: str) -> bool:
    """Whether the text after a date is empty or a valid time with an optional zone."""
    m = _TIME.match(rest)
    if not m:
        return False
    if m.group(1) is None:
        return True
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    hours_ok = 1 <= hour <= 12 if m.group(4) else hour <= 23
    return hours_ok and minute <= 59 and second <= 59


def year_in_range(day: date) -> bool:
    """Whether a date's year lies within ``YEARS``."""
    return YEARS[0] <= day.year <= YEARS[1]


class DateStyles:
    """The distinct date texts of an export in each style ('/' and '-' with the year last are
    "/" and "-"), and the orders they show: ("/", "day") when a first number is above 12."""

    def __init__(self) -> None:
        self.styles: Counter[str] = Counter()
        self.orders: set[tuple[str, str]] = set()

    def add(self, values: Iterable[str]) -> None:
        styles, orders = self.styles, self.orders  # each of ``values``: a distinct text
        for raw in values:
            v = date_part(raw)
            if _ISO.match(v):
                styles["Y-m-d"] += 1
            elif m := _SLASH.match(v) or _DASH.match(v):
                sep = "/" if "/" in v else "-"
                styles[sep] += 1
                if int(m.group(1)) > 12:
                    orders.add((sep, "day"))
                if int(m.group(2)) > 12:
                    orders.add((sep, "month"))
            elif _DOT.match(v):
                styles["d.m.Y"] += 1

    def date_format(self, source: str) -> str:
        """The one date format of every text added; ambiguity is an error, never a guess
        (Freshsales writes day-first dates with '-', ``19-10-2021 07:48:37``)."""
        sep = self.styles.most_common(1)[0][0] if self.styles else "Y-m-d"
        if sep not in ("/", "-"):
            return sep
        day_first, month_first = (sep, "day") in self.orders, (sep, "month") in self.orders
        us, european = f"m{sep}d{sep}Y", f"d{sep}m{sep}Y"
        if day_first and month_first:
            raise refusal(
                source,
                0,
                "ambiguous-date-format",
                _(
                    "the dates use '{sep}' with the day first in some rows and the month first "
                    "in others"
                ).format(sep=sep),
                hint=_(
                    "fix the export, or say which it is with --date-format {us} or {european}"
                ).format(us=us, european=european),
            )
        if day_first or month_first:
            return european if day_first else us
        raise refusal(
            source,
            0,
            "ambiguous-date-format",
            _(
                "the dates are written with '{sep}' and every day and month is 12 or less, so "
                "the file does not say whether they are month/day/year or day/month/year"
            ).format(sep=sep),
            hint=_(SAY_WHICH).format(us=us, european=european),
        )


def detect_date_format(values: Iterable[str], source: str) -> str:
    """The one date format all ``values`` (distinct texts) share (``DateStyles``)."""
    (styles := DateStyles()).add(values)
    return styles.date_format(source)


def date_parser(fmt: str) -> DateParser:
    """The parser of one of ``DATE_FORMATS``; another format is a command-line error."""
    if fmt not in DATE_FORMATS:
        raise UsageError(
            _("--date-format {format}: not a known format; use one of {formats}").format(
                format=fmt, formats=", ".join(DATE_FORMATS)
            )
        )
    return DateParser(fmt)


MAX_CACHED_DATES = 100_000  # the distinct date texts a parser remembers: memory stays flat


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
        if len(self.cache) >= MAX_CACHED_DATES:  # dates with times: one text per row
            self.cache.clear()
        parsed = self.cache[value] = self._parse(value)
        return parsed

    def _parse(self, value: str) -> date | None:
        text = value.strip()
        head = date_part(text)
        m = self.pattern.match(head)
        if not m or not time_is_valid(text[len(head) :]):
            return None
        numbers = [int(g) for g in m.groups()]
        y, mo, d = (numbers[i] for i in self.order)
        try:
            return date(y, mo, d)
        except ValueError:
            return None


# ---------------------------------------------------------------- amounts

_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_SYMBOLS |= {"Ft": "HUF", "zł": "PLN", "Kč": "CZK", "C$": "CAD", "A$": "AUD", "R$": "BRL"}
_CURRENCY = r"(?:[A-Z]{3}|US\$|[CAR]\$|[$€£¥₹]|Ft|zł|Kč|kr)"
_AMOUNT = re.compile(
    rf"^(?P<paren>\()?\s*(?P<sign>[-+−]?)\s*(?P<pre>{_CURRENCY})?\s*(?P<sign2>[-+−]?)\s*"
    rf"(?P<number>\d[\d.,' ’\u00a0\u202f]*?)\s*(?P<post>{_CURRENCY})?\s*(?P<close>\))?$"
)
_SPACED = re.compile(r"^\d{1,3}(?:[' ’\u00a0\u202f]\d{3})+(?:[.,]\d+)?$")
_NUMBER = re.compile(r"^\d[\d.,]*$")
MAX_DIGITS = 15
"""The most digits before the decimal mark an amount may have (a float keeps 15 exactly)."""
NOT_A_NUMBER = N_("is not a number")
NEGATIVE = N_("is negative")
TOO_LARGE_TEXT = N_("has more than {digits} digits before the decimal mark")
TOO_LARGE = TOO_LARGE_TEXT.format(digits=MAX_DIGITS)
"""Why an amount is not read, in English (``ValueError`` carries it in the language in use)."""


def currency_code(text: str) -> str | None:
    """The ISO code a currency column's cell names: a code in any case, a sign or a known
    currency name; None for an empty cell or an unknown name."""
    cell = text.strip()
    if not cell:
        return None
    if re.fullmatch(r"[A-Za-z]{3}", cell):
        return cell.upper()
    return _SYMBOLS.get(cell) or CURRENCY_NAMES.get(norm(cell))


def currency_of(symbol: str | None) -> str | None:
    """The ISO code of a currency sign or code as written ('$' → 'USD', 'EUR' → 'EUR')."""
    if symbol is None:
        return None
    return _SYMBOLS.get(symbol, symbol)


def parse_amount(text: str, decimal_mark: str) -> tuple[float | None, str | None]:
    """An amount and the currency it names (None for none), (None, None) for an empty cell;
    ``ValueError`` (``NOT_A_NUMBER``, ``NEGATIVE``, ``TOO_LARGE``) for anything else.

    A currency sign or code may stand before or after the number; spaces and apostrophes may
    group thousands. With both ',' and '.', the last one is the decimal mark. With one of
    them only: it groups thousands when it appears more than once, or once followed by
    exactly three digits while it is not the column's ``decimal_mark``; otherwise it is
    decimal.
    """
    if text.isascii() and text.isdigit():
        return _checked(text), None
    stripped = text.strip()
    if not stripped:
        return None, None
    m = _AMOUNT.match(stripped)
    if not m or bool(m["paren"]) != bool(m["close"]) or (m["sign"] and m["sign2"]):
        raise ValueError(_(NOT_A_NUMBER))
    pre, post = currency_of(m["pre"]), currency_of(m["post"])
    if pre and post and pre != post:
        raise ValueError(_(NOT_A_NUMBER))
    if m["paren"] or "-" in m["sign"] + m["sign2"] or "−" in m["sign"] + m["sign2"]:
        raise ValueError(_(NEGATIVE))
    return _checked(_plain_number(m["number"], decimal_mark)), pre or post


def _plain_number(number: str, decimal_mark: str) -> str:
    """The number's text with '.' as decimal mark and no grouping, or ``ValueError``."""
    if not number.isascii() or " " in number or "'" in number or not _NUMBER.match(number):
        if not _SPACED.match(number):
            raise ValueError(_(NOT_A_NUMBER))
        number = re.sub(r"[' ’\u00a0\u202f]", "", number)
    if "," in number and "." in number:
        return _with_both_marks(number)
    if "," in number or "." in number:
        return _with_one_mark(number, decimal_mark)
    return number


def _checked(number: str) -> float:
    """The value of a plain number, if it has at most ``MAX_DIGITS`` before the mark."""
    if len(number.partition(".")[0].lstrip("0")) > MAX_DIGITS:
        raise ValueError(_(TOO_LARGE_TEXT).format(digits=MAX_DIGITS))
    return float(number)


def detect_decimal_mark(texts: Iterable[str], delimiter: str) -> str:
    """The decimal mark of an amount column: the one its unambiguous amounts use ('1,5',
    '1.234,50', '1.234.567'), else the file's (``decimal_mark``); also if they disagree."""
    seen = {mark for mark in map(amount_mark, texts) if mark}
    return seen.pop() if len(seen) == 1 else decimal_mark(delimiter)


def amount_mark(text: str) -> str | None:
    """The decimal mark an amount shows unambiguously ('1,5': ',', '1.234.567': ','), None
    when it shows none ('1,234' could be either)."""
    if text.isdigit() or not text:  # the most common amounts
        return None
    number = re.sub(r"[^\d.,]", "", text)
    commas, dots = number.count(","), number.count(".")
    if commas and dots:
        return "," if number.rfind(",") > number.rfind(".") else "."
    if commas + dots == 1:
        tail = number.rpartition("," if commas else ".")[2]
        return None if len(tail) == 3 else "," if commas else "."
    return ("." if commas else ",") if commas > 1 or dots > 1 else None


def _with_both_marks(cleaned: str) -> str:
    """'1,234.50' or '1.234,50' as '1234.50': the last mark is the decimal one."""
    dec = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    group = "." if dec == "," else ","
    if cleaned.count(dec) > 1:
        raise ValueError(_(NOT_A_NUMBER))
    return cleaned.replace(group, "").replace(dec, ".")


def _with_one_mark(cleaned: str, decimal_mark: str) -> str:
    """'1,234' or '1,5' as a number: grouping or decimal, by the rule of ``parse_amount``."""
    sep = "," if "," in cleaned else "."
    head, _sep, tail = cleaned.rpartition(sep)
    if cleaned.count(sep) > 1 or (len(tail) == 3 and sep != decimal_mark):
        groups = cleaned.split(sep)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise ValueError(_(NOT_A_NUMBER))
        return cleaned.replace(sep, "")
    return f"{head}.{tail}"


def format_amount(value: float | None) -> str:
    """An amount as stored: no grouping, '.' as decimal mark, at most two decimals."""
    if value is None:
        return ""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def looks_grouped(text: str, decimal_mark: str) -> bool:
    """Whether an amount read with decimals could as well be a thousands group: one mark,
    the column's ``decimal_mark``, between 1-3 digits and exactly three ('1.234' in a file
    whose mark is '.': 1.234 or 1234?)."""
    m = _AMOUNT.match(text.strip())
    number = m["number"].strip() if m else ""
    return bool(re.fullmatch(r"\d{1,3}[.,]\d{3}", number)) and decimal_mark in number
