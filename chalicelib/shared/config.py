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
    from chalicelib.shared.aws import client

    return client("sqs").get_queue_url(QueueName=resource_name(kind))["QueueUrl"]


def batch_size(kind: str) -> int:
    """SQS batch size of a consumer, set per stage (`LAPOR_BATCH_SIZE_<KIND>`); 10 by default."""
    return int(os.environ.get(f"LAPOR_BATCH_SIZE_{kind.upper()}", "10"))


def batching_window(kind: str) -> int:
    """Seconds an SQS consumer waits to fill a batch (`LAPOR_BATCH_WINDOW_<KIND>`); 0 by default."""
    return int(os.environ.get(f"LAPOR_BATCH_WINDOW_{kind.upper()}", "0"))


def max_concurrency(kind: str) -> int | None:
    """Most concurrent invocations of a consumer (`LAPOR_MAX_CONCURRENCY_<KIND>`, AWS minimum 2);
    None leaves it unbounded. Caps how hard a surge can push on downstream agencies."""
    value = os.environ.get(f"LAPOR_MAX_CONCURRENCY_{kind.upper()}")
    return max(2, int(value)) if value else None


def sqs_consumer(kind: str) -> dict[str, object]:
    """Keyword arguments of `app.on_sqs_message` for the consumer of queue `kind`.

    Locally the queue is named (the local runtime looks it up); when infra packages the app it
    sets `LAPOR_QUEUE_ARN_<KIND>` to the ARN of the queue it creates, because Chalice only
    links a CDK-created queue through `queue_arn=`. Batch settings come from the scaling profile.
    """
    arn = os.environ.get(f"LAPOR_QUEUE_ARN_{kind.upper()}")
    source: dict[str, object] = {"queue_arn": arn} if arn else {"queue": resource_name(kind)}
    source["batch_size"] = batch_size(kind)
    source["maximum_batching_window_in_seconds"] = batching_window(kind)
    concurrency = max_concurrency(kind)
    if concurrency is not None:
        source["maximum_concurrency"] = concurrency
    return source
