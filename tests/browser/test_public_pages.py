"""The public transparency pages in headless Chromium at 360 px: browse, a report with its public
follow-up and the support button, the statistics page with its SVG charts, the league table and
an agency page, each scanned by axe; and the support button without JavaScript."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role
from chalicelib.reports.perform import perform
from chalicelib.store import reports as store
from tests.fixtures.browser import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page: Any) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_public_pages_read_and_support_at_360px(site: str, new_page: Callable[..., Any], submit, drain_queues,
                                                ) -> None:
    receipt = submit(title="Lampu jalan mati di Jalan Tjilik Riwut", reporter={"name": "Budi Santoso"},
                     body="Lampu jalan mati sejak seminggu. Hubungi saya Budi Santoso di 081234567890.")
    tid = receipt["tracking_id"]
    drain_queues()
    agency = store.get(tid, consistent=True).agency_id
    if agency is None:  # the classifier left it for the admins: disposition it as an admin would
        agency = "dinas-62.01-public_works"
        perform(tid, Action.DISPOSITION, Actor(Role.ADMIN, "test-admin"), prepare=lambda r: {"agency_id": agency})
    perform(tid, Action.FOLLOW_UP, Actor(Role.AGENCY, agency), message="Lampu sudah diganti oleh tim kami.")
    drain_queues()

    page = new_page(javascript=True, width=360)
    page.goto(f"{site}/laporan?agency={agency}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan publik")
    expect(page.locator("#report-list")).to_contain_text("Lampu jalan mati")
    assert_accessible(page, "public-browse")
    no_horizontal_scroll(page)
    screenshot(page, "20-public-browse")

    page.get_by_role("link", name="Lampu jalan mati di Jalan Tjilik Riwut").click()
    expect(page.locator(".report-body")).to_contain_text("[NAMA]")
    expect(page.locator(".report-body")).not_to_contain_text("081234567890")
    expect(page.locator("#public-followups")).to_be_visible()
    page.get_by_role("button", name="Dukung laporan ini").click()
    expect(page.locator("#flash")).to_contain_text("dukungan Anda tercatat")
    expect(page.locator("#support-count")).to_have_text("1 orang mendukung laporan ini")
    assert_accessible(page, "public-report")
    no_horizontal_scroll(page)
    screenshot(page, "21-public-report")

    page.goto(f"{site}/statistik")
    expect(page.locator("svg[role=img]")).to_have_count(3)
    assert_accessible(page, "statistics")
    no_horizontal_scroll(page)
    screenshot(page, "22-statistics")

    page.goto(f"{site}/statistik/peringkat?kind=agency&lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("League table of timeliness")
    assert_accessible(page, "league")
    screenshot(page, "23-league")

    from chalicelib.opendata.export import export
    export(months=None)
    page.goto(f"{site}/data-terbuka")
    expect(page.locator("#files")).to_contain_text("statistics.csv")
    assert_accessible(page, "open-data")
    no_horizontal_scroll(page)
    screenshot(page, "25-open-data")

    page.goto(f"{site}/instansi/{agency}")
    expect(page.locator("#figures")).to_be_visible()
    assert_accessible(page, "agency")
    no_horizontal_scroll(page)
    screenshot(page, "24-agency")


def test_support_works_without_javascript(site: str, new_page: Callable[..., Any], submit, drain_queues) -> None:
    tid = submit()["tracking_id"]
    page = new_page(javascript=False, width=360)
    page.goto(f"{site}/lacak/{tid}")
    page.get_by_role("button", name="Dukung laporan ini").click()
    expect(page.locator("#support-count")).to_have_text("1 orang mendukung laporan ini")
    page.reload()
    expect(page.locator("#supported")).to_be_visible()
