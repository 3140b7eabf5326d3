"""The local endpoint's hot paths with and without Lapor's moto patches (`make bench` section).

moto answers several calls by walking a whole queue or table in Python, so their cost grows with
the backlog a surge builds. This measures, on a fresh endpoint in a child process, each call the
pipeline makes per report with a deep queue and a full table, once with moto as shipped and once
with `laportools.local.moto_fastpaths` (LAPOR_MOTO_FASTPATHS=0 turns them off in the child)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
BACKLOG = 2_000  # queued messages, and reports with a 2-event timeline in the table
CALLS = 50  # timed calls of each kind (receives: 30, each takes ten messages off the backlog)
# `python -m bench --quick`: a small backlog and a few calls, to prove the section still works.
QUICK_BACKLOG, QUICK_CALLS = 100, 5


def _child(backlog: int = BACKLOG, calls: int = CALLS) -> dict[str, float]:
    """Runs in the child: endpoint, backlog, timings in milliseconds per call."""
    os.environ.update({"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "ap-southeast-3"})
    import boto3

    from laportools.local.aws_endpoint import LocalAwsEndpoint

    server = LocalAwsEndpoint().start()
    sqs = boto3.client("sqs", endpoint_url=server.url)
    dynamodb = boto3.client("dynamodb", endpoint_url=server.url)
    url = sqs.create_queue(QueueName="backlog", Attributes={"VisibilityTimeout": "300"})["QueueUrl"]
    for _start in range(0, backlog, 10):
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": "{}"} for i in range(10)])
    dynamodb.create_table(TableName="timeline", BillingMode="PAY_PER_REQUEST",
                          AttributeDefinitions=[{"AttributeName": "t", "AttributeType": "S"},
                                                {"AttributeName": "s", "AttributeType": "N"}],
                          KeySchema=[{"AttributeName": "t", "KeyType": "HASH"}, {"AttributeName": "s", "KeyType": "RANGE"}])
    for start in range(0, backlog, 12):
        dynamodb.batch_write_item(RequestItems={"timeline": [
            {"PutRequest": {"Item": {"t": {"S": f"R{n}"}, "s": {"N": str(seq)}}}}
            for n in range(start, min(start + 12, backlog)) for seq in (1, 2)]})

    def per_call(count: int, call: Any) -> float:
        started = time.perf_counter()
        for i in range(count):
            call(i)
        return (time.perf_counter() - started) / count * 1000

    def receive_and_delete(_: int) -> None:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                                                        for i, m in enumerate(messages)])

    def transaction(i: int) -> None:
        dynamodb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "timeline", "Item": {"t": {"S": f"N{i}"}, "s": {"N": "1"}},
                     "ConditionExpression": "attribute_not_exists(s)"}}])

    figures = {
        "SQS SendMessage": per_call(calls, lambda i: sqs.send_message(QueueUrl=url, MessageBody="{}")),
        "SQS ReceiveMessage(10) + DeleteMessageBatch": per_call(max(1, calls * 3 // 5), receive_and_delete),
        "DynamoDB Query of one timeline": per_call(calls, lambda i: dynamodb.query(
            TableName="timeline", KeyConditionExpression="t = :t", ExpressionAttributeValues={":t": {"S": f"R{i}"}})),
        "DynamoDB TransactWriteItems": per_call(calls, transaction),
    }
    server.stop()
    return figures


def run(quick: bool = False) -> list[tuple[str, str]]:
    """Rows for `make bench`: each hot path's milliseconds per call, moto as shipped -> patched."""
    backlog, calls = (QUICK_BACKLOG, QUICK_CALLS) if quick else (BACKLOG, CALLS)
    results = {}
    for label, switch in (("moto as shipped", "0"), ("with fast paths", "1")):
        done = subprocess.run([sys.executable, "-m", "bench.emulator", "--child", str(backlog), str(calls)],
                              cwd=PROJECT, check=True, env={**os.environ, "LAPOR_MOTO_FASTPATHS": switch},
                              capture_output=True, text=True)
        results[label] = json.loads(done.stdout.strip().splitlines()[-1])
    before, after = results["moto as shipped"], results["with fast paths"]
    return [(f"local endpoint, {name}, {backlog:,} queued/stored",
             f"{before[name]:.1f} ms -> {after[name]:.1f} ms") for name in before]


if __name__ == "__main__":
    if "--child" in sys.argv:
        sizes = [int(arg) for arg in sys.argv[sys.argv.index("--child") + 1:] if arg.isdigit()]
        print(json.dumps(_child(*sizes)))
    else:
        for metric, value in run():
            print(f"{metric:<70} {value}")
