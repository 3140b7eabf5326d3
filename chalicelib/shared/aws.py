"""AWS clients, created lazily and shared per process (clients are thread-safe; creating one is
not, hence the lock).

They are botocore clients, the SDK that boto3 wraps: `boto3.client(...)` returns exactly these.
Going through botocore directly keeps boto3's import (with s3transfer and multiprocessing) off
every Lambda cold start; one botocore session loads the SDK's endpoint and service data once."""
from __future__ import annotations

import threading
from typing import Any

import botocore.session

from chalicelib.shared import config

_clients: dict[str, Any] = {}
_session: Any = None
_lock = threading.Lock()


def client(service: str) -> Any:
    global _session
    with _lock:
        if service not in _clients:
            if _session is None:
                _session = botocore.session.get_session()
            _clients[service] = _session.create_client(
                service, region_name=config.region(), endpoint_url=config.endpoint_url()
            )
        return _clients[service]


def reset_clients() -> None:
    """Forget cached clients (tests that switch endpoints)."""
    global _session
    with _lock:
        _clients.clear()
        _session = None
