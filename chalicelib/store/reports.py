"""Reports, their timelines and reporters' contacts in DynamoDB.

Every change to a report is one transaction: the report written with a version condition (so
concurrent writers cannot lose one another) plus its timeline event written only if absent.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from chalicelib.domain.calendar import JAKARTA
from chalicelib.domain.errors import ConcurrentUpdate
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import (
    Actor,
    Attachment,
    Channel,
    Classification,
    Contact,
    Report,
    Role,
    Status,
)
from chalicelib.domain.privacy import is_public_update
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.store import keys
from chalicelib.store.attachments import ClaimRefused, UploadState, refused_state
from chalicelib.store.conditional import new_transaction
from chalicelib.store.keys import index_keys, sortable, update_partition
from chalicelib.store.models import ContactRecord, ReportRecord, TimelineRecord

_FIELDS = (
    "tracking_id", "title", "body", "region_code", "category", "anonim", "rahasia",
    "suggested_agency_id", "agency_id", "created_at", "updated_at", "deadline", "deadline_kind",
    "rating_comment", "address", "reporter_token_hash", "sla_warned_at", "sla_breached_at",
    "first_follow_up_at", "closure", "closed_at",
    "assignee", "acknowledged_at",
)




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
    record.reopen_count = report.reopen_count or None
    record.follow_up_count = report.follow_up_count
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
        reopen_count=int(record.reopen_count or 0),
        follow_up_count=int(record.follow_up_count) if record.follow_up_count is not None else None,
    )


def _event_record(tracking_id: str, event: TimelineEvent, report: Report | None = None) -> TimelineRecord:
    """The stored event; `report` (its state after the event) snapshots where and what the report
    was about, so statistics derive from the timeline alone even after an admin's amendment."""
    public = is_public_update(event)
    return TimelineRecord(
        region_code=report.region_code if report else None,
        category=report.category if report else None,
        update_day=update_partition(f"{event.at.astimezone(JAKARTA):%Y-%m-%d}") if public else None,
        update_sort=f"{sortable(event.at, precise=True)}#{tracking_id}#{event.seq:06d}" if public else None,
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
        actor_staff_id=event.actor.staff_id,
    )


def event_from_record(record: TimelineRecord) -> TimelineEvent:
    return TimelineEvent(
        seq=int(record.seq),
        at=record.at,
        action=Action(record.action),
        actor=Actor(Role(record.actor_role), record.actor_id, record.actor_staff_id),
        from_status=Status(record.from_status) if record.from_status else None,
        to_status=Status(record.to_status),
        message=record.message,
        agency_id=record.agency_id,
        deadline=record.deadline,
        details=record.details or {},
        region_code=record.region_code,
        category=record.category,
    )


def create(report: Report, contact: Contact | None, event: TimelineEvent,
           also: Callable[[TransactWrite], None] | None = None) -> Report:
    """Store a new report, its contact and its first event atomically. Returns it at version 1.
    `also` adds writes that must commit with the report or not at all (its attachments' claims)."""
    record = to_record(report)
    with new_transaction() as transaction:
        transaction.save(record)  # version None -> condition: the item does not exist yet
        if contact is not None and not contact.is_empty():
            transaction.save(ContactRecord(report.tracking_id, name=contact.name,
                                           email=contact.email, phone=contact.phone))
        transaction.save(_event_record(report.tracking_id, event, report),
                         condition=TimelineRecord.seq.does_not_exist())
        if also is not None:
            also(transaction)
    return report.evolve(version=int(record.version))


def save_change(report: Report, event: TimelineEvent, also: Callable[[TransactWrite], None] | None = None,
                claimed: Sequence[str] = ()) -> Report:
    """Write `report` (whose `version` is the one it was read at) and `event` atomically.
    `also` adds writes that commit with them or not at all (the claims of the uploads in
    `claimed`, staff's follow-up files).

    Raises ConcurrentUpdate when the report changed since it was read, ClaimRefused when one of
    the `claimed` uploads cannot be claimed (unknown, expired, or in use already).
    """
    record = to_record(report)
    try:
        with new_transaction() as transaction:
            transaction.save(record)
            transaction.save(_event_record(report.tracking_id, event, report),
                             condition=TimelineRecord.seq.does_not_exist())
            if also is not None:
                also(transaction)
    except TransactWriteError as error:
        if error.cause_response_code == "TransactionCanceledException":
            if claimed:
                state = refused_state(error, claimed)
                if state is not None and state is not UploadState.UNCLAIMED:
                    raise ClaimRefused(state) from error
            raise ConcurrentUpdate(tracking_id=report.tracking_id) from error
        raise
    return report.evolve(version=int(record.version))


def get(tracking_id: str, consistent: bool = False) -> Report | None:
    try:
        return from_record(ReportRecord.get(tracking_id, consistent_read=consistent))
    except DoesNotExist:
        return None


def timeline(tracking_id: str) -> list[TimelineEvent]:
    return [event_from_record(r) for r in TimelineRecord.query(tracking_id)]


def timeline_before(tracking_id: str, seq: int) -> list[TimelineEvent]:
    """The events before `seq` (strongly consistent: a stream consumer must see every event
    committed before the one it handles)."""
    return [event_from_record(r) for r in TimelineRecord.query(tracking_id, TimelineRecord.seq < seq,
                                                                consistent_read=True)]


def contact(tracking_id: str) -> Contact | None:
    try:
        record = ContactRecord.get(tracking_id)
    except DoesNotExist:
        return None
    return Contact(name=record.name, email=record.email, phone=record.phone)


def received_in(month: str) -> Iterator[str]:
    """Tracking ids of every report received in `month` (YYYY-MM, Jakarta), rahasia included:
    one Query of the month index (keys only), never a Scan."""
    from chalicelib.store.keys import month_partition

    for record in ReportRecord.month_index.query(month_partition(month)):
        yield record.tracking_id


def public_updates_between(start: datetime, end: datetime, limit: int = 1000) -> list[tuple[str, int]]:
    """(tracking id, seq) of public updates between `start` and `end`, oldest first: one Query of
    the updates-index per day in the window (never a Scan)."""
    from datetime import timedelta

    low, high = sortable(start, precise=True), sortable(end, precise=True) + "~"
    day, last = start.astimezone(JAKARTA).date(), end.astimezone(JAKARTA).date()
    out: list[tuple[str, int]] = []
    while day <= last and len(out) < limit:
        for record in TimelineRecord.updates_index.query(update_partition(day.isoformat()),
                                                         TimelineRecord.update_sort.between(low, high)):
            _, tracking_id, seq = record.update_sort.split("#")
            out.append((tracking_id, int(seq)))
            if len(out) >= limit:
                break
        day += timedelta(days=1)
    return out


def many(tracking_ids: Iterable[str]) -> dict[str, Report]:
    """Reports by tracking id in batched reads (BatchGetItem, 100 keys a request; missing ones
    are simply absent): a list of n reports costs n/100 requests, not n GetItems."""
    keys = list(dict.fromkeys(tracking_ids))
    return {r.tracking_id: from_record(r) for r in ReportRecord.batch_get(keys)} if keys else {}


def events(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], TimelineEvent]:
    """Timeline events by (tracking id, seq) in batched reads: what a keys-only index entry
    points at, without reading each report's whole timeline."""
    wanted = list(dict.fromkeys(keys))
    return {(r.tracking_id, int(r.seq)): event_from_record(r)
            for r in TimelineRecord.batch_get(wanted)} if wanted else {}


def contacts(tracking_ids: Iterable[str]) -> dict[str, Contact]:
    """Contacts of many reports in batched reads (missing ones are simply absent)."""
    keys = list(dict.fromkeys(tracking_ids))
    return {r.tracking_id: Contact(name=r.name, email=r.email, phone=r.phone)
            for r in ContactRecord.batch_get(keys)} if keys else {}


def from_records(records: Iterable[ReportRecord]) -> list[Report]:
    return [from_record(r) for r in records]


# -- lists: every list of reports reads one index partition (never a Scan) ----------------------
# A partition is (attribute, value): callers bind pagination cursors to it (http.cursors), so a
# cursor from one partition can never start a query in another.

Page = tuple[list[Report], dict[str, Any] | None]


def queue_partition(owner: str | None, status: str) -> tuple[str, str]:
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


def queue_page(owner: str | None, status: str, limit: int, start: dict[str, Any] | None) -> Page:
    """By due date, oldest deadline first."""
    return _page(ReportRecord.queue_index.query(queue_partition(owner, status)[1], limit=limit,
                                                page_size=limit, last_evaluated_key=start))


def agency_due_page(agency_id: str, limit: int, start: dict[str, Any] | None = None) -> Page:
    """Soonest (or most overdue) deadline first, every open status."""
    return _page(ReportRecord.agency_due_index.query(agency_id, limit=limit, page_size=limit,
                                                     last_evaluated_key=start))


@dataclass(frozen=True)
class FeedFilter:
    """Facets of the public browse, all optional, combined with AND. The feed index projects keys
    only, so they are checked on the hydrated reports of the month partition being read (the read
    stays one index partition, never a Scan)."""

    region: str | None = None  # a province ("62") or regency/city ("62.01") code
    category: str | None = None
    agency: str | None = None
    status: str | None = None
    categories: tuple[str, ...] = ()  # any of these (Open311's comma list)
    statuses: tuple[str, ...] = ()  # any of these
    located: bool = False  # only reports with a pin (the map and GeoJSON feed)

    def is_empty(self) -> bool:
        return not (self.region or self.category or self.agency or self.status or self.categories or self.statuses
                    or self.located)

    def matches(self, report: Report) -> bool:
        # A report without a region yet (an SMS report awaiting the admins) is in no region's list.
        code = report.region_code or ""
        if self.region and not (code == self.region
                                or ("." not in self.region and code.startswith(f"{self.region}."))):
            return False
        if self.category and report.category != self.category:
            return False
        if self.agency and report.agency_id != self.agency:
            return False
        if self.status and report.status.value != self.status:
            return False
        if self.categories and report.category not in self.categories:
            return False
        if self.located and (report.latitude is None or report.longitude is None):
            return False
        return not (self.statuses and report.status.value not in self.statuses)


_FILTER_CHUNK = 50  # index entries read (and hydrated) per step while filtering
_FILTER_MAX_STEPS = 10  # per call; the cursor then continues where the reading stopped


def _filtered(query: Callable[[dict[str, Any] | None], Any], limit: int, start: dict[str, Any] | None,
              filters: FeedFilter) -> Page:
    """Read a key-only index partition in chunks, hydrate each, keep the matches: up to `limit`
    reports and the key to continue from (the last entry looked at), or None at the end."""
    found: list[Report] = []
    cursor = start
    for _ in range(_FILTER_MAX_STEPS):
        result = query(cursor)
        records = list(result)
        reports = {r.tracking_id: r for r in hydrate(records)}
        for record in records:
            report = reports.get(record.tracking_id)
            if report is not None and filters.matches(report):
                found.append(report)
                if len(found) == limit:
                    return found, {"feed_key": {"S": record.feed_key}, "feed_sort": {"S": record.feed_sort},
                                   "tracking_id": {"S": record.tracking_id}}
        cursor = result.last_evaluated_key
        if not cursor:
            return found, None
    return found, cursor


def feed_page(month: str, limit: int, start: dict[str, Any] | None,
              filters: FeedFilter | None = None) -> Page:
    """Newest first. Rahasia reports never get a feed key, so they are never in it. With
    `filters`, a page may hold fewer than `limit` reports while more follow (`next` is set)."""
    partition = feed_partition(month)[1]
    if filters is None or filters.is_empty():
        return _page(ReportRecord.feed_index.query(partition, scan_index_forward=False,
                                                   limit=limit, page_size=limit, last_evaluated_key=start))
    return _filtered(lambda cursor: ReportRecord.feed_index.query(
        partition, scan_index_forward=False, limit=_FILTER_CHUNK, page_size=_FILTER_CHUNK,
        last_evaluated_key=cursor), limit, start, filters)


def feed_between(months: list[str], start: datetime, end: datetime, limit: int,
                 filters: FeedFilter | None = None) -> list[Report]:
    """Public reports received between `start` and `end`, newest first, at most `limit`: the
    month partitions of the feed index with a range condition (Open311 lists)."""
    low, high = sortable(start, precise=True), sortable(end, precise=True) + "~"
    wanted = filters or FeedFilter()
    out: list[Report] = []
    for month in sorted(months, reverse=True):
        cursor: dict[str, Any] | None = None
        while len(out) < limit:
            def read(key: dict[str, Any] | None, month_: str = month) -> Any:
                return ReportRecord.feed_index.query(feed_partition(month_)[1], ReportRecord.feed_sort.between(low, high),
                                                     scan_index_forward=False, limit=_FILTER_CHUNK,
                                                     page_size=_FILTER_CHUNK, last_evaluated_key=key)
            found, cursor = _filtered(read, limit - len(out), cursor, wanted)
            out.extend(found)
            if cursor is None:
                break
    return out[:limit]


@dataclass(frozen=True)
class SimilarCandidate:
    """What the similar index carries of an open report (models.SIMILAR_ATTRIBUTES): enough to
    compare texts and to show a look-alike, read without fetching the report."""
    tracking_id: str
    title: str
    body: str
    region_code: str | None
    category: str | None
    created_at: datetime
    rahasia: bool
    latitude: float | None = None  # the pin, when the reporter dropped one (distance weighs in look-alikes)
    longitude: float | None = None


def _coordinate(value: float | None) -> float | None:
    return float(value) if value is not None else None


def similar_open(region_code: str, category: str, since: datetime, limit: int = 50) -> list[SimilarCandidate]:
    """Open reports of one region and category created since `since`, newest first (the sparse
    similar index: one partition, never a Scan; its entries carry what the comparison reads)."""
    records = ReportRecord.similar_index.query(
        keys.similar_key(region_code, category), ReportRecord.similar_sort >= keys.sortable(since),
        scan_index_forward=False, limit=limit, page_size=limit)
    return [SimilarCandidate(r.tracking_id, r.title, r.body, r.region_code, r.category, r.created_at,
                             bool(r.rahasia), _coordinate(r.latitude), _coordinate(r.longitude)) for r in records]


def breached(agency_id: str | None = None) -> list[tuple[str, Report]]:
    """Open reports whose current deadline was missed, as (responsible agency or NASIONAL, report).
    The breach index is sparse: even all agencies' breaches read only breached reports."""
    records = ReportRecord.breach_index.query(agency_id) if agency_id else ReportRecord.breach_index.scan()
    return [(record.breach_key, from_record(record)) for record in records]


def event_from_stream_image(new_image: dict[str, Any]) -> tuple[str, TimelineEvent]:
    """(tracking id, event) from a timeline stream record's NewImage (DynamoDB JSON)."""
    record = TimelineRecord.from_raw_data(new_image)
    return record.tracking_id, event_from_record(record)


def agency_inbox_page(agency_id: str, status: str | None, limit: int, start: dict[str, Any] | None,
                      category: str | None = None, region_prefix: str | None = None) -> Page:
    """An agency's reports in one status (queue index) or open with a deadline (agency due index),
    by due date; category and region are filters on the agency's own partition, so the read cost is
    bounded by the agency's reports, never the table."""
    condition: Condition | None = None
    if category:
        condition = ReportRecord.category == category
    if region_prefix:
        in_region = ReportRecord.region_code.startswith(region_prefix)
        condition = in_region if condition is None else condition & in_region
    if status:
        return _page(ReportRecord.queue_index.query(queue_partition(agency_id, status)[1], filter_condition=condition,
                                                    limit=limit, page_size=limit, last_evaluated_key=start))
    return _page(ReportRecord.agency_due_index.query(agency_id, filter_condition=condition, limit=limit,
                                                     page_size=limit, last_evaluated_key=start))


def worklist_page(key: str, limit: int, start: dict[str, Any] | None, newest_first: bool = False) -> Page:
    """One worklist partition (store.keys: a liaison officer's assignments, the Ombudsman's referrals)."""
    return _page(ReportRecord.worklist_index.query(key, scan_index_forward=not newest_first, limit=limit,
                                                   page_size=limit, last_evaluated_key=start))


WORKLIST_CHUNK = 50  # index entries read per step of a filtered worklist page
WORKLIST_MAX_STEPS = 10  # per page; the cursor then continues where the reading stopped


def worklist_filtered_page(key: str, limit: int, start: dict[str, Any] | None, keep: Callable[[Report], bool],
                           newest_first: bool = False) -> Page:
    """Up to `limit` reports of one worklist partition that `keep` accepts, and the key to continue
    from. Bounded: at most WORKLIST_MAX_STEPS chunks of the partition per page (the index projects
    every attribute, so the predicate sees the whole report without a second read); a page may hold
    fewer than `limit` and still carry a cursor."""
    found: list[Report] = []
    cursor = start
    for _ in range(WORKLIST_MAX_STEPS):
        result = ReportRecord.worklist_index.query(key, scan_index_forward=not newest_first, limit=WORKLIST_CHUNK,
                                                   page_size=WORKLIST_CHUNK, last_evaluated_key=cursor)
        records = list(result)
        for record in records:
            report = from_record(record)
            if keep(report):
                found.append(report)
                if len(found) == limit:
                    return found, {"worklist_key": {"S": key}, "worklist_sort": {"S": record.worklist_sort},
                                   "tracking_id": {"S": record.tracking_id}}
        cursor = result.last_evaluated_key
        if not cursor:
            return found, None
    return found, cursor
