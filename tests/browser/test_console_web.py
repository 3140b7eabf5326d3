"""The staff console in headless Chromium, as officials use it every day: each role signs in
through the user pool (Cognito on the embedded endpoint), the national admin dispositions an
unrouted report, the agency admin assigns it, the liaison officer follows up, and the citizen sees
the follow-up on the tracking page. axe-core on every console page, 360 px and 1280 px."""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role
from chalicelib.reports.perform import perform
from tests.fixtures.browser import ARTIFACTS, assert_accessible, screenshot
from tests.fixtures.staff import Person, Team

pytestmark = pytest.mark.browser
DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def keep_for_readme(name: str) -> None:
    """The README shows these: `LAPOR_UPDATE_SCREENSHOTS=1` copies them into docs/screenshots/
    (a normal test run leaves tracked files alone)."""
    if os.environ.get("LAPOR_UPDATE_SCREENSHOTS") != "1":
        return
    DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        source = ARTIFACTS / f"{name}-{width}.png"
        if source.exists():
            shutil.copy(source, DOCS_SHOTS / f"{name}-{width}.png")


def sign_in_with_keyboard(page: Any, site: str, who: Person) -> None:
    """Tab to the name field (skip link, brand, language switch come first), type, Enter."""
    page.goto(site + "/konsol/masuk")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == "username":
            break
    else:
        raise AssertionError("the username field is not reachable with Tab")
    page.keyboard.type(who.username)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "password"
    page.keyboard.type(who.password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/konsol/**")
    expect(page.locator(".console-nav")).to_contain_text(who.username)


def test_the_daily_work_of_every_role(site: str, new_page: Callable[..., Any], team: Team,
                                      submit: Callable[..., dict[str, Any]], drain_queues: Callable[[], int]) -> None:
    receipt = submit(region_code=team.agency.region_code, anonim=True,
                     title="Lampu jalan padam di Jalan Merdeka",
                     reporter={"name": "Siti Rahayu", "phone": "081234567890"})
    tid, token = receipt["tracking_id"], receipt["reporter_token"]

    # National admin (desktop): sign-in page, queue, disposition by searching the directory.
    national = new_page(javascript=True, width=1280)
    national.goto(site + "/konsol/masuk")
    assert_accessible(national, "console-signin")
    screenshot(national, "console-01-signin")
    keep_for_readme("console-01-signin")
    sign_in_with_keyboard(national, site, team.national)
    expect(national.get_by_role("heading", level=1)).to_have_text("Antrean verifikasi")
    expect(national.locator("#worklist")).to_contain_text(tid)
    assert_accessible(national, "console-queue")
    screenshot(national, "console-02-queue")
    keep_for_readme("console-02-queue")
    national.get_by_role("link", name=tid).click()
    expect(national.get_by_role("heading", level=1)).to_have_text(f"Laporan {tid}")
    expect(national.locator("#reporter")).to_contain_text("Disembunyikan")
    national.get_by_label("Nama instansi").fill("pekerjaan umum")
    national.locator("#wilayah").select_option(team.agency.region_code.split(".")[0])
    national.get_by_role("button", name="Cari", exact=True).click()
    form = national.locator("#form-disposisi")
    form.locator(f"input[value='{team.agency.agency_id}']").check()
    assert_accessible(national, "console-report-admin")
    screenshot(national, "console-03-disposition")
    keep_for_readme("console-03-disposition")
    form.get_by_role("button", name="Disposisikan").click()
    expect(national.locator("#hasil")).to_have_text("Laporan didisposisikan.")
    expect(national.locator("#timeline")).to_contain_text(team.national.username)

    # Agency admin (phone, no JavaScript needed): inbox with markers, assign to the liaison.
    admin = new_page(javascript=True, width=360)
    sign_in_with_keyboard(admin, site, team.admin)
    expect(admin.get_by_role("heading", level=1)).to_have_text("Kotak masuk")
    expect(admin.locator("#worklist")).to_contain_text(tid)
    assert_accessible(admin, "console-inbox")
    screenshot(admin, "console-04-inbox")
    keep_for_readme("console-04-inbox")
    admin.get_by_role("link", name=tid).click()
    expect(admin.locator("#reporter")).not_to_contain_text("Siti")
    admin.get_by_role("button", name="Mulai tangani").click()
    expect(admin.locator("#hasil")).to_contain_text("sedang ditangani")
    admin.get_by_label("Pejabat penghubung").select_option(team.liaison.username)
    admin.get_by_role("button", name="Tugaskan", exact=True).click()
    expect(admin.locator("#assignee")).to_have_text(team.liaison.username)
    assert_accessible(admin, "console-report-agency")

    # Liaison officer (phone, JavaScript off): assigned reports, follow up with a bad then a good text.
    liaison = new_page(javascript=False, width=360)
    liaison.goto(site + "/konsol/masuk")
    liaison.get_by_label("Nama pengguna").fill(team.liaison.username)
    liaison.get_by_label("Kata sandi").fill(team.liaison.password)
    liaison.get_by_role("button", name="Masuk").click()
    expect(liaison.get_by_role("heading", level=1)).to_have_text("Tugas saya")
    liaison.get_by_role("link", name=tid).click()
    follow = liaison.locator("#form-tindak-lanjut")
    follow.get_by_label("Tanggapan").fill("Sudah.")
    follow.get_by_role("button", name="Kirim tindak lanjut").click()
    expect(liaison.locator("#tindak-lanjut-message-error")).to_be_visible()
    liaison.locator("#form-tindak-lanjut").get_by_label("Tanggapan").fill(
        "Lampu jalan sudah kami ganti pada hari Senin. Terima kasih atas laporannya.")
    liaison.locator("#form-tindak-lanjut").get_by_role("button", name="Kirim tindak lanjut").click()
    expect(liaison.locator("#hasil")).to_contain_text("Tindak lanjut terkirim")
    screenshot(liaison, "console-05-followed-up")
    keep_for_readme("console-05-followed-up")
    drain_queues()

    # The citizen sees it on the tracking page.
    citizen = new_page(javascript=True, width=360)
    citizen.goto(f"{site}/lacak/{tid}#token={token}")
    expect(citizen.locator("#status")).to_have_text("Ditanggapi instansi")
    expect(citizen.locator(".conversation")).to_contain_text("Lampu jalan sudah kami ganti")

    # The Ombudsman reads a referred report, with no action offered.
    other = submit(region_code=team.agency.region_code, title="Pungutan liar di kantor kelurahan")
    perform(other["tracking_id"], Action.REFER_OMBUDSMAN, Actor(Role.SYSTEM, "deadline-sweep"))
    ombudsman = new_page(javascript=True, width=1280)
    sign_in_with_keyboard(ombudsman, site, team.ombudsman)
    expect(ombudsman.locator("#worklist")).to_contain_text(other["tracking_id"])
    ombudsman.get_by_role("link", name=other["tracking_id"]).click()
    expect(ombudsman.locator("#no-actions")).to_contain_text("Hanya baca")
    assert ombudsman.locator("#actions form").count() == 0
    assert_accessible(ombudsman, "console-ombudsman")

    # Sign out ends the session: the old cookies no longer open anything.
    admin.get_by_role("button", name="Keluar").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Masuk ke konsol petugas")
    admin.goto(f"{site}/konsol/laporan/{tid}")
    expect(admin.get_by_role("heading", level=1)).to_have_text("Masuk ke konsol petugas")


def test_console_in_english_and_agency_admin_pages(site: str, new_page: Callable[..., Any], team: Team
                                                   ) -> None:
    page = new_page(javascript=True, width=1280)
    page.goto(site + "/konsol/masuk?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to the staff console")
    page.get_by_label("Username").fill(team.admin.username)
    page.get_by_label("Password").fill(team.admin.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    for path, heading, shot in (("petugas", "Liaison officers", "console-06-accounts"),
                                ("templat", "Response templates", None), ("webhook", "Webhook", None),
                                ("angka", "Agency figures", "console-07-figures")):
        page.goto(f"{site}/konsol/{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, f"console-{path}-en")
        if shot:
            screenshot(page, shot)
    # A liaison account with a bad name gets a message beside the field, then a good one works.
    page.goto(f"{site}/konsol/petugas")
    page.get_by_label("Username").fill("A!")
    page.get_by_label("Name", exact=True).fill("Budi Santoso")
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator("#username-error")).to_be_visible()
    page.get_by_label("Username").fill(f"budi-{team.agency.region_code.replace('.', '')}")
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator("#temporary-password")).to_be_visible()
    screenshot(page, "console-06-accounts")
    keep_for_readme("console-06-accounts")
    keep_for_readme("console-07-figures")
