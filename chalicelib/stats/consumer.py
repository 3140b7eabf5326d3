"""Statistics stage: each committed timeline event (the outbox stream) -> counters per agency,
region, category and month, each event counted exactly once (store.stats.count_event).

Why from the timeline stream: every report change is one committed event (reports.perform), so
no path can change a report without the figures seeing it, and a redelivered or retried batch
finds each event's marker and adds nothing twice. Reads are by key only: the report's earlier
events (one Query, only for the events whose measure depends on them) and, for events stored
before the timeline carried region and category, the report itself.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.shared.crashpoints import crash_point
from chalicelib.shared.observability import logger
from chalicelib.domain.measures import Contribution, contributions
from chalicelib.store import reports as store
from chalicelib.store import stats as stats_store

# Actions whose measure needs the report's earlier events (durations and on-time judgement).
_NEEDS_HISTORY = frozenset({Action.DISPOSITION, Action.FOLLOW_UP, Action.ESCALATE})


def contribution(tracking_id: str, event: TimelineEvent) -> Optional[Contribution]:
    """What one event adds to the figures (None: nothing), from the event and, when its measure
    needs them, the report's earlier events or (events stored before the timeline carried region
    and category) the report."""
    earlier = store.timeline_before(tracking_id, event.seq) if event.action in _NEEDS_HISTORY else []
    region = category = None
    if event.region_code is None or event.category is None:
        report = store.get(tracking_id)
        region, category = (report.region_code, report.category) if report else (None, None)
    return contributions(earlier, event, region, category)


def count(tracking_id: str, event: TimelineEvent) -> bool:
    """Count one event. True when it added something now; False when it adds nothing or was
    counted before."""
    found = contribution(tracking_id, event)
    if found is None or not stats_store.count_event(tracking_id, event.seq, found):
        return False
    crash_point("statistics.counted")  # crash tests: counters updated, stream batch not checkpointed
    return True


def handle_stream_records(records: Iterable[Any]) -> int:
    """Chalice DynamoDB stream records -> statistics, the whole batch summed into as few
    transactions as fit (store.stats.count_events). Raises on failure so Lambda retries the batch
    (every step is idempotent). Returns how many events were newly counted."""
    found = []
    for record in records:
        if record.event_name != "INSERT" or not record.new_image:
            continue  # timeline events are written once and never modified
        tracking_id, event = store.event_from_stream_image(record.new_image)
        adds = contribution(tracking_id, event)
        if adds is not None:
            found.append((tracking_id, event.seq, adds))
    counted = stats_store.count_events(found)
    if counted:
        crash_point("statistics.counted")  # crash tests: counters updated, stream batch not checkpointed
        logger.debug("statistics counted", extra={"events": counted})
    return counted
