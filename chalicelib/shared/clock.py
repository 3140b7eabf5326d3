"""The one clock: every "now" in Lapor comes from `now()` (domain functions take it as a parameter).

`LAPOR_CLOCK_OFFSET_DAYS` shifts that clock forward (or back) so a person can watch a deadline
pass in a demo without waiting days. It is honoured on the local stage only: deployed stages
always use the real time.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from chalicelib.shared import config

OFFSET_ENV = "LAPOR_CLOCK_OFFSET_DAYS"


def offset() -> timedelta:
    """The demo offset in effect (zero outside the local stage or when unset)."""
    raw = os.environ.get(OFFSET_ENV, "").strip()
    if not raw or not config.is_local():
        return timedelta(0)
    return timedelta(days=float(raw))


def now() -> datetime:
    """Aware UTC, with the local demo offset applied (local stage only)."""
    return datetime.now(timezone.utc) + offset()
