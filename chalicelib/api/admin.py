"""Admin API (`/api/v1/admin/...`, `Authorization: Bearer <admin key>`)."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from pydantic import BaseModel

from chalicelib.api import preconditions, principals
from chalicelib.directory import agencies
from chalicelib.domain.calendar import iso
from chalicelib.domain.model import Report, Status
from chalicelib.domain.privacy import Audience
from chalicelib.http import admin_bodies as schema
from chalicelib.http import cursors
from chalicelib.http.endpoints import (
    ApiError,
    endpoint,
    json_response,
    language,
    parse_json_object,
)
from chalicelib.reports import admin_actions as service
from chalicelib.reports import files
from chalicelib.reports import lists as queries
from chalicelib.reports import read as reports_query
from chalicelib.routing.restore import restore_topic as put_back_topic
from chalicelib.store import credentials, directory
from chalicelib.store import reports as store

admin_api = Blueprint(__name__)
# Reports waiting for the national admins: never dispositioned, declined by an agency, or on hold.
QUEUE_STATUSES = (Status.DITERIMA.value, Status.BUKAN_WEWENANG.value, Status.DITUNDA.value)


def _request() -> Any:
    return admin_api.current_request


def _body(model: type[BaseModel]) -> Any:
    request = _request()
    parsed: Any = model.model_validate(parse_json_object(request) if request.raw_body else {})
    if "version" in model.model_fields:
        parsed.version = preconditions.expected_version(request, parsed.version)
    return parsed


def _report_response(report: Report, status: int = 200) -> Response:
    body = reports_query.render(report, Audience.ADMIN, language(_request()))
    return json_response(body, status, headers={"ETag": f'"{report.version}"'})


@endpoint(admin_api, "/api/v1/admin/queue")
def verification_queue() -> Response:
    """Reports the router left (DITERIMA), agencies declined (BUKAN_WEWENANG) or admins put on
    hold (DITUNDA), oldest deadline first. `?status=` picks one; DITERIMA by default."""
    principals.admin(_request())
    query = _request().query_params or {}
    status = query.get("status", Status.DITERIMA.value)
    if status not in QUEUE_STATUSES:
        raise ApiError(400, "invalid_query", field="status")
    start = cursors.decode(query.get("cursor"), *store.queue_partition(None, status))
    reports, last = queries.by_status(None, status, cursors.limit(query), start)
    items = [queries.summary(r, Audience.ADMIN) for r in reports]
    return json_response({"items": items, "next_cursor": cursors.encode(last)})


@endpoint(admin_api, "/api/v1/admin/reports/{tracking_id}")
def get_report(tracking_id: str) -> Response:
    principals.admin(_request())
    return _report_response(reports_query.load(tracking_id))


@endpoint(admin_api, "/api/v1/admin/reports/{tracking_id}/disposition", methods=["POST"])
def disposition(tracking_id: str) -> Response:
    admin_id = principals.admin(_request())
    body = _body(schema.Disposition)
    return _report_response(service.disposition(admin_id, tracking_id, body.agency_id, body.classification,
                                                body.category, body.note, body.version))


@endpoint(admin_api, "/api/v1/admin/reports/{tracking_id}/archive", methods=["POST"])
def archive(tracking_id: str) -> Response:
    admin_id = principals.admin(_request())
    body = _body(schema.Archive)
    return _report_response(service.archive(admin_id, tracking_id, body.reason.value, body.note, body.version))


@endpoint(admin_api, "/api/v1/admin/reports/{tracking_id}/hold", methods=["POST"])
def hold(tracking_id: str) -> Response:
    admin_id = principals.admin(_request())
    body = _body(schema.Hold)
    return _report_response(service.hold(admin_id, tracking_id, body.message, body.version))


@endpoint(admin_api, "/api/v1/admin/reports/{tracking_id}", methods=["PATCH"])
def amend(tracking_id: str) -> Response:
    """Set or correct classification, category, `anonim` and `rahasia`."""
    admin_id = principals.admin(_request())
    body = _body(schema.Amend)
    fields = body.model_dump(exclude={"note", "version"}, exclude_none=True)
    return _report_response(service.amend(admin_id, tracking_id, fields, body.note, body.version))


@endpoint(admin_api, "/api/v1/admin/reports/{tracking_id}/restore-topic", methods=["POST"])
def restore_topic(tracking_id: str) -> Response:
    """Put back the topic the reporter chose after the router routed by the text (routing.reading)."""
    admin_id = principals.admin(_request())
    body = _body(schema.RestoreTopic)
    return _report_response(put_back_topic(admin_id, tracking_id, body.note, body.version))


@endpoint(admin_api, "/api/v1/admin/reports/{tracking_id}/notes", methods=["POST"])
def add_note(tracking_id: str) -> Response:
    admin_id = principals.admin(_request())
    body = _body(schema.Note)
    return _report_response(service.add_note(admin_id, tracking_id, body.note, body.version), 201)


@endpoint(admin_api, "/api/v1/admin/agencies", methods=["POST"])
def create_agency() -> Response:
    principals.admin(_request())
    body = _body(schema.AgencyCreate)
    record = agencies.create(body.model_dump())
    if record is None:
        raise ApiError(409, "agency_exists")
    return json_response(agencies.describe(record), 201,
                         headers={"Location": f"/api/v1/admin/agencies/{record.agency_id}"})


@endpoint(admin_api, "/api/v1/admin/agencies/{agency_id}", methods=["GET"])
def get_agency(agency_id: str) -> Response:
    principals.admin(_request())
    record = directory.get_agency(agency_id)
    if record is None:
        raise ApiError(404, "agency_not_found")
    return json_response(agencies.describe(record))


@endpoint(admin_api, "/api/v1/admin/agencies/{agency_id}", methods=["PATCH"])
def update_agency(agency_id: str) -> Response:
    principals.admin(_request())
    body = _body(schema.AgencyUpdate)
    record = agencies.update(agency_id, body.model_dump(exclude_none=True))
    if record is None:
        raise ApiError(404, "agency_not_found")
    return json_response(agencies.describe(record))


@endpoint(admin_api, "/api/v1/admin/agencies/{agency_id}/keys", methods=["POST"])
def issue_agency_key(agency_id: str) -> Response:
    """A new API key for the agency, shown only in this answer. Earlier keys stay valid until
    revoked, so the agency can rotate without downtime."""
    principals.admin(_request())
    if directory.get_agency(agency_id) is None:
        raise ApiError(404, "agency_not_found")
    key, key_id = credentials.issue_key(credentials.AGENCY, agency_id)
    return json_response({"api_key": key, "key_id": key_id, "agency_id": agency_id}, 201)


@endpoint(admin_api, "/api/v1/admin/agencies/{agency_id}/keys", methods=["GET"])
def list_agency_keys(agency_id: str) -> Response:
    principals.admin(_request())
    if directory.get_agency(agency_id) is None:
        raise ApiError(404, "agency_not_found")
    items = [{"key_id": r.key_id, "created_at": iso(r.created_at), "revoked_at": iso(r.revoked_at),
              "active": r.revoked_at is None}
             for r in credentials.list_keys(agency_id) if r.kind == credentials.AGENCY]
    return json_response({"items": items})


@endpoint(admin_api, "/api/v1/admin/agencies/{agency_id}/keys/{key_id}", methods=["DELETE"])
def revoke_agency_key(agency_id: str, key_id: str) -> Response:
    principals.admin(_request())
    if directory.get_agency(agency_id) is None:
        raise ApiError(404, "agency_not_found")
    if not credentials.revoke(agency_id, key_id, kind=credentials.AGENCY):
        raise ApiError(404, "key_not_found")
    return Response(body="", status_code=204)


@endpoint(admin_api, "/api/v1/admin/reports/{tracking_id}/attachments/{attachment_id}")
def download_attachment(tracking_id: str, attachment_id: str) -> Response:
    """As the agency API's: a short-lived link to a cleaned file, on the audit trail."""
    admin_id = principals.admin(_request())
    variant = (_request().query_params or {}).get("variant", files.FILE)
    if variant not in (files.FILE, files.THUMBNAIL):
        raise ApiError(400, "invalid_query", field="variant")
    report = reports_query.load(tracking_id)
    return json_response(files.download_link(report, Audience.ADMIN, attachment_id, admin_id, variant))


@endpoint(admin_api, "/api/v1/admin/reports/{tracking_id}/downloads")
def download_trail(tracking_id: str) -> Response:
    """Who was given a link to which of the report's files, and when (oldest first)."""
    principals.admin(_request())
    report = reports_query.load(tracking_id)
    return json_response({"items": files.audit_trail(report.tracking_id)})
