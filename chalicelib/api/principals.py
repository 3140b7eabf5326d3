"""Who is calling with an API key: agency keys for /api/v1/agency, admin keys for /api/v1/admin.

Chalice local does not enforce API Gateway authorizers, so this check lives in the app itself
and runs the same way locally, in tests and in AWS.
"""
from __future__ import annotations

from typing import Any

from chalicelib.http.endpoints import ApiError, bearer_token
from chalicelib.store import directory
from chalicelib.store.credentials import ADMIN, AGENCY, Principal, authenticate

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def require(request: Any, kind: str, *also: str) -> Principal:
    """The caller's principal of `kind` (or one of `also`), or ApiError 401 saying what is wrong."""
    key = bearer_token(request)
    if key is None:
        raise ApiError(401, "missing_api_key", headers=_CHALLENGE)
    principal = authenticate(key)
    if principal is None:
        raise ApiError(401, "invalid_api_key", headers=_CHALLENGE)
    if principal.kind not in (kind, *also):
        raise ApiError(401, "agency_key_required" if kind == AGENCY else "admin_key_required", headers=_CHALLENGE)
    if principal.kind == AGENCY and not directory.agency_active(principal.owner):
        # A deactivated agency's keys stop at once and work again on reactivation (nothing revoked).
        raise ApiError(401, "agency_deactivated", headers=_CHALLENGE)
    return principal


def agency(request: Any) -> str:
    """The calling agency's id."""
    return require(request, AGENCY).owner


def admin(request: Any) -> str:
    return require(request, ADMIN).owner
