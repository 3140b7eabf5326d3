"""Read side of the deadline engine: an agency's open reports by deadline with the time left,
and the admins' open breaches by agency. Both read sparse indexes, so their cost follows the
rows returned."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.calendar import iso, working_days_between
from chalicelib.domain.model import Report
from chalicelib.store import directory
from chalicelib.store import reports as store
from chalicelib.store.keys import NATIONAL_QUEUE

MAX_LIMIT = 200


def time_left(report: Report, now: datetime) -> dict[str, Any]:
    """How long until the current deadline (negative when overdue), in seconds and working days."""
    if report.deadline is None:
        return {"deadline": None, "seconds_left": None, "working_days_left": None, "overdue": False}
    return {
        "deadline": iso(report.deadline),
        "seconds_left": int((report.deadline - now).total_seconds()),
        "working_days_left": working_days_between(now, report.deadline),
        "overdue": now > report.deadline,
    }


def _row(report: Report, now: datetime) -> dict[str, Any]:
    # Only case fields: no reporter identity ever appears in these listings.
    return {
        "tracking_id": report.tracking_id,
        "title": report.title,
        "status": report.status.value,
        "classification": report.classification.value,
        "category": report.category,
        "region_code": report.region_code,
        "agency_id": report.agency_id,
        "deadline_kind": report.deadline_kind,
        **time_left(report, now),
        "warned_at": iso(report.sla_warned_at),
        "breached_at": iso(report.sla_breached_at),
    }


def agency_reports_by_deadline(agency_id: str, now: datetime, limit: int = 50) -> list[dict[str, Any]]:
    """The agency's open reports with a deadline, soonest (or most overdue) first."""
    limit = max(1, min(limit, MAX_LIMIT))
    reports, _ = store.agency_due_page(agency_id, limit)
    return [_row(report, now) for report in reports]


def breaches_by_agency(now: datetime, agency_id: str | None = None, lang: str = "id") -> dict[str, Any]:
    """Open reports whose current deadline was missed, grouped by responsible agency (NASIONAL
    for reports still waiting for verification), most breaches first. The breach index is
    sparse, so even the all-agencies scan reads only the breached reports."""
    breaches = store.breached(agency_id)
    groups: dict[str, list[dict[str, Any]]] = {}
    for responsible, report in breaches:
        groups.setdefault(responsible, []).append(_row(report, now))
    agencies: list[dict[str, Any]] = []
    for key, rows in groups.items():
        rows.sort(key=lambda row: row["deadline"] or "")
        summary = None if key == NATIONAL_QUEUE else directory.agency_summary(key, lang)
        agencies.append({"agency_id": key, "agency_name": summary["name"] if summary else None,
                         "breaches": len(rows), "reports": rows})
    agencies.sort(key=lambda group: (-group["breaches"], group["agency_id"]))
    return {"as_of": iso(now), "total": len(breaches), "agencies": agencies}
