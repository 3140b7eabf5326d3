"""Public statistics as JSON: `GET /api/v1/stats?agency=&region=&month=` and the league table
`GET /api/v1/stats/league?kind=&month=`. The same figures as the statistics pages."""
from __future__ import annotations

from chalice import Blueprint, Response

from typing import Any, Callable

from chalicelib.api.http import ApiError, endpoint, json_response, language
from chalicelib.stats import public

stats_api = Blueprint(__name__)
_CACHE = {"Cache-Control": "public, max-age=300"}


def _answer(build: Callable[[], dict[str, Any]]) -> Response:
    try:
        return json_response(build(), headers=_CACHE)
    except public.InvalidStatsQuery as error:
        raise ApiError(400, "invalid_query", field=error.params.get("field", "query")) from None


@endpoint(stats_api, "/api/v1/stats")
def get_stats() -> Response:
    request = stats_api.current_request
    query = request.query_params or {}
    return _answer(lambda: public.scope_figures(
        query.get("agency") or None, query.get("region") or None, query.get("month") or None, language(request),
        category=query.get("category") or None))


@endpoint(stats_api, "/api/v1/stats/league")
def get_league() -> Response:
    request = stats_api.current_request
    query = request.query_params or {}
    return _answer(lambda: public.league_table(query.get("kind") or "agency", query.get("month") or None,
                                               language(request)))
