"""Fan-out: timeline events (the outbox) -> delivery log entries + delivery queue messages.

Why an outbox rather than sending from each API action: every report change is already one
transaction that writes its timeline event (reports.perform), and the timeline stream's reader
publishes each committed event to the timeline topic, whose `webhook_events` queue feeds this
stage (chalicelib/outbox). So no action -- agency API, admin API, reporter, router, deadline
sweep, or code written later -- can change a report without its webhooks, and a crash between
"saved" and "sent" loses nothing. Handling is idempotent per event (the topic delivers at least
once): the webhook-id derives from the event, the log entry is written only if absent, and a
message is (re-)enqueued only while its entry is still untried.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.delivery import engine, subscriptions
from chalicelib.delivery.channel import channel
from chalicelib.delivery.events import Delivery, deliveries_for, webhook_id
from chalicelib.domain.privacy import Audience
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.outbox.messages import image_of
from chalicelib.reports import read as reports_query
from chalicelib.shared import clock
from chalicelib.shared.batch import handle_sqs_batch
from chalicelib.shared.observability import logger
from chalicelib.store import deliveries as log
from chalicelib.store import reports as store
from chalicelib.store.delivery_log import untried
from chalicelib.store.models import DeliveryRecord

WEBHOOK = "WEBHOOK"  # the channel (channels/webhook.py) these entries are sent through


def event_from_image(new_image: dict[str, Any]) -> tuple[str, TimelineEvent]:
    """A timeline event from a stream record's NewImage (DynamoDB JSON)."""
    return store.event_from_stream_image(new_image)


def payload(event_type: str, tracking_id: str, event: TimelineEvent) -> str | None:
    """The webhook body (Standard Webhooks: type, timestamp, data). `data` is the agency view of
    the report, built by the privacy module, cut at this event."""
    report = store.get(tracking_id, consistent=True)
    if report is None:
        return None
    data = reports_query.render(report, Audience.AGENCY, until_seq=event.seq)
    body = {"type": event_type, "timestamp": event.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "data": data}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def fan_out(tracking_id: str, event: TimelineEvent, now: datetime | None = None) -> list[str]:
    """Log and enqueue the deliveries `event` produces for agencies with an active endpoint.
    Returns the webhook-ids enqueued."""
    now = now or clock.real_now()  # the delivery log (and its TTL) is wall-clock, as the worker
    sent = []
    for target in deliveries_for(event):
        if subscriptions.active(target.agency_id) is None:
            continue  # no endpoint: the agency reads its reports through the API
        entry = _log(target, tracking_id, event, now)
        if entry is not None:
            engine.enqueue(channel(WEBHOOK), entry)
            sent.append(entry.delivery_id)
    return sent


def _log(target: Delivery, tracking_id: str, event: TimelineEvent, now: datetime) -> DeliveryRecord | None:
    """The entry to enqueue: a new one, or one a redelivered event finds never tried (its queue
    message may never have reached the queue's consumer). None when there is nothing to send."""
    delivery_id = webhook_id(event, tracking_id, target.agency_id)
    existing = log.get(target.agency_id, delivery_id)
    if existing is not None:
        return existing if untried(existing) else None
    body = payload(target.event_type, tracking_id, event)
    if body is None:
        return None
    return log.create(target.agency_id, delivery_id, target.event_type, tracking_id, event.seq, body, now)


def _fan_out_message(record: SQSRecord) -> int:
    tracking_id, event = event_from_image(image_of(record.body))
    ids = fan_out(tracking_id, event)
    if ids:
        logger.info("webhooks enqueued", extra={"tracking_id": tracking_id, "action": event.action.value,
                                                "deliveries": ids})
    return len(ids)


def handle_webhook_events(event: Any) -> dict[str, Any]:
    """The webhook_events queue (timeline topic) -> deliveries. A record that fails is retried
    alone and finally dead-lettered; handling an event twice enqueues nothing twice."""
    return handle_sqs_batch(event, _fan_out_message)


def replay(agency_id: str, delivery_id: str, now: datetime | None = None) -> DeliveryRecord | None:
    """Deliver a logged message again, same webhook-id and body, from the first attempt."""
    return engine.replay(channel(WEBHOOK), agency_id, delivery_id, now)
