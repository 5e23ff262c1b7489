"""One CRM activity export (calls, meetings, e-mails, tasks) read into activities, all or
nothing: ``parse_activities(data, source, ...)`` decodes the bytes, reads the header and the
rows as a deal export's are read (``export``: report decorations, delimiter, dates), picks
the activity profile (``activity_profiles``), matches owners to reps (``mapping``), and either
returns every activity or raises ``InvalidExport`` with one ``Diagnostic`` per problem."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from salescoach.crm.activity_profiles import (
    ActivityProfile,
    activity_profile_named,
    choose_activity_columns,
    kind_of,
)
from salescoach.crm.cells import (
    MAX_SHOWN_CHARS,
    control_in,
    printable,
    shown_text,
    without_controls,
)
from salescoach.crm.export import paused_gc, read_header, read_rows, rows_refused
from salescoach.crm.mapping import Columns, OwnerTally
from salescoach.crm.problems import file_name, refusal
from salescoach.crm.profiles import skipped_text
from salescoach.crm.rows import Row
from salescoach.crm.values import (
    YEARS,
    DateParser,
    date_parser,
    decode,
    detect_date_format,
    detect_delimiter,
    norm,
    year_in_range,
)
from salescoach.diagnostics import Diagnostic
from salescoach.i18n import _
from salescoach.models import Activity


@dataclass
class ParsedActivities:
    """An activity export read and validated in memory, ready to be stored."""

    source: str
    sha256: str
    profile: str
    columns: dict[str, list[str]]
    delimiter: str
    date_format: str
    as_of: date
    activities: list[Activity]
    unmatched: Counter[str]
    """Owners who are no rep, with their number of rows (kept, with an empty rep)."""
    reps_with_activities: set[str]
    skipped: dict[str, int] = field(default_factory=dict)
    ignored_rows: int = 0
    other_types: Counter[str] = field(default_factory=Counter)
    """The CRM types read as ``other`` (neither a call, a meeting, an e-mail nor a task)."""

    @property
    def unmatched_rows(self) -> int:
        return sum(self.unmatched.values())

    @property
    def skipped_text(self) -> str:
        """``skipped: 5 footer lines, 1 totals row`` for the summary ('' for none)."""
        return skipped_text(self.skipped)


def parse_activities(
    data: bytes,
    source: str,
    *,
    owners: Mapping[str, str],
    profile: str | None = None,
    maps: Mapping[str, str] | None = None,
    date_format: str | None = None,
    as_of: date | None = None,
    encoding: str | None = None,
) -> ParsedActivities:
    """Read a whole activity export; any bad row fails the import. ``owners`` comes from
    ``owner_index``; ``as_of`` defaults to the latest date of an activity the file says is done
    (planned ones lie later); an activity the file does not say is done or not (no done
    column, or an empty cell: a Salesforce event) is done when dated on or before it."""
    with paused_gc():
        text = decode(data, source, encoding)
        delimiter = detect_delimiter(text)
        skipped: Counter[str] = Counter()
        reader, header = read_header(text, source, delimiter, skipped)
        cols = choose_activity_columns(header, source, profile=profile, maps=maps)
        rows, problems = read_rows(reader, len(header), source, skipped)
        fmt = date_format or detect_date_format(_dates_in(rows, cols), source)
        activities = ActivityReader(source, cols, owners, date_parser(fmt))
        activities.read_all(rows, as_of)
        problems += activities.problems
        if problems:
            raise rows_refused(source, problems, Counter(), ())
        if not activities.activities:
            raise refusal(source, 0, "no-activities", _("the file has a header but no activities"))
        owners_refused = activities.owners.refusal(source)
        if owners_refused is not None:
            raise owners_refused
        return ParsedActivities(
            source=file_name(source),
            sha256=hashlib.sha256(data).hexdigest(),
            profile=cols.profile,
            columns=cols.names,
            delimiter=delimiter,
            date_format=fmt,
            as_of=activities.as_of,
            activities=activities.activities,
            unmatched=activities.owners.unmatched,
            reps_with_activities=activities.owners.with_deals,
            skipped=dict(skipped),
            ignored_rows=activities.owners.ignored_rows,
            other_types=activities.other_types,
        )


def _dates_in(rows: Iterable[Row], cols: Columns) -> set[str]:
    """Every distinct date text of the rows (to detect their format)."""
    seen = {row[i] for _line, row in rows for i in cols.index["date"]}
    seen.discard("")
    return seen


class ActivityReader:
    """Maps rows to activities with the export's columns, owners and date format; records
    every problem with its line, the owners who are no rep and the types read as other."""

    def __init__(
        self, source: str, cols: Columns, owners: Mapping[str, str], parse_date: DateParser
    ) -> None:
        self.source, self.cols, self.parse_date = source, cols, parse_date
        self.profile: ActivityProfile = activity_profile_named(cols.profile)
        self.owners = OwnerTally(owners, cols.names["owner"][0])
        self.problems: list[Diagnostic] = []
        self.activities: list[Activity] = []
        self.other_types: Counter[str] = Counter()
        self.as_of = date(1970, 1, 1)
        self._first_line_of: dict[str, int] = {}
        self._undecided: list[int] = []  # activities whose done cell is empty

    def read_all(self, rows: Iterable[Row], as_of: date | None) -> None:
        """Every row's activity, or its problems; then the as-of date (given, else the latest
        date of an activity the file says is done, else its latest date) decides the done of
        the activities the file says nothing of (a planned event is later than it)."""
        for line, row in rows:
            self.activity(line, row)
        undecided = set(self._undecided)
        said_done = [a.day for i, a in enumerate(self.activities) if a.done and i not in undecided]
        every_day = [a.day for a in self.activities]
        self.as_of = as_of or max(said_done or every_day, default=self.as_of)
        for i in self._undecided:
            a = self.activities[i]
            self.activities[i] = a._replace(done=a.day <= self.as_of)

    def activity(self, line: int, row: list[str]) -> None:
        """The row's activity into ``activities`` (its done possibly undecided), or its
        problems into ``problems``."""
        before = len(self.problems)
        kind = self.kind(line, row)
        day = self.day(line, row)
        done = self.done(line, row)
        activity_id = self.activity_id(line, row)
        if kind is None or day is None or len(self.problems) > before:
            return
        owner_cell = self.owner_cell(line, row)
        if owner_cell is None:
            return
        if done is None:
            self._undecided.append(len(self.activities))
        owner, rep = self.owners.rep_of(owner_cell, line)
        activity = Activity(
            activity_id,
            rep,
            owner,
            kind,
            day,
            bool(done),
            self.text(row, "subject"),
            self.text(row, "deal"),
        )
        self.activities.append(activity)

    def text(self, row: list[str], fld: str) -> str:
        """A text field's cell with its spaces tidied, control characters as spaces ('' without
        the column), as a deal's name is."""
        index = self.cols.index.get(fld)
        return " ".join(without_controls(row[index[0]]).split()) if index else ""

    def owner_cell(self, line: int, row: list[str]) -> str | None:
        """The owner's cell, shortened if it is too long to be a name; None (a problem) if it
        holds a control character, as a deal's owner (``crm.rows``)."""
        column = self.cols.names["owner"][0]
        cell = row[self.cols.index["owner"][0]]
        if (found := control_in(" ".join(cell.split()))) is not None:
            self._problem(
                line,
                "bad-owner",
                _(
                    "the owner '{owner}' holds a control character ({found}) (column '{column}')"
                ).format(owner=printable(cell), found=found, column=column),
            )
            return None
        return shown_text(cell) if len(cell) > MAX_SHOWN_CHARS else cell

    def first_filled(self, row: list[str], fld: str) -> tuple[str, str]:
        """The first non-empty cell of a field's columns, and that column's name (the first
        column's when all are empty; ('', '') without the field)."""
        index, names = self.cols.index.get(fld, []), self.cols.names.get(fld, [])
        for i, name in zip(index, names, strict=True):
            if row[i].strip():
                return row[i].strip(), name
        return "", names[0] if names else ""

    def kind(self, line: int, row: list[str]) -> str | None:
        """The row's kind: the profile's one kind, else its type mapped (types it does not
        name are read by their words, else as other); an empty type is a problem."""
        if self.profile.kind is not None:
            return self.profile.kind
        raw, column = self.first_filled(row, "type")
        if not raw:
            message = _("the activity type is empty (column '{column}')").format(column=column)
            self._problem(line, "empty-type", message)
            return None
        kind = kind_of(self.profile, raw)
        if kind == "other" and norm(raw) != "other":
            self.other_types[raw] += 1
        return kind

    def day(self, line: int, row: list[str]) -> date | None:
        """The row's date (the first of its date columns that is filled): required."""
        text, column = self.first_filled(row, "date")
        if not text:
            message = _("the activity has no date (column '{column}')").format(column=column)
            self._problem(line, "missing-date", message)
            return None
        day = self.parse_date(text)
        if day is None:
            self._problem(
                line,
                "bad-date",
                _(
                    "the date '{text}' is not a date in the format {format} (column '{column}')"
                ).format(text=text, format=self.parse_date.fmt, column=column),
            )
        elif not year_in_range(day):
            self._problem(
                line,
                "bad-date",
                _(
                    "the date '{text}' is outside the years {first}-{last} (column '{column}')"
                ).format(text=text, first=YEARS[0], last=YEARS[1], column=column),
            )
            return None
        return day

    def done(self, line: int, row: list[str]) -> bool | None:
        """Whether the row was done; None when the export does not say (no done column, or
        an empty cell); a value the profile does not know is a problem listing those it does."""
        raw, column = self.first_filled(row, "done")
        if not raw:
            return None
        done = self.profile.done.get(norm(raw))
        if done is None:
            self._problem(
                line,
                "bad-done",
                _("'{value}' is not {allowed} (column '{column}')").format(
                    value=raw, allowed=self.allowed_done(), column=column
                ),
            )
        return done

    def allowed_done(self) -> str:
        """``done (Completed, Busy) or not done (Canceled, Queued)``: the values it knows."""
        values = self.profile.done
        yes = ", ".join(v for v in values if values[v])
        no = ", ".join(v for v in values if not values[v])
        return _("a done value ({done}) or a not-done value ({not_done})").format(
            done=yes, not_done=no
        )

    def activity_id(self, line: int, row: list[str]) -> str:
        """The row's ID (``line-N`` without one); an ID seen before is a problem, and so is one
        with a control character or a line separator (it would split the stored row)."""
        index = self.cols.index.get("id")
        activity_id = (row[index[0]].strip() if index else "") or f"line-{line}"
        if (found := control_in(activity_id)) is not None:
            self._problem(
                line,
                "bad-id",
                _(
                    "the activity ID '{activity}' holds a control character or line separator "
                    "({found}) (column '{column}')"
                ).format(
                    activity=printable(activity_id), found=found, column=self.cols.names["id"][0]
                ),
            )
            return activity_id
        first = self._first_line_of.setdefault(activity_id, line)
        if first != line:
            self._problem(
                line,
                "duplicate-id",
                _("the activity '{activity}' appears twice (first on line {first})").format(
                    activity=activity_id, first=first
                ),
            )
        return activity_id

    def _problem(self, line: int, code: str, message: str) -> None:
        self.problems.append(Diagnostic(self.source, line, 0, code, message))
