"""Notify stage: one message per notification log entry -> SES email or SNS SMS.

Before sending it honours the reporter's choices and limits (STOP, unsubscribe, per-address rate
limits), recording SUPPRESSED and why. A failed send is retried by SQS (the record fails, the
message comes back after the visibility timeout); after the last attempt the entry is FAILED and
the message goes to the notify DLQ, from which `lapor-ops dlq replay notify` sends it again."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Optional
from urllib.parse import urlencode

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.domain.addresses import EMAIL, SMS, address_key, normalize_phone
from chalicelib.notify import prefs, settings
from chalicelib.notify.channels import send_email, send_sms
from chalicelib.notify.outbox import NOTIFY, tracking_link
from chalicelib.notify.templates import EMAIL_FOOTER
from chalicelib.shared import queues
from chalicelib.shared.batch import handle_sqs_batch
from chalicelib.shared.clock import now as utcnow
from chalicelib.shared.observability import logger
from chalicelib.store import counters as limits
from chalicelib.store import notifications as log
from chalicelib.store import reports as store


class SendFailed(RuntimeError):
    """Raised to fail the SQS record so that it is retried."""


def unsubscribe_url(key: str) -> str:
    query = urlencode({"a": key, "s": prefs.unsubscribe_signature(key)})
    return f"{settings.site_url()}/berhenti?{query}"


def _address(tracking_id: str, channel: str) -> Optional[str]:
    contact = store.contact(tracking_id)
    if contact is None:
        return None
    if channel == SMS:
        return normalize_phone(contact.phone)
    return contact.email if channel == EMAIL else None


def _within_limits(channel: str, key: str) -> bool:
    if channel == SMS:
        return (limits.take(f"notify-h#{key}", settings.sms_per_hour(), 3600) is not None
                and limits.take(f"notify-d#{key}", settings.sms_per_day(), 86400) is not None)
    return limits.take(f"notify-h#{key}", settings.email_per_hour(), 3600) is not None


def deliver(message: dict[str, Any], now: Optional[datetime] = None) -> str:
    """Send one notification at most once. Returns the entry's resulting status."""
    now = now or utcnow()
    entry = log.get(message["tracking_id"], message["notification_id"])
    if entry is None:
        return "MISSING"
    if message.get("replay") and entry.status == log.FAILED:
        log.reopen(entry, now)  # an operator replayed it from the DLQ: try again from the start
        entry = log.get(entry.tracking_id, entry.notification_id)
    if int(message.get("generation") or 0) < int(entry.generation or 0) and not message.get("replay"):
        return entry.status  # superseded by a replay
    first_attempt = not entry.attempts
    if not log.claim(entry, now):
        return entry.status  # sent, suppressed, failed, or another worker holds it
    address = _address(entry.tracking_id, entry.channel)
    if address is None:
        log.mark(entry, log.SUPPRESSED, now, reason=log.NO_CONTACT)
        return log.SUPPRESSED
    key = address_key(entry.channel, address)
    if prefs.is_stopped(key):
        log.mark(entry, log.SUPPRESSED, now, reason=log.OPTED_OUT)
        return log.SUPPRESSED
    if first_attempt and not _within_limits(entry.channel, key):
        log.mark(entry, log.SUPPRESSED, now, reason=log.RATE_LIMITED)
        return log.SUPPRESSED
    try:
        if entry.channel == SMS:
            provider_id = send_sms(address, entry.text)
        else:
            link = tracking_link(entry.tracking_id)
            body = f"{entry.text}\n\n-- \n" + EMAIL_FOOTER.get(entry.lang, EMAIL_FOOTER["id"]).format(
                link=link, unsubscribe=unsubscribe_url(key))
            provider_id = send_email(address, entry.subject or "LAPOR!", body, unsubscribe_url(key))
    except (ClientError, BotoCoreError) as error:
        reason = f"{type(error).__name__}: {error}"[:300]
        if int(entry.attempts or 0) >= settings.max_attempts():  # attempts counts this one
            log.mark(entry, log.FAILED, now, reason=reason)
            queues.send_to_dead_letter(NOTIFY, {**message, "replay": True})
            logger.warning("notification failed; dead-lettered", extra={"tracking_id": entry.tracking_id,
                                                                        "notification": entry.notification_id})
            return log.FAILED
        log.mark(entry, log.RETRYING, now, reason=reason)
        raise SendFailed(reason) from error
    log.mark(entry, log.SENT, now, provider_id=provider_id)
    return log.SENT


def handle_notify_batch(event: Any) -> dict[str, Any]:
    return handle_sqs_batch(event, lambda record: deliver(json.loads(record.body)))
