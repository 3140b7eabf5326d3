"""The key schema of every listing that hands out page cursors, read from the PynamoDB models:
what a LastEvaluatedKey of each listing holds (the api's cursor check asks this, so a changed
index key cannot leave the check behind)."""
from __future__ import annotations

from typing import Any

from pynamodb.constants import ATTR_NAME, ATTR_TYPE, KEY_TYPE
from pynamodb.indexes import Index
from pynamodb.models import Model
from pynamodb.types import HASH

from chalicelib.store.models import AgencyRecord, DeliveryRecord, ReportRecord

KeySchema = dict[str, str]  # attribute name -> DynamoDB type ("S" or "N")

# Every listing that hands out cursors: (table, index it queries, or None for the table itself).
# A listing is named by its partition attribute, which is what callers pass to decode().
LISTINGS: tuple[tuple[type[Model], Index[Any] | None], ...] = (
    (ReportRecord, ReportRecord.feed_index),
    (ReportRecord, ReportRecord.queue_index),
    (ReportRecord, ReportRecord.agency_due_index),
    (ReportRecord, ReportRecord.worklist_index),
    (AgencyRecord, AgencyRecord.region_index),
    (DeliveryRecord, None),
)


def key_schema(table: type[Model], index: Index[Any] | None = None) -> tuple[str, KeySchema]:
    """(partition attribute, every attribute of a LastEvaluatedKey) of a query of `index` (or of
    the table): an index query's key carries the index's keys and the table's, as DynamoDB
    defines, read from the PynamoDB models so a changed key cannot leave the check behind."""
    schemas = [table._get_schema()] + ([index._get_schema()] if index is not None else [])
    attributes = {d[ATTR_NAME]: d[ATTR_TYPE] for s in schemas for d in s["attribute_definitions"]}
    wanted = {k[ATTR_NAME] for s in schemas for k in s["key_schema"]}
    partition = next(k[ATTR_NAME] for k in schemas[-1]["key_schema"] if k[KEY_TYPE] == HASH)
    return partition, {name: attributes[name] for name in wanted}


def _schemas() -> dict[str, KeySchema]:
    out: dict[str, KeySchema] = {}
    for table, index in LISTINGS:
        partition, schema = key_schema(table, index)
        if partition in out:
            raise RuntimeError(f"two listings page by the partition attribute {partition!r}")
        out[partition] = schema
    return out


SCHEMAS = _schemas()
