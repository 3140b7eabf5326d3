"""Statistics stage: each committed timeline event (the outbox stream) -> counters per agency,
region, category and month, each event counted exactly once (store.stats.count_event).

Why from the timeline's outbox (its stream's reader publishes each committed event to the timeline
topic, which feeds the `statistics_events` queue): every report change is one committed event
(reports.perform), so no path can change a report without the figures seeing it, and an event
handed over twice (a redelivered message, a re-published stream batch) finds its marker and adds
nothing twice. Reads are by key only: the report's earlier
events (one Query, only for the events whose measure depends on them) and, for events stored
before the timeline carried region and category, the report itself.
"""
from __future__ import annotations

from typing import Any

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.measures import Contribution, contributions
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.outbox.messages import image_of
from chalicelib.shared.crashpoints import crash_point
from chalicelib.shared.observability import logger
from chalicelib.store import reports as store
from chalicelib.store import stats as stats_store

# Actions whose measure needs the report's earlier events (durations and on-time judgement).
_NEEDS_HISTORY = frozenset({Action.DISPOSITION, Action.FOLLOW_UP, Action.ESCALATE})


def contribution(tracking_id: str, event: TimelineEvent) -> Contribution | None:
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


def handle_statistics_events(event: Any) -> dict[str, Any]:
    """The statistics_events queue (timeline topic) -> statistics, the whole batch summed into as
    few transactions as fit (store.stats.count_events; an event twice in one batch counts once).

    A message that cannot be read or measured fails alone (SQS retries it, then dead-letters it);
    a failed count raises, so the whole batch comes back and finds the events counted before by
    their markers. Returns Lambda's batch response."""
    found, failed = [], []
    for record in event.to_dict()["Records"]:
        try:
            tracking_id, timeline_event = store.event_from_stream_image(image_of(record["body"]))
            adds = contribution(tracking_id, timeline_event)
        except Exception:  # noqa: BLE001 - this message alone is retried, the rest are counted
            logger.exception("statistics: event not measured", extra={"message_id": record["messageId"]})
            failed.append(record["messageId"])
            continue
        if adds is not None:
            found.append((tracking_id, timeline_event.seq, adds))
    counted = stats_store.count_events(found)
    if counted:
        crash_point("statistics.counted")  # crash tests: counters updated, queue messages not deleted
        logger.debug("statistics counted", extra={"events": counted})
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in failed]}
