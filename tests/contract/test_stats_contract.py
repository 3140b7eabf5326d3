"""The statistics answers match docs/openapi.yaml (figures, league, errors)."""
from __future__ import annotations

from tests.contract.test_openapi import assert_documented


def test_stats_answers_match_the_contract(api, drain_queues, routed, fresh_agency):
    routed(fresh_agency)
    drain_queues()
    assert_documented(api.http.get("/api/v1/stats"), "/api/v1/stats")
    one = assert_documented(api.http.get(f"/api/v1/stats?agency={fresh_agency.agency_id}&region="
                                         f"{fresh_agency.region_code}"), "/api/v1/stats")
    assert one["scope"]["agency"]["id"] == fresh_agency.agency_id and one["figures"]["assigned"] >= 1
    assert_documented(api.http.get("/api/v1/stats?category=jalan_rusak&month=2024-03"), "/api/v1/stats")
    assert_documented(api.http.get("/api/v1/stats?month=nope"), "/api/v1/stats")
    for kind in ("agency", "province", "regency", "category"):
        assert_documented(api.http.get(f"/api/v1/stats/league?kind={kind}"), "/api/v1/stats/league")
    assert_documented(api.http.get("/api/v1/stats/league?kind=x"), "/api/v1/stats/league")
