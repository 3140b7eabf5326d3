"""Settings read from the environment once per process. Resource names derive from the stage,
so the code, the local stack and infra agree on them."""
from __future__ import annotations

import os
from functools import lru_cache

LOCAL_STAGE = "local"


def stage() -> str:
    return os.environ.get("LAPOR_STAGE", LOCAL_STAGE)


def is_local() -> bool:
    return stage() == LOCAL_STAGE


def resource_name(kind: str) -> str:
    """Name of a table or queue: `lapor-<stage>-<kind>`."""
    return f"lapor-{stage()}-{kind}"


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "ap-southeast-3"


def endpoint_url() -> str | None:
    """The local AWS endpoint (moto server) when set; None in AWS."""
    return os.environ.get("AWS_ENDPOINT_URL") or None


@lru_cache(maxsize=None)
def queue_url(kind: str) -> str:
    """Queue URL from `LAPOR_QUEUE_URL_<KIND>` (set by infra and the local stack), else looked up."""
    env_name = f"LAPOR_QUEUE_URL_{kind.upper()}"
    if os.environ.get(env_name):
        return os.environ[env_name]
    from .aws import client

    return client("sqs").get_queue_url(QueueName=resource_name(kind))["QueueUrl"]


def batch_size(kind: str) -> int:
    """SQS batch size of a consumer, set per stage (`LAPOR_BATCH_SIZE_<KIND>`); 10 by default."""
    return int(os.environ.get(f"LAPOR_BATCH_SIZE_{kind.upper()}", "10"))
