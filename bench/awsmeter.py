"""An in-process moto server with a metering WSGI layer: counts every AWS request by operation
and prices DynamoDB requests in capacity units by DynamoDB's documented sizing rules (moto's own
ReturnConsumedCapacity is a constant per call, so it is not used for the figures).

Rules applied to the real request and response bodies (the meter keeps the last image of every
item it saw written, because several rules depend on what a write replaces):
- a write costs ceil(KB) of the larger of the old and the new item; in a transaction twice that
  (DynamoDB prepares and commits each item); a delete costs the old item's size.
- each global secondary index costs what it must do, sized by the index entry (the projected
  attributes): a new entry 1 write, a changed index key 2 (delete the old entry, put the new),
  a removed entry 1, an unchanged key 1 only when a projected attribute changed, else nothing.
  Index maintenance is asynchronous and billed as ordinary writes, in or out of a transaction.
- read: ceil(bytes / 4 KB), halved when eventually consistent (queries: summed over items).
`minimum_wcu` is what the same base-table writes would cost with no index at all: the floor the
data written (and its atomicity) requires, against which the bench compares the lifecycle.
"""
from __future__ import annotations

import io
import json
import math
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from laportools.local.aws_endpoint import LocalAwsEndpoint


def _value_size(value: dict[str, Any]) -> int:
    (kind, inner), = value.items()
    if kind in ("S", "B"):
        return len(str(inner).encode("utf-8"))
    if kind == "N":
        return len(str(inner).lstrip("-").replace(".", "")) // 2 + 1
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "M":
        return 3 + sum(len(k.encode()) + _value_size(v) + 1 for k, v in inner.items())
    if kind == "L":
        return 3 + sum(_value_size(v) + 1 for v in inner)
    if kind in ("SS", "NS", "BS"):
        return sum(len(str(x)) for x in inner)
    return 1


def item_size(item: dict[str, Any]) -> int:
    return sum(len(name.encode("utf-8")) + _value_size(value) for name, value in item.items())


@dataclass(frozen=True)
class IndexSpec:
    """One global secondary index as the meter needs it."""
    name: str
    keys: tuple[str, ...]  # the index's hash (and range) key attributes
    projection: str  # ALL, KEYS_ONLY or INCLUDE
    non_key: tuple[str, ...] = ()


def _units(size: int) -> int:
    return math.ceil(max(size, 1) / 1024)


class Meter:
    def __init__(self, indexes: dict[str, list[IndexSpec]], table_keys: dict[str, tuple[str, ...]] | None = None) -> None:
        """`indexes`: table name -> its global secondary indexes; `table_keys`: table name ->
        its primary key attributes (learned from writes when not given)."""
        self.indexes = indexes
        self.table_keys = table_keys or {}
        self.requests: Counter[str] = Counter()
        self.rcu = 0.0
        self.wcu = 0.0
        self.minimum_wcu = 0.0
        self._images: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()

    def image_count(self) -> int:
        return len(self._images)

    def stored_bytes_per_report(self, since: int = 0) -> dict[str, float]:
        """Average stored bytes per report, by table, as DynamoDB bills storage: each item's size
        plus 100 bytes, and each index entry's projected size plus 100 bytes. Computed from the
        last images of the items first written after the `since`-th (see `image_count`)."""
        with self._lock:
            images = list(self._images.items())[since:]
            reports = [k for k, _ in images if k[0].endswith("-reports")]
            if not reports:
                return {}
            totals: Counter[str] = Counter()
            for (table, _), item in images:
                size = item_size(item) + 100
                for index in self.indexes.get(table, []):
                    if all(k in item for k in index.keys):
                        size += item_size(self._entry(table, index, item)) + 100
                totals[table.rsplit("-", 1)[-1]] += size
            return {name: round(total / len(reports), 1) for name, total in sorted(totals.items())
                    if name in ("reports", "timeline", "contacts", "idempotency")}

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.rcu = self.wcu = self.minimum_wcu = 0.0

    def _key(self, table: str, item: dict[str, Any]) -> tuple[str, str]:
        names = self.table_keys.get(table) or tuple(sorted(item))[:1]
        return table, json.dumps({n: item.get(n) for n in names}, sort_keys=True)

    def _entry(self, table: str, index: IndexSpec, item: dict[str, Any]) -> dict[str, Any]:
        if index.projection == "ALL":
            return item
        wanted = set(self.table_keys.get(table, ())) | set(index.keys) | set(index.non_key)
        return {name: value for name, value in item.items() if name in wanted}

    def _index_units(self, table: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> float:
        units = 0.0
        for index in self.indexes.get(table, []):
            was = old is not None and all(k in old for k in index.keys)
            now = new is not None and all(k in new for k in index.keys)
            if was and now:
                old_entry, new_entry = self._entry(table, index, old), self._entry(table, index, new)  # type: ignore[arg-type]
                if any(old.get(k) != new.get(k) for k in index.keys):  # type: ignore[union-attr]
                    units += _units(item_size(old_entry)) + _units(item_size(new_entry))
                elif old_entry != new_entry:
                    units += _units(item_size(new_entry))
            elif now:
                units += _units(item_size(self._entry(table, index, new)))  # type: ignore[arg-type]
            elif was:
                units += _units(item_size(self._entry(table, index, old)))  # type: ignore[arg-type]
        return units

    def _put(self, table: str, item: dict[str, Any], factor: int) -> tuple[float, float]:
        """(units, minimum units) of writing `item`, remembering it as the item's last image."""
        key = self._key(table, item)
        old = self._images.get(key)
        base = _units(max(item_size(item), item_size(old or {}))) * factor
        self._images[key] = item
        return base + self._index_units(table, old, item), base

    def _delete(self, table: str, key_attrs: dict[str, Any], factor: int) -> tuple[float, float]:
        old = self._images.pop(self._key(table, key_attrs), None)
        base = _units(item_size(old or {})) * factor
        return base + self._index_units(table, old, None), base

    def _update(self, table: str, key_attrs: dict[str, Any], factor: int) -> tuple[float, float]:
        # UpdateItem is used here only on index-free tables (idempotency, delivery log): priced by
        # the size of the item it updates, as DynamoDB does.
        old = self._images.get(self._key(table, key_attrs))
        base = _units(item_size(old or key_attrs)) * factor
        return base, base

    def record(self, operation: str, request: dict[str, Any], response: dict[str, Any]) -> None:
        read = 0.0
        writes: list[tuple[float, float]] = []
        consistent = request.get("ConsistentRead", False)
        with self._lock:
            if operation == "PutItem":
                writes.append(self._put(request["TableName"], request["Item"], 1))
            elif operation == "UpdateItem":
                writes.append(self._update(request["TableName"], request["Key"], 1))
            elif operation == "DeleteItem":
                writes.append(self._delete(request["TableName"], request["Key"], 1))
            elif operation == "TransactWriteItems":
                for entry in request["TransactItems"]:
                    (kind, body), = entry.items()
                    if kind == "Put":
                        writes.append(self._put(body["TableName"], body["Item"], 2))
                    elif kind == "Delete":
                        writes.append(self._delete(body["TableName"], body["Key"], 2))
                    elif kind == "Update":
                        writes.append(self._update(body["TableName"], body["Key"], 2))
                    else:  # ConditionCheck: a read at the transactional rate
                        read += 2
            elif operation == "BatchWriteItem":
                for table, entries in request["RequestItems"].items():
                    for e in entries:
                        writes.append(self._put(table, e["PutRequest"]["Item"], 1) if "PutRequest" in e
                                      else self._delete(table, e["DeleteRequest"]["Key"], 1))
            elif operation == "GetItem":
                size = item_size(response.get("Item", {}))
                read = math.ceil(max(size, 1) / 4096) * (1 if consistent else 0.5)
            elif operation in ("Query", "Scan"):
                size = sum(item_size(i) for i in response.get("Items", []))
                read = math.ceil(max(size, 1) / 4096) * (1 if consistent else 0.5)
            elif operation == "BatchGetItem":  # priced per item, like GetItem
                for table, items in response.get("Responses", {}).items():
                    per_item = 1 if request["RequestItems"].get(table, {}).get("ConsistentRead") else 0.5
                    read += sum(math.ceil(max(item_size(i), 1) / 4096) * per_item for i in items)
            self.requests[operation] += 1
            self.rcu += read
            self.wcu += sum(w[0] for w in writes)
            self.minimum_wcu += sum(w[1] for w in writes)

    def _record_sns(self, raw: bytes) -> None:
        """SNS speaks the query protocol: `SNS.<Action>` per request, and `SNS.messages` per
        message published (what SNS bills: a PublishBatch of 10 entries is 10 publishes)."""
        from urllib.parse import parse_qs

        form = parse_qs(raw.decode("utf-8", "replace"))
        action = (form.get("Action") or ["?"])[0]
        with self._lock:
            self.requests[f"SNS.{action}"] += 1
            if action == "Publish":
                self.requests["SNS.messages"] += 1
            elif action == "PublishBatch":
                self.requests["SNS.messages"] += sum(1 for key in form if key.endswith(".Message"))

    def wsgi(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        def metered(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            target = environ.get("HTTP_X_AMZ_TARGET", "")
            length = int(environ.get("CONTENT_LENGTH") or 0)
            raw = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = io.BytesIO(raw)
            chunks = list(app(environ, start_response))
            if target.startswith("DynamoDB_"):
                operation = target.split(".", 1)[1]
                try:
                    self.record(operation, json.loads(raw or b"{}"), json.loads(b"".join(chunks) or b"{}"))
                except (ValueError, KeyError):
                    with self._lock:
                        self.requests[operation] += 1
            elif target.startswith("AmazonSQS."):
                with self._lock:
                    self.requests["SQS." + target.split(".", 1)[1]] += 1
            elif "/sns/" in environ.get("HTTP_AUTHORIZATION", ""):
                self._record_sns(raw)
            return chunks

        return metered


def metered_endpoint(meter: Meter) -> LocalAwsEndpoint:
    """The same local endpoint `make run` uses, with the meter in front of moto."""
    from laportools.local.aws_endpoint import LocalAwsEndpoint

    return LocalAwsEndpoint(wrap=meter.wsgi)
