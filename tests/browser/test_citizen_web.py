"""The citizen web form and tracking page in headless Chromium, as a citizen uses them:
with and without JavaScript, on a 360 px phone and a desktop, in both languages."""
from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role
from chalicelib.domain.tracking import normalize_tracking_id
from chalicelib.reports.perform import perform
from chalicelib.store import reports as store
from tests.fixtures.browser import assert_accessible, screenshot

pytestmark = pytest.mark.browser
ROUTING_WAIT_MS = 30_000  # the page polls its status; routing itself is triggered by the test


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00\xff\x00\x00" * 1  # one red pixel, filter byte 0
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def fill_report(page: Any, *, title: str = "Jalan berlubang di depan SDN 3 Pangkalan Bun",
                english: bool = False, regency: str = "62.01") -> None:
    """Fill the form the way a person does: by the visible labels. Each test files in its own
    regency, so that no other test's report shows up as a look-alike before filing."""
    label = (lambda i, e: e) if english else (lambda i, e: i)
    page.get_by_label(label("Pengaduan", "Complaint"), exact=True).check()
    page.get_by_label(label("Judul laporan", "Title"), exact=True).fill(title)
    page.get_by_label(label("Isi laporan", "What happened"), exact=True).fill(
        "Jalan di depan SDN 3 berlubang besar sejak dua minggu lalu dan membahayakan murid yang lewat.")
    page.get_by_label(label("Tanggal kejadian", "Date it happened")).fill((date.today() - timedelta(days=3)).isoformat())
    page.get_by_label(label("Provinsi", "Province"), exact=True).select_option("62")
    page.get_by_label(label("Kabupaten atau kota", "Regency or city")).select_option(regency)
    page.get_by_label(label("Alamat atau patokan", "Address or landmark")).fill("Jl. Pangeran Antasari, depan SDN 3")
    page.get_by_label(label("Topik", "Topic"), exact=True).select_option("jalan_rusak")


def drain_until_routed(drain_queues: Callable[[], int], tracking_id: str) -> None:
    for _ in range(20):
        drain_queues()
        report = store.get(tracking_id, consistent=True)
        if report is not None and report.agency_id:
            return
    raise AssertionError(f"{tracking_id} was not routed")


def test_citizen_files_with_javascript_and_follows_report_to_completion(
        site: str, new_page: Callable[..., Any], drain_queues: Callable[[], int]) -> None:
    page = new_page(javascript=True, width=360)
    page.goto(site + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sampaikan laporan Anda")
    assert_accessible(page, "form")
    screenshot(page, "01-form")

    fill_report(page, regency="62.08")
    expect(page.locator("#body-count")).to_contain_text("Sisa")
    # The regency list only offers the chosen province's regencies.
    assert page.locator("#regency optgroup").count() == 1
    page.get_by_label("Lampiran").set_input_files(
        {"name": "lubang-jalan.png", "mimeType": "image/png", "buffer": tiny_png()})
    expect(page.locator("#attachment-list")).to_contain_text("lubang-jalan.png terunggah")
    page.get_by_label("Anonim: sembunyikan identitas saya").check()
    page.get_by_label("Email").fill("warga@example.id")
    screenshot(page, "02-form-filled")

    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan Anda sudah kami terima")
    tracking_id = page.locator("#tracking-id").inner_text().strip()
    assert normalize_tracking_id(tracking_id) == tracking_id
    expect(page.locator(".spelled")).to_contain_text("Dibaca:")
    assert_accessible(page, "confirmation")
    screenshot(page, "03-confirmation")
    stored = store.get(tracking_id, consistent=True)
    assert stored is not None and stored.anonim and stored.channel.value == "WEB"
    assert [a.content_type for a in stored.attachments] == ["image/png"]

    # The link carries the token in its fragment; the page hands it over and drops it from the URL.
    link = page.locator("#tracking-link")
    assert re.search(r"/lacak/[A-Z0-9-]+#token=rt_", link.get_attribute("href") or "")
    link.click()
    expect(page.locator("#status")).to_have_text("Diterima")
    expect(page.get_by_text("Anda melihat laporan ini sebagai pelapor.")).to_be_visible()
    assert page.url.endswith(f"/lacak/{tracking_id}")
    expect(page.locator(".attachment-list")).to_contain_text("lubang-jalan.png")
    assert_accessible(page, "tracking-received")

    # Routing runs (the local event runtime's consumer); the open page notices by itself.
    drain_until_routed(drain_queues, tracking_id)
    expect(page.locator("#status")).to_have_text("Diteruskan ke instansi", timeout=ROUTING_WAIT_MS)
    agency_id = store.get(tracking_id, consistent=True).agency_id
    expect(page.locator("#agency")).not_to_have_text("Belum ditentukan")
    screenshot(page, "04-tracking-routed")

    agency = Actor(Role.AGENCY, agency_id)
    perform(tracking_id, Action.FOLLOW_UP, agency, message="Tim kami akan menambal jalan itu hari Kamis.")
    expect(page.locator("#status")).to_have_text("Ditanggapi instansi", timeout=ROUTING_WAIT_MS)
    expect(page.locator(".conversation")).to_contain_text("menambal jalan itu hari Kamis")
    assert_accessible(page, "tracking-followed-up")
    screenshot(page, "05-tracking-follow-up")

    page.get_by_label("Balasan Anda").fill("Sudah Kamis tetapi lubangnya masih ada di sisi kiri jalan.")
    page.get_by_role("button", name="Kirim balasan").click()
    expect(page.locator("#flash")).to_have_text("Balasan Anda terkirim ke instansi.")
    expect(page.locator("#status")).to_have_text("Diteruskan ke instansi")
    expect(page.locator(".conversation")).to_contain_text("lubangnya masih ada")

    perform(tracking_id, Action.FOLLOW_UP, agency, message="Sisi kiri sudah ditambal pagi ini.")
    expect(page.locator("#status")).to_have_text("Ditanggapi instansi", timeout=ROUTING_WAIT_MS)
    page.get_by_role("button", name="Ya, laporan selesai").click()
    expect(page.locator("#status")).to_have_text("Selesai")
    assert_accessible(page, "tracking-done")
    screenshot(page, "06-tracking-done")

    page.get_by_label("5 – Sangat puas").check()
    page.get_by_label("Komentar").fill("Cepat dan jelas.")
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.locator("#rated")).to_have_text("Penilaian Anda: 5 dari 5. Terima kasih.")
    done = store.get(tracking_id, consistent=True)
    assert (done.status.value, done.rating, done.rating_comment) == ("SELESAI", 5, "Cepat dan jelas.")
    screenshot(page, "07-tracking-rated")


def test_citizen_files_without_javascript_in_english(
        site: str, new_page: Callable[..., Any], drain_queues: Callable[[], int]) -> None:
    page = new_page(javascript=False, width=360)
    page.goto(site + "/")
    page.get_by_role("link", name="Ganti bahasa ke English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Send your report")
    # Without JavaScript the upload control is not offered; the page says so plainly.
    expect(page.locator("#attachments")).to_be_hidden()
    expect(page.get_by_text("Attachments can only be uploaded with JavaScript")).to_be_visible()

    fill_report(page, english=True, title="Broken street light on Jalan Antasari", regency="62.09")
    page.get_by_label("Secret: hide the whole report from the public").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We have received your report")
    tracking_id = page.locator("#tracking-id").inner_text().strip()
    assert "Laporan" not in page.locator("main").inner_text()  # one language per page
    screenshot(page, "10-nojs-confirmation-en")

    # No script reads the fragment: the cookie set with the confirmation identifies the reporter.
    page.locator("#tracking-link").click()
    expect(page.locator("#status")).to_have_text("Received")
    expect(page.get_by_text("You are viewing this report as the person who sent it.")).to_be_visible()
    drain_until_routed(drain_queues, tracking_id)
    page.reload()
    expect(page.locator("#status")).to_have_text("Passed to the agency")
    screenshot(page, "11-nojs-tracking-en")  # axe needs scripts: these pages are scanned in the JS tests

    # Rahasia: someone else (no cookie) does not even learn that the report exists.
    stranger = new_page(javascript=True, width=360)
    response = stranger.goto(f"{site}/lacak/{tracking_id}")
    assert response is not None and response.status == 404
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Laporan tidak ditemukan")
    assert_accessible(stranger, "not-found")


def test_bad_input_shows_errors_beside_fields_in_the_chosen_language(
        site: str, new_page: Callable[..., Any]) -> None:
    page = new_page(javascript=True, width=1280)
    page.goto(site + "/")
    page.get_by_label("Judul laporan", exact=True).fill("Abc")
    page.get_by_label("Tanggal kejadian").fill((date.today() + timedelta(days=2)).isoformat())
    page.get_by_label("Email").fill("bukan-email")
    page.get_by_role("button", name="Kirim laporan").click()

    expect(page).to_have_title(re.compile("^Kesalahan: "))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.locator("#classification-error")).to_contain_text("Wajib diisi.")
    expect(page.locator("#title-error")).to_contain_text("Terlalu pendek: minimal 5 karakter.")
    expect(page.locator("#incident_date-error")).to_contain_text("tidak boleh di masa depan")
    # no region and no place named in the text: the form asks for either (issue 11)
    expect(page.locator("#province-error")).to_contain_text("Pilih wilayah, atau sebutkan tempatnya di laporan")
    expect(page.locator("#reporter_email-error")).to_contain_text("Alamat email tidak sah.")
    expect(page.get_by_label("Judul laporan", exact=True)).to_have_value("Abc")  # nothing typed is lost
    expect(page.get_by_label("Judul laporan", exact=True)).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link", name="Alamat email tidak sah.").click()
    expect(page.get_by_label("Email")).to_be_focused()
    assert_accessible(page, "form-errors")
    screenshot(page, "20-form-errors")

    page.get_by_role("link", name="Ganti bahasa ke English").click()
    page.get_by_role("button", name="Send report").click()
    expect(page.locator("#title-error")).to_contain_text("This field is required.")
    main_text = page.locator("body").inner_text()
    assert "Wajib" not in main_text and "Kesalahan" not in main_text
    screenshot(page, "21-form-errors-en")

    # The browser checks type and size before anything is uploaded; the server checks again.
    page.get_by_label("Attachments").set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"})
    expect(page.locator("#attachments-client-error")).to_contain_text("JPG, PNG or WebP photos, or PDF")
    page.get_by_label("Attachments").set_input_files(
        {"name": "huge.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024)})
    expect(page.locator("#attachments-client-error")).to_contain_text("at most 5 MB")
    assert page.locator("#attachment-list li").count() == 0


def test_search_box_finds_a_report_by_tracking_id(
        site: str, new_page: Callable[..., Any], submit: Callable[..., dict[str, Any]]) -> None:
    tracking_id = submit()["tracking_id"]
    page = new_page(javascript=True, width=360)
    page.goto(site + "/")
    page.get_by_label("Nomor pelacakan").fill(tracking_id.replace("-", "").lower())
    page.get_by_role("button", name="Lacak laporan").click()
    expect(page).to_have_url(f"{site}/lacak/{tracking_id}")
    expect(page.locator("#status")).to_have_text("Diterima")
    expect(page.get_by_role("heading", name="Anda pelapornya?")).to_be_visible()
    expect(page.locator("#reply-form")).to_have_count(0)
    assert_accessible(page, "tracking-public")
    screenshot(page, "30-tracking-public")

    page.goto(site + "/")
    page.get_by_label("Nomor pelacakan").fill("ABCDE-FGHJ2")
    page.get_by_role("button", name="Lacak laporan").click()
    expect(page.locator("#id-error")).to_contain_text("Nomor pelacakan tidak sah")
