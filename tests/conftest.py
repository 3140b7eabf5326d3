"""Test wiring. Integration tests run against moto's *server* (a real HTTP endpoint reached
through boto3 and PynamoDB), never in-process patches.

The environment is set at import time, before any chalicelib module freezes table names. Helpers
and most fixtures live in tests/fixtures/ (loaded below as plugins); this file only wires them."""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fixtures.network import free_port

# Fixtures shared across packages, each module named for what it provides.
pytest_plugins = [
    "tests.fixtures.settings",
    "tests.fixtures.reports",
    "tests.fixtures.runtime",
    "tests.fixtures.agencies",
    "tests.fixtures.deadlines",
    "tests.fixtures.sms",
    "tests.fixtures.site",
    "tests.fixtures.staff",
    "tests.fixtures.local_stack",
]

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
