"""Opaque pagination cursors bound to the caller's partition and to its listing's key schema.

A cursor is DynamoDB's LastEvaluatedKey, base64url-encoded. On the way back in it is checked
against the partition the caller is allowed to read (its own agency key, queue key...): a cursor
edited or copied from another agency cannot start a query anywhere else, and since the partition
key of the query itself comes from the caller's credentials, never from the cursor, it could
not read another partition even if the check were skipped.

The whole key is checked too, against the key schema of the index the listing reads (issue 20,
finding 8): exactly the attributes DynamoDB put in LastEvaluatedKey (the index's keys plus the
table's), each one value of the schema's type. Anything else (a sort key of the wrong type or
missing, `{}`, `null`, a list) used to reach DynamoDB and come back as a 500.

Cursors are not signed: settings hold no server secret to sign them with (the one HMAC key lives
in KMS, which would cost a call per page). The shape and partition checks leave an edited cursor
able only to start the caller's own partition at another point, which the caller may read anyway.
"""
from __future__ import annotations

import base64
import decimal
import json
import re
from collections.abc import Mapping
from typing import Any

from chalicelib.http.endpoints import ApiError
from chalicelib.store.listing_keys import SCHEMAS, KeySchema

MAX_CURSOR_LENGTH = 2048
_SHAPE = re.compile(r"^[A-Za-z0-9_-]+$")  # base64url without padding, as encode() writes; `cursor=` fails it
# DynamoDB's numbers: 38 significant digits, exponents -128..126; anything that would round or clamp
# is refused. The same context as boto3.dynamodb.types.DYNAMODB_CONTEXT (a test holds them equal),
# defined here because importing it loads all of boto3 and s3transfer into the API's cold start.
DYNAMODB_CONTEXT = decimal.Context(Emin=-128, Emax=126, prec=38, traps=[
    decimal.Clamped, decimal.Overflow, decimal.Inexact, decimal.Rounded, decimal.Underflow])
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")  # DynamoDB's number text (no NaN, `_`, spaces)


def encode(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    raw = json.dumps(last_key, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(cursor: str | None, partition_attribute: str, partition_value: str) -> dict[str, Any] | None:
    """The start key for a query of `partition_value`. ApiError 400 `invalid_cursor` when it is not
    shaped like a cursor (the documented pattern), 422 when it is but Lapor did not issue it for
    this listing (edited, forged, from another partition, or not a key of the listing's index).
    A partition attribute no listing pages by is a programming error (KeyError)."""
    schema = SCHEMAS[partition_attribute]  # first, so a listing missing from LISTINGS fails its first test
    if cursor is None:
        return None
    if len(cursor) > MAX_CURSOR_LENGTH or not _SHAPE.match(cursor):
        raise ApiError(400, "invalid_cursor")
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
        raise ApiError(422, "invalid_cursor") from None
    if not _is_key(key, schema) or key[partition_attribute] != {"S": partition_value}:
        raise ApiError(422, "invalid_cursor")
    return key


def _is_key(key: Any, schema: KeySchema) -> bool:
    """Exactly the schema's attributes, each `{type: value}` with a value DynamoDB accepts."""
    return (isinstance(key, dict) and set(key) == set(schema)
            and all(_is_value(key[name], kind) for name, kind in schema.items()))


def _is_value(value: Any, kind: str) -> bool:
    if not isinstance(value, dict) or list(value) != [kind] or not isinstance(value[kind], str):
        return False
    text: str = value[kind]
    return _is_number(text) if kind == "N" else _is_string(text)


def _is_string(text: str) -> bool:
    """Non-empty (DynamoDB refuses empty key strings) and encodable (JSON allows lone surrogates)."""
    try:
        return bool(text.encode("utf-8"))
    except UnicodeEncodeError:
        return False


def _is_number(text: str) -> bool:
    """Number text within DynamoDB's range and 38-digit precision (boto3's own number context)."""
    if not _NUMBER.fullmatch(text):
        return False
    try:
        DYNAMODB_CONTEXT.create_decimal(text)
    except decimal.DecimalException:
        return False
    return True


def limit(query: Mapping[str, str], default: int = 25, maximum: int = 100) -> int:
    raw = query.get("limit")
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ApiError(400, "invalid_query", field="limit")
    return int(raw)
