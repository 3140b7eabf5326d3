"""Issue 23, item 7 in the console and on public pages: words for the person reading them,
error summaries that name the field, a forward flow that never offers the office itself and
confirms where the report went, and a plain "must be https" for an http webhook."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from chalicelib.directory.seed import directory
from chalicelib.shared.identity import StaffRole
from tests.fixtures.staff import ConsoleClient, Person, Team


def _seeded_regency_office() -> Any:
    """A packaged directory office whose province has other offices (the forward search reads
    the packaged directory)."""
    entries = [entry for entry, _ in directory()]
    for entry in entries:
        province = entry.region_code.split(".")[0]
        if entry.level == "KABUPATEN" and sum(e.region_code.startswith(province) for e in entries) > 3:
            return entry
    raise AssertionError("no regency office in the packaged directory")


def test_forward_search_skips_the_own_office_and_forwarding_confirms(
        person: Callable[..., Person], signed_in: Callable[[Person], ConsoleClient],
        submit: Callable[..., dict[str, Any]]) -> None:
    office = _seeded_regency_office()
    province = office.region_code.split(".")[0]
    tid = submit(region_code=office.region_code)["tracking_id"]
    national = signed_in(person(StaffRole.NATIONAL_ADMIN))
    national.get(f"/konsol/laporan/{tid}")
    assert national.post(f"/konsol/laporan/{tid}/disposisi", {"agency_id": office.id, "version": "1"}).status_code == 200
    admin = signed_in(person(StaffRole.AGENCY_ADMIN, office.id))
    page = admin.get(f"/konsol/laporan/{tid}", wilayah=province).text
    offered = re.findall(r'name="agency_id" value="([^"]+)"', page)
    assert offered and office.id not in offered, offered
    target = offered[0]
    version = re.search(r'id="form-alihkan".*?name="version" value="(\d+)"', page, re.DOTALL)
    version = version.group(1) if version else re.findall(r'name="version" value="(\d+)"', page)[-1]
    done = admin.post(f"/konsol/laporan/{tid}/alihkan", {"agency_id": target, "version": version,
                                                         "reason": "Ini wewenang dinas lain di provinsi ini."})
    assert done.status_code == 200, done.text[:2000]
    assert "/konsol/kotak-masuk" in done.url
    flash = re.search(r'id="hasil">([^<]+)<', done.text)
    assert flash and tid in flash.group(1) and "dialihkan" in flash.group(1), done.text[:2000]


def test_staff_and_strangers_read_third_person_status_words(
        team: Team, signed_in: Callable[[Person], ConsoleClient], api: Any, routed: Callable[..., dict[str, Any]],
        admin_auth: dict[str, str]) -> None:
    national = signed_in(team.national)
    tabs = national.get("/konsol/verifikasi").text
    assert "Menunggu penjelasan Anda" not in tabs and "Menunggu penjelasan pelapor" in tabs
    tid = routed(team.agency)["tracking_id"]
    public = api.http.get(f"/lacak/{tid}").body.decode("utf-8")
    assert "laporan Anda" not in public and "laporan ini" in public
    english = api.http.get(f"/lacak/{tid}?lang=en").body.decode("utf-8")
    assert "your report" not in english.lower()


def test_an_empty_form_names_each_missing_field(api: Any) -> None:
    page = api.http.post("/lapor", body="form_key=abc", headers={"Content-Type": "application/x-www-form-urlencoded"})
    summary = page.body.decode("utf-8").split('class="error-summary"')[1].split("</ul>")[0]
    items = re.findall(r"<a [^>]*>([^<]+)</a>", summary)
    assert len(items) >= 3 and len(set(items)) == len(items), items  # no "Wajib diisi." repeated bare
    assert any(item.startswith("Judul laporan: ") for item in items), items


def test_an_http_webhook_is_refused_with_must_be_https(team: Team, signed_in: Callable[[Person], ConsoleClient]) -> None:
    admin = signed_in(team.admin)
    admin.get("/konsol/webhook")
    page = admin.post("/konsol/webhook", {"url": "http://sistem-pengaduan.example.invalid/lapor"})
    assert page.status_code == 422 and "https" in page.text
    assert "resolve" not in page.text and "DNS" not in page.text
