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
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.delivery import engine
from chalicelib.delivery.channel import channels
from chalicelib.domain.addresses import address_key, mask
from chalicelib.domain.model import Contact, Report
from chalicelib.domain.notices import kind_for
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.notify import prefs, staff_reminder, templates
from chalicelib.notify.reporter_channel import ReporterChannel, tracking_link
from chalicelib.outbox.messages import image_of
from chalicelib.shared.batch import handle_sqs_batch
from chalicelib.shared.clock import now as utcnow
from chalicelib.shared.observability import logger
from chalicelib.store import directory as agencies
from chalicelib.store import followers
from chalicelib.store import notifications as log
from chalicelib.store import reports as store
from chalicelib.store.delivery_log import untried
from chalicelib.store.models import NotificationRecord

NONE = "NONE"  # the log entry of a reporter who left no contact: nothing to send, and it says so
__all__ = ["destinations", "handle_notice_events", "notify", "tracking_link"]


def reporter_channels() -> list[ReporterChannel]:
    return sorted((c for c in channels() if isinstance(c, ReporterChannel)), key=lambda c: (c.order, c.name))


def destinations(contact: Contact | None) -> list[tuple[ReporterChannel | None, str | None, str | None]]:
    """(channel, address, reason not sendable) for each channel the reporter's contact reaches or
    names; (None, None, no_contact) when it reaches none."""
    out: list[tuple[ReporterChannel | None, str | None, str | None]] = []
    for channel in reporter_channels():
        address, reason = channel.address_of(contact)
        if address or reason:
            out.append((channel, address, reason))
    return out or [(None, None, log.NO_CONTACT)]


def notify(tracking_id: str, event: TimelineEvent, now: datetime | None = None) -> list[str]:
    """Log and enqueue what `event` means for the reporter, and for the reporter of every duplicate
    merged into this report (its followers, store.followers). Returns the ids enqueued."""
    kind = kind_for(event)
    if kind is None:
        return []
    now = now or utcnow()
    report = store.get(tracking_id, consistent=True)
    if report is None:
        return []
    enqueued = _tell(tracking_id, "", report, event, kind, now)
    for follower in followers.of(tracking_id):
        # Logged in the follower's own partition (its reporter's contact, STOP and view), about the
        # original: the notice names the original's tracking id only, never anyone's identity.
        enqueued += _tell(follower, f"F{tracking_id}#", report, event, kind, now)
    return enqueued


def _tell(log_id: str, prefix: str, report: Report, event: TimelineEvent, kind: str, now: datetime) -> list[str]:
    """Entries for the reporter of `log_id` about `event` on `report` (the same report, or the original
    `log_id` follows); an entry already logged is only re-enqueued when nobody tried it yet."""
    enqueued = []
    for channel, address, reason in destinations(store.contact(log_id)):
        name = channel.name if channel else NONE
        entry_id = prefix + log.notification_id(event.seq, name)
        existing = log.get(log_id, entry_id)
        if existing is not None:
            if channel is not None and untried(existing):
                engine.enqueue(channel, existing)  # never reached the worker: send it on
                enqueued.append(entry_id)
            continue
        lang = (prefs.language(address_key(name, address)) if address else None) or "id"
        notice = _render(kind, lang, report, event)
        subject, text = channel.render(notice) if channel else (None, notice.sms)
        record = NotificationRecord(
            log_id, entry_id, event_seq=event.seq, channel=name, kind=kind, lang=notice.lang,
            status=log.SUPPRESSED if reason else log.PENDING, reason=reason,
            destination=mask(name, address) if address else None, subject=subject, text=text,
            attempts=0, generation=0, created_at=now, updated_at=now,
        )
        if log.create(record) and channel is not None and not reason:
            engine.enqueue(channel, record)
            enqueued.append(entry_id)
    return enqueued


def _render(kind: str, lang: str, report: Report, event: TimelineEvent) -> templates.Rendered:
    agency = agencies.agency_summary(event.agency_id or report.agency_id, lang)
    return templates.render(kind, lang, report.tracking_id, tracking_link(report.tracking_id),
                            agency=agency["name"] if agency else None, message=event.message,
                            archive_reason=event.details.get("reason"),
                            adjusted="topic_corrected" in event.details)


def _notify_message(record: SQSRecord) -> int:
    tracking_id, event = store.event_from_stream_image(image_of(record.body))
    ids = notify(tracking_id, event)
    staff_reminder.remind(tracking_id, event)  # the agency's follow-up deadline, by e-mail to its staff
    if ids:
        logger.info("notifications enqueued", extra={"tracking_id": tracking_id,
                                                     "action": event.action.value, "notifications": ids})
    return len(ids)


def handle_notice_events(event: Any) -> dict[str, Any]:
    """The notice_events queue (timeline topic) -> notifications. A record that fails is retried
    alone and finally dead-lettered; handling an event twice sends nothing twice."""
    return handle_sqs_batch(event, _notify_message)
