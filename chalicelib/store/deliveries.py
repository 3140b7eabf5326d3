"""The webhook delivery log: one row per webhook message per agency, read by the agency's own key.
Its states and writes are the shared delivery log's (store.delivery_log); here are what only this
table has: the agency's listing, newest first, and what the agency API shows of an entry."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from chalicelib.domain.calendar import iso
from chalicelib.store import delivery_log
from chalicelib.store.delivery_log import LogTable
from chalicelib.store.models import DeliveryRecord

KEEP_DAYS = 30  # rows expire (TTL) after this many days

PENDING, RETRYING, DELIVERED, FAILED, SKIPPED = "PENDING", "RETRYING", "DELIVERED", "FAILED", "SKIPPED"
TABLE = LogTable(DeliveryRecord, "agency_id", "delivery_id", delivered=DELIVERED, set_aside=SKIPPED,
                 error_attribute="last_error", delivered_at_attribute="delivered_at")


def create(agency_id: str, delivery_id: str, event_type: str, tracking_id: str, seq: int,
           payload: str, now: datetime) -> DeliveryRecord | None:
    """A new PENDING entry, or None when this delivery was logged already (a redelivered
    stream record): the caller then leaves it to the first one."""
    record = DeliveryRecord(
        agency_id, delivery_id, event_type=event_type, tracking_id=tracking_id, event_seq=seq,
        payload=payload, status=PENDING, attempts=0, generation=0, created_at=now,
        expires=now + timedelta(days=KEEP_DAYS),
    )
    return record if delivery_log.create(record) else None


def get(agency_id: str, delivery_id: str) -> DeliveryRecord | None:
    return delivery_log.get(TABLE, agency_id, delivery_id)


def page(agency_id: str, limit: int, start_key: dict[str, Any] | None
         ) -> tuple[list[DeliveryRecord], dict[str, Any] | None]:
    """Newest first, from the agency's own partition."""
    results = DeliveryRecord.query(agency_id, scan_index_forward=False, limit=limit, page_size=limit,
                                   last_evaluated_key=start_key)
    items = list(results)
    return items, results.last_evaluated_key


def describe(record: DeliveryRecord) -> dict[str, Any]:
    return {
        "id": record.delivery_id,
        "type": record.event_type,
        "tracking_id": record.tracking_id,
        "status": record.status,
        "attempts": int(record.attempts or 0),
        "created_at": iso(record.created_at),
        "last_attempt_at": iso(record.last_attempt_at),
        "last_status_code": int(record.last_status_code) if record.last_status_code is not None else None,
        "last_error": record.last_error,
        "next_attempt_at": iso(record.next_attempt_at) if record.status == RETRYING else None,
        "next_delay_seconds": (int(record.next_delay_seconds)
                               if record.status == RETRYING and record.next_delay_seconds is not None else None),
        "delivered_at": iso(record.delivered_at),
        "payload": json.loads(record.payload),
    }
