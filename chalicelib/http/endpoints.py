"""Request parsing and response shaping shared by every endpoint.

Errors always answer `{"error": {"code", "message", "details"?}}` with the message in the
caller's language (Bahasa Indonesia unless `Accept-Language` prefers English). `endpoint()`
registers a view so that nothing a client sends can turn into a 500.
"""
from __future__ import annotations

import functools
import json
import logging
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

from chalice import Blueprint, Response

if TYPE_CHECKING:
    from pydantic import ValidationError

from chalicelib.domain.errors import (
    ConcurrentUpdate,
    DomainError,
    IllegalTransition,
    NotFound,
    ValidationFailed,
)
from chalicelib.http.messages import message

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000
# Deepest array/object nesting a body may have. Real bodies nest 3 levels; json.loads recurses
# once per level and raises RecursionError near 1,000, so the bound is checked before parsing.
MAX_JSON_DEPTH = 32
JSON_TYPE = "application/json"
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


NOSNIFF = {"X-Content-Type-Options": "nosniff"}
Middleware = Callable[[Any, Callable[[Any], Response]], Response]


class ApiError(Exception):
    def __init__(self, status: int, code: str, details: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None, **params: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.details, self.headers, self.params = status, code, details, headers, params


def language(request: Any) -> str:
    """'en' when the caller asks for English (query `lang=en` or Accept-Language), else 'id'."""
    query = (request.query_params or {}) if request is not None else {}
    if query.get("lang") in ("id", "en"):
        return query["lang"]
    header = (request.headers.get("accept-language") or "") if request is not None else ""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        ranked.append((-weight, position, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("en"):
            return "en"
        if tag.startswith("id") or tag.startswith("in"):
            return "id"
    return "id"


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store",
                 **(headers or {})},
    )


def error_response(status: int, code: str, lang: str, /, details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None, **params: Any) -> Response:
    error: dict[str, Any] = {"code": code, "message": message(code, lang, **params)}
    if details:
        error["details"] = details
    return json_response({"error": error}, status, headers)


def is_validation_error(error: Exception) -> TypeGuard[ValidationError]:
    """pydantic's ValidationError, asked without importing pydantic: only a view that validated a body
    with it has loaded it, and reading a report must not pay pydantic's import on a cold start."""
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and isinstance(error, pydantic.ValidationError)


def validation_details(error: ValidationError, lang: str) -> list[dict[str, Any]]:
    details = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"] if not isinstance(part, int)) or "body"
        code = item["type"]
        if code in ("enum", "literal_error"):
            code = "invalid_value"
        details.append({"field": field, "code": code, "message": message(code, lang, **(item.get("ctx") or {}))})
    return details


def parse_json_object(request: Any) -> dict[str, Any]:
    """The request body as a JSON object, or ApiError 415/413/400."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != JSON_TYPE:
        raise ApiError(415, "unsupported_media_type")
    raw = request.raw_body or b""
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, "payload_too_large", limit=MAX_BODY_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "malformed_json") from None
    if json_depth(text) > MAX_JSON_DEPTH:
        raise ApiError(400, "json_too_deep", limit=MAX_JSON_DEPTH)
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise ApiError(400, "malformed_json") from None
    if not isinstance(data, dict):
        raise ApiError(400, "json_object_expected")
    return data


def json_depth(text: str) -> int:
    """The deepest bracket nesting of a JSON text, brackets inside strings not counted. Regular
    expressions and a loop over brackets only: no recursion, linear in the body's size."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def bearer_token(request: Any) -> str | None:
    header = request.headers.get("authorization") or ""
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _domain_error_response(error: DomainError, lang: str) -> Response:
    if isinstance(error, NotFound):
        return error_response(404, "not_found", lang)
    if error.code == "unauthorized":
        return error_response(401, "unauthorized", lang, headers={"WWW-Authenticate": "Bearer"})
    if isinstance(error, ConcurrentUpdate):
        return error_response(409, error.code, lang)
    if isinstance(error, IllegalTransition):
        return error_response(409, error.code, lang, **error.params)
    if isinstance(error, ValidationFailed):
        field = error.params.get("field", "body")
        return error_response(422, "validation_failed", lang,
                              [{"field": field, "code": error.code, "message": message(error.code, lang)}])
    return error_response(400, "bad_request", lang)


def _check_lang_parameter(request: Any) -> None:
    """`?lang=` is documented as `id` or `en` on every operation: anything else is refused, not ignored."""
    query = (request.query_params or {}) if request is not None else {}
    if "lang" in query and query["lang"] not in ("id", "en"):
        raise ApiError(400, "invalid_query", field="lang")


def endpoint(blueprint: Blueprint, path: str, methods: list[str] | None = None, **options: Any
             ) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Register a view whose errors are always answered in the API's error format."""

    def register(view: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Response:
            request = blueprint.current_request
            lang = language(request)
            try:
                _check_lang_parameter(request)
                return view(*args, **kwargs)
            except ApiError as error:
                return error_response(error.status, error.code, lang, error.details, error.headers, **error.params)
            except DomainError as error:
                return _domain_error_response(error, lang)
            except Exception as error:  # logged with its trace, answered without details
                if is_validation_error(error):
                    return error_response(422, "validation_failed", lang, validation_details(error, lang))
                log.exception("unhandled error on %s %s", request.method if request else "?", path)
                return error_response(500, "internal_error", lang)

        blueprint.route(path, methods=methods or ["GET"], content_types=["*/*"], **options)(guarded)
        return guarded

    return register


def security_headers(page_headers: Callable[[], dict[str, str]]) -> Middleware:
    """HTTP middleware, the one place security headers come from: `X-Content-Type-Options: nosniff`
    on every response (JSON, XML, CSV, pages, errors Chalice makes itself) and `page_headers()`
    (CSP, X-Frame-Options...) on every text/html one, so no view can be added without them. Headers
    a view set itself are kept (a page may narrow its own CSP); nosniff has one value and is forced.
    Registered first in chalicelib/routes.py, so it sees the final answer of every other middleware."""

    def middleware(event: Any, get_response: Callable[[Any], Response]) -> Response:
        response = get_response(event)
        headers = response.headers
        _set(headers, NOSNIFF, replace=True)
        if _header(headers, "content-type").lower().startswith("text/html"):
            _set(headers, page_headers(), replace=False)
        return response

    return middleware


def _header(headers: dict[str, Any], name: str) -> str:
    return next((str(value) for key, value in headers.items() if key.lower() == name), "")


def _set(headers: dict[str, Any], wanted: dict[str, str], replace: bool) -> None:
    """Add `wanted` to `headers`, matching names case-insensitively (views spell them both ways)."""
    for name, value in wanted.items():
        present = [key for key in headers if key.lower() == name.lower()]
        if present and not replace:
            continue
        for key in present:
            del headers[key]
        headers[name] = value
