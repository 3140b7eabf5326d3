"""Honest closure end to end: confirm after a reply, reopen a timeout closure (the agency gets a
`report.reopened` webhook), and the window's limit."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from chalicelib.domain.errors import IllegalTransition
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role
from chalicelib.reports import reporter as reporter_actions
from chalicelib.reports.perform import perform
from chalicelib.store import reports as store
from tests.fixtures.agencies import call

SWEEP = Actor(Role.SYSTEM, "sweep")


def body(response):
    return json.loads(response.body)


def _followed_up(api, agency, routed):
    receipt = routed(agency)
    tid = receipt["tracking_id"]
    done = call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups",
                {"message": "Jalan sudah ditambal oleh tim UPT pada hari ini."}, agency.auth)
    assert done.status_code == 201
    return tid, {"Authorization": f"Bearer {receipt['reporter_token']}"}


def test_reporter_confirms_after_a_thank_you_reply(api, fresh_agency, routed):
    tid, auth = _followed_up(api, fresh_agency, routed)
    replied = call(api, "POST", f"/api/v1/reports/{tid}/replies", {"message": "Terima kasih banyak."}, auth)
    assert body(replied)["status"] == "DITERUSKAN"
    confirmed = call(api, "POST", f"/api/v1/reports/{tid}/confirm", None, auth)
    assert confirmed.status_code == 200
    assert body(confirmed)["status"] == "SELESAI" and body(confirmed)["closure"] == "CONFIRMED"
    public = body(api.http.get(f"/api/v1/reports/{tid}"))
    assert public["closure"] == "CONFIRMED" and public["closed_at"]
    # A confirmed closure is final.
    again = call(api, "POST", f"/api/v1/reports/{tid}/reopen", {"reason": "Ternyata rusak lagi."}, auth)
    assert again.status_code == 409


def test_timeout_closure_reopens_with_a_reason_and_the_agency_is_told(api, subscribed, routed, drain_queues,
                                                                       fast_retries):
    agency, receiver, _ = subscribed
    tid, auth = _followed_up(api, agency, routed)
    perform(tid, Action.AUTO_CLOSE, SWEEP)
    public = body(api.http.get(f"/api/v1/reports/{tid}"))
    assert public["status"] == "SELESAI" and public["closure"] == "TIMED_OUT"
    short = call(api, "POST", f"/api/v1/reports/{tid}/reopen", {"reason": "no"}, auth)
    assert short.status_code == 422
    stranger = call(api, "POST", f"/api/v1/reports/{tid}/reopen", {"reason": "Belum diperbaiki sama sekali."},
                    {"Authorization": "Bearer rt_wrong"})
    assert stranger.status_code == 401
    reopened = call(api, "POST", f"/api/v1/reports/{tid}/reopen", {"reason": "Belum diperbaiki sama sekali."}, auth)
    assert reopened.status_code == 200, reopened.body
    view = body(reopened)
    assert view["status"] == "DITERUSKAN" and view["closure"] is None and view["deadline_kind"] == "FOLLOW_UP"
    drain_queues()
    hooks = [r.json() for r in receiver.received if r.json()["type"] == "report.reopened"]
    assert len(hooks) == 1
    last = hooks[0]["data"]["timeline"][-1]
    assert last["action"] == "REOPEN" and last["message"] == "Belum diperbaiki sama sekali."


def test_reopen_window_is_the_reply_window_length(api, fresh_agency, routed):
    tid, auth = _followed_up(api, fresh_agency, routed)
    closed, _ = perform(tid, Action.AUTO_CLOSE, SWEEP)
    token = auth["Authorization"].split()[1]
    late = closed.closed_at + timedelta(days=20)  # 20 calendar days > 10 working days
    with pytest.raises(IllegalTransition) as refused:
        reporter_actions.reopen(tid, token, "Masih belum diperbaiki.", now=late)
    assert refused.value.code == "reopen_window_closed"
    assert store.get(tid).status.value == "SELESAI"
    in_time = closed.closed_at + timedelta(days=3)
    assert reporter_actions.reopen(tid, token, "Masih belum diperbaiki.", now=in_time).status.value == "DITERUSKAN"
