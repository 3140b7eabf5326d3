"""Public statistics as JSON: `GET /api/v1/stats?agency=&region=&month=` and the league table
`GET /api/v1/stats/league?kind=&month=`. The same figures as the statistics pages."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from chalice import Blueprint, Response

from chalicelib.http.endpoints import ApiError, endpoint, json_response, language
from chalicelib.http.messages import message
from chalicelib.stats import public

stats_api = Blueprint(__name__)
_CACHE = {"Cache-Control": "public, max-age=300"}


def unknown_value(field: str, lang: str) -> ApiError:
    """A well-formed value that names nothing we know (an agency, region or category): 422."""
    return ApiError(422, "validation_failed",
                    [{"field": field, "code": "invalid_value", "message": message("invalid_value", lang)}])


def _answer(build: Callable[[], dict[str, Any]]) -> Response:
    try:
        return json_response(build(), headers=_CACHE)
    except public.InvalidStatsQuery as error:
        field = error.params.get("field", "query")
        if field in ("month", "kind"):  # malformed: the documented pattern or enum
            raise ApiError(400, "invalid_query", field=field) from None
        raise unknown_value(field, language(stats_api.current_request)) from None


def _month(query: Mapping[str, str]) -> str | None:
    """The month asked for; a `month=` given empty is malformed (400), absent means all time."""
    if "month" in query:
        public.check_month(query["month"] or "-")
        return query["month"]
    return None


@endpoint(stats_api, "/api/v1/stats")
def get_stats() -> Response:
    request = stats_api.current_request
    query: Mapping[str, str] = request.query_params or {}
    return _answer(lambda: public.scope_figures(
        query.get("agency") or None, query.get("region") or None, _month(query), language(request),
        category=query.get("category") or None))


@endpoint(stats_api, "/api/v1/stats/league")
def get_league() -> Response:
    request = stats_api.current_request
    query: Mapping[str, str] = request.query_params or {}
    return _answer(lambda: public.league_table(query.get("kind") or "agency", _month(query), language(request)))
