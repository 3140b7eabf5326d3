"""Counters with a window (per-reporter notification limits, SMS flood throttling) and short-lived
markers (a repeated SMS). One conditional UpdateItem each: correct under concurrency, no reads."""
from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import PutError, UpdateError

from chalicelib.shared import clock
from chalicelib.store.models import CounterRecord


def _window_key(name: str, window_seconds: int, now: float) -> tuple[str, int]:
    start = int(now // window_seconds) * window_seconds
    return f"{name}@{start}", start + window_seconds


def _real(now: float | None) -> float:
    """Windows and TTLs are wall-clock (rates of real messages; DynamoDB expires by real time)."""
    return now if now is not None else clock.real_now().timestamp()


def take(name: str, limit: int, window_seconds: int, now: float | None = None) -> int | None:
    """Count one more in the current window. Returns the new count, or None when the window's
    limit was already reached (nothing counted)."""
    key, ends = _window_key(name, window_seconds, _real(now))
    try:
        record = CounterRecord(key)
        record.update(actions=[CounterRecord.count.add(1), CounterRecord.expires.set(_epoch(ends + 3600))],
                      condition=CounterRecord.count.does_not_exist() | (CounterRecord.count < limit))
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return int(record.count)


def bump(name: str, window_seconds: int, now: float | None = None) -> int:
    """Count one more without a limit; returns the count in the current window."""
    key, ends = _window_key(name, window_seconds, _real(now))
    record = CounterRecord(key)
    record.update(actions=[CounterRecord.count.add(1), CounterRecord.expires.set(_epoch(ends + 3600))])
    return int(record.count)


def mark_once(name: str, value: str, ttl_seconds: int, now: float | None = None) -> str | None:
    """Set marker `name` -> `value` unless a live one exists. Returns None when set, else the
    existing marker's value (TTL deletion is lazy, so expiry is checked in the condition)."""
    moment = _real(now)
    record = CounterRecord(name, value=value, count=1)
    record.expires = _epoch(moment + ttl_seconds)
    try:
        record.save(condition=CounterRecord.counter_key.does_not_exist()
                    | (CounterRecord.expires < _epoch(moment)))
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            existing = CounterRecord.get(name, consistent_read=True)
            return existing.value or ""
        raise
    return None


def set_value(name: str, value: str) -> None:
    CounterRecord(name).update(actions=[CounterRecord.value.set(value)])


def _epoch(seconds: float) -> datetime:  # TTLAttribute takes datetimes
    return datetime.fromtimestamp(int(seconds), tz=UTC)


def clear(name: str) -> None:
    """Remove marker `name` (a claim whose work failed, so the retry may claim it again)."""
    CounterRecord(name).delete()
