"""Reading CRM exports (one row per opportunity) into normalised deals. Pure: bytes in, deals out.

``parse_export(data, source_name, ...)`` does the whole import in memory: it decodes the bytes
(UTF-8 with or without a BOM), detects the delimiter (comma, semicolon or tab), picks the
profile of the export from its header (Salesforce, HubSpot, Pipedrive, the Maven sample, or a
generic one; ``maps`` add or override columns), detects the date format (ISO, m/d/Y, d/m/Y or
d.m.Y; an ambiguous one is an error asking for ``--date-format``), maps each CRM stage to one
of ``funnel.stages`` or won/lost and each owner to a rep through ``crm_names``, and validates
every row. Every bad row becomes one ``FILE:LINE: message`` and the whole import fails
(``BadExport``): all or nothing.

``normalised_csv(parsed)`` writes the deals in the fixed layout stored under
``funnel/imports/``; ``read_normalised(text, rel)`` reads that layout back. See docs/funnel.md.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from salescoach.diagnostics import Diagnostic
from salescoach.errors import SalescoachError, UsageError
from salescoach.models import LOST, WON, Deal

MAX_SHOWN = 20
FIELDS = ("id", "owner", "stage", "amount", "created", "closed", "status")
REQUIRED = ("owner", "stage", "amount", "created", "closed")
NORMALISED_COLUMNS = ("id", "rep", "owner", "stage", "amount", "created", "closed")
DATE_FORMATS = ("Y-m-d", "m/d/Y", "d/m/Y", "d.m.Y")
NO_OWNER = "(no owner)"


class BadExport(SalescoachError):
    """A CRM export that cannot be imported; nothing was written."""


@dataclass(frozen=True)
class Profile:
    """The column names of one CRM's export, per field (first match wins), and its stages."""

    name: str
    title: str
    columns: Mapping[str, Sequence[str]]
    stages: Mapping[str, str] = field(default_factory=dict)
    """Default stage mapping of this CRM (CRM stage → won/lost); the repo's stage_map wins."""


PROFILES: tuple[Profile, ...] = (
    Profile(
        "maven",
        "Maven Analytics CRM sample",
        {
            "id": ["opportunity_id"],
            "owner": ["sales_agent"],
            "stage": ["deal_stage"],
            "amount": ["close_value"],
            "created": ["engage_date"],
            "closed": ["close_date"],
        },
    ),
    Profile(
        "salesforce",
        "Salesforce opportunities",
        {
            "id": ["Opportunity ID", "Opportunity Name"],
            "owner": ["Opportunity Owner"],
            "stage": ["Stage"],
            "amount": ["Amount"],
            "created": ["Created Date"],
            "closed": ["Close Date"],
        },
        {"closed won": WON, "closed lost": LOST},
    ),
    Profile(
        "hubspot",
        "HubSpot deals",
        {
            "id": ["Record ID", "Deal ID", "Deal Name"],
            "owner": ["Deal owner"],
            "stage": ["Deal Stage"],
            "amount": ["Amount"],
            "created": ["Create Date"],
            "closed": ["Close Date"],
        },
        {"closed won": WON, "closed lost": LOST},
    ),
    Profile(
        "pipedrive",
        "Pipedrive deals",
        {
            "id": ["ID", "Title"],
            "owner": ["Owner"],
            "stage": ["Stage"],
            "amount": ["Value"],
            "created": ["Deal created"],
            "closed": ["Won time", "Lost time", "Close time"],
            "status": ["Status"],
        },
    ),
    Profile(
        "generic",
        "generic export",
        {
            "id": ["id", "opportunity id", "deal id", "name", "deal name", "opportunity"],
            "owner": ["owner", "rep", "sales rep", "salesperson", "sales agent", "deal owner"],
            "stage": ["stage", "deal stage", "status"],
            "amount": ["amount", "value", "deal value", "revenue"],
            "created": ["created", "created date", "create date", "created at", "engage date"],
            "closed": ["closed", "close date", "closed date", "closed at"],
        },
    ),
)
PROFILE_NAMES = tuple(p.name for p in PROFILES)


def norm(name: str) -> str:
    """A header or stage name compared case- and space-insensitively."""
    return " ".join(name.replace("\ufeff", "").replace("_", " ").casefold().split())


def _norm_header(name: str) -> str:
    """Pipedrive prefixes its columns with 'Deal - '; that prefix is ignored."""
    key = norm(name)
    return key[len("deal - ") :] if key.startswith("deal - ") else key


def slugify(text: str) -> str:
    """A file-name slug: lowercase letters, digits and '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:40].strip("-") or "export"


# ---------------------------------------------------------------- decoding and dialect


def decode(data: bytes, source: str) -> str:
    """UTF-8 text with or without a byte-order mark, or an error naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadExport(
            f"{source}:{line}: the file is not UTF-8 (byte 0x{data[exc.start]:02X}); "
            "nothing was imported",
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


# ---------------------------------------------------------------- profiles


@dataclass(frozen=True)
class Columns:
    """Which column (index and header name) holds each field; ``closed`` may have several."""

    profile: str
    index: dict[str, list[int]]
    names: dict[str, list[str]]


def choose_columns(
    header: Sequence[str],
    source: str,
    *,
    profile: str | None = None,
    maps: Mapping[str, str] | None = None,
) -> Columns:
    """The profile that fits the header (or the one asked for), with ``maps`` applied."""
    maps = dict(maps or {})
    for key in maps:
        if key not in FIELDS:
            raise UsageError(
                f"--map {key}=…: '{key}' is not a field; the fields are {', '.join(FIELDS)}"
            )
    keys = [_norm_header(h) for h in header]
    position: dict[str, int] = {}
    for i, k in enumerate(keys):
        position.setdefault(k, i)
    candidates = [p for p in PROFILES if profile is None or p.name == profile]
    if not candidates:
        raise UsageError(
            f"--profile {profile}: no such profile; the profiles are {', '.join(PROFILE_NAMES)}"
        )
    best: tuple[int, int, Profile, dict[str, list[int]]] | None = None
    for rank, p in enumerate(candidates):
        found: dict[str, list[int]] = {}
        for fld, names in p.columns.items():
            hits = [position[_norm_header(n)] for n in names if _norm_header(n) in position]
            if hits:
                found[fld] = hits if fld == "closed" else hits[:1]
        for fld, column in maps.items():
            if _norm_header(column) not in position:
                raise BadExport(
                    f"--map {fld}={column}: {source} has no column '{column}'; "
                    f"its columns are: {', '.join(header)}"
                )
            found[fld] = [position[_norm_header(column)]]
        lacking = sum(1 for f in REQUIRED if f not in found)
        if best is None or (lacking, rank) < (best[0], best[1]):
            best = (lacking, rank, p, found)
    assert best is not None
    missing_count, _rank, chosen, found = best
    if missing_count:
        missing = [f for f in REQUIRED if f not in found]
        wanted = "; ".join(
            f"{f} (e.g. {' or '.join(repr(n) for n in chosen.columns.get(f, [])[:2]) or '?'})"
            for f in missing
        )
        raise BadExport(
            f"{source}: cannot tell which columns hold {', '.join(missing)}. salescoach needs "
            f"one column each for {', '.join(REQUIRED)}; the closest profile is "
            f"{chosen.name} ({chosen.title}), which lacks {wanted}. "
            f"The columns found are: {', '.join(header)}",
            hint="name the columns with --map FIELD=COLUMN (e.g. --map owner='Sales Rep'), "
            f"and choose a profile with --profile ({', '.join(PROFILE_NAMES)})",
        )
    name = chosen.name if not maps else f"{chosen.name}+map"
    return Columns(
        name,
        found,
        {f: [header[i] for i in idx] for f, idx in found.items()},
    )


# ---------------------------------------------------------------- dates


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DOT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _date_part(value: str) -> str:
    """The date of a value that may carry a time ('2017-03-01 10:22', '2017-03-01T10:22Z')."""
    value = value.strip()
    for sep in ("T", " "):
        if sep in value:
            return value.split(sep, 1)[0]
    return value


def detect_date_format(values: Iterable[str], source: str) -> str:
    """The one date format all ``values`` share; ambiguity is an error, never a guess."""
    styles: Counter[str] = Counter()
    day_first = month_first = False
    for raw in values:
        v = _date_part(raw)
        if _ISO.match(v):
            styles["Y-m-d"] += 1
        elif m := _SLASH.match(v):
            styles["slash"] += 1
            a, b = int(m.group(1)), int(m.group(2))
            day_first |= a > 12
            month_first |= b > 12
        elif _DOT.match(v):
            styles["d.m.Y"] += 1
    if not styles:
        return "Y-m-d"
    style = styles.most_common(1)[0][0]
    if style != "slash":
        return style
    if day_first and month_first:
        raise BadExport(
            f"{source}: the dates use '/' with the day first in some rows and the month first "
            "in others; nothing was imported",
            hint="fix the export, or say which it is with --date-format m/d/Y or d/m/Y",
        )
    if day_first:
        return "d/m/Y"
    if month_first:
        return "m/d/Y"
    raise BadExport(
        f"{source}: the dates are written with '/' and every day and month is 12 or less, so "
        "the file does not say whether they are month/day/year or day/month/year; "
        "nothing was imported",
        hint="say which with --date-format m/d/Y (US) or --date-format d/m/Y",
    )


def date_parser(fmt: str) -> _DateParser:
    if fmt not in DATE_FORMATS:
        raise UsageError(
            f"--date-format {fmt}: not a known format; use one of {', '.join(DATE_FORMATS)}"
        )
    return _DateParser(fmt)


class _DateParser:
    """Parses dates of one format, caching each distinct text (exports repeat dates a lot)."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.cache: dict[str, date | None] = {}
        self.pattern = {"Y-m-d": _ISO, "m/d/Y": _SLASH, "d/m/Y": _SLASH, "d.m.Y": _DOT}[fmt]

    def __call__(self, value: str) -> date | None:
        """The date, or None if the text is not a date of this format."""
        try:
            return self.cache[value]
        except KeyError:
            pass
        parsed: date | None = None
        m = self.pattern.match(_date_part(value))
        if m:
            a, b, c = (int(g) for g in m.groups())
            y, mo, d = {
                "Y-m-d": (a, b, c),
                "m/d/Y": (c, a, b),
                "d/m/Y": (c, b, a),
                "d.m.Y": (c, b, a),
            }[self.fmt]
            try:
                parsed = date(y, mo, d)
            except ValueError:
                parsed = None
        self.cache[value] = parsed
        return parsed


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
    has_comma, has_dot = "," in cleaned, "." in cleaned
    if has_comma and has_dot:
        dec = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group = "." if dec == "," else ","
        if cleaned.count(dec) > 1:
            raise ValueError("not a number")
        cleaned = cleaned.replace(group, "").replace(dec, ".")
    elif has_comma or has_dot:
        sep = "," if has_comma else "."
        head, _, tail = cleaned.rpartition(sep)
        grouping = cleaned.count(sep) > 1 or (len(tail) == 3 and sep != decimal_mark)
        if grouping:
            groups = cleaned.split(sep)
            if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
                raise ValueError("not a number")
            cleaned = cleaned.replace(sep, "")
        else:
            cleaned = f"{head}.{tail}"
    return float(cleaned)


def format_amount(value: float | None) -> str:
    """An amount as stored: no grouping, '.' as decimal mark, at most two decimals."""
    if value is None:
        return ""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- stages and owners


def targets(stages: Sequence[str]) -> list[str]:
    """What a CRM stage can be mapped to: a funnel stage, won or lost."""
    return list(dict.fromkeys([*stages, WON, LOST]))


def stage_mapper(
    stages: Sequence[str], stage_map: Mapping[str, str], profile_stages: Mapping[str, str]
) -> dict[str, str]:
    """CRM stage (normalised) → a funnel stage, ``won`` or ``lost``. The repo's map wins."""
    allowed = targets(stages)
    out: dict[str, str] = {}
    for s in allowed:
        out[norm(s)] = s
        out[norm(s.replace("-", " "))] = s
    out.update({"closed won": WON, "closed lost": LOST, "closedwon": WON, "closedlost": LOST})
    out.update({norm(k): v for k, v in profile_stages.items()})
    for crm_stage, target in stage_map.items():
        if target not in allowed:
            raise BadExport(
                f"salescoach.yaml: funnel.stage_map maps '{crm_stage}' to '{target}', which is "
                f"not one of funnel.stages, won or lost ({', '.join(allowed)}); "
                "nothing was imported"
            )
        out[norm(crm_stage)] = target
    return out


def owner_index(reps: Iterable[tuple[str, str, Sequence[str]]]) -> dict[str, str]:
    """Normalised CRM name → rep ID, from (rep ID, name, crm_names); a name used by two
    reps is an error."""
    out: dict[str, str] = {}
    for rep_id, name, crm_names in reps:
        for crm_name in [*crm_names, name]:
            key = norm(crm_name)
            if key in out and out[key] != rep_id:
                if crm_name == name and crm_name not in crm_names:
                    continue
                raise BadExport(
                    f"the CRM name '{crm_name}' belongs to both '{out[key]}' and '{rep_id}' "
                    "(crm_names in managers/); nothing was imported",
                    hint="give each rep their own crm_names",
                )
            out.setdefault(key, rep_id)
    return out


# ---------------------------------------------------------------- the import


@dataclass
class ParsedExport:
    """An export read and validated in memory, ready to be stored."""

    source: str
    sha256: str
    profile: str
    columns: dict[str, list[str]]
    delimiter: str
    date_format: str
    as_of: date
    deals: list[Deal]
    unmatched: Counter[str]
    """Owners who are no rep, with their number of rows (kept, with an empty rep)."""
    reps_with_deals: set[str]

    @property
    def unmatched_rows(self) -> int:
        return sum(self.unmatched.values())


def _fail(source: str, problems: list[tuple[int, str]], what: str = "bad row") -> BadExport:
    problems.sort()
    shown = [f"{source}:{line}: {message}" for line, message in problems[:MAX_SHOWN]]
    if len(problems) > MAX_SHOWN:
        shown.append(f"… and {len(problems) - MAX_SHOWN} more")
    n = len(problems)
    return BadExport(
        f"{n} {what}{'s' * (n != 1)} in {source}; nothing was imported\n" + "\n".join(shown)
    )


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that form no
    cycles: it would rescan them again and again (this triples the time of a large import)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_export(
    data: bytes,
    source: str,
    *,
    stages: Sequence[str],
    stage_map: Mapping[str, str],
    owners: Mapping[str, str],
    profile: str | None = None,
    maps: Mapping[str, str] | None = None,
    date_format: str | None = None,
    as_of: date | None = None,
) -> ParsedExport:
    """Read a whole CRM export; any bad row fails the import (see the module docstring).

    ``owners`` comes from ``owner_index``; ``as_of`` defaults to the latest date in the file.
    """
    with paused_gc():
        return _parse_export(
            data,
            source,
            stages=stages,
            stage_map=stage_map,
            owners=owners,
            profile=profile,
            maps=maps,
            date_format=date_format,
            as_of=as_of,
        )


def _parse_export(
    data: bytes,
    source: str,
    *,
    stages: Sequence[str],
    stage_map: Mapping[str, str],
    owners: Mapping[str, str],
    profile: str | None,
    maps: Mapping[str, str] | None,
    date_format: str | None,
    as_of: date | None,
) -> ParsedExport:
    text = decode(data, source)
    if not text.strip():
        raise BadExport(f"{source}: the file is empty; nothing was imported")
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise BadExport(f"{source}:1: the header cannot be read as CSV ({exc})") from None
    cols = choose_columns(header, source, profile=profile, maps=maps)
    chosen = next(p for p in PROFILES if cols.profile.startswith(p.name))
    mapper = stage_mapper(stages, stage_map, chosen.stages)
    width = len(header)
    rows: list[tuple[int, list[str]]] = []
    problems: list[tuple[int, str]] = []
    previous_end = reader.line_num
    try:
        for row in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                problems.append((line, f"the row has {len(row)} fields, the header has {width}"))
                continue
            rows.append((line, row))
    except csv.Error as exc:
        problems.append((reader.line_num, f"cannot be read as CSV ({exc})"))
        raise _fail(source, problems) from None
    idx = cols.index
    i_created = idx["created"][0]
    i_closed = idx["closed"]
    if date_format is None:
        seen: set[str] = set()
        for _line, row in rows:
            seen.add(row[i_created])
            for i in i_closed:
                seen.add(row[i])
        seen.discard("")
        date_format = detect_date_format(seen, source)
    parse_date = date_parser(date_format)
    decimal_mark = "," if delimiter == ";" else "."
    i_id = idx["id"][0] if "id" in idx else None
    i_owner, i_stage, i_amount = idx["owner"][0], idx["stage"][0], idx["amount"][0]
    i_status = idx["status"][0] if "status" in idx else None
    name = cols.names
    deals: list[Deal] = []
    unmatched: Counter[str] = Counter()
    unknown_stages: Counter[str] = Counter()
    first_line_of: dict[str, int] = {}
    with_deals: set[str] = set()
    latest: date | None = None
    stage_cache: dict[str, str | None] = {}
    owner_cache: dict[str, tuple[str, str]] = {}
    single_closed = len(i_closed) == 1
    for line, row in rows:
        before = len(problems)
        raw_stage = row[i_stage].strip()
        stage: str | None = None
        if i_status is not None:
            status = row[i_status].strip().casefold()
            if status in (WON, LOST):
                stage = status
            elif status not in ("open", ""):
                problems.append(
                    (
                        line,
                        f"status '{row[i_status]}' is not open, won or lost "
                        f"(column '{name['status'][0]}')",
                    )
                )
        if stage is None:
            if not raw_stage:
                problems.append((line, f"the stage is empty (column '{name['stage'][0]}')"))
            else:
                if raw_stage in stage_cache:
                    stage = stage_cache[raw_stage]
                else:
                    stage = stage_cache[raw_stage] = mapper.get(norm(raw_stage))
                if stage is None:
                    unknown_stages[raw_stage] += 1
                    problems.append(
                        (
                            line,
                            f"stage '{raw_stage}' is not mapped to a funnel stage "
                            f"(column '{name['stage'][0]}')",
                        )
                    )
        try:
            amount = parse_amount(row[i_amount], decimal_mark)
        except ValueError as exc:
            reason = "is negative" if str(exc) == "negative" else "is not a number"
            amount = None
            problems.append(
                (line, f"amount '{row[i_amount]}' {reason} (column '{name['amount'][0]}')")
            )
        created = _read_date(
            row[i_created], parse_date, line, "created", name["created"][0], problems
        )
        closed: date | None = None
        if single_closed:
            closed_text, closed_col = row[i_closed[0]], name["closed"][0]
        else:
            k = next((k for k, i in enumerate(i_closed) if row[i].strip()), 0)
            closed_text, closed_col = row[i_closed[k]], name["closed"][k]
        if stage in (WON, LOST):
            closed = _read_date(closed_text, parse_date, line, "close", closed_col, problems)
            if closed is None and not closed_text.strip():
                problems.append(
                    (line, f"the deal is {stage} but has no close date (column '{closed_col}')")
                )
            if closed is not None and created is not None and closed < created:
                problems.append(
                    (
                        line,
                        f"the close date {closed.isoformat()} is before the created date "
                        f"{created.isoformat()}",
                    )
                )
        deal_id = row[i_id].strip() if i_id is not None else ""
        deal_id = deal_id or f"line-{line}"
        if deal_id in first_line_of:
            problems.append(
                (
                    line,
                    f"the deal '{deal_id}' appears twice (first on line {first_line_of[deal_id]})",
                )
            )
        else:
            first_line_of[deal_id] = line
        if len(problems) > before or stage is None:
            continue
        raw_owner = row[i_owner]
        known = owner_cache.get(raw_owner)
        if known is None:
            clean = " ".join(raw_owner.split())
            known = owner_cache[raw_owner] = (clean, owners.get(norm(clean), ""))
        owner, rep = known
        if rep:
            with_deals.add(rep)
        else:
            unmatched[owner or NO_OWNER] += 1
        for day in (created, closed):
            if day is not None and (latest is None or day > latest):
                latest = day
        deals.append(Deal(deal_id, rep, owner, stage, amount, created, closed))
    if problems:
        error = _fail(source, problems)
        if unknown_stages:
            listed = ", ".join(f"'{s}' ({n} rows)" for s, n in unknown_stages.most_common(10))
            error.hint = (
                f"unmapped stages: {listed}. Map each in salescoach.yaml under funnel.stage_map "
                f"to one of: {', '.join(targets(stages))}"
            )
        raise error
    if not deals:
        raise BadExport(
            f"{source}: the file has a header but no opportunities; nothing was imported"
        )
    return ParsedExport(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        profile=cols.profile,
        columns=cols.names,
        delimiter=delimiter,
        date_format=date_format,
        as_of=as_of or latest or date(1970, 1, 1),
        deals=deals,
        unmatched=unmatched,
        reps_with_deals=with_deals,
    )


def _read_date(
    text: str,
    parse: _DateParser,
    line: int,
    what: str,
    column: str,
    problems: list[tuple[int, str]],
) -> date | None:
    if not text.strip():
        return None
    day = parse(text)
    if day is None:
        problems.append(
            (
                line,
                f"the {what} date '{text}' is not a date in the format {parse.fmt} "
                f"(column '{column}')",
            )
        )
    return day


# ---------------------------------------------------------------- the stored layout


def normalised_csv(parsed: ParsedExport) -> bytes:
    """The stored import: '#' metadata lines, then the fixed columns, one row per deal."""
    out = io.StringIO()
    meta = {
        "source": parsed.source,
        "sha256": parsed.sha256,
        "profile": parsed.profile,
        "columns": ", ".join(f"{f}={'|'.join(c)}" for f, c in parsed.columns.items()),
        "date_format": parsed.date_format,
        "as_of": parsed.as_of.isoformat(),
        "rows": str(len(parsed.deals)),
        "unmatched_rows": str(parsed.unmatched_rows),
    }
    out.write("# salescoach funnel import: re-run `salescoach funnel import` instead of editing\n")
    for key, value in meta.items():
        out.write(f"# {key}: {value.replace(chr(10), ' ')}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(NORMALISED_COLUMNS)
    writer.writerows(
        (
            d.id,
            d.rep,
            d.owner,
            d.stage,
            format_amount(d.amount),
            d.created.isoformat() if d.created else "",
            d.closed.isoformat() if d.closed else "",
        )
        for d in parsed.deals
    )
    return out.getvalue().encode("utf-8")


@dataclass
class StoredImport:
    """An import read back from ``funnel/imports/``: its metadata and deals."""

    meta: dict[str, str]
    deals: list[Deal]

    @property
    def as_of(self) -> date | None:
        try:
            return date.fromisoformat(self.meta.get("as_of", ""))
        except ValueError:
            return None


def read_normalised(
    text: str, rel: str, allowed_stages: Sequence[str]
) -> tuple[StoredImport | None, list[Diagnostic]]:
    """Read a stored import; every problem is a diagnostic naming ``rel`` and the line."""
    meta: dict[str, str] = {}
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        key, _, value = lines[start][1:].partition(":")
        if value:
            meta[key.strip()] = value.strip()
        start += 1
    reader = csv.reader(lines[start:])
    problems: list[Diagnostic] = []
    header = next(reader, None)
    if header is None or tuple(header) != NORMALISED_COLUMNS:
        problems.append(
            Diagnostic(
                rel,
                start + 1,
                1,
                "bad-import",
                f"expected the columns {','.join(NORMALISED_COLUMNS)}; re-import the export",
            )
        )
        return None, problems
    allowed = set(allowed_stages) | {WON, LOST}
    deals: list[Deal] = []
    iso = _DateParser("Y-m-d")
    for offset, row in enumerate(reader):
        line = start + 2 + offset
        if len(row) != len(NORMALISED_COLUMNS):
            problems.append(Diagnostic(rel, line, 1, "bad-import", "wrong number of fields"))
            continue
        deal_id, rep, owner, stage, amount_text, created_text, closed_text = row
        try:
            amount = float(amount_text) if amount_text else None
            created = iso(created_text) if created_text else None
            closed = iso(closed_text) if closed_text else None
            if (created_text and created is None) or (closed_text and closed is None):
                raise ValueError
        except ValueError:
            problems.append(Diagnostic(rel, line, 1, "bad-import", "bad amount or date"))
            continue
        if stage not in allowed:
            problems.append(
                Diagnostic(
                    rel,
                    line,
                    1,
                    "unknown-stage",
                    f"stage '{stage}' is not one of funnel.stages, won or lost "
                    f"({', '.join(sorted(allowed))}); re-import the export",
                )
            )
            continue
        deals.append(Deal(deal_id, rep, owner, stage, amount, created, closed))
    return StoredImport(meta, deals), problems
