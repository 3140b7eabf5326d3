"""HTTP views of the deadline engine: `GET /api/v1/agency/reports/due` (an agency's reports by
deadline with the time left) and `GET /api/v1/admin/breaches` (open breaches by agency).
Authenticated with API keys (`Authorization: Bearer <key>`)."""
from __future__ import annotations

from collections.abc import Mapping

from chalice import Blueprint, Response

from chalicelib.api import principals
from chalicelib.domain.calendar import iso
from chalicelib.http.endpoints import ApiError, endpoint, json_response, language
from chalicelib.reports import deadline_views as queries
from chalicelib.shared import clock
from chalicelib.store.credentials import ADMIN, AGENCY

deadlines_api = Blueprint(__name__)


def _limit(query: Mapping[str, str]) -> int:
    raw = query.get("limit", "50")
    if not raw.isdigit() or not 1 <= int(raw) <= queries.MAX_LIMIT:
        raise ApiError(400, "invalid_query", field="limit")
    return int(raw)


@endpoint(deadlines_api, "/api/v1/agency/reports/due")
def agency_reports_due() -> Response:
    """An agency key lists its own reports; an admin key may name one with `?agency=`."""
    query: Mapping[str, str] = deadlines_api.current_request.query_params or {}
    principal = principals.require(deadlines_api.current_request, AGENCY, ADMIN)
    agency_id = principal.owner if principal.kind == AGENCY else query.get("agency")
    if not agency_id:
        raise ApiError(400, "invalid_query", field="agency")
    now = clock.now()
    items = queries.agency_reports_by_deadline(agency_id, now, _limit(query))
    return json_response({"agency_id": agency_id, "as_of": iso(now), "items": items})


@endpoint(deadlines_api, "/api/v1/admin/breaches")
def admin_breaches() -> Response:
    request = deadlines_api.current_request
    principals.require(request, ADMIN)
    query: Mapping[str, str] = request.query_params or {}
    agency_id = query.get("agency")
    return json_response(queries.breaches_by_agency(clock.now(), agency_id, language(request)))
