"""How an export maps onto salescoach: which column holds each field, which funnel stage
(or won/lost) each CRM stage is, and which rep each CRM owner is.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from salescoach.crm.problems import InvalidExport, file_name, problem, refusal
from salescoach.crm.profiles import (
    FIELDS,
    PROFILE_NAMES,
    REQUIRED,
    Profile,
    candidates,
    closest_profile,
    header_positions,
)
from salescoach.crm.stages import guess_stage as guess_stage  # where it always was
from salescoach.crm.stages import targets as targets  # where it always was
from salescoach.crm.stages import unmapped_stages_hint as unmapped_stages_hint
from salescoach.crm.values import norm, norm_header
from salescoach.diagnostics import Diagnostic
from salescoach.errors import UsageError
from salescoach.formats import plural
from salescoach.i18n import _, ngettext
from salescoach.messages import NO_OWNER as NO_OWNER  # one constant: the stored text
from salescoach.models import LOST, WON

SETTINGS_FILE = "salescoach.yaml"
OWNER_ID_COLUMNS = frozenset({"ownerid", norm("owner_id")})
"""Owner columns that hold user IDs (Salesforce's OwnerId), not names: said so when no
owner matches."""
MANAGERS = "managers/"


# ---------------------------------------------------------------- columns


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
    """The profile that fits the header (or the one asked for), with ``maps`` applied; a
    ``--map FIELD=`` with no column clears a field the profile would have read."""
    maps = dict(maps or {})
    _check_fields(maps)
    profiles = candidates(profile)
    position = header_positions(header)
    cleared = {f for f, column in maps.items() if not column.strip()}
    mapped = mapped_columns(
        {f: c for f, c in maps.items() if f not in cleared}, position, header, source
    )
    chosen, found = closest_profile(position, profiles, mapped)
    for fld in cleared:
        found.pop(fld, None)
    missing = [f for f in REQUIRED if f not in found]
    if missing:
        raise _missing_columns(source, header, chosen, missing)
    return Columns(
        chosen.name if not maps else f"{chosen.name}+map",
        found,
        {f: [header[i] for i in idx] for f, idx in found.items()},
    )


def _check_fields(maps: Mapping[str, str]) -> None:
    """Every ``--map FIELD=…`` names a field."""
    for key in maps:
        if key not in FIELDS:
            raise UsageError(
                _("--map {field}=…: '{field}' is not a field; the fields are {fields}").format(
                    field=key, fields=", ".join(FIELDS)
                )
            )


def mapped_columns(
    maps: Mapping[str, str], position: Mapping[str, int], header: Sequence[str], source: str
) -> dict[str, list[int]]:
    """The column of each ``--map FIELD=COLUMN``; every column missing from the header is a
    problem (all reported at once)."""
    found: dict[str, list[int]] = {}
    problems: list[Diagnostic] = []
    for fld, column in maps.items():
        if norm_header(column) in position:
            found[fld] = [position[norm_header(column)]]
        else:
            problems.append(
                problem(
                    source,
                    1,
                    "missing-column",
                    _(
                        "--map {field}={column}: the file has no column '{column}'; "
                        "its columns are: {columns}"
                    ).format(field=fld, column=column, columns=", ".join(header)),
                )
            )
    if problems:
        raise InvalidExport(problems, hint=_("name a column of the header in --map FIELD=COLUMN"))
    return found


def _missing_columns(
    source: str, header: Sequence[str], chosen: Profile, missing: list[str]
) -> InvalidExport:
    """The error of a header that lacks required fields: what is needed, the closest
    profile and what it lacks, and the columns found."""
    wanted = "; ".join(
        _("{field} (e.g. {columns})").format(
            field=f, columns=_(" or ").join(repr(n) for n in chosen.columns.get(f, [])[:2]) or "?"
        )
        for f in missing
    )
    return refusal(
        source,
        1,
        "missing-column",
        _(
            "cannot tell which columns hold {missing}. salescoach needs "
            "one column each for {required}; the closest profile is "
            "{profile} ({title}), which lacks {wanted}. "
            "The columns found are: {columns}"
        ).format(
            missing=", ".join(missing),
            required=", ".join(REQUIRED),
            profile=chosen.name,
            title=chosen.title,
            wanted=wanted,
            columns=", ".join(header),
        ),
        hint=_(
            "name the columns with --map FIELD=COLUMN (e.g. --map owner='Sales Rep'), "
            "and choose a profile with --profile ({profiles})"
        ).format(profiles=", ".join(PROFILE_NAMES)),
    )


# ---------------------------------------------------------------- stages and owners


def stage_mapper(
    stages: Sequence[str], stage_map: Mapping[str, str], profile_stages: Mapping[str, str]
) -> dict[str, str]:
    """CRM stage (normalised) → a funnel stage, ``won`` or ``lost``. The repo's map wins,
    then the profile's defaults that name a stage of the repo (custom ``funnel.stages`` leave
    them out); every entry of the repo's map naming no stage is a problem of salescoach.yaml."""
    allowed = targets(stages)
    out: dict[str, str] = {}
    for s in allowed:
        out[norm(s)] = s
        out[norm(s.replace("-", " "))] = s
    out.update(
        {norm("closed_won"): WON, norm("closed_lost"): LOST, "closedwon": WON, "closedlost": LOST}
    )
    out.update({norm(k): v for k, v in profile_stages.items() if v in allowed})
    problems = [
        problem(
            SETTINGS_FILE,
            0,
            "bad-stage-map",
            _(
                "funnel.stage_map maps '{crm_stage}' to '{target}', which is not one of "
                "funnel.stages, won or lost ({allowed})"
            ).format(crm_stage=crm_stage, target=target, allowed=", ".join(allowed)),
        )
        for crm_stage, target in stage_map.items()
        if target not in allowed
    ]
    if problems:
        raise InvalidExport(
            problems,
            summary=_(
                "funnel.stage_map in salescoach.yaml maps {stages} "
                "to no funnel stage; nothing was imported"
            ).format(stages=plural(len(problems), "stage")),
            hint=_("map each CRM stage to one of {allowed}").format(allowed=", ".join(allowed)),
        )
    out.update({norm(k): v for k, v in stage_map.items()})
    return out


RepEntry = tuple[str, str, Sequence[str]] | tuple[str, str, Sequence[str], str | None]
"""(rep ID, name, crm_names) or (rep ID, name, crm_names, email) of a rep an owner can be."""


def owner_key(name: str) -> str:
    """An owner or rep name compared loosely: case, accents, commas and name order ignored
    ('BÍRÓ Márton', 'Marton Biro' and 'Bíró, Márton' are one key); an e-mail address
    compared case-insensitively."""
    if "@" in name:
        return name.strip().casefold()
    text = norm(name)
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(sorted(plain.replace(",", " ").split()))


@dataclass(frozen=True)
class OwnerMatch:
    """Which rep a CRM owner is: ``rep`` ('' for none), or the reps it could be
    (``ambiguous``), or an owner of ``funnel.ignore_owners`` (``ignored``)."""

    rep: str = ""
    ambiguous: tuple[str, ...] = ()
    ignored: bool = False


class OwnerIndex(Mapping[str, str]):
    """The reps an export's owners are matched to, built once per import. As a mapping:
    normalised CRM name or rep name → rep ID (an exact ``crm_names`` entry wins over another
    rep's name); ``match`` adds the loose keys (``owner_key``) of names, ``crm_names`` and
    e-mail addresses, and ``funnel.ignore_owners``."""

    def __init__(
        self,
        exact: Mapping[str, str],
        *,
        crm_names: Mapping[str, str] | None = None,
        loose: Mapping[str, tuple[str, ...]] | None = None,
        rep_names: Mapping[str, str] | None = None,
        ignored: Iterable[str] = (),
    ) -> None:
        self._exact = dict(exact)
        self._crm_names = dict(exact if crm_names is None else crm_names)
        self._loose = dict(loose or {})
        self.rep_names = dict(rep_names or {})
        """Rep ID → name (for messages and the did-you-mean)."""
        self._ignored = frozenset(owner_key(name) for name in ignored)

    def __getitem__(self, key: str) -> str:
        return self._exact[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._exact)

    def __len__(self) -> int:
        return len(self._exact)

    def match(self, owner: str) -> OwnerMatch:
        """The rep a CRM owner is: an exact ``crm_names`` entry, else the one rep whose
        name, CRM name or e-mail has its loose key (two or more: ambiguous)."""
        rep = self._crm_names.get(norm(owner))
        if rep:
            return OwnerMatch(rep)
        key = owner_key(owner)
        reps = self._loose.get(key, ())
        if len(reps) == 1:
            return OwnerMatch(reps[0])
        if reps:
            return OwnerMatch(ambiguous=reps)
        return OwnerMatch(ignored=bool(key) and key in self._ignored)

    def label(self, rep_id: str) -> str:
        """``'Kiss Anna' (kiss-anna)``: a rep as a message names them."""
        return f"'{self.rep_names.get(rep_id, rep_id)}' ({rep_id})"

    def closest(self, owner: str) -> list[str]:
        """The names of the reps closest to an owner (at most three), for a did-you-mean."""
        by_key: dict[str, str] = {}
        for rep_id, name in self.rep_names.items():
            by_key.setdefault(owner_key(name), rep_id)
        close = difflib.get_close_matches(owner_key(owner), list(by_key), n=3, cutoff=0.5)
        return [self.rep_names[by_key[k]] for k in close]


def owner_index(reps: Iterable[RepEntry], *, ignore: Iterable[str] = ()) -> OwnerIndex:
    """The owner index of an import, from each rep's (ID, name, crm_names[, email]) and the
    repo's ``funnel.ignore_owners``; a CRM name of two reps is a problem (a rep's plain name
    shared with another rep's CRM name is not). One rep ID in several entries (a rep who
    moved is listed by both managers) is one rep: their CRM names are all theirs."""
    exact: dict[str, str] = {}
    crm_names: dict[str, str] = {}
    loose: dict[str, tuple[str, ...]] = {}
    rep_names: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for rep_id, name, names, *email in reps:
        rep_names.setdefault(rep_id, name)
        for crm_name in [*names, name]:
            key = norm(crm_name)
            if key in exact and exact[key] != rep_id:
                if crm_name == name and crm_name not in names:
                    continue
                problems.append(_shared_crm_name(crm_name, exact[key], rep_id))
            exact.setdefault(key, rep_id)
        for crm_name in names:
            crm_names.setdefault(norm(crm_name), rep_id)
        for known in [*names, name, *(e for e in email if e)]:
            key = owner_key(known)
            if key and rep_id not in loose.get(key, ()):
                loose[key] = (*loose.get(key, ()), rep_id)
    if problems:
        raise InvalidExport(
            problems,
            summary=_("{names} of two reps; nothing was imported").format(
                names=plural(len(problems), "CRM name")
            ),
            hint=_("give each rep their own crm_names"),
        )
    return OwnerIndex(exact, crm_names=crm_names, loose=loose, rep_names=rep_names, ignored=ignore)


def _shared_crm_name(crm_name: str, first: str, second: str) -> Diagnostic:
    """The problem of a CRM name in the ``crm_names`` of two reps."""
    return problem(
        MANAGERS,
        0,
        "shared-crm-name",
        _(
            "the CRM name '{crm_name}' belongs to both '{first}' and '{second}' "
            "(crm_names in managers/)"
        ).format(crm_name=crm_name, first=first, second=second),
    )


class OwnerTally:
    """The owners of one export, row by row: the rep each is (looked up once per owner), the
    reps with deals, the owners who are no rep and the ignored ones (rows and first line),
    and the owners that could be several reps."""

    def __init__(self, index: Mapping[str, str], column: str) -> None:
        self.index = index if isinstance(index, OwnerIndex) else OwnerIndex(index)
        self.column = column
        self.with_deals: set[str] = set()
        self.unmatched: Counter[str] = Counter()
        """Owners who are no rep (nor ignored), with their number of rows."""
        self.ignored_rows = 0
        self.ambiguous: Counter[str] = Counter()
        self.first_line: dict[str, int] = {}
        self._seen: dict[str, tuple[str, OwnerMatch]] = {}

    def rep_of(self, raw: str, line: int) -> tuple[str, str]:
        """The owner's name (spaces tidied) and their rep ID ('' for none), counted."""
        try:
            owner, found = self._seen[raw]
        except KeyError:
            owner = " ".join(raw.split())
            owner, found = self._seen[raw] = (owner, self.index.match(owner))
        if found.rep:
            self.with_deals.add(found.rep)
        elif found.ignored:
            self.ignored_rows += 1
        else:
            label = owner or NO_OWNER
            (self.ambiguous if found.ambiguous else self.unmatched)[label] += 1
            self.first_line.setdefault(label, line)
        return owner, found.rep

    def refusal(self, source: str) -> InvalidExport | None:
        """The error of an export with owners that could be several reps, or in which no
        owner is a rep (there is nothing to count in any team); None if neither."""
        if self.ambiguous:
            return self._ambiguous_refused(source)
        if self.unmatched and not self.with_deals:
            return self._no_rep_refused(source)
        return None

    def _ambiguous_refused(self, source: str) -> InvalidExport:
        """The refusal of owners matching several reps: one diagnostic per owner."""
        found = dict(self._seen.values())
        problems = [
            problem(
                source,
                self.first_line[owner],
                "ambiguous-owner",
                _("the owner '{owner}' ({rows}) could be {reps} (column '{column}')").format(
                    owner=owner,
                    rows=plural(n, "row"),
                    reps=_(" or ").join(map(self.index.label, found[owner].ambiguous)),
                    column=self.column,
                ),
            )
            for owner, n in self.ambiguous.most_common()
        ]
        return InvalidExport(
            problems,
            summary=_("{owners} could be several reps; nothing was imported").format(
                owners=plural(len(problems), "owner")
            ),
            hint=_(
                "add each owner as the CRM writes it to the crm_names of the right rep in "
                "managers/ (an exact crm_names entry wins), then import again"
            ),
        )

    def _no_rep_refused(self, source: str) -> InvalidExport:
        """The refusal of an export in which no owner is a rep: one diagnostic per owner, with
        its rows and the closest rep names."""
        problems = [
            problem(source, self.first_line[owner], "unknown-owner", self._unknown(owner, n))
            for owner, n in self.unmatched.most_common()
        ]
        rows = sum(self.unmatched.values())
        if norm(self.column) in OWNER_ID_COLUMNS:
            return InvalidExport(
                problems,
                summary=_(
                    "no owner in {file} is a rep: the column '{column}' holds CRM user IDs, "
                    "not names ({owners}, {rows}); nothing was imported"
                ).format(
                    file=file_name(source),
                    column=self.column,
                    owners=plural(len(problems), "owner"),
                    rows=plural(rows, "row"),
                ),
                hint=_(
                    "export the owner's name instead (Salesforce Data Loader: Owner.Name in "
                    "the query), or add each ID to its rep's crm_names in managers/MANAGER.yaml"
                ),
            )
        return InvalidExport(
            problems,
            summary=_(
                "no owner in {file} is a rep ({owners}, {rows}); nothing was imported"
            ).format(
                file=file_name(source),
                owners=plural(len(problems), "owner"),
                rows=plural(rows, "row"),
            ),
            hint=_(
                "add each owner as the CRM writes it (a name or an e-mail address) to their "
                'rep\'s crm_names in managers/MANAGER.yaml, e.g. crm_names: ["Marton Biro"], or '
                "add the rep with salescoach rep add MANAGER NAME --crm-name NAME; list former "
                "reps and system users under funnel.ignore_owners in salescoach.yaml"
            ),
        )

    def _unknown(self, owner: str, rows: int) -> str:
        """The message of an owner who is no rep, with a did-you-mean."""
        if owner == NO_OWNER:
            return ngettext(
                "{rows} has no owner (column '{column}')",
                "{rows} have no owner (column '{column}')",
                rows,
            ).format(rows=plural(rows, "row"), column=self.column)
        close = self.index.closest(owner)
        if not close:
            return _("the owner '{owner}' ({rows}) is no rep; no rep's name is close").format(
                owner=owner, rows=plural(rows, "row")
            )
        return _("the owner '{owner}' ({rows}) is no rep; did you mean {names}?").format(
            owner=owner, rows=plural(rows, "row"), names=_(" or ").join(f"'{n}'" for n in close)
        )
