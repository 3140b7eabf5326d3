"""A small Lambda-like event runtime for the local stack.

It reads the Chalice app's own event-source registrations, so what runs locally is exactly what
is deployed: SQS consumers get real SQS-shaped batches (long-polled from the local endpoint) and
only the records not reported in `batchItemFailures` are deleted, as Lambda does with
ReportBatchItemFailures; a handler that raises deletes nothing, so SQS redelivers and finally
dead-letters. Scheduled handlers fire on their `rate(...)` expressions.
"""
from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Optional

from chalice.app import Chalice, ScheduledEventConfig, SQSEventConfig

from .. import config
from ..aws import client

log = logging.getLogger("lapor.runtime")
_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


class LambdaContext:
    """What Powertools and Chalice read from a Lambda context."""

    def __init__(self, function_name: str, timeout_seconds: int = 60) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{config.region()}:123456789012:function:{function_name}"
        self.memory_limit_in_mb = 512
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def schedule_seconds(expression: Any) -> int:
    text = expression if isinstance(expression, str) else expression.to_string()
    match = _RATE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"local runtime supports rate(...) schedules only, got {text!r}")
    value, unit = int(match.group(1)), match.group(2).rstrip("s")
    return value * _UNIT_SECONDS[unit]


def sqs_record(message: dict[str, Any], queue_arn: str) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": message.get("MessageAttributes", {}),
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": config.region(),
    }


@dataclass
class Consumer:
    name: str
    queue_url: str
    queue_arn: str
    batch_size: int
    handler: Callable[[dict[str, Any], Any], Any]


class EventRuntime:
    def __init__(self, app: Chalice, app_module: Any, poll_seconds: int = 1) -> None:
        self._app, self._module, self._poll = app, app_module, poll_seconds
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.handled = 0

    def consumers(self) -> list[Consumer]:
        sqs = client("sqs")
        out = []
        for source in self._app.event_sources:
            if isinstance(source, SQSEventConfig):
                url = sqs.get_queue_url(QueueName=source.queue)["QueueUrl"]
                arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
                out.append(Consumer(source.name, url, arn, source.batch_size,
                                    getattr(self._module, source.handler_string.split(".")[-1])))
        return out

    def schedules(self) -> list[tuple[str, int, Callable[[dict[str, Any], Any], Any]]]:
        return [
            (s.name, schedule_seconds(s.schedule_expression), getattr(self._module, s.handler_string.split(".")[-1]))
            for s in self._app.event_sources if isinstance(s, ScheduledEventConfig)
        ]

    def start(self) -> None:
        for consumer in self.consumers():
            self._spawn(f"sqs:{consumer.name}", self._consume, consumer)
        for name, seconds, handler in self.schedules():
            self._spawn(f"schedule:{name}", self._tick, name, seconds, handler)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _spawn(self, name: str, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def poll_once(self, consumer: Consumer, wait_seconds: Optional[int] = None) -> int:
        """Receive one batch and hand it to the handler like Lambda would. Returns records seen."""
        sqs = client("sqs")
        response = sqs.receive_message(
            QueueUrl=consumer.queue_url,
            MaxNumberOfMessages=min(consumer.batch_size, 10),
            WaitTimeSeconds=self._poll if wait_seconds is None else wait_seconds,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        messages = response.get("Messages", [])
        if not messages:
            return 0
        event = {"Records": [sqs_record(m, consumer.queue_arn) for m in messages]}
        try:
            result = consumer.handler(event, LambdaContext(consumer.name))
        except Exception:  # noqa: BLE001 - as in Lambda: the whole batch returns to the queue
            log.exception("handler %s failed; %d messages will be redelivered", consumer.name, len(messages))
            return len(messages)
        failed = {item["itemIdentifier"] for item in (result or {}).get("batchItemFailures", [])}
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            sqs.delete_message_batch(
                QueueUrl=consumer.queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
            )
        self.handled += len(done)
        return len(messages)

    def _consume(self, consumer: Consumer) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once(consumer)
            except Exception:  # noqa: BLE001 - keep polling; the endpoint may be restarting
                log.exception("polling %s failed", consumer.name)
                self._stop.wait(1)

    def _tick(self, name: str, seconds: int, handler: Callable[[dict[str, Any], Any], Any]) -> None:
        while not self._stop.wait(seconds):
            fire_schedule(name, handler)


def fire_schedule(name: str, handler: Callable[[dict[str, Any], Any], Any]) -> Any:
    """Call a scheduled handler with an EventBridge-shaped event, as the schedule would."""
    event = {
        "version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
        "account": "123456789012", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "region": config.region(), "resources": [f"arn:aws:events:{config.region()}:123456789012:rule/{name}"],
        "detail": {},
    }
    try:
        return handler(event, LambdaContext(name))
    except Exception:  # noqa: BLE001 - a failed run is logged; the next tick runs again
        log.exception("scheduled handler %s failed", name)
        return None
