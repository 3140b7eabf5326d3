"""The notification log: one row per message to a reporter, in the report's own partition, so the
reporter's view and the staff read it with one Query. The row is created before the message is
queued and its id derives from (timeline seq, channel): a retried stream record sends nothing twice.
Its states and writes are the shared delivery log's (store.delivery_log)."""
from __future__ import annotations

from typing import Any

from chalicelib.store import delivery_log
from chalicelib.store.delivery_log import LogTable
from chalicelib.store.models import NotificationRecord

PENDING, RETRYING, SENT, FAILED, SUPPRESSED = "PENDING", "RETRYING", "SENT", "FAILED", "SUPPRESSED"
SENDING = delivery_log.LEGACY_SENDING  # only entries claimed before the shared delivery log
STATUSES = (PENDING, RETRYING, SENDING, SENT, FAILED, SUPPRESSED)
# Reasons a notification was not sent, as the log shows them.
NO_CONTACT, OPTED_OUT, RATE_LIMITED, NOT_MOBILE = "no_contact", "opted_out", "rate_limited", "not_mobile"
TABLE = LogTable(NotificationRecord, "tracking_id", "notification_id", delivered=SENT, set_aside=SUPPRESSED,
                 error_attribute="reason", delivered_at_attribute="sent_at", touched_attribute="updated_at")


def notification_id(seq: int, channel: str) -> str:
    return f"{seq:06d}#{channel}"


def create(record: NotificationRecord) -> bool:
    """False when this notification was logged already (a redelivered stream record)."""
    return delivery_log.create(record)


def get(tracking_id: str, notification_id_: str) -> NotificationRecord | None:
    return delivery_log.get(TABLE, tracking_id, notification_id_)


def entries(tracking_id: str) -> list[NotificationRecord]:
    return list(NotificationRecord.query(tracking_id))


def describe(record: NotificationRecord) -> dict[str, Any]:
    """Plain fields for the privacy projection (privacy.notification_view decides what is shown)."""
    return {
        "seq": int(record.event_seq), "channel": record.channel, "kind": record.kind, "status": record.status,
        "reason": record.reason, "destination": record.destination, "attempts": int(record.attempts or 0),
        "created_at": record.created_at, "sent_at": record.sent_at, "text": record.text,
    }
