"""The operator's model pin: which kept model version the router reads texts with (None: the newest
shipped one). One item in the counters table, written by `lapor-ops model pin`, read by the router at
most once a minute per process, so a rollback takes effect within a minute and costs no deploy."""
from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist

from chalicelib.shared import clock
from chalicelib.store.models import CounterRecord

PIN_KEY = "model#pin"
CACHE_SECONDS = 60
_cached: tuple[datetime, str | None] | None = None


def pinned(fresh: bool = False) -> str | None:
    """The pinned version, or None for the newest."""
    global _cached
    now = clock.real_now()
    if not fresh and _cached is not None and (now - _cached[0]).total_seconds() < CACHE_SECONDS:
        return _cached[1]
    try:
        value = CounterRecord.get(PIN_KEY, consistent_read=True).value or None
    except DoesNotExist:
        value = None
    _cached = (now, value)
    return value


def pin(version: str | None) -> None:
    """Pin `version` (None: unpin, route with the newest). The caller checks the version is shipped."""
    global _cached
    if version:
        CounterRecord(PIN_KEY, value=version, count=0).save()
    else:
        CounterRecord(PIN_KEY).delete()
    _cached = None
