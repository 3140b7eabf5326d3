"""The national admins' verification desk: why each report is waiting for a person, the offices the
router would send it to (forwarded in one click), a directory search that ranks the report's own
region first, and the queue itself (search, counts, age, sort, pages, bulk actions).

Queue reads (see store.desk_queue): one bounded index partition per status, never a Scan. The queue
holds only reports awaiting verification, so filtering that partition by words or by the reporter's
phone/email (contacts read by key, BatchGetItem) stays small; a tracking ID is a direct key read."""
from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from chalice import Response

from chalicelib.console import auth, desk_csv, rights
from chalicelib.console.page import (
    PAGE_SIZE,
    base,
    field,
    form,
    query,
    redirect,
    show,
    staff_route,
)
from chalicelib.directory import catalogue
from chalicelib.directory.seed import AgencyEntry, directory
from chalicelib.domain.calendar import working_days_between
from chalicelib.domain.errors import (
    ConcurrentUpdate,
    IllegalTransition,
    NotFound,
    ValidationFailed,
)
from chalicelib.domain.model import Report, Status
from chalicelib.domain.tracking import normalize_tracking_id
from chalicelib.http import admin_bodies
from chalicelib.pages import i18n
from chalicelib.reports import admin_actions, files, merge
from chalicelib.routing.offices import suggested_offices
from chalicelib.shared import clock
from chalicelib.store import desk_queue
from chalicelib.store import directory as agency_store
from chalicelib.store import reports as report_store

QUEUE_STATUSES = (Status.DITERIMA, Status.BUKAN_WEWENANG, Status.DITUNDA)
SEARCH_LIMIT = 20
SORTS = ("deadline", "deadline_desc", "received", "received_desc")
BULK_ACTS = ("disposisi", "arsip")
MAX_BULK = 100
_DIGITS = re.compile(r"\D+")

# --- why a report waits for a person ---------------------------------------------------------------


def reasons(report: Report, timeline: list[dict[str, Any]] | None = None) -> list[str]:
    """Reason codes, most telling first: not_authority, disagrees, unsure, unreliable_topic, no_region,
    duplicate, on_hold, no_route (the router found no office and had no reading either)."""
    found: list[str] = []
    why = (report.suggestion or {}).get("why")
    if report.status is Status.BUKAN_WEWENANG:
        found.append("not_authority")
    if why == "disagrees":
        found.append("disagrees")
    elif why in ("low_confidence", "unreadable"):
        found.append("unsure")
    elif why == "unreliable_topic":
        found.append("unreliable_topic")
    if report.region_code is None:
        found.append("no_region")
    if report.similar_ids:
        found.append("duplicate")
    if report.status is Status.DITUNDA:
        found.append("on_hold")
    if not found and report.status is Status.DITERIMA and report.agency_id is None:
        found.append("no_route")
    return found


def declined_by(timeline: list[dict[str, Any]]) -> list[str]:
    """Offices that said "bukan wewenang" for this report (never suggested to it again)."""
    return [str((event.get("details") or {}).get("from_agency_id")) for event in timeline
            if event.get("action") == "NOT_AUTHORITY" and (event.get("details") or {}).get("from_agency_id")]


def last_refusal(timeline: list[dict[str, Any]], lang: str) -> dict[str, Any] | None:
    """Who declined last and why (shown next to the not_authority reason)."""
    for event in reversed(timeline):
        details = event.get("details") or {}
        if event.get("action") == "NOT_AUTHORITY" and details.get("from_agency_id"):
            summary = agency_store.agency_summary(details["from_agency_id"], lang)
            return {"agency": summary["name"] if summary else details["from_agency_id"],
                    "reason": details.get("reason") or event.get("message")}
    return None


def percent(confidence: float | None) -> int | None:
    return None if confidence is None else int(round(float(confidence) * 100))


def office_cards(report: Report, timeline: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The router's top offices for the report's own region, each with the topic, confidence and the
    words of the text behind it, ready for a one-click forward."""
    region = catalogue.region(report.region_code) if report.region_code else None
    cards = []
    for office in suggested_offices(report, exclude=declined_by(timeline)):
        summary = agency_store.agency_summary(office.agency_id, lang)
        topic = catalogue.category(office.category) if office.category else None
        cards.append({"agency_id": office.agency_id, "name": summary["name"] if summary else office.agency_id,
                      "category": topic.name(lang) if topic else None, "confidence": percent(office.confidence),
                      "words": list(office.words), "source": office.source,
                      "region": region.name if region else None})
    return cards


def topic_words(report: Report, lang: str) -> dict[str, Any] | None:
    """The classifier's reading in plain words (topic, how sure, which words), never its English line."""
    suggestion = report.suggestion or {}
    topic = catalogue.category(suggestion.get("category") or "")
    if topic is None:
        return None
    given = catalogue.category(suggestion.get("given_category") or "")
    return {"category": topic.name(lang), "confidence": percent(suggestion.get("confidence")),
            "words": list(suggestion.get("keywords") or []), "given": given.name(lang) if given else None}


# --- the ranked directory search ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _agencies() -> tuple[AgencyEntry, ...]:
    return tuple(entry for entry, _ in directory())


def _rank(entry: AgencyEntry, home: catalogue.Region | None) -> int:
    """0: the report's own regency/city (or province); 1: elsewhere in its province; 2: national
    bodies; 3: any other region. Without a region, national bodies first."""
    if home is None:
        return 0 if entry.level == "NASIONAL" else 1
    if entry.region_code == home.code:
        return 0
    if entry.region_code == home.province_code or entry.region_code.startswith(home.province_code + "."):
        return 1
    return 2 if entry.level == "NASIONAL" else 3


def search_agencies(text: str, region: str, sector: str, home_region: str | None = None,
                    exclude: tuple[str, ...] = ()) -> list[AgencyEntry]:
    """The directory (packaged data, in memory) by name, region and sector, ranked with the report's
    own region first: "Semarang" for a report from Kota Semarang lists Kota Semarang's offices before
    Kabupaten Semarang's."""
    words = [w for w in text.lower().split() if w]
    if not (words or region or sector):
        return []
    home = catalogue.region(home_region) if home_region else None
    found = []
    for entry in _agencies():
        if entry.id in exclude:
            continue
        name = f"{entry.name} {entry.name_en} {entry.id}".lower()
        if words and not all(w in name for w in words):
            continue
        if region and not (entry.region_code == region or entry.region_code.startswith(region + ".")):
            continue
        if sector and entry.sector != sector:
            continue
        found.append(entry)
    # Within a rank: the province first, governments before offices, then by name, so offices of
    # same-named places (Kabupaten and Kota Semarang) sit side by side instead of one filling the list.
    found.sort(key=lambda e: (_rank(e, home), e.level != "PROVINSI", e.sector != "government", e.name))
    return found[:SEARCH_LIMIT]


# --- the queue --------------------------------------------------------------------------------------


def _digits(text: str) -> str:
    digits = _DIGITS.sub("", text)
    return "0" + digits[2:] if digits.startswith("62") else digits  # +62 812... and 0812... alike


def _matches_contact(needle: str, reports: list[Report]) -> list[Report]:
    contacts = report_store.contacts(r.tracking_id for r in reports)
    if "@" in needle:
        wanted = needle.strip().lower()
        return [r for r in reports if (contacts.get(r.tracking_id) and
                                       (contacts[r.tracking_id].email or "").lower() == wanted)]
    wanted = _digits(needle)
    return [r for r in reports if contacts.get(r.tracking_id) and contacts[r.tracking_id].phone
            and _digits(contacts[r.tracking_id].phone or "").endswith(wanted)]


def _matches_words(text: str, reports: list[Report]) -> list[Report]:
    words = [w for w in text.lower().split() if w]
    return [r for r in reports if all(w in f"{r.title}\n{r.body}".lower() for w in words)]


def is_contact_search(text: str) -> bool:
    return "@" in text or len(_digits(text)) >= 6 and not re.search(r"[a-zA-Z]", text)


def _count(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and int(raw) < 10**6 else 0


def find_in_queue(status: Status, text: str, sort: str) -> tuple[list[Report] | None, Report | None]:
    """(matching reports of the status's partition in `sort` order, or None when the plain deadline
    order needs no filtering; a report found by tracking ID). A tracking ID is read by key whatever
    its status; other searches filter the bounded partition."""
    canonical = normalize_tracking_id(text.strip()) if text.strip() else None
    if canonical:
        found = report_store.get(canonical)
        if found is not None:
            return None, found
    if not text.strip() and sort in ("deadline", "deadline_desc"):
        return None, None  # the caller pages the keys and reads only one page of reports
    keys = desk_queue.queue_keys(status.value)
    reports = desk_queue.reports_by_ids([tid for tid, _ in keys])
    if text.strip():
        reports = _matches_contact(text, reports) if is_contact_search(text) else _matches_words(text, reports)
    if sort in ("received", "received_desc"):
        reports.sort(key=lambda r: r.created_at, reverse=sort == "received_desc")
    elif sort == "deadline_desc":
        reports.reverse()
    return reports, None


def queue_row(report: Report, now: datetime, lang: str) -> dict[str, Any]:
    """One line of the desk's queue: age in working days, the verification deadline, the reasons."""
    category = catalogue.category(report.category or "")
    region = catalogue.region(report.region_code or "")
    seconds_left = int((report.deadline - now).total_seconds()) if report.deadline else None
    suggested = catalogue.category((report.suggestion or {}).get("category") or "")
    return {
        "tracking_id": report.tracking_id, "title": report.title, "status": report.status.value,
        "category": category.name(lang) if category else None,
        "region": region.name if region else None,
        "suggested": suggested.name(lang) if suggested else None,
        "age": max(0, working_days_between(report.created_at, now)),
        "deadline": report.deadline, "overdue": seconds_left is not None and seconds_left < 0,
        "due_soon": seconds_left is not None and 0 <= seconds_left <= 24 * 3600,
        "reasons": reasons(report), "rahasia": report.rahasia,
        "thumbnail": files.list_thumbnail(report),
    }


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) < 10**6 else 1


def _link(**params: Any) -> str:
    return f"{base()}/konsol/verifikasi?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def queue_page(signed: auth.SignedIn, lang: str, cookies: list[str], status: Status, text: str = "",
               sort: str = "deadline", page: int = 1, http_status: int = 200, **extra: Any) -> Response:
    """The desk's queue page for one status tab (with every tab's count)."""
    counts = {s.value: desk_queue.queue_count(s.value) for s in QUEUE_STATUSES}
    reports, direct = find_in_queue(status, text, sort)
    if direct is not None:
        shown, total = [direct], 1
    elif reports is not None:
        total = len(reports)
        shown = reports[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    else:
        keys = desk_queue.queue_keys(status.value, newest_first=sort == "deadline_desc")
        total = len(keys)
        shown = desk_queue.reports_by_ids([tid for tid, _ in keys[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]])
    pages = max(1, -(-total // PAGE_SIZE))
    now = clock.now()
    keep = {"status": status.value, "q": text, "sort": sort}
    context: dict[str, Any] = {"flash": None, "bulk_errors": {}, "selected": [], "bulk_values": {}, **extra}
    return show("console/desk_queue.html", lang, signed, status=http_status, cookies=cookies,
                path=f"{base()}/konsol/verifikasi", rows=[queue_row(r, now, lang) for r in shown],
                tab_status=status.value, tabs=[(s.value, s is status, counts[s.value]) for s in QUEUE_STATUSES],
                q=text, sort=sort, sorts=SORTS, page=page, pages=pages, total=total, direct=direct is not None,
                prev_link=_link(**keep, page=page - 1) if page > 1 else None,
                next_link=_link(**keep, page=page + 1) if page < pages else None,
                archive_reasons=[r.value for r in admin_bodies.ArchiveReason], **context)


@staff_route("/konsol/verifikasi", page=rights.Page.QUEUE)
def verification_queue(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    """The desk's queue: one status tab at a time (each with its count), search, sort and pages."""
    params = query()
    status = next((s for s in QUEUE_STATUSES if s.value == params.get("status")), Status.DITERIMA)
    sort = params["sort"] if params.get("sort") in SORTS else "deadline"
    text = (params.get("q") or "")[:100]
    if params.get("format") == "csv":  # every matching report, not one page
        reports, direct = find_in_queue(status, text, sort)
        if direct is not None:
            reports = [direct]
        elif reports is None:
            keys = desk_queue.queue_keys(status.value, newest_first=sort == "deadline_desc")
            reports = desk_queue.reports_by_ids([tid for tid, _ in keys])
        now = clock.now()
        return desk_csv.download(f"antrean-{status.value.lower()}.csv",
                                 desk_csv.queue_csv([queue_row(r, now, lang) for r in reports]),
                                 cookies + signed.cookies)
    done = params.get("ok")
    flash = i18n.t(f"desk.bulk_done.{done}", lang, done=_count(params.get("n")),
                   failed=_count(params.get("gagal"))) if done in BULK_ACTS else None
    return queue_page(signed, lang, cookies, status, text, sort,
                      _page_number(params.get("page")), flash=flash)


def _bulk_one(signed: auth.SignedIn, act: str, tracking_id: str, agency_id: str, reason: str) -> bool:
    try:
        if act == "disposisi":
            admin_actions.disposition(signed.staff.id, tracking_id, agency_id, staff_id=signed.staff.id)
        else:
            admin_actions.archive(signed.staff.id, tracking_id, reason, staff_id=signed.staff.id)
        return True
    except (ConcurrentUpdate, IllegalTransition, NotFound, ValidationFailed):
        return False  # counted and reported; the others still go through


@staff_route("/konsol/verifikasi/massal", "POST", page=rights.Page.QUEUE)
def bulk_action(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    """Forward or archive the selected reports, each through the same admin use case as one report
    (so the timeline, webhooks and the router's corrections record every one)."""
    data = form()
    act = field(data, "act")
    ids = list(dict.fromkeys(normalize_tracking_id(t) or t for t in data.get("ids", []) if t))[:MAX_BULK]
    agency_id = field(data, "agency_id").strip()
    reason = field(data, "reason")
    errors: dict[str, str] = {}
    if not ids:
        errors["ids"] = i18n.t("desk.bulk_none_selected", lang)
    if act not in BULK_ACTS:
        errors["act"] = i18n.t("desk.bulk_choose_action", lang)
    elif act == "disposisi" and not agency_store.agency_active(agency_id):
        errors["agency_id"] = i18n.t("desk.bulk_unknown_agency", lang)
    elif act == "arsip" and reason not in {r.value for r in admin_bodies.ArchiveReason}:
        errors["reason"] = i18n.t("desk.bulk_choose_reason", lang)
    if errors:
        status = next((s for s in QUEUE_STATUSES if s.value == field(data, "status")), Status.DITERIMA)
        return queue_page(signed, lang, cookies, status, http_status=422, bulk_errors=errors, selected=ids,
                          bulk_values={"act": act, "agency_id": agency_id, "reason": reason})
    done = sum(_bulk_one(signed, act, tid, agency_id, reason) for tid in ids)
    return redirect(_link(status=field(data, "status"), ok=act, n=str(done), gagal=str(len(ids) - done)),
                    cookies + signed.cookies)


def report_context(report: Report, timeline: list[dict[str, Any]], lang: str, can_forward: bool) -> dict[str, Any]:
    """What the report page shows a national admin at the desk: why the report waits, the router's
    reading in plain words, and (when a disposition is possible now) the offices to forward it to."""
    return {"reasons": reasons(report) if report.agency_id is None else [],
            "refusal": last_refusal(timeline, lang) if report.status is Status.BUKAN_WEWENANG else None,
            "reading": topic_words(report, lang),
            "offices": office_cards(report, timeline, lang) if can_forward else []}


# --- the history in plain words ------------------------------------------------------------------

_QUIET_MESSAGES = frozenset({"SUGGEST"})  # the classifier's English `reason`: replaced by event_lines


def _value_words(name: str, value: Any, lang: str) -> str:
    if value is None or value == "":
        return i18n.t("desk.empty_value", lang)
    if name == "category":
        topic = catalogue.category(str(value))
        return topic.name(lang) if topic else str(value)
    if name == "classification":
        return i18n.t(str(value), lang)
    if isinstance(value, bool):
        return i18n.t("console.yes" if value else "console.no", lang)
    return str(value)


def event_lines(event: dict[str, Any], lang: str) -> list[str]:
    """Plain-language lines under a history entry: an AMEND's before -> after per field, a SUGGEST's
    topic, confidence and offices (instead of the classifier's English reason)."""
    details = event.get("details") or {}
    if event.get("action") == "AMEND":
        return [i18n.t("desk.changed", lang, field=i18n.t(f"desk.field.{name}", lang),
                       before=_value_words(name, change.get("from"), lang),
                       after=_value_words(name, change.get("to"), lang))
                for name, change in (details.get("changed") or {}).items() if isinstance(change, dict)]
    if event.get("action") == "SUGGEST":
        lines = []
        suggestion = details.get("suggestion") or {}
        topic = catalogue.category(suggestion.get("category") or "")
        if topic is not None:
            lines.append(i18n.t("desk.event_suggest", lang, category=topic.name(lang),
                                confidence=percent(suggestion.get("confidence")) or 0))
        names = []
        for office in details.get("offices") or []:
            summary = agency_store.agency_summary(office.get("agency_id"), lang) if isinstance(office, dict) else None
            if summary:
                names.append(summary["name"])
        if names:
            lines.append(i18n.t("desk.event_offices", lang, names=", ".join(names)))
        return lines
    return []


def shows_message(event: dict[str, Any]) -> bool:
    return event.get("action") not in _QUIET_MESSAGES


# --- merging a duplicate --------------------------------------------------------------------------


def merge_act(signed: auth.SignedIn, report: Report, data: dict[str, list[str]], lang: str
              ) -> tuple[Report | None, dict[str, str]]:
    """The merge form: a look-alike chosen from the list, or any tracking ID typed in."""
    typed = field(data, "original_other").strip() or field(data, "original").strip()
    if not typed:
        return None, {"original": i18n.t("desk.merge_choose", lang)}
    raw_version = field(data, "version")
    version = int(raw_version) if raw_version.isdigit() and 0 < int(raw_version) < 10**9 else None
    try:
        return merge.merge_into(signed.staff.id, report.tracking_id, normalize_tracking_id(typed) or typed,
                                version=version, staff_id=signed.staff.id), {}
    except ValidationFailed as refused:
        return None, {"original": i18n.error_text(refused.code, lang)}
