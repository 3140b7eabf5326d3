"""boto3 clients, created lazily and shared per process (clients are thread-safe)."""
from __future__ import annotations

import threading
from typing import Any

import boto3

from chalicelib.shared import config

_clients: dict[str, Any] = {}
_lock = threading.Lock()


def client(service: str) -> Any:
    with _lock:
        if service not in _clients:
            _clients[service] = boto3.session.Session().client(
                service, region_name=config.region(), endpoint_url=config.endpoint_url()
            )
        return _clients[service]


def reset_clients() -> None:
    """Forget cached clients (tests that switch endpoints)."""
    with _lock:
        _clients.clear()
