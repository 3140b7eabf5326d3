"""SQS consumer of the routing queue: the timeline topic's SUBMIT events (chalicelib/outbox), one
per received report. Only `tracking_id` is read, so an operator's `{"tracking_id": ...}` works too."""
from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.routing.service import Outcome, route_report
from chalicelib.shared.batch import handle_sqs_batch
from chalicelib.shared.observability import logger, metrics


def _route_record(record: SQSRecord) -> Outcome:
    tracking_id = json.loads(record.body)["tracking_id"]
    outcome = route_report(tracking_id)
    logger.info("routing outcome", extra={"tracking_id": tracking_id, "outcome": outcome.value})
    metrics.add_metric(name=f"Routing{outcome.value.title().replace('_', '')}", unit=MetricUnit.Count, value=1)
    return outcome


def handle_routing_batch(event: Any) -> dict[str, Any]:
    return handle_sqs_batch(event, _route_record)
