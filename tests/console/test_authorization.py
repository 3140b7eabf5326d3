"""The console's authorization matrix: every role x page x action outside its rights is refused
(403 for a page or action the role never has, 404 for a report it may not see, including another
agency's), CSRF and sessions are enforced, and an anonim reporter's identity is on no staff page.

The expectations below are written out by hand (not read from console.rights), so a wrong rule
there fails here."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role
from chalicelib.reports import admin_actions, agency_actions
from chalicelib.reports.perform import perform
from chalicelib.shared.identity import StaffRole
from chalicelib.store import reports as store
from tests.fixtures.agencies import Agency
from tests.fixtures.staff import ConsoleClient, Person, Team

PAGES = ("verifikasi", "pelanggaran", "jatuh-tempo", "instansi", "kotak-masuk", "angka", "petugas", "webhook",
         "templat", "tugas", "belum-ditugaskan", "rujukan")
PAGE_ROLE = {"verifikasi": "national", "pelanggaran": "national", "jatuh-tempo": "national", "instansi": "national",
             "kotak-masuk": "admin", "angka": "admin|ombudsman", "petugas": "admin", "webhook": "admin",
             "templat": "admin", "tugas": "liaison", "belum-ditugaskan": "liaison", "rujukan": "ombudsman"}
ADMIN_ACTS = ("disposisi", "arsip", "tunda", "koreksi", "catatan-admin", "gabung")
AGENCY_ACTS = ("terima", "tindak-lanjut", "minta-penjelasan", "bukan-wewenang", "alihkan", "catatan")
SECRET_NAME, SECRET_PHONE, SECRET_EMAIL = "Siti Rahasiawati", "081299887766", "siti.rahasia@example.id"


@pytest.fixture()
def world(team: Team, person: Callable[..., Person], new_agency: Callable[[], Agency],
          submit: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """Reports in every place a role might reach, and a second agency's staff."""
    other = new_agency()
    reporter = {"name": SECRET_NAME, "phone": SECRET_PHONE, "email": SECRET_EMAIL}

    def dispositioned(agency: Agency, **extra: Any) -> str:
        tid = submit(region_code=agency.region_code, **extra)["tracking_id"]
        admin_actions.disposition("setup", tid, agency.agency_id)
        return tid

    own = dispositioned(team.agency, anonim=True, reporter=reporter)
    agency_actions.assign(team.agency.agency_id, own, team.liaison.username, staff_id="setup")
    unassigned = dispositioned(team.agency)
    foreign = dispositioned(other, anonim=True, reporter=reporter)
    queued = submit(region_code=team.agency.region_code, anonim=True, reporter=reporter)["tracking_id"]
    referred = dispositioned(other)
    perform(referred, Action.REFER_OMBUDSMAN, Actor(Role.SYSTEM, "deadline-sweep"))
    named = dispositioned(team.agency, reporter={"name": "Budi Terbuka", "phone": "081200000001"})
    return {"team": team, "other_admin": person(StaffRole.AGENCY_ADMIN, other.agency_id),
            "other_liaison": person(StaffRole.LIAISON, other.agency_id),
            "reports": {"own": own, "unassigned": unassigned, "foreign": foreign, "queued": queued,
                        "referred": referred, "named": named}}


# Which reports each role may open (everything else must be 404).
SEES = {
    "national": {"own", "unassigned", "foreign", "queued", "referred", "named"},
    "admin": {"own", "unassigned", "named"},
    # Issue 23: a liaison officer also sees the agency's reports no one was assigned yet.
    "liaison": {"own", "unassigned", "named"},
    "ombudsman": {"referred"},
    "other_admin": {"foreign", "referred"},  # the referred report was the other agency's
    "other_liaison": {"foreign", "referred"},  # the other agency's, unassigned
}


def people(world: dict[str, Any]) -> dict[str, Person]:
    team = world["team"]
    return {"national": team.national, "admin": team.admin, "liaison": team.liaison, "ombudsman": team.ombudsman,
            "other_admin": world["other_admin"], "other_liaison": world["other_liaison"]}


def test_every_role_page_and_report_matrix(world: dict[str, Any],
                                           signed_in: Callable[[Person], ConsoleClient]) -> None:
    failures = []
    for who, person_ in people(world).items():
        client = signed_in(person_)
        role = who.replace("other_", "")
        for page in PAGES:
            status = client.get(f"/konsol/{page}").status_code
            expected = 200 if role in PAGE_ROLE[page].split("|") else 403
            if status != expected:
                failures.append((who, page, status, expected))
        for name, tid in world["reports"].items():
            response = client.get(f"/konsol/laporan/{tid}")
            expected = 200 if name in SEES[who] else 404
            if response.status_code != expected:
                failures.append((who, name, response.status_code, expected))
            for secret in (SECRET_NAME, SECRET_PHONE, SECRET_EMAIL):
                if secret in response.text:
                    failures.append((who, name, "shows the anonim reporter's identity", secret))
        for page in ("kotak-masuk", "tugas", "verifikasi", "rujukan"):
            if SECRET_NAME in client.get(f"/konsol/{page}").text:
                failures.append((who, page, "identity on a list"))
    assert not failures, failures


def test_agency_sees_a_named_reporter(world: dict[str, Any], signed_in: Callable[[Person], ConsoleClient]) -> None:
    """The positive control of the identity checks: not anonim -> the handling agency sees the name."""
    page = signed_in(world["team"].admin).get(f"/konsol/laporan/{world['reports']['named']}")
    assert "Budi Terbuka" in page.text


def test_every_action_outside_a_role_is_refused(world: dict[str, Any],
                                                signed_in: Callable[[Person], ConsoleClient]) -> None:
    tid = world["reports"]["own"]
    before = store.get(tid, consistent=True).version
    failures = []
    for who, person_ in people(world).items():
        client = signed_in(person_)
        client.get("/konsol")
        role = who.replace("other_", "")
        allowed = {"national": ADMIN_ACTS, "admin": AGENCY_ACTS + ("tugaskan",), "liaison": AGENCY_ACTS,
                   "ombudsman": ()}[role]
        for act in ADMIN_ACTS + AGENCY_ACTS + ("tugaskan",):
            if act in allowed and who in ("national", "admin", "liaison"):
                continue  # allowed: the daily-work tests take these
            status = client.post(f"/konsol/laporan/{tid}/{act}", {"note": "x" * 20, "message": "y" * 30,
                                                                   "reason": "z" * 10, "agency_id": "kemenkes",
                                                                   "assignee": person_.username}).status_code
            expected = 404 if act in allowed else 403  # another agency's staff: the report "does not exist"
            if status != expected:
                failures.append((who, act, status, expected))
        if role == "admin":
            continue  # agency admins manage their own agency's accounts, templates and webhook
        for page in ("petugas", "templat", "webhook"):
            status = client.post(f"/konsol/{page}", {"username": "mallory", "display_name": "Mallory",
                                                     "title": "Templat", "body": "x" * 20,
                                                     "url": "https://example.com/hook"}).status_code
            if status != 403:
                failures.append((who, page, status, 403))
    assert not failures, failures
    assert store.get(tid, consistent=True).version == before, "a refused action changed the report"


def test_another_agencys_liaison_account_cannot_be_touched(world: dict[str, Any],
                                                           signed_in: Callable[[Person], ConsoleClient]) -> None:
    client = signed_in(world["other_admin"])
    client.get("/konsol/petugas")
    response = client.post(f"/konsol/petugas/{world['team'].liaison.username}/nonaktifkan")
    assert response.status_code == 404
    assert signed_in(world["team"].liaison).get("/konsol/tugas").status_code == 200  # still active


def test_csrf_and_session_are_enforced(world: dict[str, Any], signed_in: Callable[[Person], ConsoleClient],
                                       client: Callable[[], ConsoleClient]) -> None:
    tid = world["reports"]["own"]
    admin = signed_in(world["team"].admin)
    admin.get(f"/konsol/laporan/{tid}")
    assert admin.post(f"/konsol/laporan/{tid}/catatan", {"note": "tanpa csrf"}, csrf="").status_code == 403
    assert admin.post(f"/konsol/laporan/{tid}/catatan", {"note": "csrf lain"}, csrf="0" * 40).status_code == 403
    anonymous = client()
    response = anonymous.get(f"/konsol/laporan/{tid}")
    assert "/konsol/masuk" in response.url and response.status_code == 200
    assert anonymous.post(f"/konsol/laporan/{tid}/catatan", {"note": "tanpa sesi"}, csrf="x").status_code == 401
    # Someone else's ID token with my session cookie: refused (the token must be the session's person).
    liaison = signed_in(world["team"].liaison)
    admin.http.cookies.set("lapor_konsol_id", liaison.http.cookies.get("lapor_konsol_id"))
    assert "/konsol/masuk" in admin.get("/konsol/kotak-masuk").url
    notes = [e for e in store.timeline(tid) if e.action is Action.NOTE]
    assert notes == []


def test_sign_out_ends_the_session_and_revokes_refresh(world: dict[str, Any],
                                                       signed_in: Callable[[Person], ConsoleClient]) -> None:
    liaison = signed_in(world["team"].liaison)
    kept = dict(liaison.http.cookies.items())
    liaison.post("/konsol/keluar")
    replay = ConsoleClient(liaison.base)
    for name, value in kept.items():
        replay.http.cookies.set(name, value)
    assert "/konsol/masuk" in replay.get("/konsol/tugas").url
    from chalicelib.console import cognito
    with pytest.raises(cognito.SignInFailed):
        cognito.refresh(kept["lapor_konsol_rt"])


def test_lockout_refuses_even_the_right_password(world: dict[str, Any], client: Callable[[], ConsoleClient]) -> None:
    who = world["team"].liaison
    browser = client()
    browser.get("/konsol/masuk")
    statuses = [browser.post("/konsol/masuk", {"username": who.username, "password": "Salah-12345678"}).status_code
                for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    response = browser.post("/konsol/masuk", {"username": who.username, "password": who.password})
    assert response.status_code == 429 and "dikunci" in response.text
