"""Shared fixtures. Integration tests run against moto's *server* (a real HTTP endpoint reached
through boto3 and PynamoDB), never in-process patches.

The environment is set at import time, before any chalicelib module freezes table names."""
from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest

# Fixtures shared across packages (agencies with keys and receivers; deadline helpers).
pytest_plugins = ["tests.fixtures.settings", "tests.fixtures.agencies", "tests.fixtures.deadlines", "tests.fixtures.sms"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


MOTO_PORT = free_port()
os.environ.update(
    {
        "LAPOR_STAGE": "test",
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{MOTO_PORT}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "ap-southeast-3",
        "AWS_REGION": "ap-southeast-3",
        "LAPOR_LOCAL_VISIBILITY_TIMEOUT": "1",
        "LAPOR_WEBHOOK_ALLOW_LOOPBACK": "1",  # test receivers listen on loopback (honoured in test/local only)
        "POWERTOOLS_METRICS_NAMESPACE": "Lapor",
        "POWERTOOLS_SERVICE_NAME": "lapor",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
)


@pytest.fixture(scope="session")
def aws() -> Iterator[dict[str, Any]]:
    """moto's server on a free port, with every table and queue created and the directory seeded."""
    from laportools.local.aws_endpoint import LocalAwsEndpoint

    server = LocalAwsEndpoint("127.0.0.1", MOTO_PORT).start()
    from chalicelib.directory.agencies import seed_directory
    from chalicelib.settings import settings
    from laportools.provision import provision

    queues = provision()
    for kind, urls in queues.items():
        os.environ[f"LAPOR_QUEUE_URL_{kind.upper()}"] = urls["url"]
    settings.cache_clear()
    seed_directory()
    yield {"queues": queues}
    server.stop()


@pytest.fixture(scope="session")
def app(aws: dict[str, Any]) -> Any:
    import app as app_module

    return app_module


@pytest.fixture()
def api(app: Any) -> Iterator[Any]:
    """Chalice's test client over the real app (requests go through the same middleware)."""
    from chalice.test import Client

    with Client(app.app) as client:
        yield client


@pytest.fixture(scope="session")
def runtime(app: Any) -> Any:
    """The local event runtime, driven by hand: `drain(runtime)` runs consumers until queues empty."""
    from laportools.local.runtime import EventRuntime

    return EventRuntime(app.app, app, poll_seconds=0)


def drain(runtime: Any, rounds: int = 20) -> int:
    """Poll every consumer until a full round finds nothing. Returns records handled."""
    total = 0
    consumers = runtime.consumers()
    for _ in range(rounds):
        seen = runtime.poll_streams()  # DynamoDB stream handlers (webhook fan-out) first
        seen += sum(runtime.poll_once(c, wait_seconds=0) for c in consumers)
        total += seen
        if not seen:
            break
    return total


@pytest.fixture()
def drain_queues(runtime: Any) -> Callable[[], int]:
    return lambda: drain(runtime)


def report_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "classification": "PENGADUAN",
        "title": "Jalan berlubang di depan SDN 3",
        "body": "Jalan di depan SDN 3 berlubang besar sejak dua minggu dan membahayakan murid.",
        "incident_date": (date.today() - timedelta(days=2)).isoformat(),
        "region_code": "62.01",
        "category": "jalan_rusak",
    }
    payload.update(overrides)
    return {k: v for k, v in payload.items() if v is not None}


def post_json(api: Any, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    return api.http.post(path, body=json.dumps(body),
                         headers={"Content-Type": "application/json", **(headers or {})})


@pytest.fixture()
def submit(api: Any) -> Callable[..., dict[str, Any]]:
    """File a report through the citizen API; returns the 201 body."""

    def _submit(headers: dict[str, str] | None = None, **overrides: Any) -> dict[str, Any]:
        response = post_json(api, "/api/v1/reports", report_payload(**overrides), headers)
        assert response.status_code == 201, response.body
        return json.loads(response.body)

    return _submit


def unique_key() -> str:
    return uuid.uuid4().hex
