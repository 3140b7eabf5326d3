"""What falls due across all agencies in the next working days, not only what is already breached:
the national admins' early view of where deadlines will be missed.

Read from the sparse, sharded due index (store.due, the same read the deadline sweep makes), so the
cost follows the number of reports due within the horizon, not the size of the table."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from chalicelib.domain.calendar import (
    add_working_days,
    local_date,
    working_days_between,
)
from chalicelib.store import directory
from chalicelib.store.due import due_tracking_ids, get_reports
from chalicelib.store.keys import NATIONAL_QUEUE

MAX_DAYS = 10
MAX_REPORTS = 5000  # a safety cap on one page view; the figure says when it was reached


def due_by_agency(now: datetime, days: int, lang: str = "id") -> dict[str, Any]:
    """Per responsible agency (NASIONAL: still with the national admins): reports overdue and due on each
    of the next `days` working days (today first), busiest first. `days` is clamped to 1..MAX_DAYS."""
    days = max(1, min(days, MAX_DAYS))
    horizon = add_working_days(now, days)
    ids = due_tracking_ids(horizon, MAX_REPORTS)
    reports = get_reports(ids)
    today = local_date(now)
    columns: list[date] = [today] + [local_date(add_working_days(now, n)) for n in range(1, days + 1)]
    groups: dict[str, dict[str, Any]] = {}
    for report in reports.values():
        if report.deadline is None:
            continue
        key = report.agency_id or NATIONAL_QUEUE
        group = groups.setdefault(key, {"agency_id": key, "overdue": 0, "by_day": [0] * len(columns), "total": 0})
        group["total"] += 1
        if report.deadline < now:
            group["overdue"] += 1
            continue
        ahead = max(0, working_days_between(now, report.deadline))
        group["by_day"][min(ahead, len(columns) - 1)] += 1
    for key, group in groups.items():
        summary = None if key == NATIONAL_QUEUE else directory.agency_summary(key, lang)
        group["name"] = summary["name"] if summary else None
    ordered = sorted(groups.values(), key=lambda g: (-g["overdue"], -g["total"], g["agency_id"]))
    totals = {"overdue": sum(g["overdue"] for g in ordered),
              "by_day": [sum(g["by_day"][i] for g in ordered) for i in range(len(columns))],
              "total": sum(g["total"] for g in ordered)}
    return {"days": days, "columns": columns, "agencies": ordered, "totals": totals,
            "capped": len(ids) >= MAX_REPORTS}
