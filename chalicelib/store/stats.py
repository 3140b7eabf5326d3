"""The statistics table: counting one timeline event exactly once, and reading figures by key.

Counting is one transaction: a marker item for the event (written only if absent) plus an atomic
ADD on every (scope, month) item the event counts in. A redelivered stream record finds its
marker and changes nothing; a crash before commit leaves nothing half-counted. The all-time
figures of the country and of an agency within a region are not stored: they are summed from the
months of the partition their readers query anyway (measures.SUMMED_KINDS).
"""
from __future__ import annotations

import math
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from pynamodb.exceptions import TransactWriteError

from chalicelib.domain.measures import (
    ALL_KINDS,
    ALL_MONTHS,
    SUMMED_KINDS,
    Contribution,
    all_fields,
    kind_of,
    periods,
    scopes,
)
from chalicelib.shared import clock
from chalicelib.store.conditional import new_transaction
from chalicelib.store.models import StatisticsRecord

MARKER_DAYS = 30  # longer than any stream retention (24 h) and Lambda's retries of a batch
_ATTEMPTS = 6
_FIELDS = frozenset(all_fields())




def marker_scope(tracking_id: str) -> str:
    return f"EVT#{tracking_id}"


def count_event(tracking_id: str, seq: int, found: Contribution, now: datetime | None = None) -> bool:
    """Add `found` once for event (tracking_id, seq). False when it was already counted."""
    return count_events([(tracking_id, seq, found)], now) == 1


Counted = tuple[str, int, Contribution]  # (tracking_id, seq, what the event adds)
MAX_TRANSACTION_ITEMS = 100  # DynamoDB's limit


def count_events(events: Iterable[Counted], now: datetime | None = None) -> int:
    """Add each event once, in as few transactions as the 100-item limit allows: one marker per
    event plus one ADD per (scope, month) that any of them counts in, summed. A stream batch of a
    campaign's reports shares most scopes (the country, provinces, categories), so a batch costs a
    few transactions instead of one per event with a dozen updates each. Returns how many events
    were newly counted (an event whose marker exists was counted before and adds nothing)."""
    moment = now or clock.now()
    unique = list({(tracking_id, seq): (tracking_id, seq, found) for tracking_id, seq, found in events}.values())
    return sum(_count_chunk(chunk, moment) for chunk in _chunks(unique))


def _updates(found: Contribution) -> set[tuple[str, str, str]]:
    return {(scope, period, kind) for scope, kind in scopes(found) for period in periods(kind, found.month)}


def _chunks(events: list[Counted]) -> Iterable[list[tuple[Counted, set[tuple[str, str, str]]]]]:
    """The events, each with the counters it adds to, cut where a transaction would pass 100 items."""
    chunk: list[tuple[Counted, set[tuple[str, str, str]]]] = []
    updates: set[tuple[str, str, str]] = set()
    for event in events:
        more = _updates(event[2])
        if chunk and len(chunk) + 1 + len(updates | more) > MAX_TRANSACTION_ITEMS:
            yield chunk
            chunk, updates = [], set()
        chunk.append((event, more))
        updates |= more
    if chunk:
        yield chunk


def _count_chunk(chunk: list[tuple[Counted, set[tuple[str, str, str]]]], moment: datetime) -> int:
    remaining = list(chunk)
    for attempt in range(_ATTEMPTS):
        if not remaining:
            return 0
        sums: dict[tuple[str, str, str], dict[str, float]] = {}
        for (_, _, found), keys in remaining:
            for key in keys:
                totals = sums.setdefault(key, {})
                for name, value in found.counts.items():
                    totals[name] = totals.get(name, 0) + value
        try:
            with new_transaction() as transaction:
                for (tracking_id, seq, _), _ in remaining:
                    marker = StatisticsRecord(marker_scope(tracking_id), f"{seq:06d}",
                                              expires=moment + timedelta(days=MARKER_DAYS))
                    transaction.save(marker, condition=StatisticsRecord.scope.does_not_exist())
                for (scope, month, kind), totals in sums.items():
                    actions = [getattr(StatisticsRecord, name).add(value) for name, value in totals.items()]
                    actions.append(StatisticsRecord.league_key.set(f"{kind}#{month}"))
                    transaction.update(StatisticsRecord(scope, month), actions=actions)
            return len(remaining)
        except TransactWriteError as error:
            reasons = [getattr(r, "code", None) for r in (error.cancellation_reasons or [])]
            seen = {i for i, code in enumerate(reasons[:len(remaining)]) if code == "ConditionalCheckFailed"}
            if seen:  # a retried batch: leave out the events counted before and count the rest
                remaining = [event for i, event in enumerate(remaining) if i not in seen]
                continue
            if attempt == _ATTEMPTS - 1 or not any(code == "TransactionConflict" for code in reasons):
                raise
            time.sleep(0.05 * 2 ** attempt)  # another batch updated the same counters at once
    raise RuntimeError("statistics: events still uncounted after retries")  # the stream retries the batch


def counters(record: StatisticsRecord) -> dict[str, float]:
    out = {}
    for name in _FIELDS:
        value = getattr(record, name, None)
        if value is not None:
            out[name] = float(value)
    return out


def summed(series: Iterable[dict[str, float]]) -> dict[str, float]:
    """Counters added up over months: what an all-time item would hold. Every stored value is a
    whole count or an hour sum kept to three decimals, so rounding to three gives the exact total."""
    totals: dict[str, list[float]] = {}
    for values in series:
        for name, value in values.items():
            totals.setdefault(name, []).append(value)
    return {name: round(math.fsum(values), 3) for name, values in totals.items()}


def months_of(scope: str) -> dict[str, dict[str, float]]:
    """Every month's counters (and ALL) of one scope: one Query of its partition. For a kind whose
    all-time item is not stored (SUMMED_KINDS), ALL is the sum of the months; an ALL item left
    from before is ignored (the months hold every event since, it does not)."""
    series = {record.month: counters(record) for record in StatisticsRecord.query(scope)}
    if kind_of(scope) in SUMMED_KINDS:
        series.pop(ALL_MONTHS, None)
        if series:
            series[ALL_MONTHS] = summed(series.values())
    return series


def one(scope: str, month: str) -> dict[str, float]:
    if month == ALL_MONTHS and kind_of(scope) in SUMMED_KINDS:
        return months_of(scope).get(ALL_MONTHS, {})
    found = list(StatisticsRecord.query(scope, StatisticsRecord.month == month))
    return counters(found[0]) if found else {}


def league(kind: str, month: str) -> list[tuple[str, dict[str, float]]]:
    """Every scope of `kind` with figures in `month` (or ALL): one Query of the league index. All
    time of a kind in SUMMED_KINDS is summed from its months: the country's from its own partition
    (one Query), an agency-within-region's from the league index of each month with figures."""
    if month != ALL_MONTHS or kind not in SUMMED_KINDS:
        return _indexed(kind, month)
    if kind == "national":
        total = months_of("national").get(ALL_MONTHS)
        return [("national", total)] if total else []
    by_scope: dict[str, list[dict[str, float]]] = {}
    for counted in sorted(set(months_of("national")) - {ALL_MONTHS}):
        for scope, values in _indexed(kind, counted):
            by_scope.setdefault(scope, []).append(values)
    return [(scope, summed(series)) for scope, series in sorted(by_scope.items())]


def _indexed(kind: str, month: str) -> list[tuple[str, dict[str, float]]]:
    """The items the league index holds for `kind` in `month`, as stored."""
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
    month: what the rebuild compares with its recomputation (an ALL item of a summed kind, left
    from before those were summed, shows as stale, and a written rebuild deletes it)."""
    out: dict[tuple[str, str], dict[str, float]] = {}
    for kind in ALL_KINDS:
        for month in [*months, ALL_MONTHS]:
            for scope, values in _indexed(kind, month):
                out[(scope, month)] = values
    return out


