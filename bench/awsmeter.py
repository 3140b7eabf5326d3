"""An in-process moto server with a metering WSGI layer: counts every AWS request by operation
and prices DynamoDB requests in capacity units by DynamoDB's documented sizing rules (moto's own
ReturnConsumedCapacity is a constant per call, so it is not used for the figures).

Rules applied to the real request and response bodies:
- write: ceil(item KB) per item, plus the same for each GSI the item has keys for (KEYS_ONLY
  index entries count 1); transactions cost 2x.
- read: ceil(bytes / 4 KB), halved when eventually consistent (queries: summed over items).
"""
from __future__ import annotations

import io
import json
import math
import threading
from collections import Counter
from typing import Any, Callable, Iterable

from typing import TYPE_CHECKING

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


class Meter:
    def __init__(self, indexes: dict[str, list[tuple[str, bool]]]) -> None:
        """`indexes`: table name -> [(GSI hash key attribute, projects all attributes)]."""
        self.indexes = indexes
        self.requests: Counter[str] = Counter()
        self.rcu = 0.0
        self.wcu = 0.0
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.rcu = self.wcu = 0.0

    def _write_units(self, table: str, item: dict[str, Any]) -> float:
        base = math.ceil(max(item_size(item), 1) / 1024)
        units = base
        for key, projects_all in self.indexes.get(table, []):
            if key in item:
                units += base if projects_all else 1
        return units

    def record(self, operation: str, request: dict[str, Any], response: dict[str, Any]) -> None:
        read = write = 0.0
        consistent = request.get("ConsistentRead", False)
        if operation == "PutItem":
            write = self._write_units(request["TableName"], request["Item"])
        elif operation == "UpdateItem" or operation == "DeleteItem":
            write = 1
        elif operation == "TransactWriteItems":
            for entry in request["TransactItems"]:
                (kind, body), = entry.items()
                write += 2 * (self._write_units(body["TableName"], body["Item"]) if kind == "Put" else 1)
        elif operation == "BatchWriteItem":
            for table, entries in request["RequestItems"].items():
                write += sum(self._write_units(table, e["PutRequest"]["Item"]) if "PutRequest" in e else 1
                             for e in entries)
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
        with self._lock:
            self.requests[operation] += 1
            self.rcu += read
            self.wcu += write

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
            return chunks

        return metered


def metered_endpoint(meter: Meter) -> "LocalAwsEndpoint":
    """The same local endpoint `make run` uses, with the meter in front of moto."""
    from laportools.local.aws_endpoint import LocalAwsEndpoint

    return LocalAwsEndpoint(wrap=meter.wsgi)
