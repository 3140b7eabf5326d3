"""The delivery queue's consumer: one attempt per message, retries scheduled through SQS.

A retry is a new message carrying the attempt number and a not-before time, sent with
DelaySeconds (at most SQS's 900 s); a message that arrives before its time is re-sent with the
remaining delay. So backoff over about a day costs a few cheap hops and no Lambda ever sleeps.
After the last scheduled retry fails, the message goes to the delivery dead-letter queue and the
log entry says FAILED; a replay starts the schedule again with the same webhook-id.

Only 2xx is success. 410 Gone disables the endpoint (the agency re-registers to resume).
Retry-After (seconds or HTTP date) is honoured when it asks for longer than the schedule.
"""
from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Optional

from aws_lambda_powertools.metrics import MetricUnit, single_metric

from chalicelib.delivery import sender, settings, subscriptions
from chalicelib.delivery.fanout import enqueue
from chalicelib.shared import clock, queues
from chalicelib.shared.batch import handle_sqs_batch
from chalicelib.shared.crashpoints import crash_point
from chalicelib.shared.observability import logger, metrics
from chalicelib.store import deliveries as log
from chalicelib.store.models import DeliveryRecord

Jitter = Callable[[float], float]


def equal_jitter(base: float) -> float:
    """Half the delay fixed, half random: spreads a burst of retries without ever retrying early."""
    return base / 2 + random.uniform(0, base / 2)


def next_delay(attempts: int, retry_after: Optional[float], jitter: Jitter = equal_jitter) -> Optional[float]:
    """Seconds before the next try after `attempts` failed ones, or None when none is left."""
    schedule = settings.retry_schedule()
    if attempts > len(schedule):
        return None
    delay = jitter(float(schedule[attempts - 1]))
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.RETRY_AFTER_CAP))
    return delay


def dead_letter(message: dict[str, Any]) -> None:
    queues.send_to_dead_letter(queues.DELIVERY, message)


def _stale(record: DeliveryRecord, message: dict[str, Any]) -> bool:
    if int(message.get("generation") or 0) != int(record.generation or 0):
        return True  # replayed since: the newer message carries on
    if record.status in (log.DELIVERED, log.FAILED, log.SKIPPED):
        return True
    return int(message.get("attempt") or 0) < int(record.attempts or 0)  # a duplicate of a done attempt


def deliver(message: dict[str, Any], now: Optional[datetime] = None, post: sender.Sender = sender.post,
            jitter: Jitter = equal_jitter) -> str:
    """Handle one queue message. Returns what happened (for logs and tests)."""
    now = now or clock.real_now()  # delivery runs on the wall clock: signatures, retries, grace periods
    record = log.get(message["agency_id"], message["delivery_id"])
    if record is None or _stale(record, message):
        return "stale"
    not_before = message.get("not_before")
    if not_before and now.timestamp() < not_before:
        wait = not_before - now.timestamp()
        enqueue(record.agency_id, record.delivery_id, int(record.generation or 0), int(message.get("attempt") or 0),
                not_before, min(settings.MAX_SQS_DELAY, math.ceil(wait)))
        return "deferred"
    endpoint = subscriptions.active(record.agency_id)
    if endpoint is None:
        log.mark_skipped(record, "no active webhook endpoint")
        return "skipped"
    attempt_number = int(message.get("attempt") or 0) + 1
    # post() resolves and checks the URL once and connects only to the addresses it approved.
    result = post(endpoint.url, record.delivery_id, record.payload,
                  subscriptions.signing_secrets(endpoint, now), settings.timeout_seconds(), now=now)
    crash_point("delivery.sent")  # sent, not logged: the message comes back, same webhook-id
    metrics.add_metric(name="WebhookAttempts", unit=MetricUnit.Count, value=1)
    if result.succeeded:
        log.record_attempt(record, attempt_number, now, log.DELIVERED, result.status_code, result.error)
        metrics.add_metric(name="WebhookDelivered", unit=MetricUnit.Count, value=1)
        return "delivered"
    if result.status_code == 410:
        subscriptions.disable(record.agency_id, subscriptions.ENDPOINT_GONE, now)
        log.record_attempt(record, attempt_number, now, log.FAILED, result.status_code, "HTTP 410: endpoint disabled")
        logger.warning("webhook endpoint answered 410 and was disabled", extra={"agency_id": record.agency_id})
        return "disabled"
    with single_metric(name="WebhookDeliveryFailed", unit=MetricUnit.Count, value=1,
                       namespace=metrics.namespace) as failed:  # per agency: the alarm finds the worst
        failed.add_dimension(name="service", value="lapor")
        failed.add_dimension(name="agency", value=record.agency_id)
    delay = next_delay(attempt_number, result.retry_after, jitter)
    if delay is None:
        dead_letter({**message, "attempt": attempt_number, "last_error": result.error})
        log.record_attempt(record, attempt_number, now, log.FAILED, result.status_code, result.error)
        metrics.add_metric(name="WebhookDeadLettered", unit=MetricUnit.Count, value=1)
        logger.warning("webhook delivery failed after its last attempt",
                       extra={"agency_id": record.agency_id, "delivery_id": record.delivery_id})
        return "dead_lettered"
    due = now + timedelta(seconds=delay)
    # Enqueue the retry before recording it: if the write fails the message is redelivered and
    # at worst tried twice (receivers dedupe by webhook-id), never lost.
    enqueue(record.agency_id, record.delivery_id, int(record.generation or 0), attempt_number,
            due.timestamp(), min(settings.MAX_SQS_DELAY, math.ceil(delay)))
    log.record_attempt(record, attempt_number, now, log.RETRYING, result.status_code, result.error,
                       next_attempt_at=due, next_delay_seconds=math.ceil(delay))
    return "retrying"


def _deliver_record(record: Any) -> str:
    outcome = deliver(json.loads(record.body))
    logger.info("webhook delivery", extra={"outcome": outcome})
    return outcome


def handle_delivery_batch(event: Any) -> dict[str, Any]:
    return handle_sqs_batch(event, _deliver_record)


