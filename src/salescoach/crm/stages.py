"""CRM stages the repository does not map: what each can be mapped to, a best guess for
each, and the hint that lists them with a ``stage_map:`` block to paste."""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Sequence

from salescoach.crm.profiles import MEETINGS, PROFILES, PROPOSALS, PROSPECTS
from salescoach.crm.values import norm
from salescoach.formats import plural
from salescoach.i18n import _
from salescoach.models import LOST, WON


def targets(stages: Sequence[str]) -> list[str]:
    """What a CRM stage can be mapped to: a funnel stage, won or lost."""
    return list(dict.fromkeys([*stages, WON, LOST]))


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
        _(
            "unmapped stages: {listed}. Map each in salescoach.yaml under funnel.stage_map "
            "to one of: {targets}. To paste under funnel: (each a guess: check it)"
        ).format(listed=listed, targets=", ".join(targets(stages)))
        + "\n  "
        + "stage_map:"
        + "\n"
        + block
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
