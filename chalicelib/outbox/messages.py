"""What the timeline topic carries: one message per committed timeline event.

The body is the event's stream image (DynamoDB JSON) with its ids beside it, so every consumer
reads the event exactly as the stream wrote it (store.reports.event_from_stream_image), and a
message on a dead-letter queue says which report and event it is. `event_id` is set by the
producer and is the same each time the stream hands the event over again: consumers key their
idempotency on the event (webhook-id, notice id, statistics marker), never on the SQS messageId.
"""
from __future__ import annotations

import json
from typing import Any

from chalicelib.outbox.topic import ACTION_ATTRIBUTE, EVENT_ID_ATTRIBUTE


class MalformedMessage(ValueError):
    """A queue message that is not a timeline event (it fails alone and reaches the DLQ)."""


def event_id(tracking_id: str, seq: int | str) -> str:
    return f"{tracking_id}#{int(seq)}"


def publish_entry(entry_id: str, new_image: dict[str, Any]) -> dict[str, Any]:
    """A PublishBatch entry for one timeline stream image."""
    tracking_id, seq, action = new_image["tracking_id"]["S"], new_image["seq"]["N"], new_image["action"]["S"]
    body = {"event_id": event_id(tracking_id, seq), "tracking_id": tracking_id, "seq": int(seq),
            "action": action, "image": new_image}
    return {
        "Id": entry_id,
        "Message": json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        "MessageAttributes": {
            ACTION_ATTRIBUTE: {"DataType": "String", "StringValue": action},
            EVENT_ID_ATTRIBUTE: {"DataType": "String", "StringValue": body["event_id"]},
        },
    }


def image_of(body: str) -> dict[str, Any]:
    """The stream image in a queue message body (raw delivery; an SNS envelope is unwrapped too,
    should a subscription ever lose raw delivery)."""
    try:
        message = json.loads(body)
        if message.get("Type") == "Notification" and "Message" in message:
            message = json.loads(message["Message"])
        return message["image"]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise MalformedMessage(f"not a timeline event message: {body[:200]!r}") from error
