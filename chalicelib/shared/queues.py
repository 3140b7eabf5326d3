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
