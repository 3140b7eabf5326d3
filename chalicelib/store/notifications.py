"""The notification log: one row per message to a reporter, in the report's own partition, so the
reporter's view and the staff read it with one Query. The row is created before the message is
queued and its id derives from (timeline seq, channel): a retried stream record sends nothing twice."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Optional

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.update import Action as UpdateAction

from chalicelib.store.conditional import save_if_absent
from chalicelib.store.models import NotificationRecord

PENDING, RETRYING, SENT, FAILED, SUPPRESSED = "PENDING", "RETRYING", "SENT", "FAILED", "SUPPRESSED"
SENDING = "SENDING"  # claimed by a worker; a claim older than STALE_CLAIM means that worker died
STATUSES = (PENDING, RETRYING, SENDING, SENT, FAILED, SUPPRESSED)
STALE_CLAIM = timedelta(minutes=3)
# Reasons a notification was not sent, as the log shows them.
NO_CONTACT, OPTED_OUT, RATE_LIMITED, NOT_MOBILE = "no_contact", "opted_out", "rate_limited", "not_mobile"


def notification_id(seq: int, channel: str) -> str:
    return f"{seq:06d}#{channel}"


def create(record: NotificationRecord) -> bool:
    """False when this notification was logged already (a redelivered stream record)."""
    return save_if_absent(record)


def get(tracking_id: str, notification_id_: str) -> Optional[NotificationRecord]:
    try:
        return NotificationRecord.get(tracking_id, notification_id_, consistent_read=True)
    except DoesNotExist:
        return None


def entries(tracking_id: str) -> list[NotificationRecord]:
    return list(NotificationRecord.query(tracking_id))


def claim(record: NotificationRecord, now: datetime) -> bool:
    """Take the entry for one send attempt (SENDING, attempts + 1), only while it is unsent and
    nobody else holds it: of two consumers of a duplicated SQS message one wins. A claim left
    by a worker that died is taken over once it is stale."""
    try:
        record.update(
            actions=[NotificationRecord.attempts.add(1), NotificationRecord.updated_at.set(now),
                     NotificationRecord.status.set(SENDING)],
            condition=NotificationRecord.status.is_in(PENDING, RETRYING)
            | ((NotificationRecord.status == SENDING) & (NotificationRecord.updated_at < now - STALE_CLAIM)),
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def mark(record: NotificationRecord, status: str, now: datetime, reason: Optional[str] = None,
         provider_id: Optional[str] = None) -> None:
    actions: list[UpdateAction] = [NotificationRecord.status.set(status), NotificationRecord.updated_at.set(now),
               NotificationRecord.reason.set(reason) if reason else NotificationRecord.reason.remove()]
    if provider_id:
        actions.append(NotificationRecord.provider_id.set(provider_id))
    if status == SENT:
        actions.append(NotificationRecord.sent_at.set(now))
    record.update(actions=actions)


def reopen(record: NotificationRecord, now: datetime) -> None:
    """An operator replay of a FAILED notification: attempts start again."""
    record.update(actions=[NotificationRecord.status.set(RETRYING), NotificationRecord.attempts.set(0),
                           NotificationRecord.generation.add(1), NotificationRecord.updated_at.set(now)],
                  condition=NotificationRecord.status == FAILED)


def describe(record: NotificationRecord) -> dict[str, Any]:
    """Plain fields for the privacy projection (privacy.notification_view decides what is shown)."""
    return {
        "seq": int(record.event_seq), "channel": record.channel, "kind": record.kind, "status": record.status,
        "reason": record.reason, "destination": record.destination, "attempts": int(record.attempts or 0),
        "created_at": record.created_at, "sent_at": record.sent_at, "text": record.text,
    }
