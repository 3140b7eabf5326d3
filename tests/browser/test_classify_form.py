"""The report form's topic in headless Chromium: a topic suggested as the citizen types (the
citizen decides), "I don't know" filed and routed by the text, and the look-alike notice."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.store import reports as store
from tests.browser.test_citizen_web import drain_until_routed
from tests.fixtures.browser import assert_accessible, screenshot
from tests.fixtures.reports import post_json, report_payload

pytestmark = pytest.mark.browser
SMS = "jln rusak parah di depan sdn 2 kec pahandut, udh 2 bln gk diperbaiki, byk motor jatuh"


def test_topic_is_suggested_as_the_citizen_types_and_only_their_click_sets_it(site: str, new_page: Callable[..., Any]):
    page = new_page(javascript=True, width=360)
    page.goto(site + "/")
    topic = page.get_by_label("Topik", exact=True)
    expect(topic).to_have_value("")  # "Saya tidak tahu" is where a form starts
    assert topic.locator("option").first.inner_text().startswith("Saya tidak tahu")
    page.get_by_label("Isi laporan", exact=True).fill(SMS)
    suggestion = page.locator("#category-suggestion")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("Saran topik dari isi laporan Anda: Jalan dan jembatan rusak")
    expect(topic).to_have_value("")  # a suggestion, not a decision
    assert_accessible(page, "form-suggestion")
    screenshot(page, "20-form-suggestion")
    page.get_by_role("button", name="Pakai saran ini").click()
    expect(topic).to_have_value("jalan_rusak")
    expect(suggestion).to_be_hidden()
    topic.select_option("penerangan_jalan")  # the citizen may still choose otherwise
    expect(topic).to_have_value("penerangan_jalan")


def test_i_dont_know_without_javascript_is_filed_and_routed_by_the_text(
        site: str, new_page: Callable[..., Any], drain_queues: Callable[[], int]):
    page = new_page(javascript=False, width=1280)
    page.goto(site + "/")
    page.get_by_label("Pengaduan", exact=True).check()
    page.get_by_label("Judul laporan", exact=True).fill("Jalan rusak di kec. Jekan Raya")
    page.get_by_label("Isi laporan", exact=True).fill(
        "jln rusak parah di kec. Jekan Raya dekat pasar, lubang dalam, udh sebulan gk ditambal")
    page.get_by_label("Tanggal kejadian").fill("2025-01-02")
    page.get_by_label("Topik", exact=True).select_option(label="Saya tidak tahu (biar Lapor yang menentukan)")
    page.get_by_role("button", name="Kirim laporan").click()
    if page.locator("#similar-reports").count():  # a road report filed earlier in this process looks alike
        page.get_by_role("button", name="Tetap kirim laporan saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan Anda sudah kami terima")
    tracking_id = page.locator("#tracking-id").inner_text().strip()
    drain_until_routed(drain_queues, tracking_id)
    report = store.get(tracking_id, consistent=True)
    assert report.region_code == "62.71" and report.category == "jalan_rusak"
    assert report.agency_id == "dinas-62.71-public_works"


def test_look_alike_notice_links_the_existing_report(site: str, new_page: Callable[..., Any], api: Any):
    import json

    existing = json.loads(post_json(api, "/api/v1/reports", report_payload(
        title="Lampu jalan mati di Jalan Ahmad Yani Sampit", region_code="62.02", category="penerangan_jalan",
        body="Lampu penerangan jalan umum di Jalan Ahmad Yani Sampit mati semua sejak seminggu, gelap dan rawan.")).body)
    page = new_page(javascript=True, width=360)
    page.goto(site + "/")
    page.get_by_label("Pengaduan", exact=True).check()
    page.get_by_label("Judul laporan", exact=True).fill("lampu jalan mati jalan ahmad yani sampit")
    page.get_by_label("Isi laporan", exact=True).fill("lampu PJU di jln ahmad yani sampit mati semua udh seminggu, gelap rawan")
    page.get_by_label("Tanggal kejadian").fill("2025-01-02")
    page.get_by_label("Provinsi", exact=True).select_option("62")
    page.get_by_label("Kabupaten atau kota").select_option("62.02")
    page.get_by_label("Topik", exact=True).select_option("penerangan_jalan")
    page.get_by_role("button", name="Kirim laporan").click()
    notice = page.locator("#similar-reports")
    expect(notice).to_contain_text("Sudah ada laporan serupa")
    expect(notice.locator(f'a[data-similar="{existing["tracking_id"]}"]')).to_have_attribute(
        "href", f"/lacak/{existing['tracking_id']}")
    assert_accessible(page, "form-look-alike")
    screenshot(page, "21-form-look-alike")
    page.get_by_role("button", name="Tetap kirim laporan saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan Anda sudah kami terima")
