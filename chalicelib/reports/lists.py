"""Lists of reports for agencies and the admin queue, from indexes only (never a Scan)."""
from __future__ import annotations

from typing import Any, Optional

from chalicelib.domain.privacy import Audience, view
from chalicelib.domain.model import Report
from chalicelib.store import reports as store
from chalicelib.store.keys import queue_key
from chalicelib.store.models import ReportRecord

Page = tuple[list[Report], Optional[dict[str, Any]]]


def by_status(owner: Optional[str], status: str, limit: int, start: Optional[dict[str, Any]]) -> Page:
    """An agency's (or, with owner None, the national admins') reports in `status`, by due date."""
    results = ReportRecord.queue_index.query(queue_key(owner, status), limit=limit, page_size=limit,
                                             last_evaluated_key=start)
    items = store.from_records(results)
    return items, results.last_evaluated_key


def by_due(agency_id: str, limit: int, start: Optional[dict[str, Any]]) -> Page:
    """An agency's open reports with a deadline, soonest first (every open status)."""
    results = ReportRecord.agency_due_index.query(agency_id, limit=limit, page_size=limit,
                                                  last_evaluated_key=start)
    items = store.from_records(results)
    return items, results.last_evaluated_key


def summary(report: Report, audience: Audience = Audience.AGENCY) -> dict[str, Any]:
    """A list item: the privacy view without timeline, follow-ups or reporter (read one report
    for those), so a list can never carry an identity."""
    item = view(audience, report) or {}
    for heavy in ("timeline", "follow_ups", "reporter"):
        item.pop(heavy, None)
    return item


def for_agency(agency_id: str, status: Optional[str], limit: int, start: Optional[dict[str, Any]],
               category: Optional[str] = None, region_prefix: Optional[str] = None) -> Page:
    """An agency's inbox: one status (queue index) or every open report with a deadline (agency
    due index), by due date. Category and region narrow the agency's own partition with a filter
    (read cost stays bounded by the agency's reports, never the table)."""
    condition = None
    if category:
        condition = ReportRecord.category == category
    if region_prefix:
        region_condition = ReportRecord.region_code.startswith(region_prefix)
        condition = region_condition if condition is None else condition & region_condition
    if status:
        results = ReportRecord.queue_index.query(queue_key(agency_id, status), filter_condition=condition,
                                                 limit=limit, page_size=limit, last_evaluated_key=start)
    else:
        results = ReportRecord.agency_due_index.query(agency_id, filter_condition=condition, limit=limit,
                                                      page_size=limit, last_evaluated_key=start)
    return store.from_records(results), results.last_evaluated_key


def worklist(key: str, limit: int, start: Optional[dict[str, Any]], newest_first: bool = False) -> Page:
    """A person's worklist (store.keys: a liaison officer's assigned reports, the Ombudsman's referrals)."""
    results = ReportRecord.worklist_index.query(key, scan_index_forward=not newest_first, limit=limit,
                                                page_size=limit, last_evaluated_key=start)
    return store.from_records(results), results.last_evaluated_key
