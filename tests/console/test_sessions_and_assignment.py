"""Sessions (refresh, idle end), the ASSIGN action's timeline and webhook event, liaison accounts
created by an agency admin (first sign-in sets a new password), templates and figures."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from chalicelib.console import auth, cognito
from chalicelib.console.agency_admin import agency_figures
from chalicelib.delivery.events import ASSIGNED, deliveries_for
from chalicelib.domain.lifecycle import Action
from chalicelib.http import staff_tokens
from chalicelib.reports import admin_actions, agency_actions
from chalicelib.shared import clock, identity
from chalicelib.store import reports as store
from chalicelib.store import staff as staff_store
from tests.fixtures.staff import ConsoleClient, Person, Team


def _browser(team: Team) -> tuple[dict[str, str], staff_tokens.Staff, Any]:
    """A signed-in 'browser' (its cookies) without HTTP, to drive auth.current with a chosen time."""
    result = cognito.sign_in(team.liaison.username, team.liaison.password)
    staff = staff_tokens.verify_id_token(result.id_token)
    start = clock.real_now()
    cookies = {}
    for header in auth.start(staff, result, "", False, start):
        name, _, rest = header.partition("=")
        cookies[name] = rest.split(";")[0]
    return cookies, staff, start


def _request(cookies: dict[str, str]) -> Any:
    return SimpleNamespace(headers={"cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                                    "host": "127.0.0.1:8000"})


def test_an_expired_id_token_is_refreshed_with_the_refresh_token(team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    cookies, staff, start = _browser(team)
    real_verify = staff_tokens.verify_id_token
    first = cookies[auth.ID_COOKIE]

    def verify(token: str, now: Any = None) -> staff_tokens.Staff:
        if token == first:  # the ID token of the sign-in has run out
            raise staff_tokens.ExpiredToken("expired")
        return real_verify(token)

    monkeypatch.setattr(staff_tokens, "verify_id_token", verify)
    signed = auth.current(_request(cookies), "", start + timedelta(minutes=1))
    assert signed is not None and signed.staff.username == team.liaison.username
    renewed = [c for c in signed.cookies if c.startswith(f"{auth.ID_COOKIE}=")]
    assert renewed and first not in renewed[0] and "HttpOnly" in renewed[0] and "SameSite=Strict" in renewed[0]
    # Without a refresh token (or with a revoked one) the person signs in again.
    assert auth.current(_request({k: v for k, v in cookies.items() if k != auth.REFRESH_COOKIE}), "",
                        start + timedelta(minutes=1)) is None


def test_a_session_ends_when_idle_or_old(team: Team) -> None:
    cookies, staff, start = _browser(team)
    idle_for = timedelta(minutes=identity.SESSION_IDLE_MINUTES, seconds=1)
    worked = start + timedelta(minutes=5)
    assert auth.current(_request(cookies), "", worked) is not None  # a request moves the idle timer
    assert staff_store.get_session(cookies[auth.SESSION_COOKIE], start + idle_for) is not None
    assert auth.current(_request(cookies), "", worked + idle_for) is None
    # However busy the person is, the session ends after SESSION_MAX_HOURS.
    session = staff_store.get_session(cookies[auth.SESSION_COOKIE], start)
    late = start + timedelta(hours=identity.SESSION_MAX_HOURS, seconds=1)
    staff_store.touch_session(session, late - timedelta(minutes=1))
    assert staff_store.get_session(cookies[auth.SESSION_COOKIE], late) is None


def test_assign_is_on_the_timeline_and_becomes_a_webhook_event(team: Team, submit: Callable[..., dict[str, Any]]
                                                               ) -> None:
    tid = submit(region_code=team.agency.region_code)["tracking_id"]
    admin_actions.disposition("setup", tid, team.agency.agency_id)
    agency_actions.assign(team.agency.agency_id, tid, team.liaison.username, staff_id=team.admin.username)
    event = store.timeline(tid)[-1]
    assert event.action is Action.ASSIGN and event.actor.staff_id == team.admin.username
    assert event.details == {"assignee": team.liaison.username}
    assert [(d.agency_id, d.event_type) for d in deliveries_for(event)] == [(team.agency.agency_id, ASSIGNED)]
    # Forwarding it away clears the assignment (the new agency assigns its own people).
    other_agency = "dinas-62.01-public_works"
    agency_actions.forward(team.agency.agency_id, tid, other_agency, "Bukan wilayah kami")
    assert store.get(tid, consistent=True).assignee is None


def test_first_sign_in_of_a_new_liaison_sets_their_password(team: Team, signed_in: Callable[[Person], ConsoleClient],
                                                            client: Callable[[], ConsoleClient]) -> None:
    admin = signed_in(team.admin)
    admin.get("/konsol/petugas")
    name = f"baru-{team.agency.region_code.replace('.', '')}"
    created = admin.post("/konsol/petugas", {"username": name, "display_name": "Petugas Baru",
                                             "email": "baru@example.id"})
    assert created.status_code == 201
    temporary = re.search(r'id="temporary-password">([^<]+)<', created.text).group(1)
    person = client()
    person.get("/konsol/masuk")
    challenge = person.post("/konsol/masuk", {"username": name, "password": temporary})
    assert challenge.status_code == 200 and 'name="new_password"' in challenge.text
    fields = dict(re.findall(r'<input type="hidden" name="(challenge|session|username|next)" value="([^"]*)"',
                             challenge.text))
    weak = person.post("/konsol/masuk/lanjut", {**fields, "new_password": "pendek", "new_password_again": "pendek"})
    assert weak.status_code == 422 and 'id="new_password-error"' in weak.text
    done = person.post("/konsol/masuk/lanjut", {**fields, "new_password": "Sandi-Baru-2026!",
                                                 "new_password_again": "Sandi-Baru-2026!"})
    assert done.status_code == 200 and done.url.endswith("/konsol/tugas"), done.text[:1500]
    assert staff_store.get_account(team.agency.agency_id, name).role is identity.StaffRole.LIAISON
    # The admin can assign to the new officer and deactivate the account, which ends their sign-in.
    admin.get("/konsol/petugas")
    assert admin.post(f"/konsol/petugas/{name}/nonaktifkan").status_code == 200
    again = client()
    again.get("/konsol/masuk")
    assert again.post("/konsol/masuk", {"username": name, "password": "Sandi-Baru-2026!"}).status_code in (401, 403)


def test_templates_fill_the_follow_up_and_figures_count_it(team: Team, signed_in: Callable[[Person], ConsoleClient],
                                                            submit: Callable[..., dict[str, Any]]) -> None:
    tid = submit(region_code=team.agency.region_code)["tracking_id"]
    admin_actions.disposition("setup", tid, team.agency.agency_id)
    admin = signed_in(team.admin)
    admin.get("/konsol/templat")
    assert admin.post("/konsol/templat", {"title": "Jalan diperbaiki",
                                          "body": "Terima kasih. Jalan sudah kami perbaiki."}).status_code == 200
    template_id = staff_store.templates_of(team.agency.agency_id)[0].template_id
    page = admin.get(f"/konsol/laporan/{tid}", templat=template_id)
    assert "Terima kasih. Jalan sudah kami perbaiki.</textarea>" in page.text
    admin.post(f"/konsol/laporan/{tid}/tindak-lanjut", {"message": "Terima kasih. Jalan sudah kami perbaiki."})
    figures = agency_figures(team.agency.agency_id)
    assert figures["received"] == 1 and figures["followed_up"] == 1 and figures["on_time"] == 1
    assert figures["median_hours"] is not None and figures["on_time_percent"] == 100
    assert "100 %" in admin.get("/konsol/angka").text
