"""An agency's inbox, the agency admin's daily list: search, sort, a total, a status that tells
new reports from acknowledged ones, filters that fit the office (a regency office gets no
province filter) and "due soon" in working days.

Reads one partition of the agency's reports (store.inbox), never the table."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from chalice import Response

from chalicelib.console import auth, rights
from chalicelib.console.page import PAGE_SIZE, base, query, show, staff_route
from chalicelib.console.worklists import _cursor, _flash, row
from chalicelib.directory import catalogue
from chalicelib.domain.model import Report, Status
from chalicelib.http import cursors
from chalicelib.reports import lists
from chalicelib.shared import clock
from chalicelib.store import directory
from chalicelib.store import inbox as inbox_store
from chalicelib.store import staff as staff_store
from chalicelib.store.keys import assignee_worklist

NEW, ACKNOWLEDGED = "baru", "ditangani"  # DITERUSKAN split by whether the agency acknowledged it
STATUSES = (NEW, ACKNOWLEDGED, Status.DITERUSKAN.value, Status.DITINDAKLANJUTI.value, Status.DITUNDA.value,
            Status.SELESAI.value, Status.DIRUJUK_OMBUDSMAN.value)
UNASSIGNED = "-"
SORTS = ("tenggat", "tenggat-akhir")  # soonest deadline first (default), latest first
QUERY_MAX = 100


@dataclass(frozen=True)
class InboxFilter:
    """What the admin asked for; `keep` is the predicate on hydrated reports."""

    text: str = ""
    status: str = ""
    category: str = ""
    region: str = ""
    assignee: str = ""

    def index_status(self) -> str | None:
        """The status partition to read (NEW and ACKNOWLEDGED are both DITERUSKAN)."""
        if self.status in (NEW, ACKNOWLEDGED):
            return Status.DITERUSKAN.value
        return self.status or None

    def narrows(self) -> bool:
        return bool(self.text or self.category or self.region or self.status in (NEW, ACKNOWLEDGED)
                    or self.assignee == UNASSIGNED)

    def keep(self, report: Report) -> bool:
        if self.status == NEW and report.acknowledged_at is not None:
            return False
        if self.status == ACKNOWLEDGED and report.acknowledged_at is None:
            return False
        if self.category and report.category != self.category:
            return False
        if self.region and not (report.region_code or "").startswith(self.region):
            return False
        if self.assignee == UNASSIGNED and report.assignee:
            return False
        if self.text:
            words = self.text.lower().split()
            haystack = f"{report.tracking_id} {report.title} {report.body}".lower()
            if not all(word in haystack for word in words):
                return False
        return True


def region_choices(agency_id: str) -> tuple[str, list[Any]]:
    """(label key, regions) a region filter offers this office: provinces for a national body,
    the province's regencies and cities for a provincial office, none for a regency/city office
    (all its reports are in its own area)."""
    record = directory.get_agency(agency_id)
    code = (record.region_code if record else "") or ""
    level = (record.level if record else "") or ""
    if level in ("KABUPATEN", "KOTA") or "." in code:
        return "", []
    if level == "PROVINSI" and code:
        return "regency_label", sorted(catalogue.regencies_of(code), key=lambda r: r.name)
    return "province_label", sorted(catalogue.provinces(), key=lambda r: r.name)


def _read_filter(params: dict[str, str], agency_id: str, liaisons: list[Any],
                 regions: list[Any]) -> tuple[InboxFilter, dict[str, str]]:
    errors: dict[str, str] = {}
    chosen: dict[str, str] = {}
    allowed = {
        "status": set(STATUSES),
        "category": set(catalogue.categories()),
        "region": {r.code for r in regions},
        "assignee": {a.username for a in liaisons} | {UNASSIGNED},
    }
    for name, values in allowed.items():
        value = params.get(name) or ""
        if value and value not in values:
            errors[name] = "console.filter_unknown"
            value = ""
        chosen[name] = value
    text = " ".join((params.get("q") or "").split())[:QUERY_MAX]
    return InboxFilter(text=text, **chosen), errors


@staff_route("/konsol/belum-ditugaskan", page=rights.Page.UNASSIGNED)
def unassigned(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    """A liaison officer's view of the agency's reports no one was assigned yet, by deadline."""
    agency_id = signed.staff.agency_id or ""
    attribute, partition = inbox_store.partition(agency_id, None)
    reports, last = inbox_store.page(agency_id, None, PAGE_SIZE, _cursor(attribute, partition),
                                     lambda report: report.assignee is None)
    token = cursors.encode(last)
    now = clock.now()
    return show("console/list.html", lang, signed, cookies=cookies, path=f"{base()}/konsol/belum-ditugaskan",
                page_key="unassigned", rows=[row(r, now, lang) for r in reports], tabs=None, filters=None,
                flash=_flash(lang),
                next_link=f"{base()}/konsol/belum-ditugaskan?{urlencode({'cursor': token})}" if token else None)


@staff_route("/konsol/kotak-masuk", page=rights.Page.INBOX)
def agency_inbox(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    """The agency's reports: open ones by deadline unless a status is chosen."""
    agency_id = signed.staff.agency_id or ""
    params = query()
    liaisons = staff_store.accounts_of(agency_id, rights.LO)
    region_label, regions = region_choices(agency_id)
    chosen, errors = _read_filter(params, agency_id, liaisons, regions)
    sort = params.get("sort") if params.get("sort") in SORTS else SORTS[0]
    latest_first = sort == "tenggat-akhir"
    keep = chosen.keep if chosen.narrows() else None
    status = chosen.index_status()
    if chosen.assignee and chosen.assignee != UNASSIGNED:
        key = assignee_worklist(agency_id, chosen.assignee)
        reports, last = lists.worklist(key, PAGE_SIZE, _cursor("worklist_key", key))
        reports = [r for r in reports if (not status or r.status.value == status) and chosen.keep(r)]
        total, capped = len(reports) if last is None else None, False
    else:
        attribute, partition = inbox_store.partition(agency_id, status)
        reports, last = inbox_store.page(agency_id, status, PAGE_SIZE, _cursor(attribute, partition), keep,
                                         latest_first)
        total, capped = inbox_store.total(agency_id, status, keep)
    now = clock.now()
    kept = {"q": chosen.text, "status": chosen.status, "category": chosen.category, "region": chosen.region,
            "assignee": chosen.assignee, "sort": sort if sort != SORTS[0] else ""}
    token = cursors.encode(last)
    next_link = f"{base()}/konsol/kotak-masuk?{urlencode({**{k: v for k, v in kept.items() if v}, 'cursor': token})}" \
        if token else None
    return show("console/inbox.html", lang, signed, cookies=cookies, path=f"{base()}/konsol/kotak-masuk",
                page_key="inbox", rows=[row(r, now, lang) for r in reports], next_link=next_link,
                total=total, capped=capped, flash=_flash(lang), sorts=SORTS, sort=sort,
                filters={**kept, "statuses": STATUSES, "liaisons": liaisons, "unassigned": UNASSIGNED,
                         "categories": sorted(catalogue.categories().values(), key=lambda c: c.name(lang)),
                         "regions": regions, "region_label": region_label, "errors": errors})
