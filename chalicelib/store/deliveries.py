"""The webhook delivery log: one row per webhook message per agency, read by the agency's own key.
The only code that reads or writes the deliveries table."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Optional

from pynamodb.exceptions import DoesNotExist

from chalicelib.domain.calendar import iso
from chalicelib.store.conditional import save_if_absent
from chalicelib.store.models import DeliveryRecord

KEEP_DAYS = 30  # rows expire (TTL) after this many days

PENDING, RETRYING, DELIVERED, FAILED, SKIPPED = "PENDING", "RETRYING", "DELIVERED", "FAILED", "SKIPPED"


def create(agency_id: str, delivery_id: str, event_type: str, tracking_id: str, seq: int,
           payload: str, now: datetime) -> Optional[DeliveryRecord]:
    """A new PENDING entry, or None when this delivery was logged already (a redelivered
    stream record): the caller then leaves it to the first one."""
    record = DeliveryRecord(
        agency_id, delivery_id, event_type=event_type, tracking_id=tracking_id, event_seq=seq,
        payload=payload, status=PENDING, attempts=0, generation=0, created_at=now,
        expires=now + timedelta(days=KEEP_DAYS),
    )
    return record if save_if_absent(record) else None


def get(agency_id: str, delivery_id: str) -> Optional[DeliveryRecord]:
    try:
        return DeliveryRecord.get(agency_id, delivery_id, consistent_read=True)
    except DoesNotExist:
        return None


def mark_skipped(record: DeliveryRecord, reason: str) -> None:
    record.update(actions=[DeliveryRecord.status.set(SKIPPED), DeliveryRecord.last_error.set(reason)])


def record_attempt(record: DeliveryRecord, attempt: int, now: datetime, status: str,
                   status_code: Optional[int], error: Optional[str],
                   next_attempt_at: Optional[datetime] = None, next_delay_seconds: Optional[int] = None) -> None:
    """What one attempt did: DELIVERED, FAILED (for good) or RETRYING at `next_attempt_at`."""
    actions = [DeliveryRecord.attempts.set(attempt), DeliveryRecord.last_attempt_at.set(now),
               DeliveryRecord.status.set(status), _set_or_remove(DeliveryRecord.last_status_code, status_code),
               _set_or_remove(DeliveryRecord.last_error, error)]
    if status == DELIVERED:
        actions += [DeliveryRecord.delivered_at.set(now), DeliveryRecord.next_attempt_at.remove()]
    elif status == RETRYING:
        actions += [_set_or_remove(DeliveryRecord.next_attempt_at, next_attempt_at),
                    _set_or_remove(DeliveryRecord.next_delay_seconds, next_delay_seconds)]
    record.update(actions=actions)


def restart(record: DeliveryRecord) -> int:
    """Start the delivery again from the first attempt (a replay). Returns its new generation,
    which makes messages of the earlier generation stale."""
    generation = int(record.generation or 0) + 1
    record.update(actions=[DeliveryRecord.generation.set(generation), DeliveryRecord.status.set(PENDING),
                           DeliveryRecord.attempts.set(0), DeliveryRecord.next_attempt_at.remove()])
    return generation


def _set_or_remove(attribute: Any, value: Any) -> Any:
    return attribute.set(value) if value is not None else attribute.remove()


def page(agency_id: str, limit: int, start_key: Optional[dict[str, Any]]
         ) -> tuple[list[DeliveryRecord], Optional[dict[str, Any]]]:
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
