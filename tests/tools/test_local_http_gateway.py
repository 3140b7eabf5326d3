"""The local API server answers like the deployed gateway and the contract: unknown paths are 404
`route_not_found` without echoing credentials, any method gets a JSON answer (issue 10, defect 7)."""
from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="module")
def server(app: Any) -> Iterator[tuple[str, int]]:
    from chalice.config import Config

    from laportools.local.http_gateway import create_server
    from tests.fixtures.network import free_port

    port = free_port()
    original_class = app.app.__class__  # the local server swaps it; restored for later tests
    local = create_server(app.app, Config(chalice_stage="local"), "127.0.0.1", port)
    thread = threading.Thread(target=local.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1", port
    local.shutdown()
    local.server.server_close()
    app.app.__class__ = original_class


def request(server: tuple[str, int], method: str, path: str,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*server, timeout=10)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    result = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    connection.close()
    return result


def test_unknown_paths_are_route_not_found_without_echo(server):
    status, headers, raw = request(server, "GET", "/api/v1/nope", {"Authorization": "Bearer lpk_secret-value"})
    assert status == 404 and headers["content-type"].startswith("application/json")
    assert json.loads(raw)["error"]["code"] == "route_not_found"
    assert b"lpk_secret-value" not in raw
    status, _, raw = request(server, "POST", "/nothing/here", {"Accept-Language": "en"})
    assert status == 404 and json.loads(raw)["error"]["message"] == "No such endpoint."


@pytest.mark.parametrize("method", ["TRACE", "PROPFIND", "BREW"])
def test_any_method_gets_a_json_answer(server, method):
    status, headers, raw = request(server, method, "/api/v1/categories")
    assert status == 405 and headers["content-type"].startswith("application/json")
    assert json.loads(raw)["error"]["code"] == "method_not_allowed"
