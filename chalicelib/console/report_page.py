"""One report in the console and every action staff take on it.

The page shows the privacy projection for the person's audience (national admin: ADMIN; agency
admin and liaison officer: AGENCY; Ombudsman: OMBUDSMAN), so an anonim reporter's identity never
reaches a staff page. Each action validates its form with the same request bodies as the agency
and admin APIs and calls the same report core (reports.agency_actions / reports.admin_actions),
with the staff member's id on the timeline. Bad input comes back as the same page with a message
beside the field (422); a report that moved meanwhile gives a message, not a 500.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from chalice import Response
from pydantic import BaseModel, ValidationError

from chalicelib.console import auth, desk, rights
from chalicelib.console.page import (
    PAGE_SIZE,
    Refused,
    base,
    field,
    form,
    query,
    redirect,
    show,
    staff_route,
)
from chalicelib.directory import catalogue
from chalicelib.directory.seed import AgencyEntry
from chalicelib.domain import lifecycle
from chalicelib.domain.calendar import working_days_between
from chalicelib.domain.errors import (
    ConcurrentUpdate,
    IllegalTransition,
    NotFound,
    ValidationFailed,
)
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Report, Role
from chalicelib.domain.privacy import PrivacyLoosening
from chalicelib.domain.tracking import normalize_tracking_id
from chalicelib.http import admin_bodies, agency_bodies
from chalicelib.pages import forms, i18n, topic
from chalicelib.reports import admin_actions, agency_actions, similar
from chalicelib.reports import read as reports_query
from chalicelib.shared import clock
from chalicelib.store import staff as staff_store

Act = rights.Act
LIFECYCLE_ACTION = {
    Act.DISPOSITION: Action.DISPOSITION, Act.ARCHIVE: Action.ARCHIVE, Act.HOLD: Action.REQUEST_CLARIFICATION,
    Act.AMEND: Action.AMEND, Act.ADMIN_NOTE: Action.NOTE, Act.MERGE: Action.ARCHIVE,
    Act.ACKNOWLEDGE: Action.ACKNOWLEDGE,
    Act.ASSIGN: Action.ASSIGN, Act.FOLLOW_UP: Action.FOLLOW_UP, Act.CLARIFY: Action.REQUEST_CLARIFICATION,
    Act.NOT_AUTHORITY: Action.NOT_AUTHORITY, Act.FORWARD: Action.FORWARD, Act.NOTE: Action.NOTE,
    Act.PROGRESS: Action.PROGRESS,
}
SEARCH_LIMIT = 20


def _load(signed: auth.SignedIn, tracking_id: str) -> Report:
    canonical = normalize_tracking_id(tracking_id)
    try:
        report = reports_query.load(canonical or tracking_id)
    except NotFound:
        raise Refused(404, "console.report_not_found") from None
    if not rights.may_see(signed.staff, report):
        raise Refused(404, "console.report_not_found")  # exactly as if it did not exist
    return report


def _lifecycle_role(signed: auth.SignedIn) -> Role:
    return Role.ADMIN if signed.staff.role is rights.NA else Role.AGENCY


def available(signed: auth.SignedIn, report: Report) -> list[Act]:
    """The actions this person may take on this report now (rights x the lifecycle table)."""
    possible = set(lifecycle.allowed_actions(report, _lifecycle_role(signed)))
    return [act for act in Act if rights.may_act(signed.staff, act) and LIFECYCLE_ACTION[act] in possible]


def search_agencies(text: str, region: str, sector: str, home_region: str | None = None,
                    excluding: str | None = None) -> list[AgencyEntry]:
    """The directory search, ranked with the report's own region first (console.desk); `excluding` an
    agency (an office forwarding a report is never offered itself)."""
    return desk.search_agencies(text, region, sector, home_region, exclude=(excluding,) if excluding else ())


def _look_alikes(report: Report) -> list[similar.LookAlike]:
    """Open reports about the same topic in the same place whose text reads alike: the same
    detection the intake and the router use (reports.similar), so admins can group duplicates."""
    if report.agency_id is not None:
        return []
    return similar.look_alikes(similar.report_text(report.title, report.body), report.region_code,
                               report.category, clock.now(), exclude=report.tracking_id)


def follow_up_reminder(report: Report, audience: Any, lang: str) -> dict[str, Any] | None:
    """For the agency's staff while the 5-working-day follow-up deadline runs: how many working
    days are left (or that it passed), above everything else on the page."""
    if audience.value != "AGENCY" or report.deadline is None or report.deadline_kind != "FOLLOW_UP":
        return None
    now = clock.now()
    when = i18n.format_date(report.deadline, lang, with_time=True)
    if report.deadline < now:
        return {"overdue": True, "text": i18n.t("console.follow_up_overdue", lang, when=when)}
    days = working_days_between(now, report.deadline)
    key = "console.follow_up_due_today" if days <= 0 else "console.follow_up_due_in"
    return {"overdue": False, "text": i18n.t(key, lang, when=when, n=days)}


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def report_page(signed: auth.SignedIn, lang: str, cookies: list[str], report: Report, status: int = 200,
                errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
                failed_act: str | None = None, flash: str | None = None) -> Response:
    audience = rights.audience(signed.staff)
    view = reports_query.render(report, audience, lang) or {}
    acts = available(signed, report)
    params = query()
    search = {"q": (params.get("cari") or "")[:100], "region": (params.get("wilayah") or "")[:20],
              "sector": (params.get("sektor") or "")[:60]}
    agencies = search_agencies(search["q"], search["region"], search["sector"], report.region_code,
                               excluding=report.agency_id if Act.FORWARD in acts else None) if (
        Act.DISPOSITION in acts or Act.FORWARD in acts) else []
    templates = staff_store.templates_of(report.agency_id) if Act.FOLLOW_UP in acts and report.agency_id else []
    chosen = next((t for t in templates if t.template_id == params.get("templat")), None)
    values = dict(values or {})
    if chosen and "message" not in values:
        values["message"] = chosen.body
    timeline = [dict(e, at=_moment(e["at"]), desk_lines=desk.event_lines(e, lang),
                     message=e.get("message") if desk.shows_message(e) else None) for e in view.get("timeline", [])]
    is_admin = signed.staff.role is rights.NA
    desk_view = desk.report_context(report, view.get("timeline", []), lang, Act.DISPOSITION in acts) if is_admin \
        else None
    return show(
        "console/report.html", lang, signed, status=status, cookies=cookies,
        path=f"{base()}/konsol/laporan/{report.tracking_id}",
        report=view, tracking_id=report.tracking_id, acts=[a.value for a in acts], Act=Act,
        category_name=topic.category_words(view.get("category"), lang),
        region_name=topic.region_words(view.get("region_code"), lang),
        created=_moment(view.get("created_at")), deadline=_moment(view.get("deadline")),
        timeline=list(reversed(timeline)), errors=errors or {}, values=values, failed_act=failed_act,
        flash=flash, search=search, agencies=agencies, follow_up_reminder=follow_up_reminder(report, audience, lang),
        desk=desk_view, suggestions=desk_view["offices"] if desk_view else [],
        look_alikes=_look_alikes(report) if is_admin else [],
        liaisons=staff_store.accounts_of(report.agency_id, rights.LO) if Act.ASSIGN in acts and report.agency_id else [],
        templates=templates, archive_reasons=[r.value for r in admin_bodies.ArchiveReason],
        classifications=["PENGADUAN", "ASPIRASI", "PERMINTAAN_INFORMASI"],
        categories=sorted(catalogue.categories().values(), key=lambda c: c.name(lang)),
        sectors=sorted(catalogue.sectors().items()), provinces=sorted(catalogue.provinces(), key=lambda r: r.name),
        audience=audience.value,
    )


@staff_route("/konsol/laporan/{tracking_id}")
def show_report(signed: auth.SignedIn, lang: str, cookies: list[str], tracking_id: str) -> Response:
    report = _load(signed, tracking_id)
    done = query().get("ok")
    flash = i18n.t(f"console.done.{done}", lang) if done in {a.value for a in Act} else None
    return report_page(signed, lang, cookies, report, flash=flash)


# --- actions ------------------------------------------------------------------------------------

_FIELD_OF = {"attachments.url": "attachments", "attachments": "attachments", "agency_id": "agency_id"}


def _parsed(model: type[BaseModel], data: dict[str, Any], lang: str) -> tuple[Any | None, dict[str, str]]:
    try:
        return model.model_validate(data), {}
    except ValidationError as error:
        messages = forms.field_errors(error, lang)
        return None, {_FIELD_OF.get(k, k): v for k, v in messages.items()}


def _text(data: dict[str, list[str]], name: str) -> str | None:
    value = field(data, name)
    return value or None


def _version(data: dict[str, list[str]]) -> int | None:
    raw = field(data, "version")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10**9 else None


def _attachments(data: dict[str, list[str]]) -> list[dict[str, str]]:
    lines = [line.strip() for line in field(data, "attachments").splitlines() if line.strip()]
    return [{"url": line} for line in lines]


Perform = Callable[[auth.SignedIn, Report, dict[str, list[str]], str], tuple[Report | None, dict[str, str]]]


def _disposition(signed: auth.SignedIn, report: Report, data: dict[str, list[str]], lang: str):
    body, errors = _parsed(admin_bodies.Disposition, {
        "agency_id": field(data, "agency_id"), "note": _text(data, "note"), "version": _version(data)}, lang)
    if body is None:
        return None, errors
    return admin_actions.disposition(signed.staff.id, report.tracking_id, body.agency_id, note=body.note,
                                     version=body.version, staff_id=signed.staff.id), {}


def _archive(signed, report, data, lang):
    body, errors = _parsed(admin_bodies.Archive, {"reason": field(data, "reason"), "note": _text(data, "note"),
                                                  "version": _version(data)}, lang)
    if body is None:
        return None, errors
    return admin_actions.archive(signed.staff.id, report.tracking_id, body.reason.value, body.note,
                                 version=body.version, staff_id=signed.staff.id), {}


def _hold(signed, report, data, lang):
    body, errors = _parsed(admin_bodies.Hold, {"message": field(data, "message"), "version": _version(data)}, lang)
    if body is None:
        return None, errors
    return admin_actions.hold(signed.staff.id, report.tracking_id, body.message, version=body.version,
                              staff_id=signed.staff.id), {}


def _amend(signed, report, data, lang):
    """The correction form: the same rule as the admin API (admin_actions.amend decides), so a
    reporter's anonim/rahasia choice can be tightened here but never turned off."""
    def flag(name: str) -> bool | None:
        value = field(data, name)
        return None if value == "" else value == "1"

    changes = {"classification": field(data, "classification") or None,
               "category": field(data, "category") or None, "anonim": flag("anonim"), "rahasia": flag("rahasia")}
    body, errors = _parsed(admin_bodies.Amend, {**changes, "note": _text(data, "note"), "version": _version(data)},
                           lang)
    if body is None:
        return None, errors
    fields_ = {k: getattr(body, k) for k in ("classification", "category", "anonim", "rahasia")}
    fields_ = {k: v for k, v in fields_.items() if v is not None and v != getattr(report, k)}
    if not fields_:
        # Nothing to correct (e.g. only a note): say so; never save a topic the admin did not choose.
        return None, {"classification": i18n.t("desk.nothing_to_correct", lang)}
    try:
        return admin_actions.amend(signed.staff.id, report.tracking_id, fields_, body.note, version=body.version,
                                   staff_id=signed.staff.id), {}
    except PrivacyLoosening as refused:
        return None, {refused.params["flag"]: i18n.error_text(refused.code, lang, **refused.params)}


def _admin_note(signed, report, data, lang):
    body, errors = _parsed(admin_bodies.Note, {"note": field(data, "note"), "version": _version(data)}, lang)
    if body is None:
        return None, errors
    return admin_actions.add_note(signed.staff.id, report.tracking_id, body.note, version=body.version,
                                  staff_id=signed.staff.id), {}


def _agency(signed: auth.SignedIn) -> str:
    return signed.staff.agency_id or ""


def _acknowledge(signed, report, data, lang):
    return agency_actions.acknowledge(_agency(signed), report.tracking_id, _version(data),
                                      staff_id=signed.staff.id), {}


def _assign(signed, report, data, lang):
    assignee = field(data, "assignee")
    account = staff_store.get_account(_agency(signed), assignee) if assignee else None
    if account is None or account.role is not rights.LO or not account.active:
        return None, {"assignee": i18n.t("console.assignee_unknown", lang)}
    return agency_actions.assign(_agency(signed), report.tracking_id, assignee, signed.staff.id,
                                 _version(data)), {}


def _answer(post, signed, report, data, lang):
    """A follow-up or a progress update: the same form (message, https links, uploaded files), posted
    through `post` (agency_actions.follow_up or post_progress)."""
    body, errors = _parsed(agency_bodies.FollowUp, {"message": field(data, "message"),
                                                    "attachments": _attachments(data), "version": _version(data)},
                           lang)
    if body is None:
        return None, errors
    files = [value.strip() for value in data.get("files", []) if value.strip()]  # uploaded by files.js
    return post(_agency(signed), report.tracking_id, body.message,
                [a.model_dump(exclude_none=True) for a in body.attachments], body.version,
                staff_id=signed.staff.id, files=files[:5]), {}


def _progress(signed, report, data, lang):
    return _answer(agency_actions.post_progress, signed, report, data, lang)


def _follow_up(signed, report, data, lang):
    return _answer(agency_actions.follow_up, signed, report, data, lang)


def _clarify(signed, report, data, lang):
    body, errors = _parsed(agency_bodies.Clarification, {"message": field(data, "message"),
                                                         "version": _version(data)}, lang)
    if body is None:
        return None, errors
    return agency_actions.request_clarification(_agency(signed), report.tracking_id, body.message, body.version,
                                                staff_id=signed.staff.id), {}


def _not_authority(signed, report, data, lang):
    body, errors = _parsed(agency_bodies.NotAuthority, {"reason": field(data, "reason"),
                                                        "version": _version(data)}, lang)
    if body is None:
        return None, errors
    return agency_actions.not_authority(_agency(signed), report.tracking_id, body.reason, body.version,
                                        staff_id=signed.staff.id), {}


def _forward(signed, report, data, lang):
    body, errors = _parsed(agency_bodies.Forward, {"agency_id": field(data, "agency_id"),
                                                   "reason": field(data, "reason"), "version": _version(data)}, lang)
    if body is None:
        return None, errors
    return agency_actions.forward(_agency(signed), report.tracking_id, body.agency_id, body.reason, body.version,
                                  staff_id=signed.staff.id), {}


def _note(signed, report, data, lang):
    body, errors = _parsed(agency_bodies.Note, {"note": field(data, "note"), "version": _version(data)}, lang)
    if body is None:
        return None, errors
    return agency_actions.add_note(_agency(signed), report.tracking_id, body.note, body.version,
                                   staff_id=signed.staff.id), {}


PERFORM: dict[Act, Perform] = {
    Act.DISPOSITION: _disposition, Act.ARCHIVE: _archive, Act.HOLD: _hold, Act.AMEND: _amend,
    Act.ADMIN_NOTE: _admin_note, Act.MERGE: desk.merge_act, Act.ACKNOWLEDGE: _acknowledge, Act.ASSIGN: _assign,
    Act.FOLLOW_UP: _follow_up,
    Act.CLARIFY: _clarify, Act.NOT_AUTHORITY: _not_authority, Act.FORWARD: _forward, Act.NOTE: _note,
    Act.PROGRESS: _progress,
}


@staff_route("/konsol/laporan/{tracking_id}/{act_name}", "POST")
def act_on_report(signed: auth.SignedIn, lang: str, cookies: list[str], tracking_id: str, act_name: str) -> Response:
    act = rights.act_of(act_name)
    if act is None:
        raise Refused(404, "console.page_not_found")
    if not rights.may_act(signed.staff, act):
        raise Refused(403, "console.forbidden")
    report = _load(signed, tracking_id)
    data = form()
    values = {name: field(data, name) for name in data if name != "csrf"}
    if act not in available(signed, report):
        return report_page(signed, lang, cookies, report, 409, {act.value: i18n.t("console.not_now", lang)},
                           values, act.value)
    try:
        updated, errors = PERFORM[act](signed, report, data, lang)
    except ValidationFailed as error:
        field_name = str(error.params.get("field") or act.value)
        updated, errors = None, {field_name: i18n.error_text(error.code, lang)}
    except ConcurrentUpdate:
        fresh = _load(signed, tracking_id)
        return report_page(signed, lang, cookies, fresh, 409, {act.value: i18n.t("console.changed_meanwhile", lang)},
                           values, act.value)
    except (IllegalTransition, NotFound):
        return report_page(signed, lang, cookies, report, 409, {act.value: i18n.t("console.not_now", lang)},
                           values, act.value)
    if updated is None:
        return report_page(signed, lang, cookies, report, 422, forms.ordered(errors), values, act.value)
    if not rights.may_see(signed.staff, updated):  # e.g. forwarded away: back to the list
        home = rights.HOME[signed.staff.role].value
        return redirect(f"{base()}/konsol/{home}?{urlencode({'ok': act.value, 'laporan': updated.tracking_id})}",
                        cookies + signed.cookies)
    return redirect(f"{base()}/konsol/laporan/{updated.tracking_id}?ok={act.value}#hasil", cookies + signed.cookies)


__all__ = ["PAGE_SIZE", "available", "search_agencies"]
