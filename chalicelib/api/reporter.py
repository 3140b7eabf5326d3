"""Reporter endpoints (reporter token as `Authorization: Bearer`): replies, confirm, rating."""
from __future__ import annotations

from collections.abc import Mapping

from chalice import Blueprint, Response

from chalicelib.domain.model import Report
from chalicelib.domain.privacy import Audience
from chalicelib.http.endpoints import (
    ApiError,
    bearer_token,
    endpoint,
    json_response,
    language,
    parse_json_object,
)
from chalicelib.http.reporter_bodies import RatingIn, ReopenIn, ReplyIn
from chalicelib.reports import files
from chalicelib.reports import read as reports_query
from chalicelib.reports import reporter as reporter_actions

reporter = Blueprint(__name__)


def _reporter_view(report: Report) -> Response:
    return json_response(reports_query.render(report, Audience.REPORTER, language(reporter.current_request)))


@endpoint(reporter, "/api/v1/reports/{tracking_id}/replies", methods=["POST"])
def post_reply(tracking_id: str) -> Response:
    request = reporter.current_request
    reporter_actions.authorized(tracking_id, bearer_token(request))  # 401/404 before any body error
    body = ReplyIn.model_validate(parse_json_object(request))
    return _reporter_view(reporter_actions.reply(tracking_id, bearer_token(request), body.message))


@endpoint(reporter, "/api/v1/reports/{tracking_id}/confirm", methods=["POST"])
def post_confirm(tracking_id: str) -> Response:
    return _reporter_view(reporter_actions.confirm(tracking_id, bearer_token(reporter.current_request)))


@endpoint(reporter, "/api/v1/reports/{tracking_id}/rating", methods=["POST"])
def post_rating(tracking_id: str) -> Response:
    request = reporter.current_request
    reporter_actions.authorized(tracking_id, bearer_token(request))  # 401/404 before any body error
    body = RatingIn.model_validate(parse_json_object(request))
    return _reporter_view(reporter_actions.rate(tracking_id, bearer_token(request), body.score, body.comment))


@endpoint(reporter, "/api/v1/reports/{tracking_id}/reopen", methods=["POST"])
def post_reopen(tracking_id: str) -> Response:
    request = reporter.current_request
    reporter_actions.authorized(tracking_id, bearer_token(request))  # 401/404 before any body error
    body = ReopenIn.model_validate(parse_json_object(request))
    return _reporter_view(reporter_actions.reopen(tracking_id, bearer_token(request), body.reason))


@endpoint(reporter, "/api/v1/reports/{tracking_id}/attachments/{attachment_id}")
def download_attachment(tracking_id: str, attachment_id: str) -> Response:
    """With the reporter token: the reporter's own files (as stored: cleaned) and the files staff
    attached to follow-ups. Without a token: the public, who get staff's follow-up files of a
    report they may see (never a rahasia one) and never the reporter's files (404)."""
    request = reporter.current_request
    token = bearer_token(request)
    query: Mapping[str, str] = request.query_params or {}
    variant = query.get("variant", files.FILE)
    if variant not in (files.FILE, files.THUMBNAIL):
        raise ApiError(400, "invalid_query", field="variant")
    if token is None:
        report = reports_query.load(tracking_id)
        return json_response(files.download_link(report, Audience.PUBLIC, attachment_id, "public", variant))
    report = reporter_actions.authorized(tracking_id, token)
    return json_response(files.download_link(report, Audience.REPORTER, attachment_id, "reporter", variant))
