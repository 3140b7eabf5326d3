"""Outbox consumer: timeline events -> notification log entries + notify queue messages.

Like the webhook fan-out (delivery/fanout.py), driven by the timeline's outbox (the stream's reader
publishes each committed event to the timeline topic; the `notice_events` queue hears the actions
that can make a notice), so no code path can change a report without its reporter being told, and
a crash between "saved" and "sent" loses nothing. Idempotent per event: an entry's id is
(timeline seq, channel) and it is created only if absent; an event handed over again re-enqueues
only an entry nobody has tried yet.

Anonim reporters are told too: the contact is kept for exactly this, and no message names anyone.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.delivery.fanout import event_from_image
from chalicelib.domain.addresses import EMAIL, SMS, address_key, is_mobile, mask, normalize_phone
from chalicelib.domain.model import Contact, Report
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.notify import prefs, settings, templates
from chalicelib.notify.events import kind_for
from chalicelib.outbox.messages import image_of
from chalicelib.shared import queues
from chalicelib.shared.batch import handle_sqs_batch
from chalicelib.shared.clock import now as utcnow
from chalicelib.shared.observability import logger
from chalicelib.store import directory as agencies
from chalicelib.store import notifications as log
from chalicelib.store import reports as store
from chalicelib.store.models import NotificationRecord

NOTIFY = "notify"
NONE = "NONE"  # the log entry of a reporter who left no contact: nothing to send, and it says so


def tracking_link(tracking_id: str) -> str:
    return f"{settings.site_url()}/lacak/{tracking_id}"


def destinations(contact: Optional[Contact]) -> list[tuple[str, Optional[str], Optional[str]]]:
    """(channel, address, reason not sendable) for each contact the reporter gave."""
    out: list[tuple[str, Optional[str], Optional[str]]] = []
    if contact is not None and contact.phone:
        phone = normalize_phone(contact.phone)
        if phone is None or not is_mobile(phone):
            out.append((SMS, None, log.NOT_MOBILE))
        else:
            out.append((SMS, phone, None))
    if contact is not None and contact.email:
        out.append((EMAIL, contact.email, None))
    return out or [(NONE, None, log.NO_CONTACT)]


def enqueue(tracking_id: str, notification_id: str, generation: int = 0) -> None:
    queues.send(NOTIFY, {"tracking_id": tracking_id, "notification_id": notification_id, "generation": generation})


def notify(tracking_id: str, event: TimelineEvent, now: Optional[datetime] = None) -> list[str]:
    """Log and enqueue what `event` means for the reporter. Returns the ids enqueued."""
    kind = kind_for(event)
    if kind is None:
        return []
    now = now or utcnow()
    report = store.get(tracking_id, consistent=True)
    if report is None:
        return []
    contact = store.contact(tracking_id)
    enqueued = []
    for channel, address, reason in destinations(contact):
        entry_id = log.notification_id(event.seq, channel)
        existing = log.get(tracking_id, entry_id)
        if existing is not None:
            if existing.status == log.PENDING and not existing.attempts and not existing.generation:
                enqueue(tracking_id, entry_id)  # never reached the worker: send it on
                enqueued.append(entry_id)
            continue
        lang = (prefs.language(address_key(channel, address)) if address else None) or "id"
        rendered = _render(kind, lang, report, event)
        record = NotificationRecord(
            tracking_id, entry_id, event_seq=event.seq, channel=channel, kind=kind, lang=rendered.lang,
            status=log.SUPPRESSED if reason else log.PENDING, reason=reason,
            destination=mask(channel, address) if address else None,
            subject=rendered.subject if channel == EMAIL else None,
            text=rendered.email_body if channel == EMAIL else rendered.sms,
            attempts=0, generation=0, created_at=now, updated_at=now,
        )
        if log.create(record) and not reason:
            enqueue(tracking_id, entry_id)
            enqueued.append(entry_id)
    return enqueued


def _render(kind: str, lang: str, report: Report, event: TimelineEvent) -> templates.Rendered:
    agency = agencies.agency_summary(event.agency_id or report.agency_id, lang)
    return templates.render(kind, lang, report.tracking_id, tracking_link(report.tracking_id),
                            agency=agency["name"] if agency else None, message=event.message,
                            archive_reason=event.details.get("reason"))


def _notify_message(record: SQSRecord) -> int:
    tracking_id, event = event_from_image(image_of(record.body))
    ids = notify(tracking_id, event)
    if ids:
        logger.info("notifications enqueued", extra={"tracking_id": tracking_id,
                                                     "action": event.action.value, "notifications": ids})
    return len(ids)


def handle_notice_events(event: Any) -> dict[str, Any]:
    """The notice_events queue (timeline topic) -> notifications. A record that fails is retried
    alone and finally dead-lettered; handling an event twice sends nothing twice."""
    return handle_sqs_batch(event, _notify_message)
