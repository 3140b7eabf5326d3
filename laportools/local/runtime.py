"""A small Lambda-like event runtime for the local stack.

It reads the Chalice app's own event-source registrations, so what runs locally is exactly what
is deployed: SQS consumers get real SQS-shaped batches (long-polled from the local endpoint) and
only the records not reported in `batchItemFailures` are deleted, as Lambda does with
ReportBatchItemFailures; a handler that raises deletes nothing, so SQS redelivers and finally
dead-letters. Scheduled handlers fire on their `rate(...)` expressions. DynamoDB stream handlers
get Lambda-shaped batches read from each shard.
"""
from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from chalice.app import (
    Chalice,
    DynamoDBEventConfig,
    ScheduledEventConfig,
    SQSEventConfig,
)

from chalicelib.shared import config
from chalicelib.shared.aws import client
from laportools.local.concurrency import make_metrics_thread_safe

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
    batching_window: int = 0
    max_concurrency: int | None = None


# --- DynamoDB streams -------------------------------------------------------------------------
# Handlers registered with `@app.on_dynamodb_record` get Lambda-shaped batches read with
# GetRecords from each shard, from the oldest record on (TRIM_HORIZON: nothing written before the
# runtime started is missed). As Lambda does: a handler that raises gets the same batch again (up
# to STREAM_MAX_RETRIES, then the batch is skipped and logged, like MaximumRetryAttempts), and
# `batchItemFailures` resumes the shard at the first failed sequence number.
STREAM_MAX_RETRIES = 3


@dataclass
class StreamConsumer:
    name: str
    stream_arn: str
    batch_size: int
    handler: Callable[[dict[str, Any], Any], Any]
    partition_key: str | None = None


def _table_of(stream_arn: str) -> str:
    return stream_arn.split(":table/", 1)[1].split("/", 1)[0]


def stream_record(raw: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    dynamodb = dict(raw["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    dynamodb["ApproximateCreationDateTime"] = created.timestamp() if hasattr(created, "timestamp") else (created or time.time())
    dynamodb.setdefault("SizeBytes", 0)
    dynamodb.setdefault("StreamViewType", "NEW_IMAGE")
    return {
        "eventID": raw.get("eventID", str(uuid.uuid4())),
        "eventName": raw["eventName"],
        "eventVersion": raw.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": raw.get("awsRegion", config.region()),
        "dynamodb": dynamodb,
        "eventSourceARN": stream_arn,
    }


class EventRuntime:
    def __init__(self, app: Chalice, app_module: Any, poll_seconds: int = 1,
                 stream_parallelization: int = 1) -> None:
        """`stream_parallelization`: Lambda's ParallelizationFactor for stream consumers (1-10):
        that many batches of one shard run at once, records of one partition key always in the
        same batch and in order."""
        self._app, self._module, self._poll = app, app_module, poll_seconds
        make_metrics_thread_safe()  # invocations run concurrently here, unlike in Lambda
        self.stream_parallelization = max(1, min(10, stream_parallelization))
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.handled = 0
        self._shards: dict[tuple[str, str, str], str | None] = {}  # (consumer, stream, shard) -> last handled
        self._stream_failures: dict[tuple[str, str, str], int] = {}
        # One lock per stream consumer (the tests' drain and a follower thread never read the same
        # consumer's shards at once); different consumers read in parallel, as their Lambdas do.
        self._stream_locks: dict[str, threading.Lock] = {}
        self._caught_up: dict[str, bool] = {}  # stream consumer -> its last read found nothing new
        self.poller_groups: list[PollerGroup] = []
        self._count_lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def consumers(self) -> list[Consumer]:
        sqs = client("sqs")
        out = []
        for source in self._app.event_sources:
            if isinstance(source, SQSEventConfig):
                url = sqs.get_queue_url(QueueName=source.queue)["QueueUrl"]
                arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
                out.append(Consumer(source.name, url, arn, source.batch_size,
                                    getattr(self._module, source.handler_string.split(".")[-1]),
                                    batching_window=source.maximum_batching_window_in_seconds or 0,
                                    max_concurrency=source.maximum_concurrency))
        return out

    def schedules(self) -> list[tuple[str, int, Callable[[dict[str, Any], Any], Any]]]:
        return [
            (s.name, schedule_seconds(s.schedule_expression), getattr(self._module, s.handler_string.split(".")[-1]))
            for s in self._app.event_sources if isinstance(s, ScheduledEventConfig)
        ]

    def start(self) -> None:
        for consumer in self.consumers():
            group = PollerGroup(self, consumer)
            self.poller_groups.append(group)
            group.start()
        for name, seconds, handler in self.schedules():
            self._spawn(f"schedule:{name}", self._tick, name, seconds, handler)
        for stream in self.stream_consumers():
            self._spawn(f"stream:{stream.name}", self._follow_stream, stream)

    def stop(self) -> None:
        self._stop.set()
        deadline = time.monotonic() + 10  # long polls end within their wait; daemons after that
        for thread in self._threads + [t for g in self.poller_groups for t in g.threads]:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if self._pool is not None:
            self._pool.shutdown(wait=False)

    def _spawn(self, name: str, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def receive_batch(self, consumer: Consumer, wait_seconds: int, window: float = 0) -> list[dict[str, Any]]:
        """Up to `batch_size` messages: like Lambda's poller, keeps receiving (10 at most per
        call) until the batch is full or `window` seconds (the batching window) have passed."""
        sqs = client("sqs")
        messages: list[dict[str, Any]] = []
        ends = time.monotonic() + window
        while len(messages) < consumer.batch_size:
            wait = wait_seconds
            if messages:  # filling a batch: only within the window (long polls are whole seconds)
                if ends - time.monotonic() <= 0:
                    break
                wait = 1
            got = sqs.receive_message(
                QueueUrl=consumer.queue_url,
                MaxNumberOfMessages=min(consumer.batch_size - len(messages), 10),
                WaitTimeSeconds=wait,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            if not got and not messages:
                break
            messages += got
        return messages

    def poll_once(self, consumer: Consumer, wait_seconds: int | None = None, window: float = 0) -> int:
        """Receive one batch and hand it to the handler like Lambda would. Returns records seen."""
        messages = self.receive_batch(consumer, self._poll if wait_seconds is None else wait_seconds, window)
        if not messages:
            return 0
        return self.handle_batch(consumer, messages)

    def handle_batch(self, consumer: Consumer, messages: list[dict[str, Any]]) -> int:
        sqs = client("sqs")
        event = {"Records": [sqs_record(m, consumer.queue_arn) for m in messages]}
        try:
            result = consumer.handler(event, LambdaContext(consumer.name))
        except Exception:  # as in Lambda: the whole batch returns to the queue
            log.exception("handler %s failed; %d messages will be redelivered", consumer.name, len(messages))
            return len(messages)
        failed = {item["itemIdentifier"] for item in (result or {}).get("batchItemFailures", [])}
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), 10):  # DeleteMessageBatch takes 10 entries
            sqs.delete_message_batch(
                QueueUrl=consumer.queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                         for i, m in enumerate(done[start:start + 10])],
            )
        with self._count_lock:
            self.handled += len(done)
        return len(messages)

    def stream_consumers(self) -> list[StreamConsumer]:
        """The app's stream handlers, each bound to its table's live stream (looked up by table name,
        so a placeholder ARN from an unprovisioned import still finds the local stream)."""
        dynamodb = client("dynamodb")
        out = []
        for source in self._app.event_sources:
            if isinstance(source, DynamoDBEventConfig):
                table = dynamodb.describe_table(TableName=_table_of(source.stream_arn))["Table"]
                hash_key = next(k["AttributeName"] for k in table["KeySchema"] if k["KeyType"] == "HASH")
                out.append(StreamConsumer(source.name, table["LatestStreamArn"], source.batch_size,
                                          getattr(self._module, source.handler_string.split(".")[-1]),
                                          partition_key=hash_key))
        return out

    def poll_stream_once(self, consumer: StreamConsumer) -> int:
        """Read each shard once and hand what it has to the handler. Returns records seen."""
        streams = client("dynamodbstreams")
        seen = 0
        with self._count_lock:
            lock = self._stream_locks.setdefault(consumer.name, threading.Lock())
        with lock:
            shards = streams.describe_stream(StreamArn=consumer.stream_arn)["StreamDescription"]["Shards"]
            for shard in shards:
                # Per consumer: two handlers on one stream (webhooks, statistics) each read it all.
                key = (consumer.name, consumer.stream_arn, shard["ShardId"])
                position = self._shards.get(key)  # the last sequence number handled, None at first
                # A fresh iterator per read: iterators expire (15 minutes in AWS), and moto's point
                # at a shard object that a rolled-back transaction replaces.
                where = ({"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": position}
                         if position else {"ShardIteratorType": "TRIM_HORIZON"})
                iterator = streams.get_shard_iterator(StreamArn=consumer.stream_arn, ShardId=shard["ShardId"],
                                                      **where)["ShardIterator"]
                response = streams.get_records(ShardIterator=iterator, Limit=min(consumer.batch_size, 1000))
                raw = response.get("Records", [])
                if not raw:
                    continue
                seen += len(raw)
                records = [stream_record(r, consumer.stream_arn) for r in raw]
                try:
                    result = self._invoke_stream(consumer, records)
                except Exception:  # as in Lambda: the batch is retried, then skipped
                    failures = self._stream_failures.get(key, 0) + 1
                    self._stream_failures[key] = failures
                    if failures < STREAM_MAX_RETRIES:
                        log.exception("stream handler %s failed (try %d); retrying the batch", consumer.name, failures)
                        continue
                    log.exception("stream handler %s failed %d times; skipping %d records",
                                  consumer.name, failures, len(raw))
                    result = None
                self._stream_failures.pop(key, None)
                failed = [item["itemIdentifier"] for item in (result or {}).get("batchItemFailures", [])]
                if failed:  # resume at the first failed record: everything before it is done
                    first = min(int(f) for f in failed)
                    self._shards[key] = str(first - 1) if first - 1 >= int(raw[0]["dynamodb"]["SequenceNumber"]) else position
                else:
                    self._shards[key] = raw[-1]["dynamodb"]["SequenceNumber"]
                    self.handled += len(raw)
        return seen

    def _invoke_stream(self, consumer: StreamConsumer, records: list[dict[str, Any]]) -> Any:
        """Hand `records` to the handler: in one batch, or (ParallelizationFactor > 1) split by
        partition key into concurrent batches. Any batch raising fails the whole read (it is
        retried; handlers are idempotent); item failures of all batches are merged."""
        groups: dict[str, list[dict[str, Any]]] = {}
        for record in records:
            key = json.dumps(record["dynamodb"].get("Keys", {}).get(consumer.partition_key or "", {}), sort_keys=True)
            groups.setdefault(key, []).append(record)
        factor = min(self.stream_parallelization, len(groups))
        if factor <= 1:
            return consumer.handler({"Records": records}, LambdaContext(consumer.name))
        batches: list[list[dict[str, Any]]] = [[] for _ in range(factor)]
        for i, group in enumerate(groups.values()):  # whole partitions, spread round-robin
            batches[i % factor].extend(group)
        pool = self._stream_pool()
        futures = [pool.submit(consumer.handler, {"Records": batch}, LambdaContext(consumer.name)) for batch in batches]
        results = [future.result() for future in futures]  # re-raises the first failure
        failures = [item for result in results for item in (result or {}).get("batchItemFailures", [])]
        return {"batchItemFailures": failures} if failures else None

    def _stream_pool(self) -> ThreadPoolExecutor:
        with self._count_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.stream_parallelization, thread_name_prefix="stream")
            return self._pool

    def poll_streams(self, max_reads: int = 1000) -> int:
        """Read every stream consumer until its shards have nothing new (used by the tests' drain,
        so a backlog left by tests that poll SQS directly never hides newer records)."""
        total = 0
        consumers = self.stream_consumers()
        for _ in range(max_reads):
            seen = sum(self.poll_stream_once(c) for c in consumers)
            total += seen
            if not seen:
                break
        return total

    def streams_caught_up(self) -> bool:
        """Every stream consumer's last read found nothing new (what Lambda's IteratorAge of 0 says)."""
        followers = sum(1 for t in self._threads if t.name.startswith("stream:"))
        return len(self._caught_up) == followers and all(self._caught_up.values())

    def _follow_stream(self, consumer: StreamConsumer) -> None:
        while not self._stop.is_set():
            try:
                seen = self.poll_stream_once(consumer)
                self._caught_up[consumer.name] = not seen
                if not seen:
                    self._stop.wait(self._poll or 0.2)
            except Exception:  # keep polling; the endpoint may be restarting
                log.exception("reading stream for %s failed", consumer.name)
                self._stop.wait(1)

    def _tick(self, name: str, seconds: int, handler: Callable[[dict[str, Any], Any], Any]) -> None:
        while not self._stop.wait(seconds):
            fire_schedule(name, handler)


# --- SQS poller scaling ------------------------------------------------------------------------
# Lambda polls a queue with several pollers and scales them with the backlog, up to the event
# source's MaximumConcurrency. Locally: one poller always runs; a poller that receives a full batch
# starts another (up to `max_concurrency`, DEFAULT_MAX_POLLERS without one); a poller that finds
# the queue empty stops unless it is the last, and the last one long-polls with a growing wait
# (IDLE_WAITS), so an idle queue costs a request every few seconds, not a stream of them.
DEFAULT_MAX_POLLERS = 5
IDLE_WAITS = (1, 2, 5, 10)


class PollerGroup:
    def __init__(self, runtime: EventRuntime, consumer: Consumer) -> None:
        self.runtime, self.consumer = runtime, consumer
        self.limit = consumer.max_concurrency or DEFAULT_MAX_POLLERS
        self.threads: list[threading.Thread] = []
        self.active = 0
        self.peak = 0
        self._lock = threading.Lock()

    def start(self) -> None:
        self._grow()

    def _grow(self) -> bool:
        with self._lock:
            if self.active >= self.limit or self.runtime._stop.is_set():
                return False
            self.active += 1
            self.peak = max(self.peak, self.active)
            thread = threading.Thread(target=self._poll, name=f"sqs:{self.consumer.name}:{len(self.threads)}",
                                      daemon=True)
            self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        thread.start()
        return True

    def _shrink(self) -> bool:
        """Called by a poller that found nothing: it stops unless it is the last one."""
        with self._lock:
            if self.active > 1:
                self.active -= 1
                return True
            return False

    def _poll(self) -> None:
        consumer, runtime, idle = self.consumer, self.runtime, 0
        stop = runtime._stop
        try:
            while not stop.is_set():
                try:
                    wait = IDLE_WAITS[min(idle, len(IDLE_WAITS) - 1)] if runtime._poll else 0
                    messages = runtime.receive_batch(consumer, wait, consumer.batching_window)
                    if not messages:
                        if self._shrink():
                            return
                        idle += 1
                        if not runtime._poll:
                            stop.wait(0.05)
                        continue
                    idle = 0
                    if len(messages) >= consumer.batch_size:
                        self._grow()  # a full batch: there is a backlog, scale out
                    runtime.handle_batch(consumer, messages)
                except Exception:  # keep polling; the endpoint may be restarting
                    log.exception("polling %s failed", consumer.name)
                    stop.wait(1)
        finally:
            with self._lock:
                if stop.is_set():
                    self.active -= 1


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
    except Exception:  # a failed run is logged; the next tick runs again
        log.exception("scheduled handler %s failed", name)
        return None
