"""How an export maps onto salescoach: which column holds each field, which funnel stage
(or won/lost) each CRM stage is, and which rep each CRM owner is.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from salescoach.crm.problems import InvalidExport, problem, refusal
from salescoach.crm.profiles import (
    FIELDS,
    MEETINGS,
    PROFILE_NAMES,
    PROFILES,
    PROPOSALS,
    PROSPECTS,
    REQUIRED,
    Profile,
    candidates,
    closest_profile,
    header_positions,
)
from salescoach.crm.values import norm, norm_header
from salescoach.diagnostics import Diagnostic
from salescoach.errors import UsageError
from salescoach.formats import plural
from salescoach.models import LOST, WON

SETTINGS_FILE = "salescoach.yaml"
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
    mapped = _mapped_columns(
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
                f"--map {key}=…: '{key}' is not a field; the fields are {', '.join(FIELDS)}"
            )


def _mapped_columns(
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
                    f"--map {fld}={column}: the file has no column '{column}'; "
                    f"its columns are: {', '.join(header)}",
                )
            )
    if problems:
        raise InvalidExport(problems, hint="name a column of the header in --map FIELD=COLUMN")
    return found


def _missing_columns(
    source: str, header: Sequence[str], chosen: Profile, missing: list[str]
) -> InvalidExport:
    """The error of a header that lacks required fields: what is needed, the closest
    profile and what it lacks, and the columns found."""
    wanted = "; ".join(
        f"{f} (e.g. {' or '.join(repr(n) for n in chosen.columns.get(f, [])[:2]) or '?'})"
        for f in missing
    )
    return refusal(
        source,
        1,
        "missing-column",
        f"cannot tell which columns hold {', '.join(missing)}. salescoach needs "
        f"one column each for {', '.join(REQUIRED)}; the closest profile is "
        f"{chosen.name} ({chosen.title}), which lacks {wanted}. "
        f"The columns found are: {', '.join(header)}",
        hint="name the columns with --map FIELD=COLUMN (e.g. --map owner='Sales Rep'), "
        f"and choose a profile with --profile ({', '.join(PROFILE_NAMES)})",
    )


# ---------------------------------------------------------------- stages and owners


def targets(stages: Sequence[str]) -> list[str]:
    """What a CRM stage can be mapped to: a funnel stage, won or lost."""
    return list(dict.fromkeys([*stages, WON, LOST]))


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
    out.update({"closed won": WON, "closed lost": LOST, "closedwon": WON, "closedlost": LOST})
    out.update({norm(k): v for k, v in profile_stages.items() if v in allowed})
    problems = [
        problem(
            SETTINGS_FILE,
            0,
            "bad-stage-map",
            f"funnel.stage_map maps '{crm_stage}' to '{target}', which is not one of "
            f"funnel.stages, won or lost ({', '.join(allowed)})",
        )
        for crm_stage, target in stage_map.items()
        if target not in allowed
    ]
    if problems:
        raise InvalidExport(
            problems,
            summary=f"funnel.stage_map in salescoach.yaml maps {plural(len(problems), 'stage')} "
            "to no funnel stage; nothing was imported",
            hint="map each CRM stage to one of " + ", ".join(allowed),
        )
    out.update({norm(k): v for k, v in stage_map.items()})
    return out


def owner_index(reps: Iterable[tuple[str, str, Sequence[str]]]) -> dict[str, str]:
    """Normalised CRM name → rep ID, from (rep ID, name, crm_names); a CRM name of two reps
    is a problem (a rep's plain name shared with another rep's CRM name is not). One rep ID
    in several entries (a rep who moved is listed by both managers) is one rep: their CRM
    names are all theirs."""
    out: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for rep_id, name, crm_names in reps:
        for crm_name in [*crm_names, name]:
            key = norm(crm_name)
            if key in out and out[key] != rep_id:
                if crm_name == name and crm_name not in crm_names:
                    continue
                problems.append(
                    problem(
                        MANAGERS,
                        0,
                        "shared-crm-name",
                        f"the CRM name '{crm_name}' belongs to both '{out[key]}' and "
                        f"'{rep_id}' (crm_names in managers/)",
                    )
                )
            out.setdefault(key, rep_id)
    if problems:
        raise InvalidExport(
            problems,
            summary=f"{plural(len(problems), 'CRM name')} of two reps; nothing was imported",
            hint="give each rep their own crm_names",
        )
    return out


# ---------------------------------------------------------------- unmapped stages

_LEVELS = (PROSPECTS, MEETINGS, PROPOSALS)
_KEYWORDS = (
    (LOST, ("lost", "lose", "abandon", "disqualif", "dead", "cancel", "reject", "churn")),
    (WON, ("won", "win", "signed", "booked")),
    (PROPOSALS, ("propos", "negotiat", "contract", "quote", "offer", "commit")),
    (MEETINGS, ("meet", "demo", "present", "discover", "analysis", "develop", "engag")),
)


def unmapped_stages_hint(unknown: Counter[str], stages: Sequence[str]) -> str:
    """The hint of an export with unmapped stages: their row counts, what they can map to,
    and a ``stage_map:`` block to paste under ``funnel:`` with a best guess for each."""
    listed = ", ".join(f"'{s}' ({plural(n, 'row')})" for s, n in unknown.most_common(10))
    block = "\n".join(
        f"    {json.dumps(s, ensure_ascii=False)}: {guess_stage(s, stages)}  # {plural(n, 'row')}"
        for s, n in sorted(unknown.items(), key=lambda item: (-item[1], item[0]))
    )
    return (
        f"unmapped stages: {listed}. Map each in salescoach.yaml under funnel.stage_map "
        f"to one of: {', '.join(targets(stages))}. "
        "To paste under funnel: (each a guess: check it)\n"
        f"  stage_map:\n{block}"
    )


def guess_stage(crm_stage: str, stages: Sequence[str]) -> str:
    """A best guess of the funnel stage (or won/lost) a CRM stage is: what a known CRM's
    default pipeline or the stage's words say, if the repo has that stage; else the closest
    stage name; else that level's place among the repo's stages; else the first stage."""
    key = norm(crm_stage)
    open_stages = [s for s in stages if s not in (WON, LOST)] or list(stages)
    known = next((p.stages[k] for p in PROFILES for k in p.stages if norm(k) == key), None)
    level = known or next(
        (target for target, words in _KEYWORDS if any(w in key for w in words)), None
    )
    if level in (WON, LOST) or level in stages:
        return str(level)
    close = difflib.get_close_matches(key, open_stages, n=1, cutoff=0.6)
    if close:
        return close[0]
    if level in _LEVELS:
        position = _LEVELS.index(level) * (len(open_stages) - 1) / (len(_LEVELS) - 1)
        return open_stages[round(position)]
    return open_stages[0]
