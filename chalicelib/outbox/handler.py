"""The timeline stream's one reader: each committed event -> the timeline topic (SNS PublishBatch,
10 events a request), from which every consumer's queue gets its copy (outbox.topic).

At least once, never lost: a batch is checkpointed only after its events are published; when SNS
refuses an entry the reader reports that record as the batch's first failure, so Lambda resumes
the shard there (ReportBatchItemFailures) and the events before it are not published again. A crash
after publishing and before the checkpoint publishes the batch again: consumers are idempotent per
event (messages.event_id), so each still acts once.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from chalicelib.outbox.messages import publish_entry
from chalicelib.outbox.topic import topic_arn
from chalicelib.shared.aws import client
from chalicelib.shared.crashpoints import crash_point
from chalicelib.shared.observability import FLOW_METRICS, logger, metrics

PUBLISH_BATCH = 10  # SNS PublishBatch: at most 10 entries ...
PUBLISH_BYTES = 240 * 1024  # ... and 256 KiB of messages and attributes per request (kept under)


def handle_stream_batch(records: Any) -> dict[str, Any]:
    """Chalice DynamoDB stream records -> the timeline topic. Returns Lambda's batch response."""
    inserted = [r for r in records if r.event_name == "INSERT" and r.new_image]  # events are never modified
    sns = client("sns")
    for chunk, entries in _requests(inserted):
        response = sns.publish_batch(TopicArn=topic_arn(), PublishBatchRequestEntries=entries)
        failed = sorted(int(entry["Id"]) for entry in response.get("Failed", []))
        published = chunk[:failed[0]] if failed else chunk
        _count(published)
        if failed:
            first = chunk[failed[0]]
            logger.warning("timeline topic refused events; the stream resumes at the first",
                           extra={"failed": response["Failed"], "sequence_number": first.sequence_number})
            return {"batchItemFailures": [{"itemIdentifier": first.sequence_number}]}
        crash_point("timeline.published")  # crash tests: published, the stream batch not checkpointed
    return {"batchItemFailures": []}


def _requests(records: list[Any]) -> Iterator[tuple[list[Any], list[dict[str, Any]]]]:
    """The records in stream order, cut into PublishBatch requests by count and size."""
    chunk: list[Any] = []
    entries: list[dict[str, Any]] = []
    size = 0
    for record in records:
        entry = publish_entry(str(len(chunk)), record.new_image)
        entry_size = _size(entry)
        if chunk and (len(chunk) == PUBLISH_BATCH or size + entry_size > PUBLISH_BYTES):
            yield chunk, entries
            chunk, entries, size = [], [], 0
            entry = publish_entry("0", record.new_image)
        chunk.append(record)
        entries.append(entry)
        size += entry_size
    if chunk:
        yield chunk, entries


def _size(entry: dict[str, Any]) -> int:
    attributes = sum(len(name) + len(value["DataType"]) + len(value["StringValue"].encode())
                     for name, value in entry["MessageAttributes"].items())
    return len(entry["Message"].encode()) + attributes


def _count(records: list[Any]) -> None:
    for record in records:
        name = FLOW_METRICS.get(record.new_image["action"]["S"])
        if name:
            metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)
