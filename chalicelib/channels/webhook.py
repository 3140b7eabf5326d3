"""Webhooks to agencies: the signed POST (Standard Webhooks) as a channel.

Rendering happens when the event is logged (delivery/fanout.py stores the exact body, the agency
view of the report as of that event), so retries and replays send the same bytes. Sending goes
through `sender.post`, which checks the URL's addresses once and connects only to them (SSRF and
DNS rebinding policy, delivery/urls.py). Only 2xx is delivered; 410 Gone disables the endpoint
(the agency re-registers to resume) and is not retried; Retry-After is honoured when it asks for
longer than the schedule.
"""
from __future__ import annotations

from datetime import datetime

from chalicelib.delivery import sender, settings, subscriptions
from chalicelib.delivery.channel import (
    Attempt,
    Channel,
    Recipient,
    SetAside,
    Verdict,
    register,
)
from chalicelib.shared import queues
from chalicelib.shared.observability import logger
from chalicelib.store import deliveries
from chalicelib.store.models import DeliveryRecord

NAME = "WEBHOOK"
NO_ENDPOINT = "no active webhook endpoint"
GONE = 410


@register
class WebhookChannel(Channel):
    name = NAME
    queue = queues.DELIVERY  # its own queue: its concurrency cap protects the agencies' receivers
    log = deliveries.TABLE
    metric_prefix = "Webhook"  # WebhookAttempts, WebhookDelivered, WebhookDeliveryFailed (per agency)...

    def retry_schedule(self) -> tuple[int, ...]:
        return settings.retry_schedule()

    def recipient(self, entry: DeliveryRecord, now: datetime) -> Recipient | SetAside:
        endpoint = subscriptions.active(entry.agency_id)
        return Recipient(endpoint, entry.agency_id) if endpoint is not None else SetAside(NO_ENDPOINT)

    def send(self, entry: DeliveryRecord, recipient: Recipient, now: datetime) -> Attempt:
        endpoint = recipient.address
        result = sender.post(endpoint.url, entry.delivery_id, entry.payload,
                             subscriptions.signing_secrets(endpoint, now), settings.timeout_seconds(), now=now)
        error = "HTTP 410: endpoint disabled" if result.status_code == GONE else result.error
        return Attempt(result.succeeded, error, result.status_code, result.retry_after)

    def classify_failure(self, entry: DeliveryRecord, attempt: Attempt, now: datetime) -> Verdict:
        if attempt.status_code == GONE:
            subscriptions.disable(entry.agency_id, subscriptions.ENDPOINT_GONE, now)
            logger.warning("webhook endpoint answered 410 and was disabled", extra={"agency_id": entry.agency_id})
            return Verdict.STOP  # the agency re-registers, then replays through the agency API
        return Verdict.RETRY

    def metric_dimensions(self, entry: DeliveryRecord) -> dict[str, str]:
        return {"agency": entry.agency_id}
