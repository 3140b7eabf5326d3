"""SQS batch handling with Powertools: one failing record never fails its batch; the failed ones
are reported as `batchItemFailures` so SQS redelivers only them (and finally dead-letters them)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord


def handle_sqs_batch(event: Any, record_handler: Callable[[SQSRecord], Any]) -> dict[str, Any]:
    """`event` is Chalice's SQSEvent; Powertools wants the raw dict and the Lambda context."""
    return dict(process_partial_response(
        event=event.to_dict(),
        record_handler=record_handler,
        processor=BatchProcessor(event_type=EventType.SQS),
        context=event.context,
    ))
