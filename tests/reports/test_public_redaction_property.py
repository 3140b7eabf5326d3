"""Property over the real public surfaces: whatever NIK, phone, email or own name a reporter (or
the agency's follow-up) writes, none survives into the public API, the feed or the public HTML page;
the agency still reads the original. Every public output is checked: API, feed, HTML, Open311 (JSON,
XML, updates) and the open-data export."""
from __future__ import annotations

import html
import json
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings

from chalicelib.domain.calendar import JAKARTA
from tests.fixtures.agencies import call
from tests.fixtures.personal_data import Secrets, fillers, secrets, survivors
from tests.fixtures.reports import post_json, report_payload


def public_payloads(api: Any, tracking_id: str, since: datetime) -> list[Any]:
    """Every public payload that carries this report's text (updates: those since `since`, so the
    list holds this report's and not the whole session's)."""
    report = json.loads(api.http.get(f"/api/v1/reports/{tracking_id}").body)
    month = f"{datetime.now(JAKARTA):%Y-%m}"
    feed = json.loads(api.http.get(f"/api/v1/feed?month={month}&limit=50").body)["items"]
    item = next(i for i in feed if i["tracking_id"] == tracking_id)
    page = html.unescape(api.http.get(f"/lacak/{tracking_id}").body.decode("utf-8"))
    open311_json = json.loads(api.http.get(f"/open311/v2/requests/{tracking_id}.json").body)
    open311_xml = html.unescape(api.http.get(f"/open311/v2/requests/{tracking_id}.xml").body.decode("utf-8"))
    start = quote(since.isoformat(timespec="seconds"))
    updates = json.loads(api.http.get(f"/open311/v2/servicerequestupdates.json?start_date={start}").body)
    assert any(u["service_request_id"] == tracking_id for u in updates)
    from chalicelib.opendata.export import REPORT_FIELDS, report_rows, to_csv

    rows = [r for r in report_rows(month) if r["tracking_id"] == tracking_id]
    assert len(open311_json) == 1 and len(rows) == 1
    return [report, item, page, open311_json, open311_xml, updates, to_csv(rows, REPORT_FIELDS).decode("utf-8")]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(found=secrets, body_words=fillers, reply_words=fillers)
def test_no_personal_data_in_any_public_payload(api, fresh_agency, drain_queues, found: Secrets,
                                               body_words, reply_words):
    body = found.text(body_words)
    since = datetime.now(JAKARTA) - timedelta(seconds=5)
    response = post_json(api, "/api/v1/reports", report_payload(
        region_code=fresh_agency.region_code, body=body, reporter={"name": found.name}))
    assert response.status_code == 201, response.body
    tracking_id = json.loads(response.body)["tracking_id"]
    drain_queues()
    answer = found.text(reply_words)
    done = call(api, "POST", f"/api/v1/agency/reports/{tracking_id}/follow-ups", {"message": answer},
                fresh_agency.auth)
    assert done.status_code == 201, done.body
    payloads = public_payloads(api, tracking_id, since)
    for payload in payloads:
        assert survivors(payload, found) == []
    assert payloads[2].count("[EMAIL]") == 2  # the page shows the body and the follow-up, redacted
    agency_view = json.loads(call(api, "GET", f"/api/v1/agency/reports/{tracking_id}", None,
                                  fresh_agency.auth).body)
    assert agency_view["body"] == body and agency_view["follow_ups"][0]["message"] == answer
