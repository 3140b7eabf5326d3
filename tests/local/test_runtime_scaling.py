"""The local runtime scales its SQS pollers like Lambda (up to the consumer's maximum
concurrency, each message handled once), and splits stream batches by partition key the way
Lambda's ParallelizationFactor does (one key's records in one batch, in order)."""
from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from typing import Any

from chalicelib.shared.aws import client
from laportools.local.runtime import Consumer, EventRuntime, PollerGroup, StreamConsumer


def test_pollers_scale_out_to_the_maximum_concurrency_and_handle_each_message_once(app):
    sqs = client("sqs")
    url = sqs.create_queue(QueueName=f"lapor-test-scaling-{uuid.uuid4().hex[:8]}",
                           Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    for start in range(0, 60, 10):
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(start + i)}
                                                      for i in range(10)])
    seen: Counter[str] = Counter()
    running, most = [0], [0]
    lock = threading.Lock()

    def handler(event: dict[str, Any], context: Any) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            seen.update(record["body"] for record in event["Records"])
        time.sleep(0.2)  # long enough that a backlog needs more than one poller
        with lock:
            running[0] -= 1

    runtime = EventRuntime(app.app, app, poll_seconds=1)
    group = PollerGroup(runtime, Consumer("scaling", url, "arn:aws:sqs:local:1:scaling", 5, handler,
                                          batching_window=0, max_concurrency=3))
    runtime.poller_groups.append(group)  # so that stop() waits for its pollers
    group.start()
    deadline = time.monotonic() + 120  # a liveness bound, not a timing assertion
    while sum(seen.values()) < 60 and time.monotonic() < deadline:
        time.sleep(0.1)
    runtime.stop()
    assert seen == Counter(str(i) for i in range(60))  # every message, each once
    assert 1 < group.peak <= 3 and most[0] <= 3
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "0"


def record(key: str, seq: int) -> dict[str, Any]:
    return {"dynamodb": {"Keys": {"tracking_id": {"S": key}, "seq": {"N": str(seq)}},
                         "SequenceNumber": str(seq)}}


def test_parallel_stream_batches_keep_each_reports_events_together_and_in_order(app):
    batches: list[list[tuple[str, str]]] = []
    lock = threading.Lock()

    def handler(event: dict[str, Any], context: Any) -> None:
        with lock:
            batches.append([(r["dynamodb"]["Keys"]["tracking_id"]["S"], r["dynamodb"]["SequenceNumber"])
                            for r in event["Records"]])

    runtime = EventRuntime(app.app, app, poll_seconds=0, stream_parallelization=2)
    consumer = StreamConsumer("fanout", "arn:stream", 100, handler, partition_key="tracking_id")
    records = [record("A", 1), record("B", 2), record("A", 3), record("C", 4), record("B", 5), record("A", 6)]
    assert runtime._invoke_stream(consumer, records) is None
    assert len(batches) == 2  # two concurrent batches
    for key, expected in (("A", ["1", "3", "6"]), ("B", ["2", "5"]), ("C", ["4"])):
        holding = [batch for batch in batches if any(k == key for k, _ in batch)]
        assert len(holding) == 1  # one key never spans batches
        assert [seq for k, seq in holding[0] if k == key] == expected  # and keeps its order
