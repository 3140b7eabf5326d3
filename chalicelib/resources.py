"""Queue definitions: the single source for the local stack, infra and the tests. Tables are
defined by the PynamoDB models in store.models."""
from __future__ import annotations

from dataclasses import dataclass

from . import config


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
)


def queue_spec(kind: str) -> QueueSpec:
    return next(q for q in QUEUES if q.kind == kind)
