"""Routing's outbox: every committed SUBMIT event on the timeline stream enqueues its report for
routing.

Intake used to store the report and then send the routing message itself; a crash (or an SQS
error) between the two left the report DITERIMA with nothing to route it. The SUBMIT event is
written in the same transaction as the report, and the stream redelivers a batch until its
handler succeeds, so every stored report reaches the routing queue at least once; routing is
idempotent (`routing.service.route_report`), so a second message changes nothing.
"""
from __future__ import annotations

from typing import Any, Iterable

from chalicelib.domain.lifecycle import Action
from chalicelib.shared import queues


def submitted_tracking_ids(records: Iterable[Any]) -> list[str]:
    """Tracking ids of the SUBMIT events among timeline stream records (DynamoDB JSON images)."""
    ids = []
    for record in records:
        image = record.new_image if record.event_name == "INSERT" else None
        if image and (image.get("action") or {}).get("S") == Action.SUBMIT.value:
            ids.append(image["tracking_id"]["S"])
    return ids


def enqueue_submitted(records: Iterable[Any]) -> int:
    """Send one routing message per submitted report. Raises on failure: the batch is retried."""
    ids = submitted_tracking_ids(records)
    for tracking_id in ids:
        queues.send(queues.ROUTING, {"tracking_id": tracking_id})
    return len(ids)
