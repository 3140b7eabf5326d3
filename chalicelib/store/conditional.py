"""Conditional writes shared by every table: create-if-absent, and multi-item transactions."""
from __future__ import annotations

from pynamodb.connection import Connection
from pynamodb.exceptions import PutError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.shared import config

_connection: Connection | None = None


def save_if_absent(record: Model) -> bool:
    """Write `record` only if no item has its key. False when one already exists (a duplicate
    request or a taken id), so callers stay idempotent without a read first."""
    hash_key = record._hash_key_attribute()  # PynamoDB's own accessor
    try:
        record.save(condition=hash_key.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def new_transaction() -> TransactWrite:
    """A write transaction. TransactWrite needs a connection of its own; one per process serves
    every table (it shares the process's botocore session, see shared.aws)."""
    global _connection
    if _connection is None:
        _connection = Connection(region=config.region(), host=config.endpoint_url())
    return TransactWrite(connection=_connection)
