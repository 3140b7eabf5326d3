"""Support ("dukung") once per browser, exactly once under retries and concurrency, per-device and
per-report limits that never refuse citizens for sharing an address;
the browse page's facets and the agency page."""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest

from chalicelib.reports import support as support_service
from chalicelib.store.supports import RateLimited
from tests.fixtures.agencies import call

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def html(response: Any) -> str:
    return response.body.decode("utf-8")


def browser_visit(api: Any, tracking_id: str, cookie: str = "") -> tuple[str, str]:
    """Open the report page like a browser: returns (supporter cookie, csrf field)."""
    page = api.http.get(f"/lacak/{tracking_id}", headers={"Cookie": cookie} if cookie else {})
    assert page.status_code == 200
    if not cookie:
        cookie = next(c for c in _set_cookies(page) if c.startswith("lapor_sp=")).split(";")[0]
    csrf = re.search(r'name="csrf" value="([^"]+)"', html(page))
    return cookie, csrf.group(1) if csrf else ""


def _set_cookies(response: Any) -> list[str]:
    value = response.headers.get("Set-Cookie") or ""
    return value if isinstance(value, list) else [part.strip() for part in value.split(",") if "=" in part]


def support(api: Any, tracking_id: str, cookie: str, csrf: str) -> Any:
    return api.http.post(f"/lacak/{tracking_id}/dukung", body=urlencode({"csrf": csrf}),
                         headers={**FORM, "Cookie": cookie})


def count(api: Any, tracking_id: str) -> int:
    return json.loads(api.http.get(f"/api/v1/reports/{tracking_id}").body)["support_count"]


def test_support_counts_once_per_browser_even_when_retried(api, routed, fresh_agency):
    tid = routed(fresh_agency)["tracking_id"]
    cookie, csrf = browser_visit(api, tid)
    assert support(api, tid, cookie, "forged").status_code == 403
    first = support(api, tid, cookie, csrf)
    assert first.status_code == 303 and first.headers["Location"].endswith("?ok=support")
    assert support(api, tid, cookie, csrf).status_code == 303  # the browser retried
    assert count(api, tid) == 1
    page = html(api.http.get(f"/lacak/{tid}", headers={"Cookie": cookie}))
    assert 'id="supported"' in page and "1 orang mendukung" in page
    other, other_csrf = browser_visit(api, tid)
    support(api, tid, other, other_csrf)
    assert count(api, tid) == 2
    agency_view = json.loads(call(api, "GET", f"/api/v1/agency/reports/{tid}", None, fresh_agency.auth).body)
    assert agency_view["support_count"] == 2 and agency_view["well_supported"] is False


def test_concurrent_retries_count_once(routed, fresh_agency):
    tid = routed(fresh_agency)["tracking_id"]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: support_service.support(tid, "same-browser-token-0001", "10.0.0.9"),
                                range(6)))
    assert sum(added for added, _ in results) == 1
    assert support_service.support(tid, "same-browser-token-0001", "10.0.0.9") == (False, 1)


def test_a_shared_address_does_not_refuse_citizens_and_rahasia_cannot_be_supported(api, routed, fresh_agency):
    """Issue 23 item 6: carrier-grade NAT puts thousands of phones behind one address. Before, the
    31st support from one address in an hour was refused, whoever gave it."""
    tid = routed(fresh_agency)["tracking_id"]
    others = [routed(fresh_agency)["tracking_id"] for _ in range(2)]
    shared = "203.0.113.7"
    for n in range(40):  # forty citizens behind one address, each supporting
        assert support_service.support(tid if n % 3 == 0 else others[n % 2], f"phone-{n:03d}-0000000000000",
                                       shared)[0]
    tid_count = support_service.support(tid, "phone-last-00000000000000", shared)
    assert tid_count == (True, 15)
    secret = routed(fresh_agency, rahasia=True)["tracking_id"]
    cookie, _ = browser_visit(api, tid)
    assert support(api, secret, cookie, "x").status_code in (403, 404)
    from chalicelib.domain.errors import NotFound
    with pytest.raises(NotFound):
        support_service.support(secret, "browser-d-000000000004", "198.51.100.2")


def test_browse_filters_by_facets_and_shows_support(api, routed, new_agency, drain_queues):
    agency, other = new_agency(), new_agency()
    mine = routed(agency, title="Lampu jalan mati di gang")["tracking_id"]
    routed(other)
    support_service.support(mine, "browse-browser-00000001", "192.0.2.1")
    page = html(api.http.get(f"/laporan?agency={agency.agency_id}"))
    assert mine in page and "1 dukungan" in page and page.count("/lacak/") == 1
    by_region = html(api.http.get(f"/laporan?region={agency.region_code}&status=DITERUSKAN"))
    assert mine in by_region
    assert mine not in html(api.http.get(f"/laporan?agency={agency.agency_id}&status=SELESAI"))
    bad = api.http.get("/laporan?status=NOPE&region=99")
    assert bad.status_code == 400 and 'id="status-error"' in html(bad) and 'id="region-error"' in html(bad)
    feed = json.loads(api.http.get(f"/api/v1/feed?agency={agency.agency_id}").body)["items"]
    assert [i["tracking_id"] for i in feed] == [mine] and feed[0]["support_count"] == 1
    assert api.http.get("/api/v1/feed?status=NOPE").status_code == 400


def test_agency_page_shows_its_figures(api, routed, fresh_agency, drain_queues):
    routed(fresh_agency)
    drain_queues()
    page = html(api.http.get(f"/instansi/{fresh_agency.agency_id}?lang=en"))
    assert 'id="figures"' in page and 'role="img"' in page and "Public reports for this agency" in page
    assert api.http.get("/instansi/tidak-ada").status_code == 404


def test_one_browser_is_limited_per_hour_and_told_so(api, routed, fresh_agency, monkeypatch):
    monkeypatch.setattr(support_service, "SUPPORTS_PER_DEVICE_PER_HOUR", 2)
    tids = [routed(fresh_agency)["tracking_id"] for _ in range(3)]
    cookie, csrf = browser_visit(api, tids[0])
    for tid in tids[:2]:
        assert support(api, tid, cookie, csrf).status_code == 303
    refused = support(api, tids[2], cookie, csrf)
    assert refused.status_code == 429 and "Browser ini sudah memberi banyak dukungan" in html(refused)
    assert count(api, tids[2]) == 0
    other, other_csrf = browser_visit(api, tids[2])  # the next person behind the same address
    assert support(api, tids[2], other, other_csrf).status_code == 303 and count(api, tids[2]) == 1


def test_fresh_browsers_from_one_address_on_one_report_are_capped(routed, fresh_agency, monkeypatch):
    """A script minting cookies can still not inflate one report from one address."""
    monkeypatch.setattr(support_service, "SUPPORTS_PER_REPORT_PER_IP_PER_HOUR", 3)
    tid, other = routed(fresh_agency)["tracking_id"], routed(fresh_agency)["tracking_id"]
    for n in range(3):
        support_service.support(tid, f"minted-{n:02d}-000000000000000", "198.51.100.9")
    with pytest.raises(RateLimited) as limited:
        support_service.support(tid, "minted-99-000000000000000", "198.51.100.9")
    assert limited.value.kind == "REPORT_IP"
    assert support_service.support(other, "minted-99-000000000000000", "198.51.100.9") == (True, 1)
    assert support_service.support(tid, "minted-99-000000000000000", "192.0.2.55") == (True, 4)
