"""Rewrites Chalice's own error responses (415, 405, 400, 500 it produces before or after a view)
into the API's error format, so every error a client sees has the same shape and language."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Response

from chalicelib.http.endpoints import error_response, language

_CODES = {
    "UnsupportedMediaType": "unsupported_media_type",
    "MethodNotAllowedError": "method_not_allowed",
    "BadRequestError": "bad_request",
    "BadRequest": "bad_request",
    "NotFoundError": "route_not_found",
    "InternalServerError": "internal_error",
}


def normalize_errors(app: Any) -> Callable[[Any, Callable[[Any], Response]], Response]:
    def middleware(event: Any, get_response: Callable[[Any], Response]) -> Response:
        response = get_response(event)
        body = response.body
        if response.status_code >= 400 and isinstance(body, dict) and "Code" in body:
            code = _CODES.get(body["Code"], "bad_request")
            allow: dict[str, Any] = {k: v for k, v in response.headers.items() if k.lower() == "allow"}
            return error_response(response.status_code, code, language(app.current_request), headers=allow)
        return response

    return middleware
