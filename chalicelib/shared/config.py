"""The stage, the region, the endpoint (read from `chalicelib.settings`, the one environment reader).
Resource names derive from the stage, so the code, the local stack and infra agree on them. Queue
settings live in `shared.queues`."""
from __future__ import annotations

from chalicelib.settings import settings

LOCAL_STAGE = "local"


def stage() -> str:
    return settings().stage


def is_local() -> bool:
    return stage() == LOCAL_STAGE


def resource_name(kind: str) -> str:
    """Name of a table or queue: `lapor-<stage>-<kind>`."""
    return f"lapor-{stage()}-{kind}"


def region() -> str:
    return settings().region


def endpoint_url() -> str | None:
    """The local AWS endpoint (moto server) when set; None in AWS."""
    return settings().endpoint_url
