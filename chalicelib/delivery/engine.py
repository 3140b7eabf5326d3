"""The delivery engine every channel shares: log entry -> queue message -> one attempt -> retry
with backoff -> dead-letter queue -> replay. A channel (delivery/channel.py) only renders, picks
the recipient, sends and judges a failure.

One queue message is one attempt. A retry is a new message carrying the attempt number and a
not-before time, sent with DelaySeconds (at most SQS's 900 s); a message that arrives early is
re-sent with the remaining delay, so backoff over a day costs a few cheap hops and no Lambda
sleeps. After the last scheduled retry fails (or the channel says retrying cannot help) the entry
is FAILED and the message goes to the channel queue's dead-letter queue marked `replay`: moved
back by `lapor-ops dlq replay <queue>`, it starts the entry again from its first attempt, once.

Idempotent and concurrency-safe: an attempt is claimed in the log before it is made
(store.delivery_log.claim), so a duplicated message never makes it twice while its holder lives;
a message whose generation, status or attempt number is behind the log is stale and dropped; a
process that dies after sending and before logging leaves the attempt unlogged, and its message,
redelivered by SQS, makes it again with the same id (webhook receivers dedupe by webhook-id).
"""
from __future__ import annotations

import json
import math
import random
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from aws_lambda_powertools.metrics import MetricUnit, single_metric
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.delivery.channel import (
    RATE_LIMITED,
    Attempt,
    Channel,
    SetAside,
    Verdict,
    channel,
)
from chalicelib.shared import clock, queues
from chalicelib.shared.batch import handle_sqs_batch
from chalicelib.shared.crashpoints import crash_point
from chalicelib.shared.observability import logger, metrics
from chalicelib.store import counters, delivery_log

MAX_SQS_DELAY = 900
RETRY_AFTER_CAP = 24 * 3600  # a Retry-After longer than a day is read as a day
Jitter = Callable[[float], float]


class AttemptHeld(RuntimeError):
    """Another queue message holds this attempt: fail the record so SQS brings it back later."""


def equal_jitter(base: float) -> float:
    """Half the delay fixed, half random: spreads a burst of retries without ever retrying early."""
    return base / 2 + random.uniform(0, base / 2)


def no_jitter(base: float) -> float:
    return base


def next_delay(schedule: tuple[int, ...], attempts: int, retry_after: float | None,
               jitter: Jitter = equal_jitter) -> float | None:
    """Seconds before the next try after `attempts` failed ones, or None when none is left."""
    if attempts > len(schedule):
        return None
    delay = jitter(float(schedule[attempts - 1]))
    if retry_after is not None:
        delay = max(delay, min(retry_after, RETRY_AFTER_CAP))
    return delay


# -- queue messages ---------------------------------------------------------------------------

def message_for(ch: Channel, entry: Any, generation: int = 0, attempt: int = 0,
                not_before: float | None = None) -> dict[str, Any]:
    """The queue message of one attempt: the channel, the entry's key (named as its log names it,
    so a dead letter says which webhook or which report it is), generation and attempt number."""
    return {"channel": ch.name, **ch.log.key_of(entry), "generation": generation, "attempt": attempt,
            "not_before": not_before}


def enqueue(ch: Channel, entry: Any, generation: int = 0, attempt: int = 0,
            not_before: float | None = None, delay_seconds: int = 0) -> None:
    queues.send(ch.queue, message_for(ch, entry, generation, attempt, not_before), delay_seconds=delay_seconds)


def _channel_of(message: dict[str, Any]) -> Channel:
    """The message's channel; messages queued before the engine carried none (webhook messages
    had an agency_id, notification messages a notification_id ending in the channel)."""
    name = message.get("channel")
    if not name:
        name = "WEBHOOK" if "agency_id" in message else str(message.get("notification_id", "")).rsplit("#", 1)[-1]
    return channel(name)


# -- one attempt ------------------------------------------------------------------------------

def _stale(ch: Channel, entry: Any, message: dict[str, Any]) -> bool:
    if int(message.get("generation") or 0) != int(entry.generation or 0):
        return True  # replayed since: the newer message carries on
    if entry.status in (ch.log.delivered, ch.log.set_aside, delivery_log.FAILED):
        return True
    return int(message.get("attempt") or 0) < int(entry.attempts or 0)  # a duplicate of a done attempt


def _replayed(ch: Channel, entry: Any, message: dict[str, Any], now: datetime) -> dict[str, Any] | None:
    """A dead letter moved back by the operator: the FAILED entry starts again (once, however many
    copies of the dead letter come back). Returns the message to carry on with, or None."""
    generation = int(message.get("generation") or 0)
    if entry.status != delivery_log.FAILED or generation != int(entry.generation or 0):
        return message
    restarted = delivery_log.restart(ch.log, entry, now, only_from=(delivery_log.FAILED, generation))
    if restarted is None:
        return None
    return {**message, "generation": restarted, "attempt": 0, "not_before": None, "replay": False}


def _within_limits(ch: Channel, limit_key: str) -> bool:
    return all(counters.take(f"{limit.counter}#{limit_key}", limit.most(), limit.window_seconds) is not None
               for limit in ch.limits())


def deliver(message: dict[str, Any], now: datetime | None = None, token: str | None = None,
            jitter: Jitter | None = None) -> str:
    """Handle one queue message: at most one attempt. Returns what happened (logs and tests)."""
    now = now or clock.real_now()  # wall clock: signatures, retries and limits are real time
    ch = _channel_of(message)
    entry = delivery_log.get(ch.log, *ch.log.key(message))
    if entry is None:
        return "missing"
    if message.get("replay") or ("last_error" in message and "channel" not in message):  # a dead letter back
        replayed = _replayed(ch, entry, message, now)
        if replayed is None:
            return "stale"
        message = replayed
        # just restarted by _replayed: gone only if deleted since (then the next line fails, as before)
        entry = cast(Any, delivery_log.get(ch.log, *ch.log.key(message)))
    if _stale(ch, entry, message):
        return "stale"
    generation, attempt = int(entry.generation or 0), int(message.get("attempt") or 0) + 1
    not_before = message.get("not_before")
    if not_before and now.timestamp() < not_before:
        wait = math.ceil(not_before - now.timestamp())
        enqueue(ch, entry, generation, attempt - 1, not_before, min(MAX_SQS_DELAY, wait))
        return "deferred"
    if not delivery_log.claim(ch.log, entry, attempt, generation, token or uuid.uuid4().hex, now):
        current = delivery_log.get(ch.log, *ch.log.key(message))
        if current is None or _stale(ch, current, message):
            return "stale"
        raise AttemptHeld(f"{ch.name} {ch.log.key(message)} attempt {attempt} is held by another message")
    recipient = ch.recipient(entry, now)
    if isinstance(recipient, SetAside):
        delivery_log.set_aside(ch.log, entry, recipient.reason, now)
        return "set_aside"
    if attempt == 1 and not _within_limits(ch, recipient.limit_key):
        delivery_log.set_aside(ch.log, entry, RATE_LIMITED, now)
        return "set_aside"
    result = ch.send(entry, recipient, now)
    crash_point("delivery.sent")  # sent, not logged: the message comes back and sends again, same id
    _count(ch, "Attempts")
    if result.delivered:
        delivery_log.record_attempt(ch.log, entry, attempt, now, ch.log.delivered, status_code=result.status_code,
                                    provider_id=result.provider_id)
        _count(ch, "Delivered")
        return "delivered"
    return _failed(ch, entry, message, attempt, result, now, jitter)


def _failed(ch: Channel, entry: Any, message: dict[str, Any], attempt: int, result: Attempt, now: datetime,
            jitter: Jitter | None) -> str:
    verdict = ch.classify_failure(entry, result, now)
    if verdict is Verdict.STOP:
        delivery_log.record_attempt(ch.log, entry, attempt, now, delivery_log.FAILED, error=result.error,
                                    status_code=result.status_code)
        return "stopped"
    _count_failure(ch, entry)
    jitter = jitter or (equal_jitter if ch.jittered() else no_jitter)
    delay = next_delay(ch.retry_schedule(), attempt, result.retry_after, jitter) if verdict is Verdict.RETRY else None
    if delay is None:
        queues.send_to_dead_letter(ch.queue, {**message_for(ch, entry, int(entry.generation or 0), attempt),
                                              "last_error": result.error, "replay": True})
        delivery_log.record_attempt(ch.log, entry, attempt, now, delivery_log.FAILED, error=result.error,
                                    status_code=result.status_code)
        _count(ch, "DeadLettered")
        logger.warning("delivery failed for good; dead-lettered", extra={
            "channel": ch.name, **ch.log.key_of(entry), "attempts": attempt, "error": result.error})
        return "dead_lettered"
    due = now + timedelta(seconds=delay)
    # Enqueue the retry before recording it: if the write fails the message is redelivered and
    # at worst tried twice (the same id each time), never lost.
    enqueue(ch, entry, int(entry.generation or 0), attempt, due.timestamp(), min(MAX_SQS_DELAY, math.ceil(delay)))
    delivery_log.record_attempt(ch.log, entry, attempt, now, delivery_log.RETRYING, error=result.error,
                                status_code=result.status_code, next_attempt_at=due,
                                next_delay_seconds=math.ceil(delay))
    return "retrying"


def _count(ch: Channel, what: str) -> None:
    if ch.metric_prefix:
        metrics.add_metric(name=f"{ch.metric_prefix}{what}", unit=MetricUnit.Count, value=1)


def _count_failure(ch: Channel, entry: Any) -> None:
    """One metric per failed attempt, with the channel's dimensions (the agency, for webhooks)."""
    if not ch.metric_prefix:
        return
    with single_metric(name=f"{ch.metric_prefix}DeliveryFailed", unit=MetricUnit.Count, value=1,
                       namespace=metrics.namespace) as failed:
        failed.add_dimension(name="service", value="lapor")
        for name, value in ch.metric_dimensions(entry).items():
            failed.add_dimension(name=name, value=value)


# -- replay and the queue consumer ------------------------------------------------------------

def replay(ch: Channel, hash_key: str, range_key: str, now: datetime | None = None) -> Any | None:
    """Deliver a logged entry again, same id and content, from the first attempt."""
    entry = delivery_log.get(ch.log, hash_key, range_key)
    if entry is None:
        return None
    generation = delivery_log.restart(ch.log, entry, now or clock.real_now())
    enqueue(ch, entry, generation)
    return entry


def _deliver_record(record: SQSRecord) -> str:
    outcome = deliver(json.loads(record.body), token=record.message_id)
    logger.info("delivery", extra={"outcome": outcome})
    return outcome


def handle_delivery_batch(event: Any) -> dict[str, Any]:
    """A channel queue's consumer (the delivery queue and the notify queue alike)."""
    return handle_sqs_batch(event, _deliver_record)
