"""The lists staff work from, each one index query with a cursor (never a Scan):
the national verification queue, an agency's inbox, a liaison officer's assigned reports and the
Ombudsman's referrals. Items are the privacy projection's list summaries (no identity, ever)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional
from urllib.parse import urlencode

from chalice import Response

from chalicelib.console import auth, rights
from chalicelib.console.page import PAGE_SIZE, base, query, show, staff_route
from chalicelib.directory import catalogue
from chalicelib.domain.model import Report, Status
from chalicelib.http import cursors
from chalicelib.http.endpoints import ApiError
from chalicelib.reports import lists
from chalicelib.shared import clock
from chalicelib.store import directory
from chalicelib.store import staff as staff_store
from chalicelib.store.keys import OMBUDSMAN_WORKLIST, assignee_worklist, queue_key

QUEUE_STATUSES = (Status.DITERIMA, Status.BUKAN_WEWENANG, Status.DITUNDA)
INBOX_STATUSES = (Status.DITERUSKAN, Status.DITINDAKLANJUTI, Status.DITUNDA, Status.SELESAI,
                  Status.DIRUJUK_OMBUDSMAN)
DUE_SOON_SECONDS = 24 * 3600


def row(report: Report, now: datetime, lang: str) -> dict[str, Any]:
    """One line of a list: what the projection's summary allows plus deadline markers."""
    seconds_left = int((report.deadline - now).total_seconds()) if report.deadline else None
    agency = directory.agency_summary(report.agency_id, lang) if report.agency_id else None
    category = catalogue.category(report.category)
    region = catalogue.region(report.region_code)
    return {
        "tracking_id": report.tracking_id, "title": report.title, "status": report.status.value,
        "classification": report.classification.value,
        "category": category.name(lang) if category else report.category,
        "region": region.name if region else report.region_code,
        "agency": agency["name"] if agency else None, "assignee": report.assignee,
        "deadline": report.deadline, "deadline_kind": report.deadline_kind,
        "overdue": seconds_left is not None and seconds_left < 0,
        "due_soon": seconds_left is not None and 0 <= seconds_left <= DUE_SOON_SECONDS,
        "suggested_agency_id": report.suggested_agency_id, "rahasia": report.rahasia,
    }


def _cursor(partition_attribute: str, partition: str) -> Optional[dict[str, Any]]:
    try:
        return cursors.decode(query().get("cursor"), partition_attribute, partition)
    except ApiError:
        return None  # a mangled cursor starts from the top rather than failing the page


def _next_link(path: str, last: Optional[dict[str, Any]], **params: str) -> Optional[str]:
    token = cursors.encode(last)
    if not token:
        return None
    return f"{base()}{path}?{urlencode({**{k: v for k, v in params.items() if v}, 'cursor': token})}"


@staff_route("/konsol/verifikasi", page=rights.Page.QUEUE)
def verification_queue(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    """Reports for the national admins, oldest deadline first, one status at a time."""
    wanted = query().get("status") or Status.DITERIMA.value
    status = next((s for s in QUEUE_STATUSES if s.value == wanted), Status.DITERIMA)
    partition = queue_key(None, status.value)
    reports, last = lists.by_status(None, status.value, PAGE_SIZE, _cursor("queue_key", partition))
    now = clock.now()
    return show("console/list.html", lang, signed, cookies=cookies, path=f"{base()}/konsol/verifikasi",
                page_key="queue", rows=[row(r, now, lang) for r in reports],
                tabs=[(s.value, s is status) for s in QUEUE_STATUSES], tab_path="/konsol/verifikasi",
                next_link=_next_link("/konsol/verifikasi", last, status=status.value), filters=None)


@staff_route("/konsol/kotak-masuk", page=rights.Page.INBOX)
def agency_inbox(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    """An agency's reports by deadline; filters by status, category, region and assignee."""
    agency_id = signed.staff.agency_id or ""
    params = query()
    status = params.get("status") if params.get("status") in {s.value for s in INBOX_STATUSES} else ""
    category = params.get("category") if catalogue.category(params.get("category") or "") else ""
    region = params.get("region") if catalogue.region(params.get("region") or "") else ""
    liaisons = staff_store.accounts_of(agency_id, rights.LO)
    assignee = params.get("assignee") if params.get("assignee") in {a.username for a in liaisons} else ""
    errors = {}
    for name, kept in (("status", status), ("category", category), ("region", region), ("assignee", assignee)):
        if params.get(name) and not kept:
            errors[name] = "console.filter_unknown"
    if assignee:
        key = assignee_worklist(agency_id, assignee)
        reports, last = lists.worklist(key, PAGE_SIZE, _cursor("worklist_key", key))
        reports = [r for r in reports if (not status or r.status.value == status)
                   and (not category or r.category == category) and (not region or r.region_code.startswith(region))]
    else:
        attribute, partition = ("queue_key", queue_key(agency_id, status)) if status else ("agency_key", agency_id)
        reports, last = lists.for_agency(agency_id, status or None, PAGE_SIZE, _cursor(attribute, partition),
                                         category or None, region or None)
    now = clock.now()
    return show("console/list.html", lang, signed, cookies=cookies, path=f"{base()}/konsol/kotak-masuk",
                page_key="inbox", rows=[row(r, now, lang) for r in reports], tabs=None,
                next_link=_next_link("/konsol/kotak-masuk", last, status=status, category=category, region=region,
                                     assignee=assignee),
                filters={"status": status, "category": category, "region": region, "assignee": assignee,
                         "statuses": [s.value for s in INBOX_STATUSES], "liaisons": liaisons,
                         "categories": sorted(catalogue.categories().values(), key=lambda c: c.name(lang)),
                         "regions": sorted(catalogue.provinces(), key=lambda r: r.name), "errors": errors})


@staff_route("/konsol/tugas", page=rights.Page.ASSIGNED)
def assigned_to_me(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    key = assignee_worklist(signed.staff.agency_id or "", signed.staff.username)
    reports, last = lists.worklist(key, PAGE_SIZE, _cursor("worklist_key", key))
    now = clock.now()
    return show("console/list.html", lang, signed, cookies=cookies, path=f"{base()}/konsol/tugas",
                page_key="assigned", rows=[row(r, now, lang) for r in reports], tabs=None,
                next_link=_next_link("/konsol/tugas", last), filters=None)


@staff_route("/konsol/rujukan", page=rights.Page.REFERRED)
def referred(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    reports, last = lists.worklist(OMBUDSMAN_WORKLIST, PAGE_SIZE, _cursor("worklist_key", OMBUDSMAN_WORKLIST),
                                   newest_first=True)
    now = clock.now()
    return show("console/list.html", lang, signed, cookies=cookies, path=f"{base()}/konsol/rujukan",
                page_key="referred", rows=[row(r, now, lang) for r in reports], tabs=None,
                next_link=_next_link("/konsol/rujukan", last), filters=None)
