"""Index keys of a report, derived in one place from its state.

Sparse indexes keep queries proportional to the work: a report leaves the due index when it has
no open deadline, and a rahasia report never enters the public feed.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Optional

from ..domain.calendar import JAKARTA
from ..domain.lifecycle import OPEN
from ..domain.model import Report

NATIONAL_QUEUE = "NASIONAL"  # queue owner for reports not (or no longer) with an agency
DUE_SHARDS = 8  # spreads the due index's writes; the sweep queries each shard
NO_DEADLINE = "~"  # sorts after every ISO timestamp


def sortable(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def queue_key(owner: Optional[str], status: str) -> str:
    return f"{owner or NATIONAL_QUEUE}#{status}"


def feed_key(moment: datetime) -> str:
    return f"FEED#{moment.astimezone(JAKARTA):%Y-%m}"


def due_shard(tracking_id: str) -> str:
    return str(hashlib.sha256(tracking_id.encode()).digest()[0] % DUE_SHARDS)


def index_keys(report: Report) -> dict[str, Optional[str]]:
    is_open = report.status in OPEN
    due = sortable(report.deadline) if report.deadline else NO_DEADLINE
    has_due = is_open and report.deadline is not None
    return {
        "queue_key": queue_key(report.agency_id, report.status.value),
        "due_sort": f"{due}#{report.tracking_id}",
        "agency_key": report.agency_id if (has_due and report.agency_id) else None,
        "due_shard": due_shard(report.tracking_id) if has_due else None,
        "feed_key": None if report.rahasia else feed_key(report.created_at),
        "feed_sort": None if report.rahasia else f"{sortable(report.created_at)}#{report.tracking_id}",
    }
