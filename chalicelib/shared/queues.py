"""Messages between pipeline stages. Each queue kind has a dead-letter queue (see resources)."""
from __future__ import annotations

import json
from typing import Any

from chalicelib.shared import config
from chalicelib.shared.aws import client

ROUTING = "routing"


def send(kind: str, body: dict[str, Any], delay_seconds: int = 0) -> None:
    client("sqs").send_message(
        QueueUrl=config.queue_url(kind), MessageBody=json.dumps(body), DelaySeconds=delay_seconds
    )


def dlq_url(kind: str) -> str:
    """The dead-letter queue of `kind` (`LAPOR_DLQ_URL_<KIND>` from infra, else looked up)."""
    import os

    return os.environ.get(f"LAPOR_DLQ_URL_{kind.upper()}") or client("sqs").get_queue_url(
        QueueName=config.resource_name(f"{kind}-dlq"))["QueueUrl"]


def send_dead_letter(kind: str, body: dict[str, Any]) -> None:
    """Park a message a consumer gave up on where operators inspect and replay it."""
    client("sqs").send_message(QueueUrl=dlq_url(kind), MessageBody=json.dumps(body))
