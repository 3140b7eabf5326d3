"""Citizen API: track a report, the public feed, and the reference lists forms need (filing one is
chalicelib/api/filing.py, so reading a report never loads the submission model)."""
from __future__ import annotations

import re
from collections.abc import Mapping

from chalice import Blueprint, Response

from chalicelib.directory import catalogue
from chalicelib.domain.calendar import JAKARTA
from chalicelib.domain.model import Status
from chalicelib.domain.privacy import Audience
from chalicelib.http import cursors
from chalicelib.http.endpoints import (
    ApiError,
    bearer_token,
    endpoint,
    json_response,
    language,
)
from chalicelib.reports import read as reports_query
from chalicelib.reports import reporter as reporter_actions
from chalicelib.shared import clock
from chalicelib.store import reports as store

citizen = Blueprint(__name__)


@endpoint(citizen, "/api/v1/reports/{tracking_id}")
def get_report(tracking_id: str) -> Response:
    request = citizen.current_request
    token = bearer_token(request)
    if token is not None:
        report = reporter_actions.authorized(tracking_id, token)  # 401, or 404 for a secret report
        audience = Audience.REPORTER
    else:
        report = reports_query.load(tracking_id)
        audience = Audience.PUBLIC
    body = reports_query.render(report, audience, language(request))
    if body is None:
        raise ApiError(404, "not_found")
    return json_response(body)


@endpoint(citizen, "/api/v1/feed")
def public_feed() -> Response:
    """Public reports by date, newest first, one month per page chain (`?month=YYYY-MM`)."""
    request = citizen.current_request
    query: Mapping[str, str] = request.query_params or {}
    month = _month(query)
    start = cursors.decode(query.get("cursor"), *store.feed_partition(month))
    items, last = reports_query.public_feed(month, start, cursors.limit(query), language(request),
                                            feed_filter(query))
    return json_response({"month": month, "items": items, "next_cursor": cursors.encode(last)})


@endpoint(citizen, "/api/v1/feed.geojson")
def public_feed_geojson() -> Response:
    """The public feed's reports that have a pin, as a GeoJSON FeatureCollection (RFC 7946), one
    month per page chain like `/api/v1/feed` and with the same filters (`status`, `category`,
    `region`, `agency`). Anonim pins are rounded to ~100 m; rahasia reports are never there."""
    from dataclasses import replace

    from chalicelib.reports import geo
    from chalicelib.settings import settings

    request = citizen.current_request
    query: Mapping[str, str] = request.query_params or {}
    month = _month(query)
    start = cursors.decode(query.get("cursor"), *store.feed_partition(month))
    located = replace(feed_filter(query), located=True)
    items, last = reports_query.public_feed(month, start, cursors.limit(query), language(request), located)
    body = geo.feature_collection(items, settings().site_url, month=month, next_cursor=cursors.encode(last))
    response = json_response(body)
    response.headers["Content-Type"] = "application/geo+json; charset=utf-8"
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


def _month(query: Mapping[str, str]) -> str:
    month = query["month"] if "month" in query else f"{clock.now().astimezone(JAKARTA):%Y-%m}"  # `month=` is invalid
    if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", month):
        raise ApiError(400, "invalid_query", field="month")
    return month


def feed_filter(query: Mapping[str, str]) -> reports_query.FeedFilter:
    """The browse facets of a feed query (`region`, `category`, `agency`, `status`), checked: a
    status outside the enumeration is malformed (400); a region or category that does not exist
    is 422; an agency is simply matched (an unknown one has no reports)."""
    from chalicelib.api.stats import unknown_value

    region, category = query.get("region") or None, query.get("category") or None
    agency, status = query.get("agency") or None, query.get("status") or None
    if status and status not in {s.value for s in Status}:
        raise ApiError(400, "invalid_query", field="status")
    if region and catalogue.region(region) is None:
        raise unknown_value("region", language(citizen.current_request))
    if category and catalogue.category(category) is None:
        raise unknown_value("category", language(citizen.current_request))
    return reports_query.FeedFilter(region=region, category=category, agency=agency, status=status)


@endpoint(citizen, "/api/v1/regions/at")
def region_at() -> Response:
    """The region a map pin proposes (`?lat=&lon=`), or `null` when packaged data cannot tell
    (directory/pins.py): the form then leaves the choice to the reporter."""
    from chalicelib.directory import pins
    from chalicelib.intake.schema import inside_indonesia

    query: Mapping[str, str] = citizen.current_request.query_params or {}
    coordinates: list[float] = []
    for name in ("lat", "lon"):
        try:
            coordinates.append(float(query.get(name, "")))
        except ValueError:
            raise ApiError(400, "invalid_query", field=name) from None
    latitude, longitude = coordinates
    if not inside_indonesia(latitude, longitude):
        return json_response(None, headers={"Cache-Control": "public, max-age=86400"})
    found = pins.propose(latitude, longitude)
    body = None if found is None else {"region_code": found.region_code, "province_code": found.province_code,
                                       "name": found.name, "distance_km": found.distance_km, "source": "island"}
    return json_response(body, headers={"Cache-Control": "public, max-age=86400"})


@endpoint(citizen, "/api/v1/categories")
def list_categories() -> Response:
    lang = language(citizen.current_request)
    sectors = catalogue.sectors()
    items = [
        {
            "code": c.code,
            "name": c.name(lang),
            "name_id": c.name_id,
            "name_en": c.name_en,
            "sector": c.sector,
            "sector_name": (sectors.get(c.sector) or {}).get("name_en" if lang == "en" else "name_id") or c.sector,
            "national": c.national,
        }
        for c in catalogue.categories().values()
    ]
    return json_response({"items": items}, headers={"Cache-Control": "public, max-age=3600"})


@endpoint(citizen, "/api/v1/regions")
def list_regions() -> Response:
    query: Mapping[str, str] = citizen.current_request.query_params or {}
    province = query.get("province")
    if province is None:
        regions = catalogue.provinces()
    else:
        found = catalogue.region(province)
        if found is None or not found.is_province:
            raise ApiError(400, "invalid_query", field="province")
        regions = catalogue.regencies_of(province)
    items = [{"code": r.code, "name": r.name, "kind": r.kind} for r in sorted(regions, key=lambda r: r.code)]
    return json_response({"items": items}, headers={"Cache-Control": "public, max-age=86400"})
