"""Hypothesis profiles for the hostile suite: quick by default, ``HYPOTHESIS_PROFILE=long`` for
a deep run (see docs/hardening.md)."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("long", max_examples=20_000, deadline=None)
if os.environ.get("HYPOTHESIS_PROFILE") == "long":
    settings.load_profile("long")
