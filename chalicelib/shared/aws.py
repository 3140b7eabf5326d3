"""AWS clients, created lazily and shared per process (clients are thread-safe; creating one is
not, hence the lock), and the botocore session behind them and behind PynamoDB.

They are botocore clients, the SDK that boto3 wraps: `boto3.client(...)` returns exactly these.
Going through botocore directly keeps boto3's import (with s3transfer and multiprocessing) off
every Lambda cold start. A botocore session parses the SDK's endpoint and service data (large
JSON files) once; by default PynamoDB opens a session per table, which cost a cold start one
parse per table touched, so `chalicelib.store` hands PynamoDB this one (`session()`). Each
session reads that data prebuilt (`sdk_data`) when it can, instead of parsing botocore's JSON.
"""
from __future__ import annotations

import threading
from typing import Any

import botocore.session
from botocore.config import Config

from chalicelib.shared import config, sdk_data

_clients: dict[str, Any] = {}
_lock = threading.Lock()
_local = threading.local()
# A Lambda invocation uses one connection at a time; the local runtime shares a client among
# many pollers and API threads, which would otherwise churn through botocore's default 10.
_POOL = Config(max_pool_connections=64)


def session() -> Any:
    """This thread's botocore session (botocore sessions are not thread-safe; Lambda runs one
    thread, the local runtime several), reading the prebuilt SDK data: for sdk_data.SERVICES only."""
    if getattr(_local, "session", None) is None:
        _local.session = botocore.session.get_session()
        # Model directories an operator adds (AWS_DATA_PATH) would be shadowed by the prebuilt data.
        prebuilt = None if _local.session.get_config_variable("data_path") else sdk_data.loader()
        if prebuilt is not None:
            _local.session.register_component("data_loader", prebuilt)
    return _local.session


def _session_for(service: str) -> Any:
    """The prebuilt session for the services it describes; botocore's own (its whole endpoint
    data) for the others, which only the operator's and the local tools' code makes."""
    if service in sdk_data.SERVICES:
        return session()
    if getattr(_local, "plain_session", None) is None:
        _local.plain_session = botocore.session.get_session()
    return _local.plain_session


def client(service: str) -> Any:
    with _lock:
        if service not in _clients:
            _clients[service] = _session_for(service).create_client(
                service, region_name=config.region(), endpoint_url=config.endpoint_url(), config=_POOL
            )
        return _clients[service]


def reset_clients() -> None:
    """Forget cached clients (tests that switch endpoints)."""
    with _lock:
        _clients.clear()
