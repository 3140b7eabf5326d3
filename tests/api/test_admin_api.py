"""Admin API against moto: queue, disposition, archive, hold, amend, agencies, keys."""
from __future__ import annotations

import json

import pytest

from tests.fixtures.agencies import call


def body(response):
    return json.loads(response.body)


def _declined(api, agency, routed):
    tid = routed(agency)["tracking_id"]
    call(api, "POST", f"/api/v1/agency/reports/{tid}/not-authority", {"reason": "Bukan wewenang kami."}, agency.auth)
    return tid


def test_admin_endpoints_need_an_admin_key(api, fresh_agency):
    for method, path in [("GET", "/api/v1/admin/queue"), ("POST", "/api/v1/admin/agencies"),
                         ("GET", "/api/v1/admin/reports/ABCDE-FGHJK")]:
        assert call(api, method, path, {} if method == "POST" else None).status_code == 401
        assert call(api, method, path, {} if method == "POST" else None, fresh_agency.auth).status_code == 401


def test_queue_lists_unrouted_reports_with_cursor(api, submit, admin_auth):
    tid = submit()["tracking_id"]  # not drained: still DITERIMA in the national queue
    found, cursor = False, None
    for _ in range(50):
        page = body(api.http.get("/api/v1/admin/queue?limit=100" + (f"&cursor={cursor}" if cursor else ""),
                                 headers=admin_auth))
        found = found or tid in {i["tracking_id"] for i in page["items"]}
        cursor = page["next_cursor"]
        if found or not cursor:
            break
    assert found
    assert api.http.get("/api/v1/admin/queue?status=SELESAI", headers=admin_auth).status_code == 400


def test_disposition_from_queue_and_illegal_redisposition(api, new_agency, routed, admin_auth):
    first, second = new_agency(), new_agency()
    tid = _declined(api, first, routed)
    moved = call(api, "POST", f"/api/v1/admin/reports/{tid}/disposition",
                 {"agency_id": second.agency_id, "classification": "ASPIRASI", "category": "jalan_rusak"}, admin_auth)
    assert moved.status_code == 200 and body(moved)["status"] == "DITERUSKAN"
    assert body(moved)["classification"] == "ASPIRASI"
    assert api.http.get(f"/api/v1/agency/reports/{tid}", headers=second.auth).status_code == 200
    again = call(api, "POST", f"/api/v1/admin/reports/{tid}/disposition", {"agency_id": first.agency_id}, admin_auth)
    assert again.status_code == 409 and body(again)["error"]["code"] == "illegal_transition"
    unknown = call(api, "POST", f"/api/v1/admin/reports/{tid}/disposition", {"agency_id": "nope-x"}, admin_auth)
    assert unknown.status_code == 422


def test_archive_with_fixed_reasons(api, fresh_agency, routed, admin_auth):
    tid = _declined(api, fresh_agency, routed)
    wrong = call(api, "POST", f"/api/v1/admin/reports/{tid}/archive", {"reason": "BORING"}, admin_auth)
    assert wrong.status_code == 422
    done = call(api, "POST", f"/api/v1/admin/reports/{tid}/archive", {"reason": "DUPLICATE"}, admin_auth)
    assert done.status_code == 200 and body(done)["status"] == "DIARSIPKAN"
    again = call(api, "POST", f"/api/v1/admin/reports/{tid}/archive", {"reason": "SPAM"}, admin_auth)
    assert again.status_code == 409
    active = routed(fresh_agency)["tracking_id"]  # DITERUSKAN: archiving is not a move from there
    assert call(api, "POST", f"/api/v1/admin/reports/{active}/archive", {"reason": "SPAM"}, admin_auth).status_code == 409


def test_hold_only_before_disposition(api, fresh_agency, routed, admin_auth):
    tid = _declined(api, fresh_agency, routed)
    held = call(api, "POST", f"/api/v1/admin/reports/{tid}/hold", {"message": "Mohon lengkapi lokasi kejadian."}, admin_auth)
    assert held.status_code == 200 and body(held)["status"] == "DITUNDA"
    active = routed(fresh_agency)["tracking_id"]
    refused = call(api, "POST", f"/api/v1/admin/reports/{active}/hold",
                   {"message": "Mohon lengkapi lokasi kejadian."}, admin_auth)
    assert refused.status_code == 409


def test_amend_flags_and_classification(api, subscribed, routed, drain_queues, admin_auth, fast_retries):
    agency, receiver, _ = subscribed
    reporter = {"name": "Rina Wulandari", "email": "rina.w@example.id"}
    tid = routed(agency, reporter=reporter)["tracking_id"]
    assert "reporter" in body(api.http.get(f"/api/v1/agency/reports/{tid}", headers=agency.auth))
    response = api.http.patch(f"/api/v1/admin/reports/{tid}", headers={"Content-Type": "application/json", **admin_auth},
                              body=json.dumps({"anonim": True, "rahasia": True, "category": "jalan_rusak"}))
    assert response.status_code == 200, response.body
    assert body(response)["anonim"] is True and body(response)["rahasia"] is True
    agency_view = api.http.get(f"/api/v1/agency/reports/{tid}", headers=agency.auth)
    assert "reporter" not in body(agency_view) and "Rina" not in agency_view.body.decode()
    assert api.http.get(f"/api/v1/reports/{tid}").status_code == 404  # rahasia: gone from the public
    drain_queues()
    updated = [h for h in receiver.received if h.json()["type"] == "report.updated"]
    assert updated and "Rina" not in updated[0].body.decode()
    empty = api.http.patch(f"/api/v1/admin/reports/{tid}", headers={"Content-Type": "application/json", **admin_auth},
                           body=json.dumps({}))
    assert empty.status_code == 422


def test_agencies_create_update_and_keys(api, admin_auth):
    agency = {"agency_id": "uptd-test-jembatan", "name": "UPTD Jembatan Uji", "name_en": "Test Bridge Unit",
              "kind": "UPTD", "level": "KABUPATEN", "region_code": "62.01", "parent_id": "pemda-62.01"}
    created = call(api, "POST", "/api/v1/admin/agencies", agency, admin_auth)
    assert created.status_code == 201, created.body
    assert call(api, "POST", "/api/v1/admin/agencies", agency, admin_auth).status_code == 409
    updated = api.http.patch("/api/v1/admin/agencies/uptd-test-jembatan", body=json.dumps({"active": False}),
                             headers={"Content-Type": "application/json", **admin_auth})
    assert updated.status_code == 200 and body(updated)["active"] is False
    assert body(api.http.get("/api/v1/admin/agencies/uptd-test-jembatan", headers=admin_auth))["name"] == agency["name"]
    assert api.http.get("/api/v1/admin/agencies/nope", headers=admin_auth).status_code == 404
    assert call(api, "POST", "/api/v1/admin/agencies/nope/keys", {}, admin_auth).status_code == 404
    key = body(call(api, "POST", "/api/v1/admin/agencies/uptd-test-jembatan/keys", {}, admin_auth))
    assert key["api_key"].startswith("lpk_")
    assert api.http.delete("/api/v1/admin/agencies/uptd-test-jembatan/keys/000000", headers=admin_auth).status_code == 404
    bad_region = dict(agency, agency_id="uptd-test-2", region_code="99.99")
    assert call(api, "POST", "/api/v1/admin/agencies", bad_region, admin_auth).status_code == 422


@pytest.mark.parametrize("patch", [{"level": "DESA"}, {"unknown": 1}])
def test_agency_update_rejects_bad_fields(api, admin_auth, patch):
    response = api.http.patch("/api/v1/admin/agencies/kemenpanrb", body=json.dumps(patch),
                              headers={"Content-Type": "application/json", **admin_auth})
    assert response.status_code == 422
