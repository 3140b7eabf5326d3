"""The Ombudsman's referral list (/konsol/rujukan) narrowed by agency, category, province and overdue:
a bounded read of the referral worklist partition; an unknown value is dropped with a message beside
its field, never a 500."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalicelib.console.worklists import _referral_keep
from chalicelib.directory import catalogue
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role
from chalicelib.reports import admin_actions
from chalicelib.reports.perform import perform
from chalicelib.shared import clock
from chalicelib.shared.identity import StaffRole
from chalicelib.store import reports as store


def test_ombudsman_filters_referrals_by_agency_category_and_province(submit, new_agency, person, signed_in) -> None:
    first, second = new_agency(), new_agency()
    food, road = sorted(catalogue.categories())[:2]

    def referred(agency: Any, category: str) -> str:
        tid = submit(region_code=agency.region_code)["tracking_id"]
        admin_actions.disposition("setup", tid, agency.agency_id, category=category)
        perform(tid, Action.REFER_OMBUDSMAN, Actor(Role.SYSTEM, "deadline-sweep"))
        return tid

    a, b = referred(first, food), referred(second, road)
    reader = signed_in(person(StaffRole.OMBUDSMAN))

    page = reader.get("/konsol/rujukan", agency=first.agency_id).text
    assert a in page and b not in page and 'id="referral-filters"' in page
    page = reader.get("/konsol/rujukan", agency=second.agency_id, category=road).text
    assert b in page and a not in page
    assert b not in reader.get("/konsol/rujukan", agency=second.agency_id, category=food).text
    province = first.region_code.split(".")[0]
    page = reader.get("/konsol/rujukan", region=province).text
    assert a in page and (b in page) == second.region_code.startswith(province + ".")

    unknown = reader.get("/konsol/rujukan", agency="no-such-agency", region="99")
    assert unknown.status_code == 200 and 'id="f-agency-error"' in unknown.text and 'id="f-region-error"' in unknown.text
    assert a in unknown.text  # the unknown filters are dropped, the list shown
    english = reader.get("/konsol/rujukan", agency="no-such-agency", lang="en")
    assert english.status_code == 200 and 'aria-invalid="true"' in english.text


def test_the_overdue_filter_keeps_only_reports_past_their_deadline(submit, fresh_agency) -> None:
    tid = submit(region_code=fresh_agency.region_code)["tracking_id"]
    report = admin_actions.disposition("setup", tid, fresh_agency.agency_id)
    assert report.deadline is not None
    keep = _referral_keep({"agency": "", "category": "", "region": "", "overdue": True}, clock.now())
    assert keep is not None and not keep(report)
    later = _referral_keep({"agency": "", "category": "", "region": "", "overdue": True},
                           report.deadline + timedelta(minutes=1))
    assert later is not None and later(store.get(tid))
    assert _referral_keep({"agency": "", "category": "", "region": "", "overdue": False}, clock.now()) is None
