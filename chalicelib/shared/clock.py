"""The two clocks, and the only place Lapor reads the time (tests/shared/test_clock.py fails on a
direct `datetime.now()` / `time.time()` anywhere else in chalicelib).

- `now()` is the **domain clock**: deadlines, the timeline, the sweep, what a report shows. Domain
  functions take it as a parameter. `LAPOR_CLOCK_OFFSET_DAYS` shifts it forward (or back) so a
  person can watch a deadline pass in a demo without waiting days; it is honoured on the local
  stage only: deployed stages always use the real time.
- `real_now()` is the **wall clock**: whatever another party or AWS checks against its own real
  time must never move with the demo offset. Cognito token expiry and console sessions, webhook
  timestamps (receivers refuse ones more than minutes off), rate-limit windows, DynamoDB TTLs and
  upload claim windows. With an offset on the domain clock, those would expire every session at
  once, refuse every webhook, or keep throttled numbers throttled for days.

Measuring an interval (`time.monotonic()`, e.g. a cache's age) is neither and stays where it is.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.settings import settings
from chalicelib.shared import config

OFFSET_ENV = "LAPOR_CLOCK_OFFSET_DAYS"


def offset() -> timedelta:
    """The demo offset in effect (zero outside the local stage or when unset)."""
    days = settings().clock_offset_days
    if not days or not config.is_local():
        return timedelta(0)
    return timedelta(days=days)


def real_now() -> datetime:
    """The wall clock, aware UTC: never offset (sessions, tokens, webhooks, limits, TTLs)."""
    return datetime.now(UTC)


def now() -> datetime:
    """The domain clock, aware UTC, with the local demo offset applied (local stage only)."""
    return real_now() + offset()
