"""CRM activities imports on disk (``funnel/activities/<as-of>-<source>.csv``): storing a
parsed activities export (all or nothing, idempotent) and reading the stored files back.

(Skeleton: filled in by the activities work of issue 13.)
"""

from __future__ import annotations
