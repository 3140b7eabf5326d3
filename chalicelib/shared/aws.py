"""boto3 clients, created lazily and shared per process (clients are thread-safe)."""
from __future__ import annotations

import threading
from typing import Any

import boto3
from botocore.config import Config

from chalicelib.shared import config

_clients: dict[str, Any] = {}
_lock = threading.Lock()
# A Lambda invocation uses one connection at a time; the local runtime shares a client among
# many pollers and API threads, which would otherwise churn through botocore's default 10.
_POOL = Config(max_pool_connections=64)


def client(service: str) -> Any:
    with _lock:
        if service not in _clients:
            _clients[service] = boto3.session.Session().client(
                service, region_name=config.region(), endpoint_url=config.endpoint_url(),
                config=_POOL,
            )
        return _clients[service]


def reset_clients() -> None:
    """Forget cached clients (tests that switch endpoints)."""
    with _lock:
        _clients.clear()
