"""Citizen web pages as a Chalice Blueprint: the report form (`/`, `POST /lapor`), the
confirmation, the tracking page (`/lacak/{tracking_id}`) and its reporter actions, static assets.

Every page works as plain HTML forms without JavaScript; static/app.js only improves them.
Validation and state changes go through the same services as the JSON API (intake, reporter
actions), and what a visitor may see comes from the same privacy projection (reports_query).
"""
from __future__ import annotations

import logging
import secrets
from datetime import datetime
from typing import Any
from urllib.parse import quote

from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from chalice import Blueprint, Response
from pydantic import ValidationError

from chalicelib.directory import catalogue
from chalicelib.domain import lifecycle
from chalicelib.domain.calendar import local_date
from chalicelib.domain.errors import (
    DomainError,
    IllegalTransition,
    NotFound,
    ValidationFailed,
)
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Channel, Role, Status
from chalicelib.domain.privacy import Audience
from chalicelib.domain.tracking import normalize_tracking_id
from chalicelib.http.endpoints import error_response, json_response, language
from chalicelib.http.reporter_bodies import RatingIn, ReopenIn, ReplyIn
from chalicelib.intake import attachments as attachment_rules
from chalicelib.intake import idempotency_keys
from chalicelib.intake.limits import BODY_MAX, TITLE_MAX
from chalicelib.intake.service import submit_idempotently
from chalicelib.pages import forms, i18n, render, session, topic
from chalicelib.reports import read as reports_query
from chalicelib.reports import reporter as reporter_actions
from chalicelib.reports import similar
from chalicelib.shared import clock
from chalicelib.web import csrf, support_form, topic_choice

log = logging.getLogger(__name__)
web = Blueprint(__name__)
FORM_TYPES = ["application/x-www-form-urlencoded"]
_FLASH = {"reply": "reply_sent", "confirm": "confirmed", "reopen": "public_reopened", "support": "public_supported"}
CONVERSATION = ("FOLLOW_UP", "PROGRESS", "REQUEST_CLARIFICATION", "REPLY", "CLARIFY")


# --- request helpers ---------------------------------------------------------------------------

def _request() -> Any:
    return web.current_request


def _base() -> str:
    return render.stage_prefix(_request())


def _lang() -> tuple[str, list[str]]:
    """Language of this page and, when the visitor just switched, the cookie that remembers it."""
    request = _request()
    asked = i18n.pick_lang((request.query_params or {}).get("lang"))
    if asked:
        return asked, [session.lang_cookie(asked, _base(), session.is_https(request))]
    return i18n.pick_lang(session.cookies(request).get(session.LANG_COOKIE)) or i18n.DEFAULT_LANG, []


def _cross_site_refusal() -> Response | None:
    """403 for a form post another site made (web/csrf.py); None when it may proceed."""
    if csrf.same_origin_post(_request()):
        return None
    lang, cookies = _lang()
    return render.page("refused.html", lang, _base(), status=403, cookies=cookies,
                       heading=i18n.error_text("forbidden", lang), reason=i18n.error_text("cross_site_form", lang))


def _form_body() -> dict[str, list[str]]:
    return forms.parse_form(_request().raw_body)


def _form_key(value: str = "") -> str:
    if len(value) <= 64 and idempotency_keys.is_strong(value):  # a guessable key could replay another's receipt
        return value
    return secrets.token_urlsafe(24)


# --- the form ----------------------------------------------------------------------------------

def _choices(lang: str) -> dict[str, Any]:
    provinces = sorted(catalogue.provinces(), key=lambda r: r.name)
    regencies = [(p, sorted(catalogue.regencies_of(p.code), key=lambda r: r.name)) for p in provinces]
    sectors = catalogue.sectors()
    grouped: dict[str, list[Any]] = {}
    for category in catalogue.categories().values():
        grouped.setdefault(category.sector, []).append(category)
    categories = [
        ((sectors.get(code) or {}).get("name_en" if lang == "en" else "name_id") or code,
         sorted(items, key=lambda c: c.name(lang)))
        for code, items in grouped.items()
    ]
    agencies = [(a["id"], a["name_en"] if lang == "en" else a["name"]) for a in catalogue.national_agencies()]
    return {"provinces": provinces, "regencies": regencies, "categories": categories,
            "agencies": sorted(agencies, key=lambda a: a[1])}


def _kept_attachments(ids: list[str]) -> list[Any]:
    kept = []
    for attachment_id in ids[: attachment_rules.MAX_FILES]:
        try:
            kept.append(attachment_rules.verify_one(attachment_id, store_clean=False))
        except ValidationFailed:
            continue
    return kept


def _form_page(lang: str, cookies: list[str], values: dict[str, list[str]] | None = None,
               errors: dict[str, str] | None = None, status: int = 200,
               search: dict[str, str] | None = None, similar_reports: list[Any] | None = None,
               topics: list[Any] | None = None) -> Response:
    values = values or {}
    flat = {name: forms.first(values, name) for name in values}
    errors = errors or {}
    return render.page(
        "form.html", lang, _base(), status=status, cookies=cookies,
        values=flat, errors=errors, search=search or {}, similar=similar_reports or [], topics=topics or [],
        attachments=_kept_attachments(values.get("attachments", [])),
        form_key=_form_key(flat.get("form_key", "")),
        today=local_date(clock.now()).isoformat(), title_max=TITLE_MAX, body_max=BODY_MAX,
        max_files=attachment_rules.MAX_FILES, max_bytes=attachment_rules.MAX_BYTES,
        accept=",".join(attachment_rules.ALLOWED_TYPES),
        classifications=("PENGADUAN", "ASPIRASI", "PERMINTAAN_INFORMASI"),
        msg_type=i18n.error_text("attachment_type", lang), msg_size=i18n.error_text("attachment_too_large", lang),
        msg_count=i18n.error_text("too_many_attachments", lang),
        **_choices(lang),
    )


@web.route("/", methods=["GET"])
def home() -> Response:
    lang, cookies = _lang()
    return _form_page(lang, cookies)


@web.route("/lapor", methods=["POST"], content_types=FORM_TYPES)
def submit_form() -> Response:
    refused = _cross_site_refusal()
    if refused is not None:
        return refused
    lang, cookies = _lang()
    form = _form_body()
    topic_choice.apply_choice(form)
    submission, errors = forms.validate(form, lang)
    if submission is None:
        return _form_page(lang, cookies, form, errors, status=422)
    if topic_choice.should_ask(form, submission.category):
        # Before filing: the router would be unsure of this text, so the citizen picks the topic.
        offered = topic_choice.unsure_topics(submission.title, submission.body, submission.region_code)
        if offered:
            return _form_page(lang, cookies, form, topics=offered)
    if not forms.first(form, "similar_seen"):
        # Before filing: an open look-alike the citizen could support instead (shown once).
        found = similar.for_submission(submission.title, submission.body, submission.region_code,
                                       submission.category, clock.now(),
                                       similar.point_of(submission.latitude, submission.longitude))
        if found:
            return _form_page(lang, cookies, form, similar_reports=found)
    key = _form_key(forms.first(form, "form_key"))
    try:
        try:
            receipt = submit_idempotently(submission, Channel.WEB, key, web.lambda_context)
        except IdempotencyValidationError:
            # The same form was sent before with other content: the visitor edited it after
            # sending, so this is a new report.
            receipt = submit_idempotently(submission, Channel.WEB, secrets.token_urlsafe(24), web.lambda_context)
    except ValidationFailed as error:
        return _form_page(lang, cookies, form, forms.domain_field_error(error, lang), status=422)
    except IdempotencyAlreadyInProgressError:
        return _form_page(lang, cookies, form, {"form": i18n.error_text("idempotency_in_progress", lang)},
                          status=409)
    base = _base()
    cookies.append(session.token_cookie(receipt.tracking_id, receipt.reporter_token, base,
                                        session.is_https(_request())))
    return render.page(
        "confirmation.html", lang, base, status=201, cookies=cookies,
        tracking_id=receipt.tracking_id, token=receipt.reporter_token,
        spelled=i18n.spell_tracking_id(receipt.tracking_id, lang),
        deadline=receipt.deadline,
    )


@web.route("/lacak", methods=["GET"])
def search() -> Response:
    lang, cookies = _lang()
    typed = ((_request().query_params or {}).get("id") or "").strip()
    canonical = normalize_tracking_id(typed) if typed else None
    if canonical is None:
        code = "missing" if not typed else "invalid_tracking_id"
        return _form_page(lang, cookies, search={"value": typed, "error": i18n.error_text(code, lang)},
                          status=422 if typed else 400)
    return render.redirect(f"{_base()}/lacak/{canonical}", cookies)


# --- the tracking page -------------------------------------------------------------------------

def _token(tracking_id: str) -> str | None:
    # Only the cookie of this report's path reaches here; a stale one simply does not match.
    return session.cookies(_request()).get(session.TOKEN_COOKIE) or None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _track_page(tracking_id: str, lang: str, cookies: list[str], status: int = 200,
                errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
                token_error: str | None = None) -> Response:
    base = _base()
    try:
        report = reports_query.load(tracking_id)
    except NotFound:
        return _not_found(lang, cookies, tracking_id)
    token = _token(report.tracking_id)
    is_reporter = reports_query.is_reporter(report, token)
    audience = Audience.REPORTER if is_reporter else Audience.PUBLIC
    view = reports_query.render(report, audience, lang)
    if view is None:
        return _not_found(lang, cookies, report.tracking_id, token_error=token_error)
    timeline = [dict(event, at=_moment(event["at"])) for event in view["timeline"]]
    conversation = [e for e in timeline if e["action"] in CONVERSATION and e.get("message")]
    flash = (_request().query_params or {}).get("ok")
    support, support_cookies = support_form.context(_request(), report.tracking_id, base) \
        if not report.rahasia else ({}, [])
    cookies = [*cookies, *support_cookies]
    return render.page(
        "track.html", lang, base, status=status, cookies=cookies, here=f"{base}/lacak/{report.tracking_id}",
        report=view, tracking_id=report.tracking_id, version=report.version, moment=_moment,
        is_reporter=is_reporter, csrf=session.csrf_for(token) if is_reporter else "",
        category_name=topic.category_words(view["category"], lang),
        region_name=topic.region_words(view["region_code"], lang),
        created=_moment(view["created_at"]), deadline=_moment(view["deadline"]),
        timeline=list(reversed(timeline)), conversation=conversation,
        can_reply=is_reporter and lifecycle.can_reply(report, clock.now()),
        can_confirm=is_reporter and Action.CONFIRM in lifecycle.allowed_actions(report, Role.REPORTER),
        reopen_until=lifecycle.reopen_until(report, clock.now()) if is_reporter else None,
        can_rate=is_reporter and report.status is Status.SELESAI and report.rating is None,
        errors=errors or {}, values=values or {}, token_error=token_error,
        flash_text=i18n.t(_FLASH[flash], lang) if flash in _FLASH else None,
        support=support,
        notifications=[dict(n, at=_moment(n["at"])) for n in view.get("notifications") or []],
        topic_adjusted=_topic_adjusted(view, lang) if is_reporter else None,
    )


def _topic_adjusted(view: dict, lang: str) -> str | None:
    """Plain words for the reporter when the router routed by the text over the topic they chose
    (routing.reading "corrected"), unless staff put it back since."""
    said = None
    for event in view["timeline"]:
        details = event.get("details") or {}
        if "topic_corrected" in details:
            said = details["topic_corrected"]
        elif "topic_restored" in details:
            said = None
    if not said:
        return None
    chosen, read = catalogue.category(said.get("from")), catalogue.category(said.get("to"))
    return i18n.t("topic_adjusted_notice", lang, chosen=chosen.name(lang) if chosen else said.get("from"),
                  read=read.name(lang) if read else said.get("to"))


def _not_found(lang: str, cookies: list[str], tracking_id: str | None = None,
               token_error: str | None = None) -> Response:
    here = f"{_base()}/lacak/{tracking_id}" if tracking_id else None
    return render.page("not_found.html", lang, _base(), status=404, cookies=cookies, here=here,
                       tracking_id=tracking_id, token_error=token_error, search={})


def _canonical_or_none(tracking_id: str) -> str | None:
    return normalize_tracking_id(tracking_id)


@web.route("/lacak/{tracking_id}", methods=["GET"])
def track(tracking_id: str) -> Response:
    lang, cookies = _lang()
    canonical = _canonical_or_none(tracking_id)
    if canonical is None:
        return _not_found(lang, cookies)
    if canonical != tracking_id:
        return render.redirect(f"{_base()}/lacak/{canonical}", cookies)
    return _track_page(canonical, lang, cookies)


@web.route("/lacak/{tracking_id}/berkas/{attachment_id}", methods=["GET"])
def open_file(tracking_id: str, attachment_id: str) -> Response:
    """A file on the tracking page: the reporter (by this report's cookie) gets their own and the
    agency's files, anyone else the agency's follow-up files of a public report; a fresh
    short-lived link each time (reports/files.py), else the not-found page."""
    from chalicelib.reports import files

    lang, cookies = _lang()
    canonical = _canonical_or_none(tracking_id)
    try:
        report = reports_query.load(canonical or tracking_id)
        is_reporter = reports_query.is_reporter(report, _token(report.tracking_id))
        variant = files.THUMBNAIL if (_request().query_params or {}).get("variant") == files.THUMBNAIL else files.FILE
        link = files.download_link(report, Audience.REPORTER if is_reporter else Audience.PUBLIC, attachment_id,
                                   "reporter" if is_reporter else "public", variant)
    except (NotFound, IllegalTransition):
        return _not_found(lang, cookies, canonical)
    return render.redirect(link["url"], cookies)


@web.route("/lacak/{tracking_id}/status", methods=["GET"])
def track_status(tracking_id: str) -> Response:
    """What the page's script polls to notice a change (status or any new event)."""
    canonical = _canonical_or_none(tracking_id)
    request = _request()
    lang = (i18n.pick_lang((request.query_params or {}).get("lang"))
            or i18n.pick_lang(session.cookies(request).get(session.LANG_COOKIE)) or language(request))
    try:
        report = reports_query.load(canonical or tracking_id)
    except NotFound:
        return error_response(404, "not_found", lang)  # the API's error object
    if report.rahasia and not reports_query.is_reporter(report, _token(report.tracking_id)):
        return error_response(404, "not_found", lang)
    return json_response({"status": report.status.value, "version": report.version})


@web.route("/lacak/{tracking_id}/kode", methods=["POST"], content_types=FORM_TYPES)
def enter_token(tracking_id: str) -> Response:
    """Remember the reporter token for this report (typed in, or handed over by the page script
    from the link's #token= fragment)."""
    refused = _cross_site_refusal()
    if refused is not None:
        return refused
    lang, cookies = _lang()
    canonical = _canonical_or_none(tracking_id)
    if canonical is None:
        return _not_found(lang, cookies)
    token = forms.first(_form_body(), "token")
    try:
        report = reports_query.load(canonical)
    except NotFound:
        return _not_found(lang, cookies)
    if not reports_query.is_reporter(report, token):
        return _track_page(canonical, lang, cookies, status=401, token_error=i18n.t("token_wrong", lang))
    cookies.append(session.token_cookie(canonical, token, _base(), session.is_https(_request())))
    return render.redirect(f"{_base()}/lacak/{canonical}", cookies)


@web.route("/lacak/{tracking_id}/lupakan", methods=["POST"], content_types=FORM_TYPES)
def forget_token(tracking_id: str) -> Response:
    refused = _cross_site_refusal()
    if refused is not None:
        return refused
    _, cookies = _lang()
    canonical = _canonical_or_none(tracking_id) or "-"
    cookies.append(session.clear_token_cookie(canonical, _base(), session.is_https(_request())))
    return render.redirect(f"{_base()}/lacak/{quote(canonical)}", cookies)


def _reporter_action(tracking_id: str, action: str) -> Response:
    refused = _cross_site_refusal()
    if refused is not None:
        return refused
    lang, cookies = _lang()
    canonical = _canonical_or_none(tracking_id)
    if canonical is None:
        return _not_found(lang, cookies)
    form = _form_body()
    token = _token(canonical)
    if not session.csrf_ok(token, forms.first(form, "csrf")):
        return _track_page(canonical, lang, cookies, status=403,
                           errors={"form": i18n.t("session_expired", lang)})
    field = {"reply": "message", "rate": "score", "reopen": "reason"}.get(action, "form")
    try:
        if action == "reply":
            body = ReplyIn.model_validate({"message": forms.first(form, "message")})
            reporter_actions.reply(canonical, token, body.message)
        elif action == "confirm":
            reporter_actions.confirm(canonical, token)
        elif action == "reopen":
            body_reopen = ReopenIn.model_validate({"reason": forms.first(form, "reason")})
            reporter_actions.reopen(canonical, token, body_reopen.reason)
        else:
            score = forms.first(form, "score")
            rating = RatingIn.model_validate({
                "score": int(score) if score.isdigit() else score,
                "comment": forms.first(form, "comment") or None,
            })
            reporter_actions.rate(canonical, token, rating.score, rating.comment)
    except ValidationError as error:
        errors = forms.field_errors(error, lang)
        message = next(iter(errors.values()))
        if action == "rate" and "score" in errors:
            message = i18n.error_text("missing", lang) if not forms.first(form, "score") else errors["score"]
        return _track_page(canonical, lang, cookies, status=422, errors={field: message},
                           values={k: forms.first(form, k) for k in ("message", "comment", "score", "reason")})
    except DomainError as error:
        return _track_page(canonical, lang, cookies, status=409,
                           errors={field: i18n.error_text(error.code, lang, **error.params)
                                   if error.code in ("reply_window_closed", "already_rated", "reopen_window_closed")
                                   else i18n.t("action_failed", lang)})
    return render.redirect(f"{_base()}/lacak/{canonical}?ok={action}", cookies)


@web.route("/lacak/{tracking_id}/balas", methods=["POST"], content_types=FORM_TYPES)
def reply(tracking_id: str) -> Response:
    return _reporter_action(tracking_id, "reply")


@web.route("/lacak/{tracking_id}/selesai", methods=["POST"], content_types=FORM_TYPES)
def confirm_done(tracking_id: str) -> Response:
    return _reporter_action(tracking_id, "confirm")


@web.route("/lacak/{tracking_id}/nilai", methods=["POST"], content_types=FORM_TYPES)
def rate(tracking_id: str) -> Response:
    return _reporter_action(tracking_id, "rate")


@web.route("/lacak/{tracking_id}/buka-kembali", methods=["POST"], content_types=FORM_TYPES)
def reopen(tracking_id: str) -> Response:
    return _reporter_action(tracking_id, "reopen")


# --- static assets -----------------------------------------------------------------------------

@web.route("/static/{name}", methods=["GET"])
def static(name: str) -> Response:
    found = render.static_file(name)
    if found is None:
        lang, cookies = _lang()
        return render.page("not_found.html", lang, _base(), status=404, cookies=cookies,
                           tracking_id=None, token_error=None, search={})
    body, content_type = found
    return Response(body=body.decode("utf-8"), headers={
        "Content-Type": content_type, "Cache-Control": "public, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff"})
