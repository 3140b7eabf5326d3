"""Bucket and key definitions: the single source for the local stack, infra and the tests. Tables
are defined by the PynamoDB models in store.models; queues in shared.queues."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.shared import config

# KMS key (by alias) that encrypts webhook signing secrets; infra creates the same alias.
WEBHOOK_KEY_ALIAS_KIND = "webhooks"


@dataclass(frozen=True)
class BucketSpec:
    """An S3 bucket. Browsers upload into it directly with presigned POSTs, so it needs CORS
    for the site's origin (any origin locally; the site's own origin in AWS)."""

    kind: str
    cors_methods: tuple[str, ...] = ("POST",)

    @property
    def name(self) -> str:
        return config.resource_name(self.kind)


ATTACHMENTS_BUCKET = BucketSpec("attachments")
BUCKETS: tuple[BucketSpec, ...] = (ATTACHMENTS_BUCKET,)


@dataclass(frozen=True)
class TopicSpec:
    """An SNS topic. `queue_kind`: the queue subscribed to it (SNS -> SQS)."""

    kind: str
    queue_kind: str

    @property
    def name(self) -> str:
        return config.resource_name(self.kind)


# Two-way SMS publishes each inbound message to this topic (AWS End User Messaging SMS).
SMS_INBOUND_TOPIC = TopicSpec("sms-inbound", queue_kind="sms")
TOPICS: tuple[TopicSpec, ...] = (SMS_INBOUND_TOPIC,)
# Open data (chalicelib/opendata): public reports and statistics under `open-data/`, downloaded
# through short-lived presigned links from the site's /data-terbuka page.
PUBLIC_BUCKET = BucketSpec("public", cors_methods=("GET",))
BUCKETS = BUCKETS + (PUBLIC_BUCKET,)
