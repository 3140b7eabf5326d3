"""The report page's files in the console (issue 24): each role x report, who may open a photo
(a fresh, short-lived link to the cleaned copy, recorded with the staff member's name) and who
gets 404 exactly as for a report they may not see."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role
from chalicelib.reports import admin_actions, agency_actions, files
from chalicelib.reports.perform import perform
from chalicelib.shared.identity import StaffRole
from tests.fixtures import images
from tests.fixtures.agencies import Agency
from tests.fixtures.staff import ConsoleClient, Person, Team
from tests.fixtures.uploads import upload

# Which reports each role may open a file of (everything else 404), written out by hand.
OPENS = {
    "national": {"own", "unassigned", "foreign", "referred"},
    "admin": {"own", "unassigned"},
    "liaison": {"own", "unassigned"},  # a liaison officer sees the agency's reports no one was assigned yet
    "ombudsman": {"referred"},
    "other_admin": {"foreign", "referred"},
}


def test_who_opens_which_reports_files(api: Any, team: Team, person: Callable[..., Person],
                                       new_agency: Callable[[], Agency], submit: Callable[..., dict[str, Any]],
                                       signed_in: Callable[[Person], ConsoleClient]) -> None:
    other = new_agency()

    def with_photo(agency: Agency) -> tuple[str, str]:
        attachment_id = upload(api, images.jpeg(), "image/jpeg", "rumah_saya.jpg")
        tid = submit(region_code=agency.region_code, attachments=[attachment_id], anonim=True)["tracking_id"]
        admin_actions.disposition("setup", tid, agency.agency_id)
        return tid, attachment_id

    reports = {"own": with_photo(team.agency), "unassigned": with_photo(team.agency),
               "foreign": with_photo(other), "referred": with_photo(other)}
    agency_actions.assign(team.agency.agency_id, reports["own"][0], team.liaison.username, staff_id="setup")
    perform(reports["referred"][0], Action.REFER_OMBUDSMAN, Actor(Role.SYSTEM, "deadline-sweep"))
    people = {"national": team.national, "admin": team.admin, "liaison": team.liaison,
              "ombudsman": team.ombudsman, "other_admin": person(StaffRole.AGENCY_ADMIN, other.agency_id)}

    for who, staff in people.items():
        browser = signed_in(staff)
        for name, (tid, attachment_id) in reports.items():
            answer = browser.http.get(f"{browser.base}/konsol/laporan/{tid}/lampiran/{attachment_id}",
                                      allow_redirects=False, timeout=30)
            if name in OPENS[who]:
                assert answer.status_code == 303, (who, name, answer.status_code)
                got = requests.get(answer.headers["Location"], timeout=10)
                assert got.status_code == 200 and images.OWNER.encode() not in got.content, (who, name)
                assert answer.headers["Cache-Control"] == "no-store"
            else:
                assert answer.status_code == 404, (who, name, answer.status_code)
                assert "X-Amz-Signature" not in answer.headers.get("Location", "")

    # The page links the file and its thumbnail; each open is on the audit trail with the name.
    tid, attachment_id = reports["own"]
    page = signed_in(team.liaison).get(f"/konsol/laporan/{tid}")
    assert f"/konsol/laporan/{tid}/lampiran/{attachment_id}?variant=thumbnail" in page.text
    assert "rumah_saya.jpg" not in page.text  # the reporter's file name never reaches staff
    trail = {(e["audience"], e["actor"]) for e in files.audit_trail(tid)}
    assert {("ADMIN", team.national.username), ("AGENCY", team.admin.username),
            ("AGENCY", team.liaison.username)} <= trail
    assert not any(actor == people["other_admin"].username for _, actor in trail)
