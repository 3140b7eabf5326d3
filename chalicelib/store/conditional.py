"""Conditional creation shared by every table that must not overwrite an existing item."""
from __future__ import annotations

from pynamodb.exceptions import PutError
from pynamodb.models import Model


def save_if_absent(record: Model) -> bool:
    """Write `record` only if no item has its key. False when one already exists (a duplicate
    request or a taken id), so callers stay idempotent without a read first."""
    hash_key = record._hash_key_attribute()  # noqa: SLF001 - PynamoDB's own accessor
    try:
        record.save(condition=hash_key.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
