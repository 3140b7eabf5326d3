"""The embedded AWS endpoint keeps DynamoDB's transaction guarantees that Lapor relies on, with
its own fast paths on: a cancelled transaction leaves every item (and the stream) as it was, an
Update included, and a retried transaction (same ClientRequestToken) never writes twice."""
from __future__ import annotations

import uuid
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError


def endpoint_client(service: str) -> Any:
    import os

    return botocore.session.get_session().create_client(
        service, endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="ap-southeast-3")


@pytest.fixture()
def table(aws: dict[str, Any]) -> Any:
    client = endpoint_client("dynamodb")
    name = f"endpoint-test-{uuid.uuid4().hex[:8]}"
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    client.put_item(TableName=name, Item={"pk": {"S": "counter"}, "sk": {"S": "all"}, "n": {"N": "5"}})
    yield client, name
    client.delete_table(TableName=name)


def _count(client: Any, name: str) -> int:
    item = client.get_item(TableName=name, Key={"pk": {"S": "counter"}, "sk": {"S": "all"}})["Item"]
    return int(item["n"]["N"])


def _stream_records(client: Any, name: str) -> int:
    streams = endpoint_client("dynamodbstreams")
    arn = client.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    return len(streams.get_records(ShardIterator=iterator)["Records"])


def _count_once(name: str, marker: str) -> list[dict[str, Any]]:
    return [
        {"Put": {"TableName": name, "Item": {"pk": {"S": marker}, "sk": {"S": "m"}},
                 "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Update": {"TableName": name, "Key": {"pk": {"S": "counter"}, "sk": {"S": "all"}},
                    "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
    ]


def test_a_cancelled_transaction_undoes_its_update_and_its_stream_records(table: Any) -> None:
    client, name = table
    client.transact_write_items(TransactItems=_count_once(name, "event-1"))
    records = _stream_records(client, name)
    assert _count(client, name) == 6

    # the marker exists now: the Put's condition fails after the Update was applied in order
    items = list(reversed(_count_once(name, "event-1")))
    with pytest.raises(ClientError) as cancelled:
        client.transact_write_items(TransactItems=items)
    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert _count(client, name) == 6
    assert _stream_records(client, name) == records


def test_a_cancelled_transaction_undoes_an_update_in_the_partition_of_its_put(table: Any) -> None:
    """A support vote: the supporter's item (Put, only if absent) and the report's counter (Update)
    share one partition. The second vote fails its Put, and the counter's ADD must not stay."""
    client, name = table

    def vote() -> list[dict[str, Any]]:
        return [
            {"Put": {"TableName": name, "Item": {"pk": {"S": "counter"}, "sk": {"S": "supporter-1"}},
                     "ConditionExpression": "attribute_not_exists(sk)"}},
            {"Update": {"TableName": name, "Key": {"pk": {"S": "counter"}, "sk": {"S": "all"}},
                        "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        ]

    client.transact_write_items(TransactItems=vote())
    with pytest.raises(ClientError):
        client.transact_write_items(TransactItems=vote())
    assert _count(client, name) == 6


def test_a_retried_transaction_with_the_same_token_writes_once(table: Any) -> None:
    client, name = table
    token = uuid.uuid4().hex
    client.transact_write_items(TransactItems=_count_once(name, "event-2"), ClientRequestToken=token)
    # the SDK resending the same call (its answer lost) succeeds without counting again
    client.transact_write_items(TransactItems=_count_once(name, "event-2"), ClientRequestToken=token)
    assert _count(client, name) == 6

    with pytest.raises(ClientError) as mismatch:
        client.transact_write_items(TransactItems=_count_once(name, "event-3"), ClientRequestToken=token)
    assert mismatch.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
    assert _count(client, name) == 6

    # without the token, the same request is a new one and fails its condition
    with pytest.raises(ClientError) as again:
        client.transact_write_items(TransactItems=_count_once(name, "event-2"))
    assert again.value.response["Error"]["Code"] == "TransactionCanceledException"


def test_index_queries_follow_puts_updates_and_deletes(aws: dict[str, Any]) -> None:
    """The endpoint answers index queries from a per-table map instead of walking the table: what
    it answers must still be exactly what the items say, after any kind of write."""
    client = endpoint_client("dynamodb")
    name = f"endpoint-index-{uuid.uuid4().hex[:8]}"
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "queue", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-queue", "KeySchema": [{"AttributeName": "queue", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}])

    def queue(value: str) -> set[str]:
        items = client.query(TableName=name, IndexName="by-queue", KeyConditionExpression="#q = :v",
                             ExpressionAttributeNames={"#q": "queue"},
                             ExpressionAttributeValues={":v": {"S": value}})["Items"]
        return {item["pk"]["S"] for item in items}

    try:
        for key, value in [("a", "admins"), ("b", "admins"), ("c", "agency")]:
            client.put_item(TableName=name, Item={"pk": {"S": key}, "queue": {"S": value}})
        assert queue("admins") == {"a", "b"} and queue("agency") == {"c"}
        client.update_item(TableName=name, Key={"pk": {"S": "a"}}, UpdateExpression="SET #q = :v",
                           ExpressionAttributeNames={"#q": "queue"}, ExpressionAttributeValues={":v": {"S": "agency"}})
        client.transact_write_items(TransactItems=[{"Update": {
            "TableName": name, "Key": {"pk": {"S": "d"}}, "UpdateExpression": "SET #q = :v",
            "ExpressionAttributeNames": {"#q": "queue"}, "ExpressionAttributeValues": {":v": {"S": "agency"}}}}])
        client.delete_item(TableName=name, Key={"pk": {"S": "c"}})
        client.put_item(TableName=name, Item={"pk": {"S": "e"}, "queue": {"S": "admins"}})
        assert queue("admins") == {"b", "e"} and queue("agency") == {"a", "d"}
    finally:
        client.delete_table(TableName=name)
