"""The lists staff work from, each one index query with a cursor (never a Scan):
an agency's inbox, a liaison officer's assigned reports and the
Ombudsman's referrals
(the national verification queue is the desk's: console.desk). Items are the privacy projection's
list summaries (no identity, ever)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from chalice import Response

from chalicelib.console import auth, rights
from chalicelib.console.page import PAGE_SIZE, base, query, show, staff_route
from chalicelib.directory import catalogue
from chalicelib.domain.calendar import working_days_between
from chalicelib.domain.model import Report, Status
from chalicelib.domain.tracking import normalize_tracking_id
from chalicelib.http import cursors
from chalicelib.http.endpoints import ApiError
from chalicelib.pages import i18n, topic
from chalicelib.reports import files, lists
from chalicelib.shared import clock
from chalicelib.store import directory
from chalicelib.store.keys import OMBUDSMAN_WORKLIST, assignee_worklist

INBOX_STATUSES = (Status.DITERUSKAN, Status.DITINDAKLANJUTI, Status.DITUNDA, Status.SELESAI,
                  Status.DIRUJUK_OMBUDSMAN)
# "Due soon": the deadline falls today or on the next working day (a Friday report due Monday
# is due soon; one due in 24 calendar hours over a long weekend was marked too late).
DUE_SOON_WORKING_DAYS = 1


def row(report: Report, now: datetime, lang: str) -> dict[str, Any]:
    """One line of a list: what the projection's summary allows plus deadline markers."""
    seconds_left = int((report.deadline - now).total_seconds()) if report.deadline else None
    days_left = working_days_between(now, report.deadline) if report.deadline else None
    agency = directory.agency_summary(report.agency_id, lang) if report.agency_id else None
    return {
        "tracking_id": report.tracking_id, "title": report.title, "status": report.status.value,
        "classification": report.classification.value,
        "category": topic.category_words(report.category, lang),
        "region": topic.region_words(report.region_code, lang),
        "agency": agency["name"] if agency else None, "assignee": report.assignee,
        "deadline": report.deadline, "deadline_kind": report.deadline_kind,
        "overdue": seconds_left is not None and seconds_left < 0,
        "due_soon": seconds_left is not None and seconds_left >= 0 and days_left is not None
        and days_left <= DUE_SOON_WORKING_DAYS,
        "working_days_left": days_left, "acknowledged": report.acknowledged_at is not None,
        "suggested_agency_id": report.suggested_agency_id, "rahasia": report.rahasia,
        "thumbnail": files.list_thumbnail(report),
    }


def _flash(lang: str) -> str | None:
    """The confirmation of an action that took the report off the person's own lists (forwarded,
    returned as not our authority): they land on their list, told what happened to which report."""
    params = query()
    done = params.get("ok")
    if done not in {a.value for a in rights.Act}:
        return None
    tracking_id = normalize_tracking_id(params.get("laporan") or "")
    words = i18n.t(f"console.done.{done}", lang)
    return i18n.t("console.done_with_id", lang, done=words, id=tracking_id) if tracking_id else words


def _cursor(partition_attribute: str, partition: str) -> dict[str, Any] | None:
    try:
        return cursors.decode(query().get("cursor"), partition_attribute, partition)
    except ApiError:
        return None  # a mangled cursor starts from the top rather than failing the page


def _next_link(path: str, last: dict[str, Any] | None, **params: str) -> str | None:
    token = cursors.encode(last)
    if not token:
        return None
    return f"{base()}{path}?{urlencode({**{k: v for k, v in params.items() if v}, 'cursor': token})}"


@staff_route("/konsol/tugas", page=rights.Page.ASSIGNED)
def assigned_to_me(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    key = assignee_worklist(signed.staff.agency_id or "", signed.staff.username)
    reports, last = lists.worklist(key, PAGE_SIZE, _cursor("worklist_key", key))
    now = clock.now()
    return show("console/list.html", lang, signed, cookies=cookies, path=f"{base()}/konsol/tugas",
                page_key="assigned", rows=[row(r, now, lang) for r in reports], tabs=None,
                next_link=_next_link("/konsol/tugas", last), filters=None, flash=_flash(lang))


def _referral_filter(params: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The referral list's filters as chosen (unknown values dropped, each with an error beside its
    field): agency id, category, province, overdue only."""
    errors: dict[str, str] = {}
    chosen: dict[str, Any] = {"agency": " ".join((params.get("agency") or "").split())[:80],
                              "category": params.get("category") or "", "region": params.get("region") or "",
                              "overdue": params.get("overdue") == "1"}
    if chosen["agency"] and directory.get_agency(chosen["agency"]) is None:
        errors["agency"], chosen["agency"] = "console.filter_unknown", ""
    if chosen["category"] and chosen["category"] not in catalogue.categories():
        errors["category"], chosen["category"] = "console.filter_unknown", ""
    if chosen["region"] and chosen["region"] not in {r.code for r in catalogue.provinces()}:
        errors["region"], chosen["region"] = "console.filter_unknown", ""
    return chosen, errors


def _referral_keep(chosen: dict[str, Any], now: datetime) -> Callable[[Report], bool] | None:
    """The predicate of the chosen filters (None: no filter, the plain index page)."""
    if not (chosen["agency"] or chosen["category"] or chosen["region"] or chosen["overdue"]):
        return None
    province = chosen["region"]

    def keep(report: Report) -> bool:
        return ((not chosen["agency"] or report.agency_id == chosen["agency"])
                and (not chosen["category"] or report.category == chosen["category"])
                and (not province or report.region_code == province
                     or (report.region_code or "").startswith(province + "."))
                and (not chosen["overdue"] or (report.deadline is not None and report.deadline < now)))

    return keep


@staff_route("/konsol/rujukan", page=rights.Page.REFERRED)
def referred(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    """The Ombudsman's referred reports, newest first; filtered by agency, category, province or
    overdue with a bounded read of the referral worklist partition (lists.worklist_filtered)."""
    now = clock.now()
    chosen, errors = _referral_filter(query())
    keep = _referral_keep(chosen, now)
    start = _cursor("worklist_key", OMBUDSMAN_WORKLIST)
    if keep is None:
        reports, last = lists.worklist(OMBUDSMAN_WORKLIST, PAGE_SIZE, start, newest_first=True)
    else:
        reports, last = lists.worklist_filtered(OMBUDSMAN_WORKLIST, PAGE_SIZE, start, keep, newest_first=True)
    kept = {k: ("1" if v is True else v) for k, v in chosen.items() if v}
    return show("console/list.html", lang, signed, cookies=cookies, path=f"{base()}/konsol/rujukan",
                page_key="referred", rows=[row(r, now, lang) for r in reports], tabs=None,
                next_link=_next_link("/konsol/rujukan", last, **kept), filters=None, flash=_flash(lang),
                referral_filters={**chosen, "errors": errors,
                                  "categories": sorted(catalogue.categories().values(), key=lambda c: c.name(lang)),
                                  "regions": sorted(catalogue.provinces(), key=lambda r: r.name)})
