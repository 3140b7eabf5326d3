"""Issue 20, findings 3, 4 and 10: the console sign-in's redirect target, deactivated accounts'
sessions, and a lockout that an attacker cannot turn against an officer.

Each test drives the served app over HTTP as a browser (or an attacker) would, except the two
that pin a store or pure-function rule down with many inputs."""
from __future__ import annotations

import re
import string
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.console import cognito, signin
from chalicelib.domain.lifecycle import Action
from chalicelib.reports import admin_actions, agency_actions
from chalicelib.shared import identity
from chalicelib.shared.clock import real_now
from chalicelib.store import reports as store
from chalicelib.store import staff as staff_store
from tests.fixtures.staff import ConsoleClient, Person, Team

VALUES = re.compile(r'value="[^"]*"')
#: What a redirect target may look like once it is safe: this site's console, printable ASCII of
#: a URL path and query, nothing that a browser or a header parser would read differently.
SAFE_TARGET = re.compile(r"/konsol/[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*")
HOSTILE_TARGETS = (
    "/konsol/rujukan%0dSet-Cookie:injected=1",        # one decode gives a lone CR
    "/konsol/rujukan%0d%0aSet-Cookie:injected=1",     # CRLF: a 500 before
    "/konsol/rujukan\rSet-Cookie:injected=1",
    "/konsol/rujukan\nSet-Cookie:injected=1",
    "//evil.example/konsol/tugas",
    "/konsol//evil.example",
    "/konsol/%2f%2fevil.example",
    "https://evil.example/konsol/tugas",
    "/konsol/tugas\\evil",
    "/konsol/../lapor",
    "/konsol/%2e%2e/lapor",
    "/konsol/tugas tab\there",
    "/konsol/tug\u00e4s",
    "/konsol/masuk",
    "javascript:alert(1)//konsol/",
)


def _sign_in_to(browser: ConsoleClient, who: Person, next_path: str) -> Any:
    """A sign-in form posted with this `next` (as the hidden field carries it), not followed."""
    browser.get("/konsol/masuk")
    return browser.post("/konsol/masuk", {"username": who.username, "password": who.password, "next": next_path},
                        follow=False)


def _page_without_values(page: str) -> str:
    """The page as the person sees it, without form values (their own name, CSRF tokens)."""
    return VALUES.sub('value=""', page)


# --- finding 3: the redirect after sign-in ------------------------------------------------------


def test_a_hostile_next_sets_no_cookie_and_lands_on_the_console_home(team: Team,
                                                                      client: Callable[[], ConsoleClient]) -> None:
    for target in HOSTILE_TARGETS:
        browser = client()
        response = _sign_in_to(browser, team.liaison, target)
        assert response.status_code == 303, (target, response.status_code, response.text[:500])
        assert response.headers["Location"] == "/konsol/tugas", (target, response.headers["Location"])
        assert "injected" not in response.headers.get("Set-Cookie", ""), target
        assert "injected" not in browser.http.cookies, target
    # A genuine console page (with its query) is still where the officer goes after signing in.
    kept = _sign_in_to(client(), team.liaison, "/konsol/laporan/LPR-X?lang=en")
    assert kept.headers["Location"] == "/konsol/laporan/LPR-X?lang=en"


def test_the_reported_link_signs_in_without_setting_a_cookie(team: Team, client: Callable[[], ConsoleClient]) -> None:
    """The issue's link as sent, `%250d` and all: the form must not carry it on, nor the redirect."""
    browser = client()
    page = browser._seen(browser.http.get(f"{browser.base}/konsol/masuk?next=/konsol/rujukan%250dSet-Cookie:injected=1",
                                          timeout=30))
    assert page.status_code == 200
    carried = re.search(r'name="next" value="([^"]*)"', page.text)
    next_path = carried.group(1) if carried else ""
    response = browser.post("/konsol/masuk", {"username": team.liaison.username, "password": team.liaison.password,
                                              "next": next_path}, follow=False)
    assert response.status_code == 303 and response.headers["Location"] == "/konsol/tugas"
    assert "injected" not in response.headers.get("Set-Cookie", "") and "injected" not in browser.http.cookies


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80) | st.builds(lambda tail: "/konsol/" + tail, st.text(max_size=60))
       | st.builds(lambda tail: "/konsol/" + tail, st.text(alphabet=string.printable + "%\u00a0\u2028", max_size=40)))
def test_any_next_becomes_a_safe_console_path(target: str) -> None:
    for base in ("", "/api"):
        chosen = signin.safe_redirect(target, base, f"{base}/konsol/tugas")
        assert chosen.startswith(f"{base}/konsol/")
        local = chosen[len(base):]
        assert SAFE_TARGET.fullmatch(local), chosen
        once = unquote(local)
        assert "//" not in once and "\\" not in once and not any(c.isspace() or ord(c) < 32 or ord(c) == 127
                                                                 for c in once), chosen
        assert "/../" not in once + "/" and "/./" not in once + "/", chosen
        assert chosen in (f"{base}/konsol/tugas", base + target, target), chosen  # kept as given, or home


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.text(alphabet=string.printable + "%\u00e4\u2028", max_size=40).map(lambda t: "/konsol/" + t))
def test_any_next_over_http_is_a_redirect_never_a_500(team: Team, client: Callable[[], ConsoleClient],
                                                      target: str) -> None:
    response = _sign_in_to(client(), team.liaison, target)
    assert response.status_code == 303, (target, response.text[:300])
    location = response.headers["Location"]
    assert SAFE_TARGET.fullmatch(location) and "injected" not in response.headers.get("Set-Cookie", ""), location


# --- finding 4: deactivated accounts ------------------------------------------------------------


def test_a_deactivated_officer_s_session_is_refused_for_reads_and_writes(
        team: Team, signed_in: Callable[[Person], ConsoleClient], submit: Callable[..., dict[str, Any]]) -> None:
    tid = submit(region_code=team.agency.region_code)["tracking_id"]
    admin_actions.disposition("setup", tid, team.agency.agency_id)
    agency_actions.assign(team.agency.agency_id, tid, team.liaison.username, staff_id="setup")
    phone, desk = signed_in(team.liaison), signed_in(team.liaison)  # two sessions of the officer
    for officer in (phone, desk):
        assert officer.get(f"/konsol/laporan/{tid}").status_code == 200
    admin = signed_in(team.admin)
    admin.get("/konsol/petugas")
    assert admin.post(f"/konsol/petugas/{team.liaison.username}/nonaktifkan").status_code == 200

    write = phone.post(f"/konsol/laporan/{tid}/catatan", {"note": "setelah dinonaktifkan"}, follow=False)
    assert write.status_code == 303 and "/konsol/masuk" in write.headers["Location"]
    assert "lapor_konsol=;" in write.headers.get("Set-Cookie", "")  # the browser forgets the session
    kept = dict(desk.http.cookies.items())
    read = desk.get(f"/konsol/laporan/{tid}")
    assert "/konsol/masuk" in read.url and "dinonaktifkan" in read.text
    assert [e for e in store.timeline(tid) if e.action is Action.NOTE] == []
    # The session is gone for good: reactivating the account does not bring the old cookies back.
    admin.get("/konsol/petugas")
    assert admin.post(f"/konsol/petugas/{team.liaison.username}/aktifkan").status_code == 200
    replay = ConsoleClient(desk.base)
    for name, value in kept.items():
        replay.http.cookies.set(name, value)
    assert "/konsol/masuk" in replay.get("/konsol/tugas").url


# --- finding 10: lockout and identical answers --------------------------------------------------


def test_an_attacker_cannot_lock_an_officer_out_of_a_device_they_signed_in_on(
        team: Team, client: Callable[[], ConsoleClient]) -> None:
    officer = client()
    officer.sign_in(team.liaison)
    officer.post("/konsol/keluar")
    attacker = client()
    attacker.get("/konsol/masuk")
    statuses = [attacker.post("/konsol/masuk", {"username": team.liaison.username, "password": "Salah-12345678"}
                              ).status_code for _ in range(identity.LOCKOUT_FAILURES + 1)]
    assert statuses[-1] == 429
    # Fresh cookies do not buy the attacker more guesses (no per-client counter to reset).
    rotated = client()
    rotated.get("/konsol/masuk")
    assert rotated.post("/konsol/masuk", {"username": team.liaison.username,
                                          "password": "Salah-12345678"}).status_code == 429
    # The officer, on the browser they signed in with before, still signs in with the right password.
    response = officer.sign_in(team.liaison)
    assert response.url.endswith("/konsol/tugas")


def test_failures_on_a_trusted_device_lock_only_that_device(aws: Any) -> None:
    name, now = f"Petugas-{uuid.uuid4().hex[:6]}", real_now()
    mine, stolen = staff_store.trust_device(name, None, now), staff_store.trust_device(name, None, now)
    for attempt in range(identity.LOCKOUT_FAILURES):
        staff_store.record_failure(name, now + timedelta(seconds=attempt), device=stolen)
    later = now + timedelta(minutes=1)
    assert staff_store.locked_until(name, later, device=stolen) is not None
    assert staff_store.locked_until(name, later, device=mine) is None
    assert staff_store.locked_until(name, later) is None  # new devices: not counted against
    # A device trusted for one name is an untrusted client for another.
    assert staff_store.trusted(name, stolen) and not staff_store.trusted(f"x{name}", stolen)


def test_unknown_disabled_and_wrong_password_answer_alike(team: Team, person: Callable[..., Person],
                                                          client: Callable[[], ConsoleClient]) -> None:
    disabled = person(identity.StaffRole.LIAISON, team.agency.agency_id)
    cognito.set_enabled(disabled.username, False)
    staff_store.set_active(team.agency.agency_id, disabled.username, False)
    tries = {"unknown": (f"tidak-ada-{uuid.uuid4().hex[:6]}", "Salah-12345678"),
             "wrong": (team.liaison.username, "Salah-12345678"),
             "disabled_wrong": (disabled.username, "Salah-12345678"),
             "disabled_right": (disabled.username, disabled.password)}
    answers = {}
    for case, (username, password) in tries.items():
        browser = client()
        browser.get("/konsol/masuk")
        response = browser.post("/konsol/masuk", {"username": username, "password": password})
        answers[case] = (response.status_code, _page_without_values(response.text))
        assert "dinonaktifkan" not in response.text, case
    assert len(set(answers.values())) == 1, {case: status for case, (status, _) in answers.items()}
    assert answers["unknown"][0] == 401
