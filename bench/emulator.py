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


def _child() -> dict[str, float]:
    """Runs in the child: endpoint, backlog, timings in milliseconds per call."""
    os.environ.update({"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "ap-southeast-3"})
    import boto3

    from laportools.local.aws_endpoint import LocalAwsEndpoint

    server = LocalAwsEndpoint().start()
    sqs = boto3.client("sqs", endpoint_url=server.url)
    dynamodb = boto3.client("dynamodb", endpoint_url=server.url)
    url = sqs.create_queue(QueueName="backlog", Attributes={"VisibilityTimeout": "300"})["QueueUrl"]
    for start in range(0, BACKLOG, 10):
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": "{}"} for i in range(10)])
    dynamodb.create_table(TableName="timeline", BillingMode="PAY_PER_REQUEST",
                          AttributeDefinitions=[{"AttributeName": "t", "AttributeType": "S"},
                                                {"AttributeName": "s", "AttributeType": "N"}],
                          KeySchema=[{"AttributeName": "t", "KeyType": "HASH"}, {"AttributeName": "s", "KeyType": "RANGE"}])
    for start in range(0, BACKLOG, 12):
        dynamodb.batch_write_item(RequestItems={"timeline": [
            {"PutRequest": {"Item": {"t": {"S": f"R{n}"}, "s": {"N": str(seq)}}}}
            for n in range(start, min(start + 12, BACKLOG)) for seq in (1, 2)]})

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
        "SQS SendMessage": per_call(50, lambda i: sqs.send_message(QueueUrl=url, MessageBody="{}")),
        "SQS ReceiveMessage(10) + DeleteMessageBatch": per_call(30, receive_and_delete),
        "DynamoDB Query of one timeline": per_call(50, lambda i: dynamodb.query(
            TableName="timeline", KeyConditionExpression="t = :t", ExpressionAttributeValues={":t": {"S": f"R{i}"}})),
        "DynamoDB TransactWriteItems": per_call(50, transaction),
    }
    server.stop()
    return figures


def run() -> list[tuple[str, str]]:
    results = {}
    for label, switch in (("moto as shipped", "0"), ("with fast paths", "1")):
        done = subprocess.run([sys.executable, "-m", "bench.emulator", "--child"], cwd=PROJECT, check=True,
                              env={**os.environ, "LAPOR_MOTO_FASTPATHS": switch}, capture_output=True, text=True)
        results[label] = json.loads(done.stdout.strip().splitlines()[-1])
    before, after = results["moto as shipped"], results["with fast paths"]
    return [(f"local endpoint, {name}, {BACKLOG:,} queued/stored",
             f"{before[name]:.1f} ms -> {after[name]:.1f} ms") for name in before]


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(_child()))
    else:
        for metric, value in run():
            print(f"{metric:<70} {value}")
