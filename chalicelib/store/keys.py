"""Index keys of a report, derived in one place from its state.

Sparse indexes keep queries proportional to the work: a report leaves the due index when it has
no open deadline (or its current deadline was already breached and escalated: nothing is left
for the sweep to do with it), a complaint leaves the referral index once it is closed or referred,
and a rahasia report never enters the public feed.
"""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from chalicelib.domain.calendar import JAKARTA
from chalicelib.domain.lifecycle import OPEN, REPORTER_DEADLINES, ombudsman_referral_due
from chalicelib.domain.model import Report, Status

NATIONAL_QUEUE = "NASIONAL"  # queue owner for reports not (or no longer) with an agency
DUE_SHARDS = 8  # spreads the due index's writes; the sweep queries each shard
NO_DEADLINE = "~"  # sorts after every ISO timestamp
_REPORTER_SIDE = frozenset(kind.value for kind in REPORTER_DEADLINES)


def sortable(moment: datetime, precise: bool = False) -> str:
    """UTC timestamp that sorts as text; `precise` keeps microseconds (feed order)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ" if precise else "%Y-%m-%dT%H:%M:%SZ")


def queue_key(owner: str | None, status: str) -> str:
    return f"{owner or NATIONAL_QUEUE}#{status}"


def feed_partition(month: str) -> str:
    """The feed index partition of a month given as YYYY-MM (Jakarta time)."""
    return f"FEED#{month}"


def update_partition(day: str) -> str:
    """The updates-index partition (public timeline updates) of a day given as YYYY-MM-DD (Jakarta)."""
    return f"UPD#{day}"


def month_partition(month: str) -> str:
    """The month-index partition (every report, rahasia included) of a month given as YYYY-MM."""
    return f"MONTH#{month}"


def feed_key(moment: datetime) -> str:
    return feed_partition(f"{moment.astimezone(JAKARTA):%Y-%m}")


def similar_key(region_code: str | None, category: str) -> str:
    return f"{region_code}#{category}"


def due_shard(tracking_id: str) -> str:
    return str(hashlib.sha256(tracking_id.encode()).digest()[0] % DUE_SHARDS)


def index_keys(report: Report) -> dict[str, str | None]:
    is_open = report.status in OPEN
    due = sortable(report.deadline) if report.deadline else NO_DEADLINE
    has_due = is_open and report.deadline is not None
    return {
        "queue_key": queue_key(report.agency_id, report.status.value),
        "due_sort": f"{due}#{report.tracking_id}",
        "agency_key": report.agency_id if (has_due and report.agency_id) else None,
        "due_shard": due_shard(report.tracking_id) if (has_due and report.sla_breached_at is None) else None,
        "feed_key": None if report.rahasia else feed_key(report.created_at),
        "feed_sort": None if report.rahasia else f"{sortable(report.created_at, precise=True)}#{report.tracking_id}",
        "month_key": month_partition(f"{report.created_at.astimezone(JAKARTA):%Y-%m}"),
        "month_sort": f"{sortable(report.created_at, precise=True)}#{report.tracking_id}",
        **_referral_keys(report),
        **_breach_keys(report, has_due),
        **_worklist_keys(report),
        **_similar_keys(report, is_open),
    }


def _similar_keys(report: Report, is_open: bool) -> dict[str, str | None]:
    # Only open reports with a topic are duplicate candidates; a closed one leaves the index.
    if not (is_open and report.category):
        return {"similar_key": None, "similar_sort": None}
    return {"similar_key": similar_key(report.region_code, report.category),
            "similar_sort": f"{sortable(report.created_at)}#{report.tracking_id}"}


def _referral_keys(report: Report) -> dict[str, str | None]:
    due = ombudsman_referral_due(report)
    if due is None:
        return {"referral_shard": None, "referral_sort": None}
    return {"referral_shard": due_shard(report.tracking_id),
            "referral_sort": f"{sortable(due)}#{report.tracking_id}"}


def _breach_keys(report: Report, has_due: bool) -> dict[str, str | None]:
    # A reporter who let their own window lapse is not an agency breach.
    if not (has_due and report.sla_breached_at is not None) or report.deadline_kind in _REPORTER_SIDE:
        return {"breach_key": None, "breach_sort": None}
    return {"breach_key": report.agency_id or NATIONAL_QUEUE,
            "breach_sort": f"{sortable(report.deadline)}#{report.tracking_id}"}  # type: ignore[arg-type]


OMBUDSMAN_WORKLIST = "OMBUDSMAN"


def assignee_worklist(agency_id: str, username: str) -> str:
    return f"ASSIGNEE#{agency_id}#{username}"


def _worklist_keys(report: Report) -> dict[str, str | None]:
    """A liaison's open assigned reports by due date; the Ombudsman's referrals, newest first
    by referral time (sorted descending when read)."""
    if report.status is Status.DIRUJUK_OMBUDSMAN:
        moment = report.updated_at or report.created_at
        return {"worklist_key": OMBUDSMAN_WORKLIST, "worklist_sort": f"{sortable(moment)}#{report.tracking_id}"}
    if report.status in OPEN and report.assignee and report.agency_id:
        due = sortable(report.deadline) if report.deadline else NO_DEADLINE
        return {"worklist_key": assignee_worklist(report.agency_id, report.assignee),
                "worklist_sort": f"{due}#{report.tracking_id}"}
    return {"worklist_key": None, "worklist_sort": None}
