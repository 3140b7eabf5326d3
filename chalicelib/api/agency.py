"""Agency API (`/api/v1/agency/...`, `Authorization: Bearer <agency key>`).

Every report endpoint answers only for reports currently dispositioned to the caller's agency;
anything else is 404, exactly as for a report that does not exist.
"""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from pydantic import BaseModel

from chalicelib.api import preconditions, principals
from chalicelib.delivery import subscriptions
from chalicelib.delivery.fanout import replay
from chalicelib.domain.calendar import iso
from chalicelib.domain.model import Report, Status
from chalicelib.domain.privacy import Audience
from chalicelib.http import agency_bodies as schema
from chalicelib.http import cursors
from chalicelib.http.endpoints import (
    ApiError,
    endpoint,
    json_response,
    language,
    parse_json_object,
)
from chalicelib.reports import agency_actions as service
from chalicelib.reports import files
from chalicelib.reports import lists as queries
from chalicelib.reports import read as reports_query
from chalicelib.store import deliveries as delivery_log
from chalicelib.store import reports as store

agency_api = Blueprint(__name__)
_STATUSES = {s.value for s in Status}


def _request() -> Any:
    return agency_api.current_request


def _body(model: type[BaseModel]) -> Any:
    request = _request()
    data = parse_json_object(request) if request.raw_body else {}
    parsed: Any = model.model_validate(data)
    parsed.version = preconditions.expected_version(request, parsed.version)
    return parsed


def _report_response(report: Report, status: int = 200) -> Response:
    body = reports_query.render(report, Audience.AGENCY, language(_request()))
    return json_response(body, status, headers={"ETag": f'"{report.version}"'})


@endpoint(agency_api, "/api/v1/agency/reports")
def list_reports() -> Response:
    """`?status=DITERUSKAN` lists that status by due date; without it, every open report by due date."""
    agency_id = principals.agency(_request())
    query = _request().query_params or {}
    limit = cursors.limit(query)
    status = query.get("status")
    if status is not None:
        if status not in _STATUSES:
            raise ApiError(400, "invalid_query", field="status")
        start = cursors.decode(query.get("cursor"), *store.queue_partition(agency_id, status))
        reports, last = queries.by_status(agency_id, status, limit, start)
    else:
        start = cursors.decode(query.get("cursor"), *store.agency_due_partition(agency_id))
        reports, last = queries.by_due(agency_id, limit, start)
    return json_response({"items": [queries.summary(r) for r in reports], "next_cursor": cursors.encode(last)})


@endpoint(agency_api, "/api/v1/agency/reports/{tracking_id}")
def get_report(tracking_id: str) -> Response:
    agency_id = principals.agency(_request())
    return _report_response(service.visible_report(agency_id, tracking_id))


@endpoint(agency_api, "/api/v1/agency/reports/{tracking_id}/acknowledge", methods=["POST"])
def acknowledge(tracking_id: str) -> Response:
    agency_id = principals.agency(_request())
    body = _body(schema.Acknowledge)
    return _report_response(service.acknowledge(agency_id, tracking_id, body.version))


@endpoint(agency_api, "/api/v1/agency/reports/{tracking_id}/follow-ups", methods=["POST"])
def follow_up(tracking_id: str) -> Response:
    agency_id = principals.agency(_request())
    body = _body(schema.FollowUp)
    attachments = [a.model_dump(exclude_none=True) for a in body.attachments]
    return _report_response(service.follow_up(agency_id, tracking_id, body.message, attachments, body.version,
                                              files=body.files), 201)


@endpoint(agency_api, "/api/v1/agency/reports/{tracking_id}/progress", methods=["POST"])
def progress(tracking_id: str) -> Response:
    """News on the work after the first follow-up (status and deadline stay), with links and
    uploaded `files` under the follow-up's rules."""
    agency_id = principals.agency(_request())
    body = _body(schema.FollowUp)
    attachments = [a.model_dump(exclude_none=True) for a in body.attachments]
    return _report_response(service.post_progress(agency_id, tracking_id, body.message, attachments, body.version,
                                                  files=body.files), 201)


@endpoint(agency_api, "/api/v1/agency/reports/{tracking_id}/clarification", methods=["POST"])
def clarification(tracking_id: str) -> Response:
    agency_id = principals.agency(_request())
    body = _body(schema.Clarification)
    return _report_response(service.request_clarification(agency_id, tracking_id, body.message, body.version))


@endpoint(agency_api, "/api/v1/agency/reports/{tracking_id}/not-authority", methods=["POST"])
def not_authority(tracking_id: str) -> Response:
    agency_id = principals.agency(_request())
    body = _body(schema.NotAuthority)
    report = service.not_authority(agency_id, tracking_id, body.reason, body.version)
    # The report has left the agency: answer with what it may still know, not the full view.
    return json_response({"tracking_id": report.tracking_id, "status": report.status.value,
                          "updated_at": iso(report.updated_at)})


@endpoint(agency_api, "/api/v1/agency/reports/{tracking_id}/forward", methods=["POST"])
def forward(tracking_id: str) -> Response:
    agency_id = principals.agency(_request())
    body = _body(schema.Forward)
    report = service.forward(agency_id, tracking_id, body.agency_id, body.reason, body.version)
    return json_response({"tracking_id": report.tracking_id, "status": report.status.value,
                          "agency_id": report.agency_id, "updated_at": iso(report.updated_at)})


@endpoint(agency_api, "/api/v1/agency/reports/{tracking_id}/notes", methods=["POST"])
def add_note(tracking_id: str) -> Response:
    agency_id = principals.agency(_request())
    body = _body(schema.Note)
    return _report_response(service.add_note(agency_id, tracking_id, body.note, body.version), 201)


@endpoint(agency_api, "/api/v1/agency/webhook", methods=["PUT"])
def put_webhook() -> Response:
    """Register (or change) the endpoint; answers the new signing secret once. A previous secret
    stays valid for 24 hours: deliveries carry both signatures meanwhile."""
    agency_id = principals.agency(_request())
    body = schema.WebhookEndpoint.model_validate(parse_json_object(_request()))
    registration = subscriptions.register(agency_id, body.url)
    return json_response({"url": registration.url, "secret": registration.secret,
                          "previous_secret_expires_at": iso(registration.previous_secret_expires_at)})


@endpoint(agency_api, "/api/v1/agency/webhook", methods=["GET"])
def get_webhook() -> Response:
    agency_id = principals.agency(_request())
    record = subscriptions.get(agency_id)
    if record is None:
        raise ApiError(404, "no_webhook")
    return json_response(subscriptions.describe(record))


@endpoint(agency_api, "/api/v1/agency/webhook", methods=["DELETE"])
def delete_webhook() -> Response:
    agency_id = principals.agency(_request())
    if not subscriptions.remove(agency_id):
        raise ApiError(404, "no_webhook")
    return Response(body="", status_code=204)


@endpoint(agency_api, "/api/v1/agency/deliveries")
def list_deliveries() -> Response:
    agency_id = principals.agency(_request())
    query = _request().query_params or {}
    start = cursors.decode(query.get("cursor"), "agency_id", agency_id)
    records, last = delivery_log.page(agency_id, cursors.limit(query), start)
    return json_response({"items": [delivery_log.describe(r) for r in records], "next_cursor": cursors.encode(last)})


@endpoint(agency_api, "/api/v1/agency/deliveries/{delivery_id}")
def get_delivery(delivery_id: str) -> Response:
    agency_id = principals.agency(_request())
    record = delivery_log.get(agency_id, delivery_id)
    if record is None:
        raise ApiError(404, "delivery_not_found")
    return json_response(delivery_log.describe(record))


@endpoint(agency_api, "/api/v1/agency/deliveries/{delivery_id}/replay", methods=["POST"])
def replay_delivery(delivery_id: str) -> Response:
    """Deliver again with the same webhook-id (receivers dedupe by it)."""
    agency_id = principals.agency(_request())
    if subscriptions.active(agency_id) is None:
        raise ApiError(409, "no_webhook")
    record = replay(agency_id, delivery_id)
    if record is None:
        raise ApiError(404, "delivery_not_found")
    return json_response({"id": delivery_id, "status": delivery_log.PENDING}, 202)




def _variant(query: dict[str, str]) -> str:
    """`?variant=thumbnail` for the small JPEG a list shows; the file itself by default."""
    variant = query.get("variant", files.FILE)
    if variant not in (files.FILE, files.THUMBNAIL):
        raise ApiError(400, "invalid_query", field="variant")
    return variant


@endpoint(agency_api, "/api/v1/agency/reports/{tracking_id}/attachments/{attachment_id}")
def download_attachment(tracking_id: str, attachment_id: str) -> Response:
    """A short-lived link to one of the report's files (the metadata-stripped copy), minted for this
    request and written to the report's audit trail. `{"url", "expires_in", "content_type"}`."""
    agency_id = principals.agency(_request())
    report = service.visible_report(agency_id, tracking_id)
    link = files.download_link(report, Audience.AGENCY, attachment_id, agency_id,
                               _variant(_request().query_params or {}))
    return json_response(link)
