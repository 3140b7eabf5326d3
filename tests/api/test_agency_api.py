"""Agency API against moto: every endpoint, every illegal move, the cross-agency matrix."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.fixtures.agencies import call

REPORTER = {"name": "Siti Rahayu", "email": "siti.rahayu@example.id", "phone": "+6281234567890"}


def body(response):
    return json.loads(response.body)


def test_missing_bad_admin_and_revoked_keys_are_401(api, fresh_agency, admin_auth, routed):
    tid = routed(fresh_agency)["tracking_id"]
    path = f"/api/v1/agency/reports/{tid}"
    missing = api.http.get(path)
    assert missing.status_code == 401 and body(missing)["error"]["code"] == "missing_api_key"
    assert "Authorization" in body(missing)["error"]["message"]
    bad = api.http.get(path, headers={"Authorization": "Bearer lpk_nope"})
    assert bad.status_code == 401 and body(bad)["error"]["code"] == "invalid_api_key"
    admin = api.http.get(path, headers=admin_auth)
    assert admin.status_code == 401 and body(admin)["error"]["code"] == "agency_key_required"
    wrong_kind = call(api, "POST", f"/api/v1/admin/agencies/{fresh_agency.agency_id}/keys", {}, fresh_agency.auth)
    assert wrong_kind.status_code == 401 and body(wrong_kind)["error"]["code"] == "admin_key_required"

    second = body(call(api, "POST", f"/api/v1/admin/agencies/{fresh_agency.agency_id}/keys", {}, admin_auth))
    keys = body(api.http.get(f"/api/v1/admin/agencies/{fresh_agency.agency_id}/keys", headers=admin_auth))["items"]
    assert len(keys) == 2 and all(k["active"] for k in keys) and "api_key" not in json.dumps(keys)
    first_id = next(k["key_id"] for k in keys if k["key_id"] != second["key_id"])
    assert api.http.delete(f"/api/v1/admin/agencies/{fresh_agency.agency_id}/keys/{first_id}",
                           headers=admin_auth).status_code == 204
    assert api.http.get(path, headers=fresh_agency.auth).status_code == 401  # revoked
    assert api.http.get(path, headers={"Authorization": f"Bearer {second['api_key']}"}).status_code == 200


def test_read_report_hides_identity_only_when_anonim(api, fresh_agency, routed):
    named = routed(fresh_agency, reporter=REPORTER)["tracking_id"]
    anonymous = routed(fresh_agency, reporter=REPORTER, anonim=True)["tracking_id"]
    view = body(api.http.get(f"/api/v1/agency/reports/{named}", headers=fresh_agency.auth))
    assert view["reporter"]["email"] == REPORTER["email"] and view["status"] == "DITERUSKAN"
    hidden = api.http.get(f"/api/v1/agency/reports/{anonymous}", headers=fresh_agency.auth)
    assert hidden.status_code == 200 and "reporter" not in body(hidden)
    for value in REPORTER.values():
        assert value not in hidden.body.decode() if isinstance(hidden.body, bytes) else value not in hidden.body


def test_lists_by_status_and_due_date_with_cursors(api, new_agency, routed):
    agency, other = new_agency(), new_agency()
    ids = {routed(agency)["tracking_id"] for _ in range(3)}
    routed(other)
    for path in ("/api/v1/agency/reports?status=DITERUSKAN&limit=2", "/api/v1/agency/reports?limit=2"):
        first = body(api.http.get(path, headers=agency.auth))
        assert len(first["items"]) == 2 and first["next_cursor"]
        second = body(api.http.get(f"{path}&cursor={first['next_cursor']}", headers=agency.auth))
        seen = {i["tracking_id"] for i in first["items"] + second["items"]}
        assert seen == ids
        assert all("reporter" not in item and "timeline" not in item for item in first["items"])
        # Another agency's cursor cannot read this partition.
        stolen = api.http.get(f"{path}&cursor={first['next_cursor']}", headers=other.auth)
        assert stolen.status_code == 422 and body(stolen)["error"]["code"] == "invalid_cursor"
    assert api.http.get("/api/v1/agency/reports?cursor=garbage", headers=agency.auth).status_code == 422
    assert api.http.get("/api/v1/agency/reports?cursor=not%20a%20cursor", headers=agency.auth).status_code == 400
    assert api.http.get("/api/v1/agency/reports?status=NOPE", headers=agency.auth).status_code == 400
    empty = body(api.http.get("/api/v1/agency/reports?status=SELESAI", headers=agency.auth))
    assert empty == {"items": [], "next_cursor": None}


def test_acknowledge_follow_up_and_reporter_sees_it(api, fresh_agency, routed):
    receipt = routed(fresh_agency)
    tid = receipt["tracking_id"]
    ack = call(api, "POST", f"/api/v1/agency/reports/{tid}/acknowledge", None, fresh_agency.auth)
    assert ack.status_code == 200 and body(ack)["status"] == "DITERUSKAN"
    assert body(ack)["timeline"][-1]["action"] == "ACKNOWLEDGE"
    attachment = {"url": "https://pu.example.go.id/foto/perbaikan.jpg", "name": "perbaikan.jpg"}
    done = call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups",
                {"message": "Jalan sudah ditambal oleh tim UPT pada hari ini.", "attachments": [attachment]},
                fresh_agency.auth)
    assert done.status_code == 201 and body(done)["status"] == "DITINDAKLANJUTI"
    mine = body(api.http.get(f"/api/v1/reports/{tid}", headers={"Authorization": f"Bearer {receipt['reporter_token']}"}))
    assert mine["follow_ups"][0]["message"].startswith("Jalan sudah ditambal")
    assert mine["follow_ups"][0]["attachments"] == [attachment]
    bad = call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups",
               {"message": "x" * 20, "attachments": [{"url": "http://insecure"}]}, fresh_agency.auth)
    assert bad.status_code == 422


def test_clarification_puts_on_hold(api, fresh_agency, routed):
    tid = routed(fresh_agency)["tracking_id"]
    response = call(api, "POST", f"/api/v1/agency/reports/{tid}/clarification",
                    {"message": "Mohon kirim foto lokasi dan patokan terdekat."}, fresh_agency.auth)
    assert response.status_code == 200 and body(response)["status"] == "DITUNDA"


def test_not_authority_returns_to_admin_queue(api, fresh_agency, routed, admin_auth):
    tid = routed(fresh_agency)["tracking_id"]
    response = call(api, "POST", f"/api/v1/agency/reports/{tid}/not-authority",
                    {"reason": "Jalan nasional, wewenang BPJN."}, fresh_agency.auth)
    assert response.status_code == 200 and body(response)["status"] == "BUKAN_WEWENANG"
    assert api.http.get(f"/api/v1/agency/reports/{tid}", headers=fresh_agency.auth).status_code == 404
    queue = body(api.http.get("/api/v1/admin/queue?status=BUKAN_WEWENANG&limit=100", headers=admin_auth))
    assert tid in {item["tracking_id"] for item in queue["items"]}
    admin_view = body(api.http.get(f"/api/v1/admin/reports/{tid}", headers=admin_auth))
    assert admin_view["timeline"][-1]["details"]["reason"] == "Jalan nasional, wewenang BPJN."


def test_forward_moves_the_report(api, new_agency, routed):
    first, second = new_agency(), new_agency()
    tid = routed(first)["tracking_id"]
    unknown = call(api, "POST", f"/api/v1/agency/reports/{tid}/forward",
                   {"agency_id": "dinas-00.00-nothing", "reason": "Salah alamat"}, first.auth)
    assert unknown.status_code == 422
    itself = call(api, "POST", f"/api/v1/agency/reports/{tid}/forward",
                  {"agency_id": first.agency_id, "reason": "Salah alamat"}, first.auth)
    assert itself.status_code == 422
    moved = call(api, "POST", f"/api/v1/agency/reports/{tid}/forward",
                 {"agency_id": second.agency_id, "reason": "Lokasi di wilayah tetangga."}, first.auth)
    assert moved.status_code == 200 and body(moved)["agency_id"] == second.agency_id
    assert api.http.get(f"/api/v1/agency/reports/{tid}", headers=first.auth).status_code == 404
    theirs = body(api.http.get(f"/api/v1/agency/reports/{tid}", headers=second.auth))
    assert theirs["status"] == "DITERUSKAN" and theirs["agency"]["id"] == second.agency_id


def test_notes_are_internal(api, fresh_agency, routed):
    receipt = routed(fresh_agency)
    tid = receipt["tracking_id"]
    note = "Catatan internal: koordinasi dengan UPT wilayah 3."
    response = call(api, "POST", f"/api/v1/agency/reports/{tid}/notes", {"note": note}, fresh_agency.auth)
    assert response.status_code == 201 and body(response)["timeline"][-1]["message"] == note
    reporter_view = api.http.get(f"/api/v1/reports/{tid}",
                                 headers={"Authorization": f"Bearer {receipt['reporter_token']}"})
    public_view = api.http.get(f"/api/v1/reports/{tid}")
    for view in (reporter_view, public_view):
        assert "koordinasi dengan UPT" not in view.body.decode()


ACTIONS = {
    "acknowledge": None,
    "follow-ups": {"message": "Sudah kami tindak lanjuti di lapangan."},
    "clarification": {"message": "Mohon lengkapi lokasi kejadian."},
    "not-authority": {"reason": "Bukan wewenang kami."},
    "forward": {"agency_id": "kemenpanrb", "reason": "Kewenangan pusat."},
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_illegal_moves_are_409_with_reason(api, fresh_agency, routed, action):
    tid = routed(fresh_agency)["tracking_id"]
    call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups",
         {"message": "Perbaikan sudah selesai dikerjakan."}, fresh_agency.auth)  # now DITINDAKLANJUTI
    response = call(api, "POST", f"/api/v1/agency/reports/{tid}/{action}", ACTIONS[action], fresh_agency.auth)
    assert response.status_code == 409, response.body
    error = body(response)["error"]
    assert error["code"] == "illegal_transition" and "DITINDAKLANJUTI" in error["message"]


def test_illegal_moves_on_hold_and_stale_version(api, fresh_agency, routed):
    tid = routed(fresh_agency)["tracking_id"]
    current = body(api.http.get(f"/api/v1/agency/reports/{tid}", headers=fresh_agency.auth))["version"]
    stale = call(api, "POST", f"/api/v1/agency/reports/{tid}/acknowledge", {"version": current - 1}, fresh_agency.auth)
    assert stale.status_code == 409 and body(stale)["error"]["code"] == "version_mismatch"
    header = api.http.post(f"/api/v1/agency/reports/{tid}/acknowledge", body="",
                           headers={**fresh_agency.auth, "If-Match": f'"{current - 1}"'})
    assert header.status_code == 409
    call(api, "POST", f"/api/v1/agency/reports/{tid}/clarification",
         {"message": "Mohon kirim foto lokasi kejadian."}, fresh_agency.auth)  # DITUNDA
    for action in ("acknowledge", "follow-ups", "clarification", "not-authority", "forward"):
        response = call(api, "POST", f"/api/v1/agency/reports/{tid}/{action}", ACTIONS[action], fresh_agency.auth)
        assert response.status_code == 409, (action, response.body)
    assert call(api, "POST", f"/api/v1/agency/reports/{tid}/notes", {"note": "tetap boleh"},
                fresh_agency.auth).status_code == 201


ENDPOINTS = [
    ("GET", "", None),
    ("POST", "/acknowledge", None),
    ("POST", "/follow-ups", {"message": "Sudah kami tindak lanjuti di lapangan."}),
    ("POST", "/clarification", {"message": "Mohon lengkapi lokasi kejadian."}),
    ("POST", "/not-authority", {"reason": "Bukan wewenang kami."}),
    ("POST", "/forward", {"agency_id": "kemenpanrb", "reason": "Kewenangan pusat."}),
    ("POST", "/notes", {"note": "catatan"}),
]


@pytest.mark.parametrize("method,suffix,payload", ENDPOINTS, ids=[e[0] + e[1] for e in ENDPOINTS])
def test_cross_agency_matrix_is_404(api, new_agency, routed, method, suffix, payload):
    owner, stranger = new_agency(), new_agency()
    tid = routed(owner)["tracking_id"]
    before = body(api.http.get(f"/api/v1/agency/reports/{tid}", headers=owner.auth))
    response = call(api, method, f"/api/v1/agency/reports/{tid}{suffix}", payload, stranger.auth)
    assert response.status_code == 404, response.body
    assert body(response)["error"]["code"] == "not_found"
    missing = call(api, method, f"/api/v1/agency/reports/ABCDE-FGHJK{suffix}", payload, stranger.auth)
    assert missing.status_code == 404 and missing.body == response.body  # indistinguishable
    after = body(api.http.get(f"/api/v1/agency/reports/{tid}", headers=owner.auth))
    assert after["version"] == before["version"]  # nothing changed


def test_stranger_cannot_see_or_replay_deliveries(api, subscribed, new_agency, routed, drain_queues):
    agency, receiver, _ = subscribed
    routed(agency)
    drain_queues()
    delivery_id = body(api.http.get("/api/v1/agency/deliveries", headers=agency.auth))["items"][0]["id"]
    stranger = new_agency()
    assert body(api.http.get("/api/v1/agency/deliveries", headers=stranger.auth))["items"] == []
    assert api.http.get(f"/api/v1/agency/deliveries/{delivery_id}", headers=stranger.auth).status_code == 404
    call(api, "PUT", "/api/v1/agency/webhook", {"url": receiver.url}, stranger.auth)
    replay = call(api, "POST", f"/api/v1/agency/deliveries/{delivery_id}/replay", None, stranger.auth)
    assert replay.status_code == 404
    from chalicelib.delivery import subscriptions

    subscriptions.remove(stranger.agency_id)


class RivalWriter:
    """Lands another agency note on the report just before each of the next `times` writes the
    request under test makes: the deterministic form of a writer that lands between another's read
    and its conditional write. Its own writes go straight through (no rival of the rival)."""

    def __init__(self, agency_id: str, tracking_id: str, save_change: Callable[..., Any]) -> None:
        self.agency_id, self.tracking_id, self.save_change = agency_id, tracking_id, save_change
        self.times = 0
        self.landed: list[Any] = []
        self._writing = False

    def __call__(self, report: Any, event: Any) -> Any:
        if self.times and not self._writing:
            from chalicelib.reports import agency_actions as service

            self.times -= 1
            self._writing = True
            try:
                note = f"catatan yang menyela {len(self.landed) + 1}"
                self.landed.append((note, service.add_note(self.agency_id, self.tracking_id, note)))
            finally:
                self._writing = False
        return self.save_change(report, event)


def test_concurrent_actions_never_lose_one_another(api, fresh_agency, routed, monkeypatch):
    """A writer whose conditional write loses to one that landed after its read re-reads and
    retries; one that keeps losing is told so with the documented 409 `concurrent_update` and writes
    nothing. Every writer is accounted for: each landed action is in the timeline, in order."""
    from chalicelib.http.messages import message
    from chalicelib.reports.perform import MAX_ATTEMPTS
    from chalicelib.store import reports as store

    tid = routed(fresh_agency)["tracking_id"]
    base = store.get(tid, consistent=True).version
    rival = RivalWriter(fresh_agency.agency_id, tid, store.save_change)
    monkeypatch.setattr(store, "save_change", rival)
    path = f"/api/v1/agency/reports/{tid}"

    rival.times = 1  # loses once, lands on its retry
    acked = call(api, "POST", f"{path}/acknowledge", None, fresh_agency.auth)
    assert acked.status_code == 200, acked.body
    assert body(acked)["version"] == rival.landed[0][1].version + 1

    rival.times = MAX_ATTEMPTS  # loses every attempt: told so, nothing of it written
    lost = call(api, "POST", f"{path}/notes", {"note": "catatan yang kalah"}, fresh_agency.auth)
    assert lost.status_code == 409, lost.body
    assert body(lost)["error"] == {"code": "concurrent_update", "message": message("concurrent_update", "id")}

    after_routing = [(e.action.value, e.message) for e in store.timeline(tid) if e.seq > base]
    notes = [("NOTE", note) for note, _ in rival.landed]
    assert after_routing == notes[:1] + [("ACKNOWLEDGE", None)] + notes[1:]
    assert len(rival.landed) == 1 + MAX_ATTEMPTS
    assert body(api.http.get(path, headers=fresh_agency.auth))["version"] == base + len(after_routing)
