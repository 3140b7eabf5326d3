"""Lambda entry points of the deadline engine: the scheduled sweep and the consumer of its
fan-out queue. Thin: they call `sweep` and report through Powertools."""
from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.deadlines.sweep import process_fanned_out, run_sweep
from chalicelib.shared.batch import handle_sqs_batch
from chalicelib.shared.observability import logger


def handle_scheduled_sweep(event: Any) -> dict[str, Any]:
    """One sweep; stops handling inline before the Lambda times out and fans the rest out."""
    context = getattr(event, "context", None)
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    return run_sweep(time_left_ms=remaining)


def _sweep_record(record: SQSRecord) -> dict[str, int]:
    counts = process_fanned_out(json.loads(record.body))
    logger.info("sweep batch done", extra={"counts": dict(counts)})
    return dict(counts)


def handle_sweep_batch(event: Any) -> dict[str, Any]:
    """A failing message is reported in batchItemFailures and redelivered; its reports that were
    already handled are skipped the second time."""
    return handle_sqs_batch(event, _sweep_record)
