"""Reads for the deadline sweep: which reports are due, found through the sparse, sharded
KEYS_ONLY indexes (due-index by deadline, referral-index by Ombudsman referral time).

Every read asks DynamoDB for its consumed capacity and adds it to an optional `ReadCapacity`,
so the sweep (and its benchmark) can show that its cost follows the number of due reports and
not the size of the table. The queries go through boto3 because PynamoDB's query iterator does
not expose the consumed capacity of each page.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chalicelib.domain.model import Report
from chalicelib.shared.aws import client
from chalicelib.store.keys import DUE_SHARDS, sortable
from chalicelib.store.models import ReportRecord
from chalicelib.store.reports import from_record

_AFTER_ANY_ID = "~"  # sorts after every tracking id, so `<= "<moment>#~"` includes that moment


@dataclass
class ReadCapacity:
    """Read capacity units consumed, per operation kind (thread-safe)."""

    units: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, operation: str, consumed: Any) -> None:
        entries = consumed if isinstance(consumed, list) else [consumed] if consumed else []
        total = sum(float(entry.get("CapacityUnits", 0)) for entry in entries)
        with self._lock:
            self.units[operation] = self.units.get(operation, 0.0) + total
            self.calls[operation] = self.calls.get(operation, 0) + 1

    @property
    def total(self) -> float:
        return sum(self.units.values())


def _query_shards(index: str, shard_attr: str, sort_attr: str, upto: datetime, limit: int,
                  capacity: ReadCapacity | None) -> Iterator[str]:
    dynamodb = client("dynamodb")
    bound = f"{sortable(upto)}#{_AFTER_ANY_ID}"
    remaining = limit
    for shard in range(DUE_SHARDS):
        request: dict[str, Any] = {
            "TableName": ReportRecord.Meta.table_name,
            "IndexName": index,
            "KeyConditionExpression": "#shard = :shard AND #sort <= :bound",
            "ExpressionAttributeNames": {"#shard": shard_attr, "#sort": sort_attr},
            "ExpressionAttributeValues": {":shard": {"S": str(shard)}, ":bound": {"S": bound}},
            "ReturnConsumedCapacity": "TOTAL",
        }
        while remaining > 0:
            page = dynamodb.query(**request, Limit=min(remaining, 1000))
            if capacity is not None:
                capacity.add("Query", page.get("ConsumedCapacity"))
            for item in page.get("Items", []):
                remaining -= 1
                yield item["tracking_id"]["S"]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def due_tracking_ids(horizon: datetime, limit: int, capacity: ReadCapacity | None = None) -> list[str]:
    """Open reports whose current deadline is at or before `horizon` and still needs the sweep."""
    return list(_query_shards("due-index", "due_shard", "due_sort", horizon, limit, capacity))


def referral_tracking_ids(now: datetime, limit: int, capacity: ReadCapacity | None = None) -> list[str]:
    """Open complaints whose Ombudsman referral moment is at or before `now`."""
    return list(_query_shards("referral-index", "referral_shard", "referral_sort", now, limit, capacity))


def get_reports(tracking_ids: Iterable[str], capacity: ReadCapacity | None = None) -> dict[str, Report]:
    """The reports with these ids (eventually consistent: the effects re-read consistently)."""
    ids = list(dict.fromkeys(tracking_ids))
    found: dict[str, Report] = {}
    dynamodb = client("dynamodb")
    table = ReportRecord.Meta.table_name
    for start in range(0, len(ids), 100):
        keys: list[dict[str, Any]] = [{"tracking_id": {"S": tid}} for tid in ids[start:start + 100]]
        while keys:
            page = dynamodb.batch_get_item(RequestItems={table: {"Keys": keys}}, ReturnConsumedCapacity="TOTAL")
            if capacity is not None:
                capacity.add("BatchGetItem", page.get("ConsumedCapacity"))
            for item in page.get("Responses", {}).get(table, []):
                record = ReportRecord.from_raw_data(item)
                found[record.tracking_id] = from_record(record)
            keys = page.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
    return found
