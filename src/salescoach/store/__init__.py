"""Storage: finding a salescoach repository and reading its files into models, with diagnostics.

Reading never raises on bad data: every problem becomes a ``Diagnostic`` naming the file
(relative to the repository) and line. The package's modules, one job each:

- ``layout``: where the repository is and where its files lie (``Layout``, ``find_root``);
- ``reading``: one file's bytes, bounded, then one parse and one validation (``read_model``);
- ``validation``: pydantic's errors as diagnostics in the domain's words;
- ``loaders``: settings, managers, meetings and snapshots, one kind at a time;
- ``summaries``: the lean meetings and snapshots of whole-repo work, and their cache encoding;
- ``cache`` and ``index``: the never-trusted file cache and rep index in ``.salescoach-cache/``;
- ``repo``: the whole repository (``load_repo``) and ``locate``.

Other modules touch the disk too: ``writer`` and ``yamledit`` (every write), ``imports``
(stored CRM exports), ``scaffold`` (``init``) and ``gitops`` (commits). Callers write
``from salescoach import store`` and use the names below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salescoach.store.layout import (
    EARLIEST_DAY,
    ENV_REPO,
    LATEST_DAY,
    SETTINGS_FILE,
    Layout,
    day_in_range,
    find_root,
    require_day,
    require_id,
)
from salescoach.store.loaders import (
    find_rep_manager,
    latest_snapshots,
    load_manager,
    load_meeting,
    load_meetings,
    load_recent_meetings,
    load_settings,
    load_snapshot,
    manager_ids,
    meeting_dates,
    require_manager,
    require_managers,
    require_meetings,
    require_recent_meetings,
    require_settings,
    snapshot_dates,
)
from salescoach.store.reading import (
    folder_problems,
    parse_model,
    read_bytes,
    read_model,
    validate_node,
)
from salescoach.store.validation import known_keys, validation_diagnostics

if TYPE_CHECKING:  # whole-repo work only: loaded when first used (``__getattr__``)
    from salescoach.store.cache import checked_files
    from salescoach.store.repo import Progress, load_repo, locate
    from salescoach.store.summaries import (
        decode_snapshot,
        decode_summary,
        encode_snapshot,
        encode_summary,
        meeting_summary,
        snapshot_summary,
    )

_LAZY = {
    "checked_files": "cache",
    "Progress": "repo",
    "load_repo": "repo",
    "locate": "repo",
    **dict.fromkeys(
        (
            "decode_snapshot",
            "decode_summary",
            "encode_snapshot",
            "encode_summary",
            "meeting_summary",
            "snapshot_summary",
        ),
        "summaries",
    ),
}
"""Names of whole-repo work (``check``), imported when first used: a daily command that
reads one manager never loads the file cache, the summaries or the whole-repo loader."""


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'salescoach.store' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"salescoach.store.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "EARLIEST_DAY",
    "ENV_REPO",
    "LATEST_DAY",
    "SETTINGS_FILE",
    "Layout",
    "Progress",
    "checked_files",
    "day_in_range",
    "decode_snapshot",
    "decode_summary",
    "encode_snapshot",
    "encode_summary",
    "find_rep_manager",
    "find_root",
    "folder_problems",
    "known_keys",
    "latest_snapshots",
    "load_manager",
    "load_meeting",
    "load_meetings",
    "load_recent_meetings",
    "load_repo",
    "load_settings",
    "load_snapshot",
    "locate",
    "manager_ids",
    "meeting_dates",
    "meeting_summary",
    "parse_model",
    "read_bytes",
    "read_model",
    "require_day",
    "require_id",
    "require_manager",
    "require_managers",
    "require_meetings",
    "require_recent_meetings",
    "require_settings",
    "snapshot_dates",
    "snapshot_summary",
    "validate_node",
    "validation_diagnostics",
]
