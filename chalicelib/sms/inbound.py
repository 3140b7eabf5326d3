"""Inbound SMS as AWS two-way SMS delivers them: a JSON document published to the SNS topic
(`originationNumber`, `destinationNumber`, `messageBody`, `inboundMessageId`, ...), which reaches
the SMS queue inside SNS's envelope (or raw, with raw message delivery on)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MAX_INBOUND_CHARS = 1600  # one inbound part; anything longer is cut (carriers never send more)


@dataclass(frozen=True)
class InboundSms:
    sender: str  # as the carrier gave it; normalised later
    text: str
    message_id: str


def parse(body: str, fallback_id: str) -> InboundSms | None:
    """The message in an SQS body, or None when it is not an inbound SMS at all."""
    try:
        document: Any = json.loads(body)
        if isinstance(document, dict) and document.get("Type") == "Notification":
            document = json.loads(document.get("Message") or "{}")
    except (ValueError, TypeError):
        return None
    if not isinstance(document, dict):
        return None
    sender, text = document.get("originationNumber"), document.get("messageBody")
    if not isinstance(sender, str) or not sender.strip():
        return None
    text = text if isinstance(text, str) else ""
    message_id = document.get("inboundMessageId")
    return InboundSms(sender.strip()[:32], text[:MAX_INBOUND_CHARS],
                      message_id if isinstance(message_id, str) and message_id else fallback_id)


def two_way_document(sender: str, text: str, message_id: str, destination: str = "1708") -> dict[str, Any]:
    """What AWS two-way SMS publishes for one inbound message (used by `lapor-ops sms receive`)."""
    return {"originationNumber": sender, "destinationNumber": destination,
            "messageKeyword": (text.split() or [""])[0].upper()[:20], "messageBody": text,
            "inboundMessageId": message_id, "previousPublishedMessageId": None}
