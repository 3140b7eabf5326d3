"""Support ("dukung") counts: each supporter counted exactly once per report, even when the same
request is retried, and within hourly limits (buckets) the caller names.

One transaction: the supporter's item written only if absent, the report's count ADDed, and each
bucket's hourly counter ADDed only while under its limit. A retried request finds its supporter
item and changes nothing; a request over any limit changes nothing either.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from chalicelib.store.conditional import new_transaction
from chalicelib.store.models import SupportRecord

COUNT = "#COUNT"


@dataclass(frozen=True)
class Bucket:
    """An hourly limit: `key` names who is counted (a device, an address on one report)."""

    kind: str
    key: str
    limit_per_hour: int


class RateLimited(Exception):
    """A bucket (`kind`) already gave its hourly number of supports."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def add(tracking_id: str, supporter_hash: str, buckets: Sequence[Bucket], now: datetime) -> bool:
    """Count this supporter once. True when counted now, False when it was counted before;
    RateLimited when a bucket is over its hourly limit."""
    hour = now.strftime("%Y-%m-%dT%H")
    try:
        with new_transaction() as transaction:
            transaction.save(SupportRecord(tracking_id, supporter_hash, created_at=now),
                             condition=SupportRecord.supporter.does_not_exist())
            transaction.update(SupportRecord(tracking_id, COUNT), actions=[SupportRecord.count.add(1)])
            for bucket in buckets:
                transaction.update(SupportRecord(f"{bucket.kind}#{bucket.key}", hour),
                                   actions=[SupportRecord.count.add(1),
                                            SupportRecord.expires.set(now + timedelta(hours=2))],
                                   condition=SupportRecord.count.does_not_exist()
                                   | (SupportRecord.count < bucket.limit_per_hour))
    except TransactWriteError as error:
        reasons = [getattr(r, "code", None) for r in (error.cancellation_reasons or [])]
        if reasons and reasons[0] == "ConditionalCheckFailed":
            return False
        for bucket, reason in zip(buckets, reasons[2:]):
            if reason == "ConditionalCheckFailed":
                raise RateLimited(bucket.kind) from None
        raise
    return True


def has_supported(tracking_id: str, supporter_hash: str) -> bool:
    try:
        SupportRecord.get(tracking_id, supporter_hash)
    except DoesNotExist:
        return False
    return True


def count(tracking_id: str) -> int:
    return counts([tracking_id]).get(tracking_id, 0)


def counts(tracking_ids: Iterable[str]) -> dict[str, int]:
    """Support counts of many reports in batched reads (0 when nobody supported)."""
    ids = list(dict.fromkeys(tracking_ids))
    found = {r.tracking_id: int(r.count or 0) for r in SupportRecord.batch_get([(i, COUNT) for i in ids])} if ids else {}
    return {i: found.get(i, 0) for i in ids}
