"""Queue definitions: the single source for the local stack, infra and the tests. Tables are
defined by the PynamoDB models in store.models."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.shared import config


@dataclass(frozen=True)
class QueueSpec:
    kind: str
    visibility_timeout: int  # seconds; at least 6x the consumer's timeout in AWS
    max_receive_count: int  # deliveries before a message moves to the dead-letter queue
    retention_seconds: int = 4 * 24 * 3600
    dlq_retention_seconds: int = 14 * 24 * 3600

    @property
    def name(self) -> str:
        return config.resource_name(self.kind)

    @property
    def dlq_name(self) -> str:
        return config.resource_name(f"{self.kind}-dlq")


QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec("routing", visibility_timeout=180, max_receive_count=5),
    # Webhook deliveries: retries are scheduled by re-sending with a delay (delivery.worker);
    # maxReceiveCount only catches a crashing consumer. Last failed attempts are sent to the DLQ.
    # Visibility is 6x the consumer's Lambda timeout (.chalice/config.json): a batch of at most
    # 5 deliveries at 15 s each fits the 90 s timeout.
    QueueSpec("delivery", visibility_timeout=540, max_receive_count=5),
    # Deadline sweep fan-out: batches of due reports a single sweep run did not reach.
    QueueSpec("sweep", visibility_timeout=360, max_receive_count=5),
)

# KMS key (by alias) that encrypts webhook signing secrets; infra creates the same alias.
WEBHOOK_KEY_ALIAS_KIND = "webhooks"


def queue_spec(kind: str) -> QueueSpec:
    return next(q for q in QUEUES if q.kind == kind)


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
# Open data (chalicelib/opendata): public reports and statistics under `open-data/`, downloaded
# through short-lived presigned links from the site's /data-terbuka page.
PUBLIC_BUCKET = BucketSpec("public", cors_methods=("GET",))
BUCKETS = BUCKETS + (PUBLIC_BUCKET,)
