"""Fixtures for the agency integration tests: keys, isolated agencies, loopback receivers.

Each test takes a fresh regency (`fresh_agency`), so its reports route to an agency no other test
touches: results never depend on test order and no test sees another's webhooks."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator, Optional

import pytest

from tests.conftest import post_json

_regions: Optional[Iterator[str]] = None
_lock = threading.Lock()


def _next_region() -> str:
    global _regions
    with _lock:
        if _regions is None:
            from chalicelib.directory import catalogue

            codes = sorted(r.code for r in catalogue.regions().values()
                           if not r.is_province and r.code != "62.01")
            _regions = iter(codes[::-1])  # from the end: far from regions other suites use
        return next(_regions)


@dataclass
class Agency:
    region_code: str
    agency_id: str
    key: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


@pytest.fixture(scope="session")
def admin_key(aws: Any) -> str:
    from chalicelib.store.credentials import ADMIN, issue_key

    return issue_key(ADMIN, "test-admin")[0]


@pytest.fixture()
def admin_auth(admin_key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {admin_key}"}


@pytest.fixture()
def new_agency(api: Any, admin_auth: dict[str, str]) -> Callable[[], Agency]:
    """An agency of an unused regency with a fresh API key, issued through the admin API."""

    def make() -> Agency:
        region = _next_region()
        agency_id = f"dinas-{region}-public_works"
        response = post_json(api, f"/api/v1/admin/agencies/{agency_id}/keys", {}, admin_auth)
        assert response.status_code == 201, response.body
        return Agency(region, agency_id, json.loads(response.body)["api_key"])

    return make


@pytest.fixture()
def fresh_agency(new_agency: Callable[[], Agency]) -> Agency:
    return new_agency()


@pytest.fixture()
def routed(submit: Callable[..., dict[str, Any]], drain_queues: Callable[[], int]
           ) -> Callable[..., dict[str, Any]]:
    """File a report in the agency's region and let routing disposition it to the agency."""

    def file(agency: Agency, **overrides: Any) -> dict[str, Any]:
        receipt = submit(region_code=agency.region_code, **overrides)
        drain_queues()
        return receipt

    return file


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """An agency's webhook endpoint on a free loopback port. `script` lists the replies to give
    in order (then 200s); `received` records every request."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.received: list[Received] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                outer.received.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
                reply = outer.script.pop(0) if outer.script else Reply()
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/lapor"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture()
def subscribed(api: Any, fresh_agency: Agency, receiver: Receiver) -> Iterator[tuple[Agency, Receiver, str]]:
    """`fresh_agency` with `receiver` registered as its webhook; yields (agency, receiver, secret)."""
    response = api.http.put("/api/v1/agency/webhook", body=json.dumps({"url": receiver.url}),
                            headers={"Content-Type": "application/json", **fresh_agency.auth})
    assert response.status_code == 200, response.body
    yield fresh_agency, receiver, json.loads(response.body)["secret"]
    from chalicelib.delivery import subscriptions

    subscriptions.remove(fresh_agency.agency_id)


@pytest.fixture()
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three retries with no delay and a short timeout: tests never wait real backoff times."""
    monkeypatch.setenv("LAPOR_WEBHOOK_RETRY_SCHEDULE", "0,0,0")
    monkeypatch.setenv("LAPOR_WEBHOOK_TIMEOUT", "0.5")


def call(api: Any, method: str, path: str, body: Any = None, headers: Optional[dict[str, str]] = None) -> Any:
    all_headers = {**(headers or {})}
    payload = ""
    if body is not None:
        all_headers["Content-Type"] = "application/json"
        payload = json.dumps(body)
    return getattr(api.http, method.lower())(path, body=payload, headers=all_headers)


