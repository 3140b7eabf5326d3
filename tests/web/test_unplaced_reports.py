"""Issue 23, items 1 and 5: a report with no region or topic yet (an SMS report awaiting the
admins) neither breaks a province's public list nor shows a literal "None" as its topic."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from chalicelib.domain.model import Channel
from chalicelib.intake.service import submit_report
from chalicelib.intake.sms_filing import sms_filing

SMS_TEXT = "Tolong pak pelayanan di kantor lambat sekali sudah tiga hari menunggu tanpa kabar apapun"


def unplaced_report() -> str:
    """A public SMS report with neither region nor category (the router has not run)."""
    submission = sms_filing("Pelayanan lambat sekali", SMS_TEXT, date.today() - timedelta(days=1), None, None,
                            anonim=False, phone="+6281234567890")
    return submit_report(submission, Channel.SMS).tracking_id


def html(response: Any) -> str:
    return response.body.decode("utf-8")


def test_a_province_list_answers_when_a_report_has_no_region(api, routed, fresh_agency):
    placed = routed(fresh_agency)["tracking_id"]
    unplaced = unplaced_report()
    province = fresh_agency.region_code.split(".")[0]
    page = api.http.get(f"/laporan?region={province}")
    assert page.status_code == 200, html(page)[:500]
    assert placed in html(page) and unplaced not in html(page)
    feed = api.http.get(f"/api/v1/feed?region={province}")
    assert feed.status_code == 200, feed.body[:500]
    ids = [i["tracking_id"] for i in json.loads(feed.body)["items"]]
    assert placed in ids and unplaced not in ids
    assert unplaced in html(api.http.get("/laporan?status=DITERIMA"))  # still listed without the facet


def _row(page: str, tracking_id: str) -> str:
    found = re.search(rf'<li[^>]*>(?:(?!</li>).)*{tracking_id}(?:(?!</li>).)*</li>', page, re.DOTALL)
    assert found, tracking_id
    return found.group(0)


def test_no_page_shows_none_as_the_topic(api):
    tid = unplaced_report()
    track = html(api.http.get(f"/lacak/{tid}"))
    assert "None" not in track and "Wilayah belum ditentukan" in track
    assert "Region not decided yet" in html(api.http.get(f"/lacak/{tid}?lang=en"))
    row = _row(html(api.http.get("/laporan?status=DITERIMA")), tid)
    assert "None" not in row and "Sedang ditentukan dari isi laporan" in row


def test_the_staff_lists_name_an_undecided_topic_in_words(aws):
    from chalicelib.console.worklists import row
    from chalicelib.shared import clock
    from chalicelib.store import reports as store

    line = row(store.get(unplaced_report()), clock.now(), "id")
    assert line["category"] == "Sedang ditentukan dari isi laporan"
    assert line["region"] == "Wilayah belum ditentukan"
