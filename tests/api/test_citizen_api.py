"""The citizen API against moto's server: what a client sees for good and bad input."""
import json
from datetime import date, timedelta

import boto3
import pytest

from chalicelib.shared import config
from tests.fixtures.reports import post_json, report_payload, unique_key


def body(response):
    return json.loads(response.body)


def test_submit_answers_tracking_id_status_token_and_deadline(submit):
    receipt = submit()
    assert receipt["status"] == "DITERIMA"
    assert receipt["reporter_token"].startswith("rt_")
    assert len(receipt["tracking_id"]) == 11
    assert receipt["deadline"].endswith("23:59:59+07:00")


def test_public_view_hides_identity_and_reporter_view_shows_timeline(api, submit):
    receipt = submit(reporter={"name": "Siti Aminah", "email": "siti@example.id"})
    public = api.http.get(f"/api/v1/reports/{receipt['tracking_id']}")
    assert public.status_code == 200
    assert "Siti" not in public.body.decode() and "reporter" not in body(public)
    own = api.http.get(f"/api/v1/reports/{receipt['tracking_id']}",
                       headers={"Authorization": f"Bearer {receipt['reporter_token']}"})
    data = body(own)
    assert data["reporter"]["name"] == "Siti Aminah"
    assert [e["action"] for e in data["timeline"]][0] == "SUBMIT"
    assert data["deadline_kind"] == "VERIFICATION"


def test_tracking_id_is_forgiving_about_case_and_dashes(api, submit):
    tracking_id = submit()["tracking_id"]
    response = api.http.get(f"/api/v1/reports/{tracking_id.replace('-', '').lower()}")
    assert response.status_code == 200 and body(response)["tracking_id"] == tracking_id


def test_rahasia_report_is_404_to_the_public_but_visible_to_its_reporter(api, submit):
    receipt = submit(rahasia=True)
    assert api.http.get(f"/api/v1/reports/{receipt['tracking_id']}").status_code == 404
    own = api.http.get(f"/api/v1/reports/{receipt['tracking_id']}",
                       headers={"Authorization": f"Bearer {receipt['reporter_token']}"})
    assert own.status_code == 200 and body(own)["rahasia"] is True


def test_wrong_token_is_401_and_unknown_report_is_404(api, submit):
    receipt = submit()
    wrong = api.http.get(f"/api/v1/reports/{receipt['tracking_id']}", headers={"Authorization": "Bearer rt_nope"})
    assert wrong.status_code == 401 and body(wrong)["error"]["code"] == "unauthorized"
    assert api.http.get("/api/v1/reports/22222-22222").status_code == 404


@pytest.mark.parametrize(
    "overrides, field, code",
    [
        ({"classification": "KELUHAN"}, "classification", "invalid_classification"),
        ({"title": "x" * 151}, "title", "string_too_long"),
        ({"body": "y" * 4001}, "body", "string_too_long"),
        ({"incident_date": (date.today() + timedelta(days=3)).isoformat()}, "incident_date", "future_date"),
        ({"incident_date": "2026-02-30"}, "incident_date", "invalid_date"),
        ({"region_code": "99.99"}, "region_code", "unknown_region"),
        ({"category": "ufo"}, "category", "unknown_category"),
        ({"anonim": "yes"}, "anonim", "bool_type"),
        ({"title": 42}, "title", "string_type"),
        ({"nickname": "x"}, "nickname", "extra_forbidden"),
        ({"reporter": {"email": "not-an-email"}}, "reporter.email", "invalid_email"),
        ({"latitude": -2.5}, "body", "coordinates_pair"),
        ({"agency_id": "no-such-agency"}, "agency_id", "unknown_agency"),
    ],
)
def test_invalid_fields_are_422_with_the_field_and_a_message(api, overrides, field, code):
    response = post_json(api, "/api/v1/reports", report_payload(**overrides))
    assert response.status_code == 422, response.body
    error = body(response)["error"]
    assert error["code"] == "validation_failed"
    assert any(d["field"] == field and d["code"] == code and d["message"] for d in error["details"]), error


def test_messages_are_indonesian_by_default_and_english_on_request(api):
    payload = report_payload(region_code="99.99")
    indonesian = body(post_json(api, "/api/v1/reports", payload))["error"]
    english = body(post_json(api, "/api/v1/reports", payload, {"Accept-Language": "en-US,en;q=0.9"}))["error"]
    assert indonesian["message"] == "Ada isian yang belum benar."
    assert english["message"] == "Some fields are not valid."
    assert "Kemendagri" in english["details"][0]["message"] and "Unknown" in english["details"][0]["message"]


def test_malformed_json_wrong_type_and_oversize_bodies(api):
    malformed = api.http.post("/api/v1/reports", body="{oops", headers={"Content-Type": "application/json"})
    assert malformed.status_code == 400 and body(malformed)["error"]["code"] == "malformed_json"
    array = api.http.post("/api/v1/reports", body="[1]", headers={"Content-Type": "application/json"})
    assert array.status_code == 400 and body(array)["error"]["code"] == "json_object_expected"
    text = api.http.post("/api/v1/reports", body="hello", headers={"Content-Type": "text/plain"})
    assert text.status_code == 415 and body(text)["error"]["code"] == "unsupported_media_type"
    huge = json.dumps(report_payload(body="z" * 1_100_000))
    too_large = api.http.post("/api/v1/reports", body=huge, headers={"Content-Type": "application/json"})
    assert too_large.status_code == 413 and body(too_large)["error"]["code"] == "payload_too_large"


def test_idempotency_key_returns_the_same_report_and_token(api, submit):
    key = unique_key()
    first = submit(headers={"Idempotency-Key": key})
    second = submit(headers={"Idempotency-Key": key})
    assert second == first
    other = post_json(api, "/api/v1/reports", report_payload(title="Laporan yang berbeda sama sekali"),
                      {"Idempotency-Key": key})
    assert other.status_code == 422 and body(other)["error"]["code"] == "idempotency_key_reused"
    assert submit(headers={"Idempotency-Key": unique_key()})["tracking_id"] != first["tracking_id"]


def test_idempotency_records_never_hold_the_reporter_token_in_the_clear(submit):
    receipt = submit(headers={"Idempotency-Key": unique_key()})
    table = boto3.resource("dynamodb").Table(config.resource_name("idempotency"))
    # A test-only full read of a small table to look for the secret anywhere in it.
    dumped = json.dumps(table.scan()["Items"], default=str)
    assert receipt["reporter_token"] not in dumped and receipt["tracking_id"] in dumped


def test_categories_and_regions_for_forms(api):
    categories = body(api.http.get("/api/v1/categories", headers={"Accept-Language": "en"}))["items"]
    jkn = next(c for c in categories if c["code"] == "jkn_kis")
    assert jkn["national"] is True and "health insurance" in jkn["name"]
    provinces = body(api.http.get("/api/v1/regions"))["items"]
    assert len(provinces) == 38 and {"code": "62", "name": "Kalimantan Tengah", "kind": "PROVINSI"} in provinces
    regencies = body(api.http.get("/api/v1/regions?province=62"))["items"]
    assert len(regencies) == 14 and regencies[0]["code"] == "62.01"
    bad = api.http.get("/api/v1/regions?province=62.01")
    assert bad.status_code == 400 and body(bad)["error"]["code"] == "invalid_query"


def test_unsupported_method_is_405_in_the_error_format(api):
    response = api.http.delete("/api/v1/categories")
    assert response.status_code == 405 and body(response)["error"]["code"] == "method_not_allowed"


def test_public_feed_lists_newest_first_and_never_rahasia(api, submit):
    secret = submit(rahasia=True, title="Laporan rahasia tentang pungli")
    visible = [submit(title=f"Laporan publik nomor {i}") for i in range(3)]
    first = body(api.http.get("/api/v1/feed?limit=2"))
    assert len(first["items"]) == 2 and first["next_cursor"]
    assert first["items"][0]["tracking_id"] == visible[-1]["tracking_id"]
    seen, cursor = [], None
    while True:
        page = body(api.http.get("/api/v1/feed?limit=50" + (f"&cursor={cursor}" if cursor else "")))
        seen += [item["tracking_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert {v["tracking_id"] for v in visible} <= set(seen)
    assert secret["tracking_id"] not in seen
    assert all("reporter" not in item for item in first["items"])
    bad = api.http.get("/api/v1/feed?cursor=Zm9v")
    assert bad.status_code == 422 and body(bad)["error"]["code"] == "invalid_cursor"  # well-formed, not issued
    assert api.http.get("/api/v1/feed?cursor=%3D%3D").status_code == 400  # not shaped like a cursor
    assert api.http.get("/api/v1/feed?month=2026-13").status_code == 400


def test_regional_channel_needs_the_filing_systems_agency_key(api, aws):
    from chalicelib.store import reports as store
    from chalicelib.store.credentials import AGENCY, issue_key

    payload = report_payload()
    unproven = post_json(api, "/api/v1/reports", payload, {"X-Lapor-Channel": "REGIONAL"})
    assert unproven.status_code == 401 and body(unproven)["error"]["code"] == "missing_api_key"
    spoofed = post_json(api, "/api/v1/reports", payload, {"X-Lapor-Channel": "WEB"})
    assert spoofed.status_code == 400 and body(spoofed)["error"]["code"] == "invalid_channel"
    key, _ = issue_key(AGENCY, "pemda-62.01")
    filed = post_json(api, "/api/v1/reports", payload,
                      {"X-Lapor-Channel": "regional", "Authorization": f"Bearer {key}"})
    assert filed.status_code == 201
    tracking_id = body(filed)["tracking_id"]
    assert store.get(tracking_id).channel.value == "REGIONAL"
    assert store.timeline(tracking_id)[0].details == {"channel": "REGIONAL", "filed_by": "pemda-62.01"}
