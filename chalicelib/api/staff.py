"""Staff identity over JSON (`/api/v1/staff/me`, `Authorization: <Cognito ID token>`, with or
without `Bearer `).

In AWS, infra puts the route behind API Gateway's Cognito user pool authorizer (infra/lapor_infra/
stack.py: STAFF_API_ROUTES); the app verifies the token itself too (chalicelib/http/staff_tokens.py),
because `chalice local` and the tests run no real authorizer (Chalice's local emulation of one
decodes tokens without checking them, and fails on anything that is not a JWT) and the role and
agency must come from a verified token either way.
"""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.http import staff_tokens
from chalicelib.http.endpoints import ApiError, bearer_token, endpoint, json_response
from chalicelib.store import staff as staff_store

staff_api = Blueprint(__name__)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def verified_staff(request: Any) -> staff_tokens.Staff:
    raw = (request.headers.get("authorization") or "").strip()
    token = bearer_token(request) or (raw if raw.count(".") == 2 else None)
    if token is None:
        raise ApiError(401, "missing_staff_token", headers=_CHALLENGE)
    try:
        staff = staff_tokens.verify_id_token(token)
    except staff_tokens.ExpiredToken:
        raise ApiError(401, "staff_token_expired", headers=_CHALLENGE) from None
    except staff_tokens.InvalidToken:
        raise ApiError(401, "invalid_staff_token", headers=_CHALLENGE) from None
    # A token outlives a deactivation by up to its lifetime: the directory decides, on every request.
    if not staff_store.is_active(staff.agency_id, staff.username):
        raise ApiError(401, "staff_account_inactive", headers=_CHALLENGE)
    return staff


@endpoint(staff_api, "/api/v1/staff/me")
def me() -> Response:
    """Who the token belongs to: username, role (pool group) and agency."""
    staff = verified_staff(staff_api.current_request)
    return json_response({"username": staff.username, "role": staff.role.value, "agency_id": staff.agency_id})
