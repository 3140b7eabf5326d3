"""Reports, their timelines and reporters' contacts in DynamoDB.

Every change to a report is one transaction: the report written with a version condition (so
concurrent writers cannot lose one another) plus its timeline event written only if absent.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any, Iterable, Optional

from pynamodb.connection import Connection
from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.shared import config
from chalicelib.domain.errors import ConcurrentUpdate
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Attachment, Channel, Classification, Contact, Report, Role, Status
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.store import keys
from chalicelib.store.keys import index_keys
from chalicelib.store.models import ContactRecord, ReportRecord, TimelineRecord

_FIELDS = (
    "tracking_id", "title", "body", "region_code", "category", "anonim", "rahasia",
    "suggested_agency_id", "agency_id", "created_at", "updated_at", "deadline", "deadline_kind",
    "rating_comment", "address", "reporter_token_hash", "sla_warned_at", "sla_breached_at",
)
_connection: Optional[Connection] = None


def _transaction() -> TransactWrite:
    # TransactWrite needs its own connection; one per process is enough.
    global _connection
    if _connection is None:
        _connection = Connection(region=config.region(), host=config.endpoint_url())
    return TransactWrite(connection=_connection)


def to_record(report: Report) -> ReportRecord:
    record = ReportRecord(**{name: getattr(report, name) for name in _FIELDS})
    record.status = report.status.value
    record.classification = report.classification.value
    record.channel = report.channel.value
    record.incident_date = report.incident_date.isoformat()
    record.on_hold_by = report.on_hold_by.value if report.on_hold_by else None
    record.rating = report.rating
    record.latitude, record.longitude = report.latitude, report.longitude
    record.attachments = [asdict(a) for a in report.attachments] or None
    record.suggestion = report.suggestion
    record.similar_ids = list(report.similar_ids) or None
    if report.version:
        record.version = report.version
    for name, value in index_keys(report).items():
        setattr(record, name, value)
    return record


def from_record(record: ReportRecord) -> Report:
    values = {name: getattr(record, name) for name in _FIELDS}
    return Report(
        **values,
        status=Status(record.status),
        classification=Classification(record.classification),
        channel=Channel(record.channel),
        incident_date=date.fromisoformat(record.incident_date),
        on_hold_by=Role(record.on_hold_by) if record.on_hold_by else None,
        rating=int(record.rating) if record.rating is not None else None,
        latitude=float(record.latitude) if record.latitude is not None else None,
        longitude=float(record.longitude) if record.longitude is not None else None,
        attachments=tuple(Attachment(**a) for a in (record.attachments or ())),
        suggestion=record.suggestion or None,
        similar_ids=tuple(record.similar_ids or ()),
        version=int(record.version or 0),
    )


def _event_record(tracking_id: str, event: TimelineEvent) -> TimelineRecord:
    return TimelineRecord(
        tracking_id=tracking_id,
        seq=event.seq,
        at=event.at,
        action=event.action.value,
        actor_role=event.actor.role.value,
        actor_id=event.actor.id,
        from_status=event.from_status.value if event.from_status else None,
        to_status=event.to_status.value,
        message=event.message,
        agency_id=event.agency_id,
        deadline=event.deadline,
        details=event.details or None,
    )


def event_from_record(record: TimelineRecord) -> TimelineEvent:
    return TimelineEvent(
        seq=int(record.seq),
        at=record.at,
        action=Action(record.action),
        actor=Actor(Role(record.actor_role), record.actor_id),
        from_status=Status(record.from_status) if record.from_status else None,
        to_status=Status(record.to_status),
        message=record.message,
        agency_id=record.agency_id,
        deadline=record.deadline,
        details=record.details or {},
    )


def create(report: Report, contact: Optional[Contact], event: TimelineEvent) -> Report:
    """Store a new report, its contact and its first event atomically. Returns it at version 1."""
    record = to_record(report)
    with _transaction() as transaction:
        transaction.save(record)  # version None -> condition: the item does not exist yet
        if contact is not None and not contact.is_empty():
            transaction.save(ContactRecord(report.tracking_id, name=contact.name,
                                           email=contact.email, phone=contact.phone))
        transaction.save(_event_record(report.tracking_id, event),
                         condition=TimelineRecord.seq.does_not_exist())
    return report.evolve(version=int(record.version))


def save_change(report: Report, event: TimelineEvent) -> Report:
    """Write `report` (whose `version` is the one it was read at) and `event` atomically.

    Raises ConcurrentUpdate when the report changed since it was read.
    """
    record = to_record(report)
    try:
        with _transaction() as transaction:
            transaction.save(record)
            transaction.save(_event_record(report.tracking_id, event),
                             condition=TimelineRecord.seq.does_not_exist())
    except TransactWriteError as error:
        if error.cause_response_code == "TransactionCanceledException":
            raise ConcurrentUpdate(tracking_id=report.tracking_id) from error
        raise
    return report.evolve(version=int(record.version))


def get(tracking_id: str, consistent: bool = False) -> Optional[Report]:
    try:
        return from_record(ReportRecord.get(tracking_id, consistent_read=consistent))
    except DoesNotExist:
        return None


def timeline(tracking_id: str) -> list[TimelineEvent]:
    return [event_from_record(r) for r in TimelineRecord.query(tracking_id)]


def contact(tracking_id: str) -> Optional[Contact]:
    try:
        record = ContactRecord.get(tracking_id)
    except DoesNotExist:
        return None
    return Contact(name=record.name, email=record.email, phone=record.phone)


def from_records(records: Iterable[ReportRecord]) -> list[Report]:
    return [from_record(r) for r in records]


# -- lists: every list of reports reads one index partition (never a Scan) ----------------------
# A partition is (attribute, value): callers bind pagination cursors to it (api.cursors), so a
# cursor from one partition can never start a query in another.

Page = tuple[list[Report], Optional[dict[str, Any]]]


def queue_partition(owner: Optional[str], status: str) -> tuple[str, str]:
    """An agency's (or, with owner None, the national admins') reports in one status."""
    return "queue_key", keys.queue_key(owner, status)


def agency_due_partition(agency_id: str) -> tuple[str, str]:
    """An agency's open reports with a deadline."""
    return "agency_key", agency_id


def feed_partition(month: str) -> tuple[str, str]:
    """The public feed of a month (YYYY-MM, Jakarta time)."""
    return "feed_key", keys.feed_partition(month)


def hydrate(records: Iterable[ReportRecord]) -> list[Report]:
    """The full reports behind index entries that carry keys only (the queue, agency-due and
    feed indexes project keys: an ALL projection copied the whole report into each of them on
    every change), in the index's order, fetched with BatchGetItem; a report deleted in between
    is left out."""
    tracking_ids = [record.tracking_id for record in records]
    if not tracking_ids:
        return []
    found = {record.tracking_id: record for record in ReportRecord.batch_get(tracking_ids)}
    return [from_record(found[t]) for t in tracking_ids if t in found]


def _page(results: Any) -> Page:
    return hydrate(results), results.last_evaluated_key


def queue_page(owner: Optional[str], status: str, limit: int, start: Optional[dict[str, Any]]) -> Page:
    """By due date, oldest deadline first."""
    return _page(ReportRecord.queue_index.query(queue_partition(owner, status)[1], limit=limit,
                                                page_size=limit, last_evaluated_key=start))


def agency_due_page(agency_id: str, limit: int, start: Optional[dict[str, Any]] = None) -> Page:
    """Soonest (or most overdue) deadline first, every open status."""
    return _page(ReportRecord.agency_due_index.query(agency_id, limit=limit, page_size=limit,
                                                     last_evaluated_key=start))


def feed_page(month: str, limit: int, start: Optional[dict[str, Any]]) -> Page:
    """Newest first. Rahasia reports never get a feed key, so they are never in it."""
    return _page(ReportRecord.feed_index.query(feed_partition(month)[1], scan_index_forward=False,
                                               limit=limit, page_size=limit, last_evaluated_key=start))


def similar_open(region_code: str, category: str, since: datetime, limit: int = 50) -> list[Report]:
    """Open reports of one region and category created since `since`, newest first (the sparse
    similar index: one partition, never a Scan)."""
    records = ReportRecord.similar_index.query(
        keys.similar_key(region_code, category), ReportRecord.similar_sort >= keys.sortable(since),
        scan_index_forward=False, limit=limit, page_size=limit)
    return from_records(records)


def breached(agency_id: Optional[str] = None) -> list[tuple[str, Report]]:
    """Open reports whose current deadline was missed, as (responsible agency or NASIONAL, report).
    The breach index is sparse: even all agencies' breaches read only breached reports."""
    records = ReportRecord.breach_index.query(agency_id) if agency_id else ReportRecord.breach_index.scan()
    return [(record.breach_key, from_record(record)) for record in records]


def event_from_stream_image(new_image: dict[str, Any]) -> tuple[str, TimelineEvent]:
    """(tracking id, event) from a timeline stream record's NewImage (DynamoDB JSON)."""
    record = TimelineRecord.from_raw_data(new_image)
    return record.tracking_id, event_from_record(record)
