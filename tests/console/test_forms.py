"""Bad input on every console form: a message beside the field (422, or 409 when the report moved),
never a 500, and nothing changed."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.reports import admin_actions
from chalicelib.store import reports as store
from tests.fixtures.staff import ConsoleClient, Person, Team

FIELD_ERROR = re.compile(r'<p class="field-error" id="([^"]+)-error"')


def field_errors(html: str) -> set[str]:
    return set(FIELD_ERROR.findall(html))


@pytest.fixture()
def reports(team: Team, submit: Callable[..., dict[str, Any]]) -> dict[str, str]:
    queued = submit(region_code=team.agency.region_code, anonim=True,
                    reporter={"name": "Anonim Sekali"})["tracking_id"]
    with_agency = submit(region_code=team.agency.region_code)["tracking_id"]
    admin_actions.disposition("setup", with_agency, team.agency.agency_id)
    return {"queued": queued, "with_agency": with_agency}


NATIONAL_CASES = [
    ("disposisi", {"agency_id": ""}, "disposisi-agency_id"),
    ("disposisi", {"agency_id": "tidak-ada-instansi"}, "disposisi-agency_id"),
    ("disposisi", {"agency_id": "kemenkes", "note": "x" * 2500}, "disposisi-note"),
    ("arsip", {"reason": ""}, "arsip-reason"),
    ("arsip", {"reason": "BOGUS"}, "arsip-reason"),
    ("tunda", {"message": "singkat"}, "tunda-message"),
    ("koreksi", {"classification": "PENGADUAN", "category": "bukan-topik", "anonim": "1", "rahasia": "0"},
     "koreksi-category"),
    ("koreksi", {"classification": "PENGADUAN", "anonim": "0", "rahasia": "0"}, "koreksi-anonim"),
    ("koreksi", {"classification": "RAHASIA_NEGARA", "anonim": "1", "rahasia": "0"}, "koreksi-classification"),
    ("catatan-admin", {"note": ""}, "catatan-admin-note"),
]
AGENCY_CASES = [
    ("tugaskan", {"assignee": ""}, "tugaskan-assignee"),
    ("tugaskan", {"assignee": "orang-lain"}, "tugaskan-assignee"),
    ("tindak-lanjut", {"message": "pendek"}, "tindak-lanjut-message"),
    ("tindak-lanjut", {"message": "Sudah kami perbaiki hari ini.", "attachments": "http://tidak-aman.example/a.pdf"},
     "tindak-lanjut-attachments"),
    ("minta-penjelasan", {"message": ""}, "minta-penjelasan-message"),
    ("bukan-wewenang", {"reason": "x"}, "bukan-wewenang-reason"),
    ("alihkan", {"agency_id": "", "reason": "Bukan urusan kami"}, "alihkan-agency_id"),
    ("alihkan", {"agency_id": "SELF", "reason": "Bukan urusan kami"}, "alihkan-agency_id"),
    ("catatan", {"note": ""}, "catatan-note"),
]


def test_report_forms_answer_bad_input_beside_the_field(team: Team, reports: dict[str, str],
                                                        signed_in: Callable[[Person], ConsoleClient]) -> None:
    national = signed_in(team.national)
    national.get(f"/konsol/laporan/{reports['queued']}")
    for act, data, field_id in NATIONAL_CASES:
        response = national.post(f"/konsol/laporan/{reports['queued']}/{act}", data)
        assert response.status_code == 422 and field_id in field_errors(response.text), (act, data, response.status_code)
    admin = signed_in(team.admin)
    admin.get(f"/konsol/laporan/{reports['with_agency']}")
    for act, data, field_id in AGENCY_CASES:
        data = {k: (team.agency.agency_id if v == "SELF" else v) for k, v in data.items()}
        response = admin.post(f"/konsol/laporan/{reports['with_agency']}/{act}", data)
        assert response.status_code == 422 and field_id in field_errors(response.text), (act, data, response.status_code)
    # An action on a report that moved meanwhile: a message, not a 500; a stale version likewise.
    stale = admin.post(f"/konsol/laporan/{reports['with_agency']}/terima", {"version": "1"})
    assert stale.status_code == 409 and "terima-error" in stale.text
    assert store.get(reports["queued"], consistent=True).version == 1
    assert store.get(reports["with_agency"], consistent=True).version == 2


def test_other_forms_answer_bad_input_beside_the_field(team: Team, signed_in: Callable[[Person], ConsoleClient],
                                                       client: Callable[[], ConsoleClient]) -> None:
    browser = client()
    browser.get("/konsol/masuk")
    response = browser.post("/konsol/masuk", {"username": "", "password": ""})
    assert response.status_code == 422 and field_errors(response.text) >= {"username", "password"}
    response = browser.post("/konsol/masuk/lanjut", {"challenge": "NEW_PASSWORD_REQUIRED", "session": "x" * 5000,
                                                      "username": "a"})
    assert response.status_code == 400
    response = browser.post("/konsol/masuk", {"username": "a", "password": "b"}, csrf="wrong")
    assert response.status_code == 403
    admin = signed_in(team.admin)
    admin.get("/konsol/petugas")
    response = admin.post("/konsol/petugas", {"username": "A B!", "display_name": "x", "email": "bukan-email"})
    assert response.status_code == 422 and field_errors(response.text) == {"username", "display_name", "email"}
    response = admin.post("/konsol/templat", {"title": "x", "body": "pendek"})
    assert response.status_code == 422 and field_errors(response.text) == {"title", "body"}
    response = admin.post("/konsol/webhook", {"url": "ftp://contoh"})
    assert response.status_code == 422 and field_errors(response.text) == {"url"}
    response = admin.get("/konsol/kotak-masuk", status="BOGUS", category="nope", cursor="%%%")
    assert response.status_code == 200 and field_errors(response.text) == {"f-status", "f-category"}
    hostile = admin.post("/konsol/laporan/%00%FF/catatan", {"note": "\x00" * 10})
    assert hostile.status_code == 404
    assert admin.post("/konsol/laporan/ABCDE-FGH23/tidak-ada", {}).status_code == 404
