"""Nothing a client sends yields a 500: every route, random bodies, content types, path values
and credentials. Each answer is either a success or the documented error shape (JSON routes) or
an HTML page (web routes)."""
from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.store.credentials import ADMIN, AGENCY, issue_key

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=12,
)
field_names = st.sampled_from(["classification", "title", "body", "incident_date", "region_code", "category",
                               "agency_id", "anonim", "rahasia", "reporter", "message", "reason", "note",
                               "score", "comment", "url", "version", "status", "attachments", "content_type"])
bodies = st.one_of(
    st.dictionaries(field_names, json_values, max_size=6).map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=60),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
)
content_types = st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain",
                                 "application/x-www-form-urlencoded", "multipart/form-data", ""])
path_values = st.one_of(st.text(alphabet="ABCDEFGHJKMNPQRSTVWXYZ23456789-abc%._~", min_size=1, max_size=20),
                        st.just("22222-22222"), st.just("pemda-62.01"), st.just("dinas-62.01-public_works"))
queries = st.dictionaries(st.sampled_from(["status", "cursor", "limit", "month", "province", "lang", "agency_id"]),
                          st.text(alphabet="abcXYZ019-_=#%", max_size=12), max_size=3)


@pytest.fixture(scope="module")
def keys(aws: Any) -> dict[str, str]:
    return {"agency": issue_key(AGENCY, "dinas-62.01-public_works")[0], "admin": issue_key(ADMIN, "fuzz-admin")[0],
            "none": "", "garbage": "lpk_not-a-key"}


@pytest.fixture(scope="module")
def real_ids(aws: Any, runtime: Any) -> list[str]:
    """Existing reports (one routed to the keyed agency), so requests also reach deep code."""
    from chalice.test import Client

    import app as app_module
    from tests.fixtures.reports import report_payload
    from tests.fixtures.runtime import drain

    with Client(app_module.app) as client:
        ids = [json.loads(client.http.post("/api/v1/reports", body=json.dumps(report_payload(**extra)),
                                           headers={"Content-Type": "application/json"}).body)["tracking_id"]
               for extra in ({}, {"rahasia": True, "anonim": True})]
    drain(runtime)
    return ids


def routes(app_module: Any) -> list[tuple[str, str]]:
    return sorted((path, method) for path, methods in app_module.app.routes.items() for method in methods
                  if not path.startswith("/static"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_request_yields_a_server_error(app, api, keys, real_ids, data):
    path, method = data.draw(st.sampled_from(routes(app)))
    values = path_values | st.sampled_from(real_ids)
    concrete = re.sub(r"\{[a-z_]+\}", lambda _: data.draw(values).replace("/", ""), path)
    query = data.draw(queries)
    if query:
        concrete += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    headers = {"Content-Type": data.draw(content_types),
               "Accept-Language": data.draw(st.sampled_from(["id", "en", "en-US;q=x", "*", ""]))}
    key = keys[data.draw(st.sampled_from(sorted(keys)))]
    if key:
        headers["Authorization"] = f"Bearer {key}"
    if data.draw(st.booleans()) and method == "POST":
        headers["Idempotency-Key"] = data.draw(st.text(max_size=20).filter(lambda s: "\n" not in s and "\r" not in s))
    body = data.draw(bodies) if method in ("POST", "PUT", "PATCH") else None
    response = api.http.request(method, concrete, headers=headers, body=body.encode("utf-8") if body else b"")
    assert response.status_code < 500, (method, concrete, headers, body, response.body[:500])
    if concrete.startswith("/api/") and response.status_code >= 400:
        error = json.loads(response.body)["error"]
        assert error["code"] and error["message"]
