"""The statistics table: counting one timeline event exactly once, and reading figures by key.

Counting is one transaction: a marker item for the event (written only if absent) plus an atomic
ADD on every (scope, month) item the event counts in. A redelivered stream record finds its
marker and changes nothing; a crash before commit leaves nothing half-counted.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Iterable, Optional

from pynamodb.exceptions import TransactWriteError

from chalicelib.shared import clock
from chalicelib.store.conditional import new_transaction
from chalicelib.stats.measures import ALL_KINDS, ALL_MONTHS, Contribution, all_fields, kind_of, scopes
from chalicelib.store.models import StatisticsRecord

MARKER_DAYS = 30  # longer than any stream retention (24 h) and Lambda's retries of a batch
_ATTEMPTS = 6
_FIELDS = frozenset(all_fields())




def marker_scope(tracking_id: str) -> str:
    return f"EVT#{tracking_id}"


def count_event(tracking_id: str, seq: int, found: Contribution, now: Optional[datetime] = None) -> bool:
    """Add `found` once for event (tracking_id, seq). False when it was already counted."""
    moment = now or clock.now()
    marker = StatisticsRecord(marker_scope(tracking_id), f"{seq:06d}", expires=moment + timedelta(days=MARKER_DAYS))
    for attempt in range(_ATTEMPTS):
        try:
            with new_transaction() as transaction:
                transaction.save(marker, condition=StatisticsRecord.scope.does_not_exist())
                for scope, kind in scopes(found):
                    for month in (found.month, ALL_MONTHS):
                        actions = [getattr(StatisticsRecord, name).add(value) for name, value in found.counts.items()]
                        actions.append(StatisticsRecord.league_key.set(f"{kind}#{month}"))
                        transaction.update(StatisticsRecord(scope, month), actions=actions)
            return True
        except TransactWriteError as error:
            reasons = [getattr(r, "code", None) for r in (error.cancellation_reasons or []) if r is not None]
            if reasons and reasons[0] == "ConditionalCheckFailed":
                return False  # the marker exists: this event was counted before
            if attempt == _ATTEMPTS - 1 or not any(code == "TransactionConflict" for code in reasons):
                raise
            time.sleep(0.05 * 2 ** attempt)  # another event updated the same counters at once
    return False


def counters(record: StatisticsRecord) -> dict[str, float]:
    out = {}
    for name in _FIELDS:
        value = getattr(record, name, None)
        if value is not None:
            out[name] = float(value)
    return out


def months_of(scope: str) -> dict[str, dict[str, float]]:
    """Every month's counters (and ALL) of one scope: one Query of its partition."""
    return {record.month: counters(record) for record in StatisticsRecord.query(scope)}


def one(scope: str, month: str) -> dict[str, float]:
    found = list(StatisticsRecord.query(scope, StatisticsRecord.month == month))
    return counters(found[0]) if found else {}


def league(kind: str, month: str) -> list[tuple[str, dict[str, float]]]:
    """Every scope of `kind` with figures in `month` (or ALL): one Query of the league index."""
    return [(record.scope, counters(record))
            for record in StatisticsRecord.league_index.query(f"{kind}#{month}")]


def replace_all(items: dict[tuple[str, str], dict[str, float]], stale: Iterable[tuple[str, str]]) -> None:
    """The rebuild's write: put recomputed items whole and delete items the timeline no longer
    supports. Markers are left alone (redelivered events stay counted once)."""
    with StatisticsRecord.batch_write() as batch:
        for (scope, month), values in items.items():
            record = StatisticsRecord(scope, month, league_key=f"{kind_of(scope)}#{month}")
            for name, value in values.items():
                setattr(record, name, value)
            batch.save(record)
        for scope, month in stale:
            batch.delete(StatisticsRecord(scope, month))


def stored_items(months: Iterable[str]) -> dict[tuple[str, str], dict[str, float]]:
    """Every stored statistics item of `months` (and ALL), one league-index Query per kind and
    month: what the rebuild compares with its recomputation."""
    out: dict[tuple[str, str], dict[str, float]] = {}
    for kind in ALL_KINDS:
        for month in [*months, ALL_MONTHS]:
            for scope, values in league(kind, month):
                out[(scope, month)] = values
    return out


