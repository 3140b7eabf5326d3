"""The agency workbench in headless Chromium (issue 23): the clicks an agency admin and a liaison
officer need to acknowledge, assign and follow up a report from the inbox (printed), and axe-core
at 360 px and 1280 px on every page the workbench added or changed."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import assert_accessible
from tests.fixtures.staff import Person, Team

pytestmark = pytest.mark.browser


class Clicks:
    """Counts what a person does with the mouse or a finger: clicks and choices in a list."""

    def __init__(self) -> None:
        self.count = 0

    def click(self, locator: Any) -> None:
        self.count += 1
        locator.click()

    def choose(self, locator: Any, value: str) -> None:
        self.count += 1
        locator.select_option(value)


def sign_in(page: Any, site: str, who: Person) -> None:
    page.goto(site + "/konsol/masuk")
    page.locator("#username").fill(who.username)
    page.locator("#password").fill(who.password)
    page.locator("#password").press("Enter")
    page.wait_for_url("**/konsol/**")


def both_widths(page: Any, name: str) -> None:
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page, f"{name}-{width}")


def test_acknowledge_assign_follow_up_clicks_and_accessibility(
        site: str, new_page: Callable[..., Any], team: Team,
        routed: Callable[..., dict[str, Any]]) -> None:
    tid = routed(team.agency, title="Jembatan kayu di desa kami patah")["tracking_id"]
    admin = new_page(javascript=True, width=1280)
    sign_in(admin, site, team.admin)
    admin.goto(site + "/konsol/kotak-masuk")
    expect(admin.locator("#total")).to_contain_text("laporan")
    expect(admin.locator(f"tr:has(a:text('{tid}')) .inbox-status")).to_have_text("Baru")
    both_widths(admin, "workbench-inbox")
    admin.goto(site + "/konsol/kotak-masuk?q=jembatan+kayu&status=baru")
    both_widths(admin, "workbench-inbox-filtered")

    acknowledge, assign = Clicks(), Clicks()
    acknowledge.click(admin.get_by_role("link", name=tid))
    acknowledge.click(admin.locator("#form-terima button[type=submit]"))
    expect(admin.locator("#hasil")).to_be_visible()
    assign.choose(admin.locator("#tugaskan-assignee"), team.liaison.username)
    assign.click(admin.locator("#form-tugaskan button[type=submit]"))
    expect(admin.locator("#assignee")).to_have_text(team.liaison.username)
    admin.goto(site + "/konsol/kotak-masuk")
    expect(admin.locator(f"tr:has(a:text('{tid}')) .inbox-status")).to_have_text("Sedang ditangani")
    admin.goto(site + "/konsol/angka?dari=2026-01-01")
    both_widths(admin, "workbench-figures")

    liaison = new_page(javascript=True, width=360)
    sign_in(liaison, site, team.liaison)
    follow = Clicks()
    follow.click(liaison.get_by_role("link", name=tid))
    expect(liaison.locator("#follow-up-reminder")).to_contain_text("hari kerja")
    both_widths(liaison, "workbench-report-reminder")
    liaison.locator("#form-tindak-lanjut textarea[name=message]").fill(
        "Jembatan sudah kami perbaiki dengan papan baru pada hari Selasa.")
    follow.click(liaison.locator("#form-tindak-lanjut button[type=submit]"))
    expect(liaison.locator("#hasil")).to_be_visible()
    liaison.goto(site + "/konsol/belum-ditugaskan")
    both_widths(liaison, "workbench-unassigned")
    print(f"\nclicks from the inbox: acknowledge {acknowledge.count}, assign {assign.count}, "
          f"follow-up {follow.count} (plus typing the answer)")
    assert (acknowledge.count, assign.count, follow.count) == (2, 2, 2)


def test_public_pages_changed_by_the_workbench_are_accessible(site: str, new_page: Callable[..., Any]) -> None:
    page = new_page(javascript=True, width=360)
    for path, name in (("/", "home"), ("/statistik", "statistics"), ("/statistik/peringkat", "league")):
        page.goto(site + path)
        both_widths(page, f"workbench-public-{name}")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site + "/statistik/peringkat")
    grade = page.locator("#league thead th").nth(2)
    box = grade.bounding_box()
    assert box and box["x"] + box["width"] <= 390, box  # the grade is on screen on a phone
    page.goto(site + "/statistik")
    sizes = page.evaluate("""() => [...document.querySelectorAll('svg.chart text')].map(t => {
        const svg = t.ownerSVGElement;
        return parseFloat(t.getAttribute('font-size')) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    })""")
    assert sizes and min(sizes) >= 11, sizes  # chart text rendered at 8-9 px on a phone before
