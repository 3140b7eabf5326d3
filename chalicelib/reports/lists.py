"""Lists of reports for agencies and the admin queue, from indexes only (never a Scan)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.domain.model import Report
from chalicelib.domain.privacy import Audience, view
from chalicelib.store import reports as store

Page = store.Page


def by_status(owner: str | None, status: str, limit: int, start: dict[str, Any] | None) -> Page:
    """An agency's (or, with owner None, the national admins') reports in `status`, by due date."""
    return store.queue_page(owner, status, limit, start)


def by_due(agency_id: str, limit: int, start: dict[str, Any] | None) -> Page:
    """An agency's open reports with a deadline, soonest first (every open status)."""
    return store.agency_due_page(agency_id, limit, start)


def summary(report: Report, audience: Audience = Audience.AGENCY) -> dict[str, Any]:
    """A list item: the privacy view without timeline, follow-ups or reporter (read one report
    for those), so a list can never carry an identity."""
    item = view(audience, report) or {}
    for heavy in ("timeline", "follow_ups", "progress", "reporter", "notifications"):
        item.pop(heavy, None)
    return item



def for_agency(agency_id: str, status: str | None, limit: int, start: dict[str, Any] | None,
               category: str | None = None, region_prefix: str | None = None) -> Page:
    """An agency's inbox: one status or every open report with a deadline, by due date, narrowed
    by category and region within the agency's own partition (never a Scan)."""
    return store.agency_inbox_page(agency_id, status, limit, start, category, region_prefix)


def worklist(key: str, limit: int, start: dict[str, Any] | None, newest_first: bool = False) -> Page:
    """A person's worklist (store.keys: a liaison officer's assigned reports, the Ombudsman's referrals)."""
    return store.worklist_page(key, limit, start, newest_first)


def worklist_filtered(key: str, limit: int, start: dict[str, Any] | None, keep: Callable[[Report], bool],
                      newest_first: bool = False) -> Page:
    """A worklist narrowed by `keep`: a bounded read of its one partition (store.worklist_filtered_page)."""
    return store.worklist_filtered_page(key, limit, start, keep, newest_first)
