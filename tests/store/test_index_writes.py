"""A report's later changes do not rewrite index entries they leave alone. DynamoDB bills an index
write whenever a projected attribute changes: an index projecting the whole report (ALL) is
rewritten on every change, at the size of the report. Checked on the items as stored, before and
after a change, through each index's projection as the table declares it."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role
from chalicelib.reports.perform import perform
from chalicelib.store import reports as store
from chalicelib.store.models import ReportRecord


def stored_item(tracking_id: str) -> dict[str, Any]:
    from chalicelib.shared.aws import client

    return client("dynamodb").get_item(TableName=ReportRecord.Meta.table_name, ConsistentRead=True,
                                       Key={"tracking_id": {"S": tracking_id}})["Item"]


def index_entry(index: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """What DynamoDB keeps of `item` in `index` (the table's key, the index's keys, its projection)."""
    projection = index["Projection"]
    if projection["ProjectionType"] == "ALL":
        return item
    wanted = {"tracking_id", *(k["AttributeName"] for k in index["KeySchema"]),
              *projection.get("NonKeyAttributes", [])}
    return {name: value for name, value in item.items() if name in wanted}


def indexes() -> dict[str, dict[str, Any]]:
    from chalicelib.shared.aws import client

    table = client("dynamodb").describe_table(TableName=ReportRecord.Meta.table_name)["Table"]
    return {index["IndexName"]: index for index in table["GlobalSecondaryIndexes"]}


def test_a_follow_up_leaves_the_look_alike_index_entry_alone(submit: Callable[..., dict[str, Any]],
                                                             drain_queues: Callable[[], int]) -> None:
    tracking_id = submit(title="Saluran air tersumbat di depan balai desa")["tracking_id"]
    drain_queues()
    routed = store.get(tracking_id, consistent=True)
    before = stored_item(tracking_id)
    perform(tracking_id, Action.FOLLOW_UP, Actor(Role.AGENCY, routed.agency_id), message="Petugas dijadwalkan.")
    after = stored_item(tracking_id)
    assert before != after  # the report changed (status, version, deadline ...)
    similar = indexes()["similar-index"]
    assert "similar_key" in after and index_entry(similar, before) == index_entry(similar, after)
    # ... and the entry still carries what the look-alike comparison reads.
    found = {c.tracking_id: c for c in store.similar_open(routed.region_code, routed.category,
                                                          routed.created_at - timedelta(days=1))}
    assert found[tracking_id].title == "Saluran air tersumbat di depan balai desa"
    assert found[tracking_id].body == routed.body and found[tracking_id].rahasia is False


def test_no_report_index_copies_every_attribute_except_the_rare_ones(aws: Any) -> None:
    """Lists read keys and fetch the reports in batches; only the indexes whose entries exist for a
    few reports at a time (breached deadlines, staff worklists) may hold whole reports."""
    whole = {name for name, index in indexes().items() if index["Projection"]["ProjectionType"] == "ALL"}
    assert whole <= {"breach-index", "worklist-index"}, whole
