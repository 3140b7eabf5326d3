"""Queue operations for operators: depths, dead-letter inspection and replay. Every queue in
shared.queues.QUEUES has a dead-letter queue; replay moves messages back to the queue they failed on."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.shared import queues
from chalicelib.shared.aws import client
from chalicelib.shared.queues import QUEUES, queue_spec

DEPTH_ATTRIBUTES = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                    "ApproximateNumberOfMessagesDelayed"]


@dataclass(frozen=True)
class Depth:
    queue: str
    visible: int
    in_flight: int
    delayed: int


def kinds() -> list[str]:
    return [spec.kind for spec in QUEUES]


def queue_url(kind: str) -> str:
    return queues.url(queue_spec(kind).kind)


def dlq_url(kind: str) -> str:
    return queues.dlq_url(queue_spec(kind).kind)


def depth(url: str) -> Depth:
    attributes = client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=DEPTH_ATTRIBUTES)["Attributes"]
    return Depth(url.rsplit("/", 1)[-1], int(attributes.get("ApproximateNumberOfMessages", 0)),
                 int(attributes.get("ApproximateNumberOfMessagesNotVisible", 0)),
                 int(attributes.get("ApproximateNumberOfMessagesDelayed", 0)))


def depths() -> list[Depth]:
    out = []
    for kind in kinds():
        out.append(depth(queue_url(kind)))
        out.append(depth(dlq_url(kind)))
    return out


def peek(kind: str, limit: int = 10) -> list[dict[str, Any]]:
    """Up to `limit` dead letters of `kind`, left on the queue (visible again at once)."""
    sqs, url, seen = client("sqs"), dlq_url(kind), {}
    for _ in range(max(1, limit // 10 + 2)):
        batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=min(10, limit), VisibilityTimeout=0,
                                    WaitTimeSeconds=0, AttributeNames=["All"]).get("Messages", [])
        for message in batch:
            seen.setdefault(message["MessageId"], {
                "message_id": message["MessageId"], "body": message["Body"],
                "receive_count": int(message.get("Attributes", {}).get("ApproximateReceiveCount", 0)),
                "sent_at": message.get("Attributes", {}).get("SentTimestamp"),
            })
        if not batch or len(seen) >= limit:
            break
    return list(seen.values())[:limit]


def replay(kind: str, limit: int | None = None) -> int:
    """Move dead letters of `kind` back to its queue (send first, then delete, so a crash can
    duplicate a message but never lose one: every consumer is idempotent). Returns the count."""
    sqs, source, target, moved = client("sqs"), dlq_url(kind), queue_url(kind), 0
    while limit is None or moved < limit:
        wanted = 10 if limit is None else min(10, limit - moved)
        batch = sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=wanted, WaitTimeSeconds=0,
                                    VisibilityTimeout=60, MessageAttributeNames=["All"]).get("Messages", [])
        if not batch:
            break
        for message in batch:
            send: dict[str, Any] = {"QueueUrl": target, "MessageBody": message["Body"]}
            if message.get("MessageAttributes"):
                send["MessageAttributes"] = message["MessageAttributes"]
            sqs.send_message(**send)
            sqs.delete_message(QueueUrl=source, ReceiptHandle=message["ReceiptHandle"])
            moved += 1
    return moved
