"""Creates the tables, queues and topics from their definitions (models, queues, resources, outbox). Used by the
local stack and the tests; infra builds the same resources from the same definitions."""
from __future__ import annotations

import json
import os

from chalicelib.shared import config
from chalicelib.shared.aws import client
from chalicelib.shared.queues import QUEUES, QueueSpec
from chalicelib.shared.resources import BUCKETS, BucketSpec
from chalicelib.store.models import ALL_MODELS, IdempotencyRecord


def create_tables() -> None:
    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(wait=True)
    client("dynamodb").update_time_to_live(
        TableName=IdempotencyRecord.Meta.table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiration"},
    )


def create_queue(spec: QueueSpec) -> dict[str, str]:
    """Create the queue and its dead-letter queue (idempotent). Returns their URLs.

    `LAPOR_LOCAL_VISIBILITY_TIMEOUT` shortens redelivery for local runs and tests only."""
    sqs = client("sqs")
    dlq_url = sqs.create_queue(
        QueueName=spec.dlq_name,
        Attributes={"MessageRetentionPeriod": str(spec.dlq_retention_seconds)},
    )["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    url = sqs.create_queue(
        QueueName=spec.name,
        Attributes={
            "VisibilityTimeout": os.environ.get("LAPOR_LOCAL_VISIBILITY_TIMEOUT", str(spec.visibility_timeout)),
            "MessageRetentionPeriod": str(spec.retention_seconds),
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": spec.max_receive_count}),
        },
    )["QueueUrl"]
    return {"url": url, "dlq_url": dlq_url}


def create_queues() -> dict[str, dict[str, str]]:
    return {spec.kind: create_queue(spec) for spec in QUEUES}


def create_bucket(spec: BucketSpec) -> str:
    """Create the bucket (idempotent) with CORS open to any origin: local stage and tests only."""
    s3 = client("s3")
    try:
        location = {} if config.region() == "us-east-1" else {
            "CreateBucketConfiguration": {"LocationConstraint": config.region()}}
        s3.create_bucket(Bucket=spec.name, **location)
    except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
        pass
    s3.put_bucket_cors(Bucket=spec.name, CORSConfiguration={"CORSRules": [{
        "AllowedOrigins": ["*"], "AllowedMethods": list(spec.cors_methods),
        "AllowedHeaders": ["*"], "MaxAgeSeconds": 3600,
    }]})
    return spec.name


def provision() -> dict[str, dict[str, str]]:
    create_tables()
    from laportools.provision_delivery import (
        provision_delivery,  # KMS key, TTL, timeline stream ARN env
    )

    provision_delivery()
    for bucket in BUCKETS:
        create_bucket(bucket)
    queues = create_queues()
    for kind, urls in queues.items():  # the queues just made on this endpoint are the ones to use
        os.environ[f"LAPOR_QUEUE_URL_{kind.upper()}"] = urls["url"]
        os.environ[f"LAPOR_DLQ_URL_{kind.upper()}"] = urls["dlq_url"]
    from chalicelib.settings import settings
    from chalicelib.shared import queues as shared_queues

    settings.cache_clear()

    shared_queues.url.cache_clear()
    shared_queues.dlq_url.cache_clear()
    from laportools.provision_outbox import (
        create_timeline_topic,  # the timeline topic -> consumer queues
    )

    create_timeline_topic()
    from laportools.provision_notify import (
        provision_notify,  # SMS topic, SES identity, unsubscribe key
    )

    provision_notify()
    from laportools.provision_identity import (
        create_user_pool,  # the staff pool (Cognito)
    )

    create_user_pool()
    return queues
