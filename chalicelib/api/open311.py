"""Open311 GeoReport v2 at `/open311/v2/`: discovery, services, service definitions, requests
(GET with the spec's filters, GET one as an array of one, POST form-encoded with an issued
`api_key` through the same intake service as every channel), tokens, and FixMyStreet's
servicerequestupdates extension, in JSON and XML.

Statuses map to open/closed with the detailed Lapor status in `status_notes`. Requests are the
privacy projection's public view: rahasia reports never appear, anonim identities never do.
Listing reads the feed index by month (and the updates index by day), never a Scan.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from chalice import Blueprint, Response
from pydantic import ValidationError

from chalicelib.api import open311_format as fmt311
from chalicelib.directory import catalogue
from chalicelib.domain.calendar import JAKARTA, iso, local_date
from chalicelib.domain.errors import DomainError
from chalicelib.domain.lifecycle import CLOSURE_BY_ACTION, OPEN
from chalicelib.domain.model import Channel, Status
from chalicelib.domain.privacy import Audience, public_update, view
from chalicelib.domain.tracking import normalize_tracking_id
from chalicelib.http.endpoints import language
from chalicelib.intake.limits import TITLE_MAX
from chalicelib.intake.schema import ReportSubmission
from chalicelib.intake.service import submit_report
from chalicelib.notify import settings as notify_settings
from chalicelib.shared import clock
from chalicelib.store import directory as agencies
from chalicelib.store import reports as store
from chalicelib.store import supports
from chalicelib.store.credentials import authenticate

log = logging.getLogger(__name__)
open311 = Blueprint(__name__)
BASE = "/open311/v2"
OPEN311 = "OPEN311"  # credential kind of an Open311 client's api_key (lapor-ops keys issue --open311)
MAX_RESULTS = 200  # requests per GET list (the spec lets servers cap it)
MAX_WINDOW = timedelta(days=90)  # the spec's default and maximum date range
CHANGESET = "2026-11-23 00:00"
_FORM = ["application/x-www-form-urlencoded"]


def _split(name: str) -> tuple[str, str | None]:
    stem, dot, ext = name.rpartition(".")
    return (stem, ext.lower()) if dot and ext.lower() in fmt311.FORMATS else (name, None)


def _query() -> dict[str, str]:
    return dict(open311.current_request.query_params or {})


def _guard(view_fn: Callable[[str], Response], fmt: str) -> Response:
    try:
        return view_fn(fmt)
    except Open311Error as error:
        return fmt311.errors(fmt, error.status, error.description)
    except Exception:
        log.exception("open311 request failed")
        return fmt311.errors(fmt, 500, "Internal error; nothing was lost, please retry")


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def _w3c(value: str | None, field: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, f"{field} must be a W3C datetime, e.g. 2026-01-01T00:00:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _window(query: dict[str, str]) -> tuple[datetime, datetime]:
    start, end = _w3c(query.get("start_date"), "start_date"), _w3c(query.get("end_date"), "end_date")
    now = clock.now()
    if start and end:
        pass
    elif start:
        end = min(now, start + MAX_WINDOW)
    elif end:
        start = end - MAX_WINDOW
    else:
        start, end = now - MAX_WINDOW, now
    if end < start or end - start > MAX_WINDOW:
        raise Open311Error(400, "start_date must precede end_date and the range may span at most 90 days")
    return start, end


def _months(start: datetime, end: datetime) -> list[str]:
    first, last = start.astimezone(JAKARTA), end.astimezone(JAKARTA)
    year, month, out = first.year, first.month, []
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _public_views(reports: list[Any], lang: str) -> list[dict[str, Any]]:
    ids = [r.tracking_id for r in reports]
    contacts = store.contacts(ids)  # only to redact the reporter's name from the text
    counts = supports.counts(ids)
    out = []
    for report in reports:
        public = view(Audience.PUBLIC, report, contact=contacts.get(report.tracking_id),
                      agency=agencies.agency_summary(report.agency_id, lang), support_count=counts.get(report.tracking_id))
        if public is not None:
            out.append(fmt311.request(public, lang))
    return out


# --- discovery, services -------------------------------------------------------------------------

def _discovery(fmt: str) -> Response:
    """The endpoint's address comes from the configured public site URL (LAPOR_SITE_URL), never
    from the request: the answer is cached for an hour, and a Host header echoed into it would let
    one request point every later client of a shared cache at another server."""
    return fmt311.answer(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": "Lapor operators (SP4N-LAPOR!)",
        "key_service": "An api_key is issued to each client by the operators: lapor-ops keys issue --open311 NAME",
        "endpoints": [{"specification": fmt311.SPECIFICATION, "url": f"{notify_settings.site_url()}{BASE}",
                       "changeset": CHANGESET, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }, cache="public, max-age=3600")


@open311.route("/open311/{name}", methods=["GET"])
def discovery_root(name: str) -> Response:
    """Discovery is also served one level up (`/open311/discovery.json`), where clients look."""
    stem, fmt = _split(name)
    if fmt is None or stem != "discovery":
        return fmt311.errors(fmt or "json", 404, "Use discovery.json or discovery.xml")
    return _guard(_discovery, fmt)


@open311.route(BASE + "/{name}", methods=["GET"])
def top_level(name: str) -> Response:
    stem, fmt = _split(name)
    if fmt is None:
        return fmt311.errors("json", 404, "Unknown resource; add .json or .xml")
    handlers: dict[str, Callable[[str], Response]] = {
        "discovery": _discovery,
        "services": lambda f: fmt311.answer(f, "services", fmt311.services(language(open311.current_request)),
                                            cache="public, max-age=3600"),
        "requests": _list_requests,
        "servicerequestupdates": _updates,
    }
    if stem not in handlers:
        return fmt311.errors(fmt, 404, f"Unknown resource {stem}")
    return _guard(handlers[stem], fmt)


@open311.route(BASE + "/services/{name}", methods=["GET"])
def service_definition(name: str) -> Response:
    code, fmt = _split(name)
    if fmt is None:
        return fmt311.errors("json", 404, "Add .json or .xml")
    if catalogue.category(code) is None:
        return fmt311.errors(fmt, 404, f"Unknown service_code {code}")
    return fmt311.answer(fmt, "service_definition", fmt311.service_definition(code), cache="public, max-age=3600")


# --- requests --------------------------------------------------------------------------------------

def _list_requests(fmt: str) -> Response:
    query, lang = _query(), language(open311.current_request)
    ids = [i.strip() for i in (query.get("service_request_id") or "").split(",") if i.strip()]
    if ids:  # "overrides all other arguments"
        wanted_ids = [c for c in (normalize_tracking_id(i) for i in ids[:MAX_RESULTS]) if c]
        found = store.many(wanted_ids)  # one batched read, in the order asked
        return fmt311.answer(fmt, "service_requests", _public_views([found[c] for c in wanted_ids if c in found], lang))
    codes = {c.strip() for c in (query.get("service_code") or "").split(",") if c.strip()}
    unknown = [c for c in codes if catalogue.category(c) is None]
    if unknown:
        raise Open311Error(400, f"Unknown service_code {', '.join(sorted(unknown))}")
    statuses = {s.strip().lower() for s in (query.get("status") or "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status may be open or closed")
    start, end = _window(query)
    wanted: tuple[str, ...] = ()
    if statuses and statuses != {"open", "closed"}:
        wanted = tuple(s.value for s in Status if (s in OPEN) == ("open" in statuses))
    reports = store.feed_between(_months(start, end), start, end, MAX_RESULTS,
                                 store.FeedFilter(categories=tuple(sorted(codes)), statuses=wanted))
    return fmt311.answer(fmt, "service_requests", _public_views(reports, lang))


@open311.route(BASE + "/requests/{name}", methods=["GET"])
def one_request(name: str) -> Response:
    raw, fmt = _split(name)
    if fmt is None:
        return fmt311.errors("json", 404, "Add .json or .xml")

    def _one(fmt_: str) -> Response:
        canonical = normalize_tracking_id(raw)
        report = store.get(canonical) if canonical else None
        found = _public_views([report], language(open311.current_request)) if report else []
        if not found:
            raise Open311Error(404, f"No service request {raw}")
        return fmt311.answer(fmt_, "service_requests", found)  # the spec answers an array of one

    return _guard(_one, fmt)


@open311.route(BASE + "/tokens/{name}", methods=["GET"])
def token(name: str) -> Response:
    """Lapor creates requests synchronously and answers the id at once; a token is the id itself."""
    raw, fmt = _split(name)
    if fmt is None:
        return fmt311.errors("json", 404, "Add .json or .xml")
    canonical = normalize_tracking_id(raw)
    report = store.get(canonical) if canonical else None
    if report is None or report.rahasia:
        return fmt311.errors(fmt, 404, f"No token {raw}")
    return fmt311.answer(fmt, "service_requests", [{"service_request_id": report.tracking_id, "token": raw}])


def _attribute(form: dict[str, str], code: str) -> str | None:
    return (form.get(f"attribute[{code}]") or "").strip() or None


def _title(description: str) -> str:
    first = re.split(r"(?<=[.!?])\s", description.strip(), maxsplit=1)[0]
    return first[:TITLE_MAX].rsplit(" ", 1)[0] if len(first) > TITLE_MAX else first


def _flag(form: dict[str, str], code: str) -> bool:
    value = (_attribute(form, code) or "false").lower()
    if value not in ("true", "false"):
        raise Open311Error(400, f"attribute[{code}] must be true or false")
    return value == "true"


def _submission(form: dict[str, str]) -> ReportSubmission:
    code = (form.get("service_code") or "").strip()
    if catalogue.category(code) is None:
        raise Open311Error(400, "service_code is missing or unknown; see services.json")
    region = _attribute(form, "region_code")
    if region is None:
        raise Open311Error(400, "attribute[region_code] is required (a Kemendagri region code, e.g. 62.01)")
    description = (form.get("description") or "").strip()
    name = " ".join(p for p in ((form.get("first_name") or "").strip(), (form.get("last_name") or "").strip()) if p)
    reporter = {k: v for k, v in (("name", name), ("email", (form.get("email") or "").strip()),
                                  ("phone", (form.get("phone") or "").strip())) if v}
    data: dict[str, Any] = {
        "classification": _attribute(form, "classification") or "PENGADUAN",
        "title": _attribute(form, "title") or _title(description),
        "body": description,
        "incident_date": _attribute(form, "incident_date") or local_date(clock.now()).isoformat(),
        "region_code": region, "category": code,
        "anonim": _flag(form, "anonim"), "rahasia": _flag(form, "rahasia"),
        **({"reporter": reporter} if reporter else {}),
        **({"address": form["address_string"].strip()[:300]} if (form.get("address_string") or "").strip() else {}),
    }
    for field, key in (("latitude", "lat"), ("longitude", "long")):
        if (form.get(key) or "").strip():
            try:
                data[field] = float(form[key])
            except ValueError:
                raise Open311Error(400, f"{key} must be a number") from None
    try:
        return ReportSubmission.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise Open311Error(400, f"Invalid request: {problems}") from None


@open311.route(BASE + "/{name}", methods=["POST"], content_types=_FORM)
def create_request(name: str) -> Response:
    stem, fmt = _split(name)
    if fmt is None or stem != "requests":
        return fmt311.errors(fmt or "json", 404, "POST requests.json or requests.xml")

    def _create(fmt_: str) -> Response:
        from chalicelib.pages.forms import parse_form

        # Chalice annotates raw_body `str | bytes`, but every branch of it returns bytes.
        raw = cast(bytes, open311.current_request.raw_body)
        form = {k: v[0] for k, v in parse_form(raw).items() if v}
        principal = authenticate(form.get("api_key"))
        if principal is None or principal.kind != OPEN311:
            raise Open311Error(403, "Invalid api_key received")
        submission = _submission(form)
        try:
            receipt = submit_report(submission, Channel.OPEN311, filed_by=None)
        except DomainError as error:
            raise Open311Error(400, f"Invalid request: {error.code} {error.params.get('field', '')}".strip()) from None
        log.info("open311 request created", extra={"client": principal.owner, "tracking_id": receipt.tracking_id})
        return fmt311.answer(fmt_, "service_requests", [{
            "service_request_id": receipt.tracking_id,
            "service_notice": f"Received; verification and routing within 3 working days (by {iso(receipt.deadline)}).",
            "account_id": None}], status=201)

    return _guard(_create, fmt)


# --- FixMyStreet's servicerequestupdates -----------------------------------------------------------

def _updates(fmt: str) -> Response:
    query = _query()
    start, end = _window({"start_date": query.get("start_date") or iso(clock.now() - timedelta(days=1)) or "",
                          "end_date": query.get("end_date") or ""})
    pairs = store.public_updates_between(start, end, limit=1000)
    # Three batched reads for the whole window (reports, events, contacts), never one per update.
    reports = store.many(tracking_id for tracking_id, _ in pairs)
    events = store.events(pair for pair in pairs if pair[0] in reports)
    contacts = store.contacts(list(reports))
    updates = []
    for tracking_id, seq in pairs:
        report, event = reports.get(tracking_id), events.get((tracking_id, seq))
        found = public_update(report, event, contacts.get(tracking_id)) if report and event else None
        if found is not None:
            closure = CLOSURE_BY_ACTION.get(found["action"])
            updates.append(fmt311.request_update(tracking_id, found, closure.value if closure else None))
    return fmt311.answer(fmt, "service_request_updates", updates)
