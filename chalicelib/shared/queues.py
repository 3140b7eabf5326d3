"""The queues between pipeline stages, in one place: which queues exist (and their dead-letter
queues), where they are, how a consumer reads them, and how a stage sends to them.

The local stack, infra and the tests create queues from `QUEUES`; infra sets `LAPOR_QUEUE_URL_<KIND>`
and `LAPOR_QUEUE_ARN_<KIND>`; the scaling profile sets the consumers' batch settings."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from chalicelib.settings import settings
from chalicelib.shared import config
from chalicelib.shared.aws import client

ROUTING = "routing"
DELIVERY = "delivery"
SWEEP = "sweep"
NOTIFY = "notify"
SMS = "sms"
# The timeline events each consumer of the outbox reads (SNS timeline topic -> these queues; see
# chalicelib/outbox). `routing` above is one of them too: it gets only SUBMIT events.
WEBHOOK_EVENTS = "webhook_events"
NOTICE_EVENTS = "notice_events"
STATISTICS_EVENTS = "statistics_events"


@dataclass(frozen=True)
class QueueSpec:
    kind: str
    visibility_timeout: int  # seconds; at least 6x the consumer's timeout in AWS
    max_receive_count: int  # deliveries before a message moves to the dead-letter queue
    retention_seconds: int = 4 * 24 * 3600
    dlq_retention_seconds: int = 14 * 24 * 3600

    @property
    def name(self) -> str:
        return config.resource_name(self.kind)

    @property
    def dlq_name(self) -> str:
        return config.resource_name(f"{self.kind}-dlq")


QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec(ROUTING, visibility_timeout=180, max_receive_count=5),
    # Webhook deliveries: retries are scheduled by re-sending with a delay (delivery.engine);
    # maxReceiveCount only catches a crashing consumer. Last failed attempts are sent to the DLQ.
    # Visibility is 6x the consumer's Lambda timeout (.chalice/config.json): a batch of at most
    # 5 deliveries at 15 s each fits the 90 s timeout.
    QueueSpec(DELIVERY, visibility_timeout=540, max_receive_count=5),
    # Deadline sweep fan-out: batches of due reports a single sweep run did not reach.
    QueueSpec(SWEEP, visibility_timeout=360, max_receive_count=5),
    # Notifications to reporters (email via SES, SMS via SNS): the same delivery engine as webhooks
    # retries a failed send as a delayed message; after the last attempt it moves the message to
    # the DLQ itself, where `lapor-ops dlq replay notify` picks it up (the entry restarts once).
    QueueSpec(NOTIFY, visibility_timeout=180, max_receive_count=6),
    # Inbound SMS (two-way SMS -> SNS topic -> this queue), and the delayed "join the parts" ticks.
    QueueSpec(SMS, visibility_timeout=180, max_receive_count=5),
    # Timeline events for the webhook fan-out, the reporter notices and the statistics (each fed
    # by the timeline topic; every consumer is idempotent per event, so a replay is safe).
    QueueSpec(WEBHOOK_EVENTS, visibility_timeout=180, max_receive_count=5),
    QueueSpec(NOTICE_EVENTS, visibility_timeout=180, max_receive_count=5),
    QueueSpec(STATISTICS_EVENTS, visibility_timeout=180, max_receive_count=5),
)


def queue_spec(kind: str) -> QueueSpec:
    for spec in QUEUES:
        if spec.kind == kind:
            return spec
    raise ValueError(f"unknown queue {kind!r}; queues: {', '.join(q.kind for q in QUEUES)}")


# -- where ------------------------------------------------------------------------------------

@cache
def url(kind: str) -> str:
    """Queue URL from `LAPOR_QUEUE_URL_<KIND>` (set by infra and the local stack), else looked up."""
    return settings().queue_urls.get(kind) or \
        client("sqs").get_queue_url(QueueName=config.resource_name(kind))["QueueUrl"]


@cache
def dlq_url(kind: str) -> str:
    """Dead-letter queue URL from `LAPOR_DLQ_URL_<KIND>` (infra), else looked up by name."""
    return settings().dlq_urls.get(kind) or \
        client("sqs").get_queue_url(QueueName=queue_spec(kind).dlq_name)["QueueUrl"]


# -- send -------------------------------------------------------------------------------------

def send(kind: str, body: dict[str, Any], delay_seconds: int = 0) -> None:
    client("sqs").send_message(QueueUrl=url(kind), MessageBody=json.dumps(body), DelaySeconds=delay_seconds)


def send_to_dead_letter(kind: str, body: dict[str, Any]) -> None:
    """For a stage that decides itself that a message has failed for good (webhook retries spent)."""
    client("sqs").send_message(QueueUrl=dlq_url(kind), MessageBody=json.dumps(body))


def send_batch(kind: str, bodies: Iterable[dict[str, Any]]) -> list[int]:
    """Send up to 10 messages in one request. Returns the positions SQS refused (to retry or
    account for); raises when the request itself fails."""
    entries = [{"Id": str(i), "MessageBody": json.dumps(body)} for i, body in enumerate(bodies)]
    response = client("sqs").send_message_batch(QueueUrl=url(kind), Entries=entries)
    return sorted(int(entry["Id"]) for entry in response.get("Failed", []))


# -- how a consumer reads ---------------------------------------------------------------------

def batch_size(kind: str) -> int:
    """SQS batch size of a consumer, set per stage (`LAPOR_BATCH_SIZE_<KIND>`); 10 by default."""
    return settings().batch_sizes.get(kind, 10)


def batching_window(kind: str) -> int:
    """Seconds an SQS consumer waits to fill a batch (`LAPOR_BATCH_WINDOW_<KIND>`); 0 by default."""
    return settings().batching_windows.get(kind, 0)


def max_concurrency(kind: str) -> int | None:
    """Most concurrent invocations of a consumer (`LAPOR_MAX_CONCURRENCY_<KIND>`, AWS minimum 2);
    None leaves it unbounded. Caps how hard a surge can push on downstream agencies."""
    value = settings().max_concurrencies.get(kind)
    return max(2, value) if value else None


def consumer(kind: str) -> dict[str, object]:
    """Keyword arguments of `app.on_sqs_message` for the consumer of queue `kind`.

    Locally the queue is named (the local runtime looks it up); when infra packages the app it
    sets `LAPOR_QUEUE_ARN_<KIND>` to the ARN of the queue it creates, because Chalice only
    links a CDK-created queue through `queue_arn=`. Batch settings come from the scaling profile.
    """
    arn = settings().queue_arns.get(kind)
    source: dict[str, object] = {"queue_arn": arn} if arn else {"queue": config.resource_name(kind)}
    source["batch_size"] = batch_size(kind)
    source["maximum_batching_window_in_seconds"] = batching_window(kind)
    concurrency = max_concurrency(kind)
    if concurrency is not None:
        source["maximum_concurrency"] = concurrency
    return source

