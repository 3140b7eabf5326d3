"""A reporter's privacy choice may only be tightened by staff (issue 20, finding 7).

Through the admin API: turning `anonim` or `rahasia` off is refused (409, explained in Bahasa
Indonesia or English) and changes nothing, not even the timeline; turning them on takes effect at
once for the agency and the public."""
from __future__ import annotations

import json
import uuid
from typing import Any

from tests.fixtures.agencies import Agency, call


def body(response: Any) -> Any:
    return json.loads(response.body)


def _identity() -> dict[str, str]:
    marker = uuid.uuid4().hex[:8]
    return {"name": f"Sari Rahmawati {marker}", "email": f"sari.{marker}@example.id", "phone": "+6281234567890"}


def _admin_view(api: Any, tid: str, admin_auth: dict[str, str]) -> dict[str, Any]:
    return body(call(api, "GET", f"/api/v1/admin/reports/{tid}", headers=admin_auth))


def _in_public_feed(api: Any, agency: Agency, tid: str) -> bool:
    """Every page of this month's feed for the agency's (unique) region."""
    seen, cursor = [], None
    while True:
        page = body(api.http.get(f"/api/v1/feed?region={agency.region_code}&limit=50"
                                 + (f"&cursor={cursor}" if cursor else "")))
        seen += [item["tracking_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            return tid in seen


def test_admin_cannot_unmask_an_anonim_reporter(api, subscribed, routed, drain_queues, admin_auth, fast_retries):
    agency, receiver, _ = subscribed
    identity = _identity()
    tid = routed(agency, anonim=True, reporter=identity)["tracking_id"]
    before = _admin_view(api, tid, admin_auth)
    hooks_before = len(receiver.received)

    refused = call(api, "PATCH", f"/api/v1/admin/reports/{tid}", {"anonim": False}, admin_auth)
    assert refused.status_code == 409, refused.body
    error = body(refused)["error"]
    assert error["code"] == "privacy_loosening_refused"
    assert "anonim" in error["message"] and "pelapor" in error["message"].lower()  # Bahasa Indonesia by default
    english = call(api, "PATCH", f"/api/v1/admin/reports/{tid}", {"anonim": False},
                   {**admin_auth, "Accept-Language": "en"})
    assert english.status_code == 409 and "reporter" in body(english)["error"]["message"].lower()
    # Hidden behind a harmless change, the loosening still refuses the whole request.
    mixed = call(api, "PATCH", f"/api/v1/admin/reports/{tid}", {"anonim": False, "classification": "ASPIRASI"},
                 admin_auth)
    assert mixed.status_code == 409

    after = _admin_view(api, tid, admin_auth)
    assert after["anonim"] is True and after["classification"] == before["classification"]
    assert after["version"] == before["version"] and len(after["timeline"]) == len(before["timeline"])
    agency_view = api.http.get(f"/api/v1/agency/reports/{tid}", headers=agency.auth)
    assert "reporter" not in body(agency_view)
    drain_queues()
    for text in [agency_view.body.decode()] + [hook.body.decode() for hook in receiver.received]:
        assert identity["name"] not in text and identity["email"] not in text
    assert len(receiver.received) == hooks_before  # nothing changed, so nothing was announced


def test_admin_cannot_publish_a_rahasia_report(api, fresh_agency, routed, admin_auth):
    tid = routed(fresh_agency, rahasia=True)["tracking_id"]
    before = _admin_view(api, tid, admin_auth)

    refused = call(api, "PATCH", f"/api/v1/admin/reports/{tid}", {"rahasia": False, "category": "jalan_rusak"},
                   admin_auth)
    assert refused.status_code == 409, refused.body
    assert body(refused)["error"]["code"] == "privacy_loosening_refused"
    assert "rahasia" in body(refused)["error"]["message"]

    after = _admin_view(api, tid, admin_auth)
    assert after["rahasia"] is True and after["version"] == before["version"]
    assert len(after["timeline"]) == len(before["timeline"])
    assert api.http.get(f"/api/v1/reports/{tid}").status_code == 404
    assert not _in_public_feed(api, fresh_agency, tid)


def test_tightening_takes_effect_at_once_for_agency_and_public(api, fresh_agency, routed, admin_auth):
    identity = _identity()
    tid = routed(fresh_agency, reporter=identity)["tracking_id"]
    assert body(api.http.get(f"/api/v1/agency/reports/{tid}", headers=fresh_agency.auth))["reporter"]["name"] \
        == identity["name"]
    assert api.http.get(f"/api/v1/reports/{tid}").status_code == 200 and _in_public_feed(api, fresh_agency, tid)

    tightened = call(api, "PATCH", f"/api/v1/admin/reports/{tid}", {"anonim": True, "rahasia": True}, admin_auth)
    assert tightened.status_code == 200, tightened.body
    assert body(tightened)["anonim"] is True and body(tightened)["rahasia"] is True

    agency_view = api.http.get(f"/api/v1/agency/reports/{tid}", headers=fresh_agency.auth)
    assert "reporter" not in body(agency_view) and identity["email"] not in agency_view.body.decode()
    assert api.http.get(f"/api/v1/reports/{tid}").status_code == 404
    assert not _in_public_feed(api, fresh_agency, tid)
    # Setting a flag that is already on is not a loosening either.
    again = call(api, "PATCH", f"/api/v1/admin/reports/{tid}", {"anonim": True}, admin_auth)
    assert again.status_code == 200 and body(again)["anonim"] is True
