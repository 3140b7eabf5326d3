"""Reads for the national verification desk: the whole of one verification-queue partition (keys only),
its size, and the reporters' contacts of those reports.

Why whole partitions are fine here: the national queue holds only reports awaiting verification (3
working days each; a few hundred nationally at the busiest), so reading one partition's keys is a
bounded index Query, never a Scan of the table. Search by words or contact filters that bounded read;
MAX_QUEUE caps it so a runaway backlog degrades to "the oldest MAX_QUEUE", not to a slow page."""
from __future__ import annotations

from chalicelib.domain.model import Report
from chalicelib.store.keys import queue_key
from chalicelib.store.models import ReportRecord
from chalicelib.store.reports import from_record

MAX_QUEUE = 2000


def queue_keys(status: str, newest_first: bool = False, limit: int = MAX_QUEUE) -> list[tuple[str, str]]:
    """(tracking_id, due_sort) of the national queue's reports in `status`, by deadline."""
    results = ReportRecord.queue_index.query(queue_key(None, status), scan_index_forward=not newest_first,
                                             limit=limit, page_size=min(limit, 1000))
    return [(record.tracking_id, record.due_sort or "") for record in results]


def queue_count(status: str, owner: str | None = None) -> int:
    """How many reports the queue partition holds (a COUNT Query of the index)."""
    return ReportRecord.queue_index.count(queue_key(owner, status))


def reports_by_ids(tracking_ids: list[str]) -> list[Report]:
    """The reports behind queue keys, in the order given (BatchGetItem; one gone meanwhile is left out)."""
    if not tracking_ids:
        return []
    found = {record.tracking_id: record for record in ReportRecord.batch_get(tracking_ids)}
    return [from_record(found[t]) for t in tracking_ids if t in found]
