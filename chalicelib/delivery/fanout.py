"""Fan-out: timeline events (the outbox) -> delivery log entries + delivery queue messages.

Why an outbox on the timeline's DynamoDB stream rather than sending from each API action: every
report change is already one transaction that writes its timeline event (reports.perform), and
the stream carries each committed event exactly in order, retried by Lambda until handled. So no
action -- agency API, admin API, reporter, router, deadline sweep, or code written later -- can
change a report without its webhooks, and a crash between "saved" and "sent" loses nothing.
Handling is idempotent: the webhook-id derives from the event, the log entry is written only if
absent, and a message is (re-)enqueued only while its entry is still untried.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable, Optional

from chalicelib.shared import queues

from chalicelib.reports import read as reports_query
from chalicelib.shared import clock
from chalicelib.domain.privacy import Audience
from chalicelib.domain.timeline import TimelineEvent
from aws_lambda_powertools.metrics import MetricUnit

from chalicelib.shared.observability import FLOW_METRICS, logger, metrics
from chalicelib.store import reports as store
from chalicelib.delivery import subscriptions
from chalicelib.store import deliveries as log
from chalicelib.store.models import DeliveryRecord
from chalicelib.delivery.events import Delivery, deliveries_for, webhook_id

def event_from_image(new_image: dict[str, Any]) -> tuple[str, TimelineEvent]:
    """A timeline event from a stream record's NewImage (DynamoDB JSON)."""
    return store.event_from_stream_image(new_image)


def payload(event_type: str, tracking_id: str, event: TimelineEvent) -> Optional[str]:
    """The webhook body (Standard Webhooks: type, timestamp, data). `data` is the agency view of
    the report, built by the privacy module, cut at this event."""
    report = store.get(tracking_id, consistent=True)
    if report is None:
        return None
    data = reports_query.render(report, Audience.AGENCY, until_seq=event.seq)
    body = {"type": event_type, "timestamp": event.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "data": data}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def enqueue(agency_id: str, delivery_id: str, generation: int = 0, attempt: int = 0,
            not_before: Optional[float] = None, delay_seconds: int = 0) -> None:
    message = {"agency_id": agency_id, "delivery_id": delivery_id, "generation": generation,
               "attempt": attempt, "not_before": not_before}
    queues.send(queues.DELIVERY, message, delay_seconds=delay_seconds)


def fan_out(tracking_id: str, event: TimelineEvent, now: Optional[datetime] = None) -> list[str]:
    """Log and enqueue the deliveries `event` produces for agencies with an active endpoint.
    Returns the webhook-ids enqueued."""
    now = now or clock.real_now()  # the delivery log (and its TTL) is wall-clock, as the worker
    sent = []
    for target in deliveries_for(event):
        if subscriptions.active(target.agency_id) is None:
            continue  # no endpoint: the agency reads its reports through the API
        delivery_id = _log(target, tracking_id, event, now)
        if delivery_id:
            enqueue(target.agency_id, delivery_id)
            sent.append(delivery_id)
    return sent


def _log(target: Delivery, tracking_id: str, event: TimelineEvent, now: datetime) -> Optional[str]:
    delivery_id = webhook_id(event, tracking_id, target.agency_id)
    existing = log.get(target.agency_id, delivery_id)
    if existing is not None:
        # A redelivered stream record: enqueue again only if it never got to the queue's consumer.
        untried = existing.status == log.PENDING and not existing.attempts and not existing.generation
        return delivery_id if untried else None
    body = payload(target.event_type, tracking_id, event)
    if body is None:
        return None
    created = log.create(target.agency_id, delivery_id, target.event_type, tracking_id, event.seq, body, now)
    return delivery_id if created is not None else None


def handle_stream_records(records: Iterable[Any]) -> int:
    """Chalice DynamoDB stream records -> deliveries. Raises on failure so the batch is retried
    (every step is idempotent). Returns how many deliveries were enqueued."""
    count = 0
    for record in records:
        if record.event_name != "INSERT" or not record.new_image:
            continue  # timeline events are written once and never modified
        tracking_id, event = event_from_image(record.new_image)
        if event.action.value in FLOW_METRICS:
            metrics.add_metric(name=FLOW_METRICS[event.action.value], unit=MetricUnit.Count, value=1)
        ids = fan_out(tracking_id, event)
        if ids:
            logger.info("webhooks enqueued", extra={"tracking_id": tracking_id, "action": event.action.value,
                                                    "deliveries": ids})
        count += len(ids)
    return count


def replay(agency_id: str, delivery_id: str, now: Optional[datetime] = None) -> Optional[DeliveryRecord]:
    """Deliver a logged message again, same webhook-id and body, from the first attempt."""
    record = log.get(agency_id, delivery_id)
    if record is None:
        return None
    generation = log.restart(record)
    enqueue(agency_id, delivery_id, generation)
    return record
