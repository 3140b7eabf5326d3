"""Public directory API: `GET /api/v1/agencies?region=&q=` and `GET /api/v1/agencies/{id}`.

Read-only and open to anyone (forms and clients use it to suggest an agency). Lists are pages of
one region's partition of the agencies table's region index, with cursors bound to that region."""
from __future__ import annotations

import re
from collections.abc import Mapping

from chalice import Blueprint, Response

from chalicelib.directory import lookup
from chalicelib.directory.catalogue import NATIONAL
from chalicelib.directory.catalogue import region as find_region
from chalicelib.http import cursors
from chalicelib.http.endpoints import ApiError, endpoint, json_response, language
from chalicelib.store import directory as store

REGION_PATTERN = re.compile(r"ID|[0-9]{2}(\.[0-9]{2})?")  # the OpenAPI document says the same

directory_api = Blueprint(__name__)
MAX_QUERY_CHARS = 100
MIN_QUERY_CHARS = 2
_AGENCY_ID = re.compile(r"^[A-Za-z0-9._\-]{1,80}$")


@endpoint(directory_api, "/api/v1/agencies")
def list_agencies() -> Response:
    """`region`: a Kemendagri code (62, 62.01) or ID for the national bodies; without it, the
    national bodies plus (with `q`) the governments of the regions the words name. `q`: words
    that must all appear in the agency's name."""
    request = directory_api.current_request
    query: Mapping[str, str] = request.query_params or {}
    region = query.get("region")
    if region is not None and not REGION_PATTERN.fullmatch(region):
        raise ApiError(400, "invalid_query", field="region")
    if region is not None and region != NATIONAL and find_region(region) is None:
        raise ApiError(422, "unknown_region", field="region")  # well formed, but no such region
    words = query.get("q")
    if words is not None:
        words = words.strip()
        if len(words) > MAX_QUERY_CHARS:
            raise ApiError(400, "invalid_query", field="q")
        if len(words) < MIN_QUERY_CHARS:
            raise ApiError(400, "query_too_short", min=MIN_QUERY_CHARS)
    partition = region or NATIONAL
    start = cursors.decode(query.get("cursor"), *store.region_partition(partition))
    items, last = lookup.search(None if region is None else partition, words, cursors.limit(query, default=50),
                                start, language(request))
    return json_response({"items": items, "next_cursor": cursors.encode(last)},
                         headers={"Cache-Control": "public, max-age=300"})


@endpoint(directory_api, "/api/v1/agencies/{agency_id}")
def get_agency(agency_id: str) -> Response:
    request = directory_api.current_request
    found = lookup.get(agency_id, language(request)) if _AGENCY_ID.match(agency_id) else None
    if found is None:
        raise ApiError(404, "agency_not_found")
    return json_response(found, headers={"Cache-Control": "public, max-age=300"})
