"""Settings read from the environment: the stage, the region, the endpoint. Resource names derive
from the stage, so the code, the local stack and infra agree on them. Queue settings live in
`shared.queues`."""
from __future__ import annotations

import os

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
