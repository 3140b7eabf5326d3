"""Issue 10's defects, each as the attack that found it: every test here failed before the fix."""
from __future__ import annotations

import json
import secrets
import unicodedata
import uuid
from typing import Any

import pytest

from chalicelib.store.credentials import ADMIN, issue_key
from tests.fixtures.agencies import call
from tests.fixtures.reports import post_json, report_payload

DEEP = "[" * 970 + "]" * 970  # ~2 KB: json.loads raised RecursionError -> 500


def body(response: Any) -> Any:
    return json.loads(response.body)


# 1. nested JSON -------------------------------------------------------------------------------

def test_deeply_nested_json_is_a_400_on_every_json_endpoint(api, routed, fresh_agency, admin_auth):
    tid = routed(fresh_agency)["tracking_id"]
    targets = [("/api/v1/reports", {}), (f"/api/v1/agency/reports/{tid}/notes", fresh_agency.auth),
               (f"/api/v1/admin/reports/{tid}/notes", admin_auth), ("/api/v1/admin/agencies", admin_auth)]
    for path, headers in targets:
        for raw in (DEEP, '{"title": ' + DEEP + "}"):
            response = api.http.post(path, body=raw, headers={"Content-Type": "application/json", **headers})
            assert response.status_code == 400, (path, response.status_code)
            assert body(response)["error"]["code"] == "json_too_deep"
    # Brackets inside strings are text, not nesting.
    fine = post_json(api, "/api/v1/reports", report_payload(body="[" * 100 + " kurung di dalam teks " + "]" * 100))
    assert fine.status_code == 201


# 2. If-Match ------------------------------------------------------------------------------------

def test_admin_writes_honour_if_match(api, routed, fresh_agency, admin_auth):
    tid = routed(fresh_agency)["tracking_id"]
    path = f"/api/v1/admin/reports/{tid}/notes"
    version = int(api.http.get(f"/api/v1/admin/reports/{tid}", headers=admin_auth).headers["ETag"].strip('"'))
    assert version > 1
    for stale in ('"1"', 'W/"1"'):
        refused = call(api, "POST", path, {"note": "catatan"}, {**admin_auth, "If-Match": stale})
        assert refused.status_code == 409 and body(refused)["error"]["code"] == "version_mismatch"
    for malformed in ("1", '"abc"', '"1", "2"', 'W/1'):
        refused = call(api, "POST", path, {"note": "catatan"}, {**admin_auth, "If-Match": malformed})
        assert refused.status_code == 400 and body(refused)["error"]["code"] == "invalid_if_match", malformed
    disagree = call(api, "POST", path, {"note": "catatan", "version": version}, {**admin_auth, "If-Match": f'"{version + 1}"'})
    assert disagree.status_code == 409
    ok = call(api, "POST", path, {"note": "catatan"}, {**admin_auth, "If-Match": f'"{version}"'})
    assert ok.status_code == 201 and ok.headers["ETag"] == f'"{version + 1}"'
    assert call(api, "POST", path, {"note": "lagi"}, {**admin_auth, "If-Match": "*"}).status_code == 201


def test_agency_writes_refuse_a_stale_weak_validator(api, routed, fresh_agency):
    tid = routed(fresh_agency)["tracking_id"]
    path = f"/api/v1/agency/reports/{tid}/notes"
    refused = call(api, "POST", path, {"note": "catatan"}, {**fresh_agency.auth, "If-Match": 'W/"1"'})
    assert refused.status_code == 409 and body(refused)["error"]["code"] == "version_mismatch"
    assert call(api, "POST", path, {"note": "x"}, {**fresh_agency.auth, "If-Match": "W/x"}).status_code == 400
    version = api.http.get(f"/api/v1/agency/reports/{tid}", headers=fresh_agency.auth).headers["ETag"]
    assert call(api, "POST", path, {"note": "catatan"}, {**fresh_agency.auth, "If-Match": "W/" + version}).status_code == 201


# 3. Idempotency-Key replay ----------------------------------------------------------------------

def test_random_hex_keys_with_a_short_run_are_strong():
    """uuid4().hex holds four equal digits in a row in about 1 key in 140: still random."""
    from chalicelib.intake.idempotency_keys import is_strong

    assert is_strong("3f9c0000a1b24d5e8f7a6b5c4d3e2f1a") and is_strong("3f9c00000a1b24d5e8f7a6b5c4d3e2f1")
    assert not is_strong("3f9c000000a1b24d5e8f7a6b5c4d3e2f")  # six in a row looks made, not drawn


@pytest.mark.parametrize("key", ["lapor-client-000123", "lapor-client-000000000123", "aaaaaaaaaaaaaaaaaaaaaaaaaa",
                                 "00000000-0000-0000-0000-000000000001", "surge-1a2b3c4d-17"])
def test_guessable_idempotency_keys_are_refused(api, key):
    response = post_json(api, "/api/v1/reports", report_payload(), {"Idempotency-Key": key})
    assert response.status_code == 422
    error = body(response)["error"]
    assert error["code"] == "weak_idempotency_key" and "UUID" in error["message"]
    english = post_json(api, "/api/v1/reports", report_payload(), {"Idempotency-Key": key, "Accept-Language": "en"})
    assert "too easy to guess" in body(english)["error"]["message"]


@pytest.mark.parametrize("make", [lambda: str(uuid.uuid4()), lambda: uuid.uuid4().hex,
                                  lambda: secrets.token_urlsafe(16), lambda: secrets.token_hex(16)])
def test_random_keys_replay_the_receipt_to_their_client(api, make):
    key = make()
    first = post_json(api, "/api/v1/reports", report_payload(), {"Idempotency-Key": key})
    again = post_json(api, "/api/v1/reports", report_payload(), {"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert body(first) == body(again)


def test_the_replay_attack_of_the_report_no_longer_works(api, app):
    """The attack: a client numbering its keys files a report; someone rebuilds the payload from the
    public view and replays the next guessable key. The weak key is refused up front, so nothing
    was stored under it to replay."""
    payload = report_payload()
    victim = post_json(api, "/api/v1/reports", payload, {"Idempotency-Key": "lapor-client-000123"})
    assert victim.status_code == 422
    attacker = post_json(api, "/api/v1/reports", payload, {"Idempotency-Key": "lapor-client-000123"})
    assert attacker.status_code == 422 and "reporter_token" not in attacker.body.decode()


# 4. secret report existence ---------------------------------------------------------------------

def test_a_wrong_token_on_a_secret_report_answers_as_an_unknown_id(api, submit):
    tid = submit(rahasia=True)["tracking_id"]
    wrong = {"Authorization": "Bearer rt_wrong-token"}
    unknown = api.http.get("/api/v1/reports/AAAAA-AAAAA", headers=wrong)
    hidden = api.http.get(f"/api/v1/reports/{tid}", headers=wrong)
    assert (hidden.status_code, body(hidden)) == (unknown.status_code, body(unknown)) == (404, body(unknown))
    reply = call(api, "POST", f"/api/v1/reports/{tid}/replies", {"message": "halo"}, wrong)
    reply_unknown = call(api, "POST", "/api/v1/reports/AAAAA-AAAAA/replies", {"message": "halo"}, wrong)
    assert (reply.status_code, body(reply)) == (reply_unknown.status_code, body(reply_unknown))


# 5. deactivated agencies and key paths ----------------------------------------------------------

def test_deactivation_stops_keys_and_webhooks_and_reactivation_restores_them(
        api, subscribed, routed, admin_auth, drain_queues, fast_retries):
    agency, receiver, _ = subscribed
    tid = routed(agency)["tracking_id"]
    delivered = len(receiver.received)
    assert delivered >= 1  # report.dispositioned
    path = f"/api/v1/admin/agencies/{agency.agency_id}"
    assert call(api, "PATCH", path, {"active": False}, admin_auth).status_code == 200
    denied = api.http.get(f"/api/v1/agency/reports/{tid}", headers=agency.auth)
    assert denied.status_code == 401 and body(denied)["error"]["code"] == "agency_deactivated"
    note = call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups", {"message": "Sudah ditangani petugas."}, agency.auth)
    assert note.status_code == 401
    # An event for the agency while it is inactive: no webhook goes out.
    call(api, "POST", f"/api/v1/admin/reports/{tid}/notes", {"note": "catatan admin"}, admin_auth)
    call(api, "PATCH", f"/api/v1/admin/reports/{tid}", {"category": "jalan_rusak", "anonim": True}, admin_auth)
    drain_queues()
    assert len(receiver.received) == delivered
    assert call(api, "PATCH", path, {"active": True}, admin_auth).status_code == 200
    assert api.http.get(f"/api/v1/agency/reports/{tid}", headers=agency.auth).status_code == 200
    call(api, "PATCH", f"/api/v1/admin/reports/{tid}", {"rahasia": True}, admin_auth)  # staff only tighten
    drain_queues()
    assert len(receiver.received) > delivered  # report.updated reaches it again


def test_agency_key_paths_never_touch_an_admin_key(api, admin_auth):
    victim_key, victim_id = issue_key(ADMIN, "victim-admin")
    victim = {"Authorization": f"Bearer {victim_key}"}
    response = api.http.delete(f"/api/v1/admin/agencies/victim-admin/keys/{victim_id}", headers=admin_auth)
    assert response.status_code == 404
    assert api.http.get("/api/v1/admin/queue", headers=victim).status_code == 200
    assert api.http.get("/api/v1/admin/agencies/victim-admin/keys", headers=admin_auth).status_code == 404


# 7. errors inside the contract ------------------------------------------------------------------

def test_track_status_errors_use_the_error_object(api):
    response = api.http.get("/lacak/AAAAA-AAAAA/status", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert body(response)["error"] == {"code": "not_found", "message": "Report not found."}


# 8. control characters -------------------------------------------------------------------------

def test_text_is_normalised_before_it_is_stored_or_shown(api, submit):
    title = "Jalan rusak\x00 di \u202edepan\u202c sekola" + "h" + "\x1b[31m"
    text = "Cafe\u0301 di pinggir jalan\r\ntutup\ttrotoar\x07 dan \u2066parkir\u2069 liar sejak lama."
    receipt = submit(title=title, body=text)
    view = body(api.http.get(f"/api/v1/reports/{receipt['tracking_id']}"))
    assert view["title"] == "Jalan rusak di depan sekolah[31m"
    assert view["body"] == unicodedata.normalize("NFC", "Café di pinggir jalan\ntutup\ttrotoar dan parkir liar sejak lama.")
    page = api.http.get(f"/lacak/{receipt['tracking_id']}").body.decode()
    assert "\u202e" not in page and "\x00" not in page and "Café" in page
    only_controls = post_json(api, "/api/v1/reports", report_payload(title="\x00\x01\x02\x03\x04\x05\u202e"))
    assert only_controls.status_code == 422  # nothing left: too short
