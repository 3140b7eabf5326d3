"""An agency's inbox read for people: one index partition of the agency (open reports by due date,
or one status), in either direction, narrowed by a predicate on the hydrated reports (text search,
topic, region, new or acknowledged), with a total.

The list indexes project keys only, so a filter expression could not see the title or the topic;
the predicate runs on hydrated chunks instead, and the read stays one partition of one agency
(bounded by that agency's reports, never the table)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.domain.model import Report
from chalicelib.store import keys
from chalicelib.store.models import ReportRecord
from chalicelib.store.reports import Page, hydrate

Keep = Callable[[Report], bool]
CHUNK = 50  # index entries read (and hydrated) per step
MAX_STEPS = 10  # per page; the cursor then continues where the reading stopped
COUNT_CAP = 2000  # a filtered total counts at most this many reports ("2000+")


def partition(agency_id: str, status: str | None) -> tuple[str, str]:
    """(attribute, value) of the partition read: one status, or every open report with a deadline."""
    return ("queue_key", keys.queue_key(agency_id, status)) if status else ("agency_key", agency_id)


def _query(agency_id: str, status: str | None, latest_first: bool, limit: int,
           start: dict[str, Any] | None) -> Any:
    if status:
        return ReportRecord.queue_index.query(keys.queue_key(agency_id, status), scan_index_forward=not latest_first,
                                              limit=limit, page_size=limit, last_evaluated_key=start)
    return ReportRecord.agency_due_index.query(agency_id, scan_index_forward=not latest_first, limit=limit,
                                               page_size=limit, last_evaluated_key=start)


def page(agency_id: str, status: str | None, limit: int, start: dict[str, Any] | None,
         keep: Keep | None = None, latest_first: bool = False) -> Page:
    """Up to `limit` reports by deadline (soonest first, or latest first), those `keep` accepts,
    and the key to continue from (None at the end)."""
    attribute, value = partition(agency_id, status)
    found: list[Report] = []
    cursor = start
    for _ in range(MAX_STEPS):
        result = _query(agency_id, status, latest_first, CHUNK, cursor)
        records = list(result)
        reports = {r.tracking_id: r for r in hydrate(records)}
        for record in records:
            report = reports.get(record.tracking_id)
            if report is not None and (keep is None or keep(report)):
                found.append(report)
                if len(found) == limit:
                    return found, {attribute: {"S": value}, "due_sort": {"S": record.due_sort},
                                   "tracking_id": {"S": record.tracking_id}}
        cursor = result.last_evaluated_key
        if not cursor:
            return found, None
    return found, cursor


def total(agency_id: str, status: str | None, keep: Keep | None = None) -> tuple[int, bool]:
    """(how many reports the inbox holds under these filters, whether the count stopped at
    COUNT_CAP). Without a predicate it is a keys-only COUNT query of the partition."""
    if keep is None:
        index = ReportRecord.queue_index if status else ReportRecord.agency_due_index
        return index.count(partition(agency_id, status)[1]), False
    counted, cursor, seen = 0, None, 0
    while seen < COUNT_CAP:
        result = _query(agency_id, status, False, CHUNK, cursor)
        records = list(result)
        seen += len(records)
        counted += sum(1 for report in hydrate(records) if keep(report))
        cursor = result.last_evaluated_key
        if not cursor:
            return counted, False
    return counted, True
