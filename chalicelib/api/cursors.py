"""Opaque pagination cursors bound to the caller's partition.

A cursor is DynamoDB's LastEvaluatedKey, base64url-encoded. On the way back in it is checked
against the partition the caller is allowed to read (its own agency key, queue key...): a cursor
edited or copied from another agency cannot start a query anywhere else, and since the partition
key of the query itself comes from the caller's credentials, never from the cursor, it could
not read another partition even if the check were skipped.
"""
from __future__ import annotations

import base64
import json
import re
from typing import Any, Optional

from chalicelib.api.http import ApiError

MAX_CURSOR_LENGTH = 2048
_SHAPE = re.compile(r"^[A-Za-z0-9_-]+$")  # base64url without padding, as encode() writes; `cursor=` fails it


def encode(last_key: Optional[dict[str, Any]]) -> Optional[str]:
    if not last_key:
        return None
    raw = json.dumps(last_key, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(cursor: Optional[str], partition_attribute: str, partition_value: str) -> Optional[dict[str, Any]]:
    """The start key for a query of `partition_value`. ApiError 400 `invalid_cursor` when it is not
    shaped like a cursor (the documented pattern), 422 when it is but Lapor did not issue it for
    this listing (edited, forged, or from another partition)."""
    if cursor is None:
        return None
    if len(cursor) > MAX_CURSOR_LENGTH or not _SHAPE.match(cursor):
        raise ApiError(400, "invalid_cursor")
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(key, dict) or key.get(partition_attribute) != {"S": partition_value}:
            raise ValueError("other partition")
        if not all(isinstance(v, dict) and set(v) <= {"S", "N"} for v in key.values()):
            raise ValueError("shape")
    except (ValueError, TypeError, UnicodeDecodeError):
        raise ApiError(422, "invalid_cursor") from None
    return key


def limit(query: dict[str, str], default: int = 25, maximum: int = 100) -> int:
    raw = query.get("limit")
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ApiError(400, "invalid_query", field="limit")
    return int(raw)
