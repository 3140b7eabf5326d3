"""Issue 20, finding 12: security headers on every response, not page by page. The unsubscribe
page and the local outbox had no Content-Security-Policy or X-Frame-Options, JSON and XML answers
no `X-Content-Type-Options: nosniff`; and Open311 discovery echoed the request's Host header into
an answer caches keep for an hour. Every GET route of the app's route table is requested here."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

SAMPLE_PARAMS = {"agency_id": "kemenkes", "delivery_id": "msg_x", "key_id": "x", "username": "x", "name": "x"}
# `{name}` means a different thing on each route: give each one an existing resource.
NAMED = {"/open311/{name}": "discovery.json", "/open311/v2/{name}": "discovery.xml",
         "/open311/v2/services/{name}": "jalan_rusak.json", "/open311/v2/requests/{name}": "x.json",
         "/static/{name}": "app.css", "/data-terbuka/{name}": "laporan.csv"}


def header(response: Any, name: str) -> str | None:
    return next((v for k, v in response.headers.items() if k.lower() == name.lower()), None)


def get_paths(app: Any, tracking_id: str) -> Iterator[str]:
    """Every GET route with its path parameters filled in (a real tracking id where one is asked)."""
    for pattern, methods in sorted(app.app.routes.items()):
        if "GET" not in methods:
            continue
        params = {**SAMPLE_PARAMS, "tracking_id": tracking_id, **({"name": NAMED[pattern]} if pattern in NAMED else {})}
        yield re.sub(r"\{(\w+)\}", lambda m, params=params: params.get(m.group(1), "x"), pattern)


def assert_secure(response: Any, path: str) -> None:
    assert header(response, "X-Content-Type-Options") == "nosniff", (path, response.status_code)
    if "text/html" in (header(response, "Content-Type") or ""):
        policy = header(response, "Content-Security-Policy") or ""
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy, path
        assert header(response, "X-Frame-Options") == "DENY", path
        assert header(response, "Referrer-Policy") == "no-referrer", path


def test_every_get_route_sends_nosniff_and_html_pages_their_page_headers(app, api, submit) -> None:
    tracking_id = submit()["tracking_id"]
    paths = list(get_paths(app, tracking_id))
    assert {"/berhenti", "/lokal/kotak-keluar", "/open311/discovery.json", "/api/v1/feed"} <= set(paths)
    html = 0
    for path in paths:
        for lang in ("id", "en"):
            response = api.http.get(path, headers={"Accept-Language": lang})
            assert response.status_code < 500, (path, response.status_code)
            assert_secure(response, path)
            html += "text/html" in (header(response, "Content-Type") or "")
    assert html > 20  # the walk did reach the pages, not only JSON


def test_error_answers_and_posted_pages_carry_the_headers_too(api) -> None:
    """Answers made outside the views: Chalice's 405 (rewritten by the error middleware), a
    posted page, an unknown Open311 resource in XML."""
    cases = [api.http.delete("/laporan"), api.http.post("/berhenti?a=x&s=y", body="",
                                                         headers={"Content-Type": "application/x-www-form-urlencoded"}),
             api.http.get("/open311/v2/nope.xml"), api.http.get("/api/v1/reports/LPR0000000")]
    assert [c.status_code for c in cases] == [405, 404, 404, 404]
    for response in cases:
        assert_secure(response, "error")
    assert "text/html" in header(cases[1], "Content-Type")


@pytest.mark.parametrize("path", ["/open311/discovery.json", "/open311/v2/discovery.json", "/open311/v2/discovery.xml"])
def test_discovery_names_the_configured_site_never_the_host_header(api, env, path: str) -> None:
    env.set("LAPOR_SITE_URL", "https://lapor.example.go.id/")
    hostile = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
    response = api.http.get(path, headers=hostile)
    text = response.body.decode("utf-8") if isinstance(response.body, bytes) else response.body
    assert response.status_code == 200 and "evil.example" not in text
    assert "https://lapor.example.go.id/open311/v2<" in text or (
        path.endswith(".json") and json.loads(text)["endpoints"][0]["url"] == "https://lapor.example.go.id/open311/v2")
    assert "max-age=3600" in header(response, "Cache-Control")  # still cacheable: the answer no longer varies
