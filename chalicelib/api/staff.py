"""Staff identity over JSON (`/api/v1/staff/me`, `Authorization: Bearer <Cognito ID token>`).

In AWS the route sits behind API Gateway's Cognito user pool authorizer; the app verifies the
token itself too (chalicelib/console/tokens.py), because `chalice local` and the tests run no
authorizer and the role and agency must come from a verified token either way.
"""
from __future__ import annotations

import os
from typing import Any

from chalice import Blueprint, CognitoUserPoolAuthorizer, Response

from chalicelib.api.http import ApiError, bearer_token, endpoint, json_response
from chalicelib.console import tokens
from chalicelib.shared import config

staff_api = Blueprint(__name__)
# infra sets LAPOR_USER_POOL_ARN while packaging; locally the authorizer is not enforced.
STAFF_AUTHORIZER = CognitoUserPoolAuthorizer(
    "lapor-staff",
    provider_arns=[os.environ.get("LAPOR_USER_POOL_ARN")
                   or f"arn:aws:cognito-idp:{config.region()}:000000000000:userpool/local"],
)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def verified_staff(request: Any) -> tokens.Staff:
    token = bearer_token(request)
    if token is None:
        raise ApiError(401, "missing_staff_token", headers=_CHALLENGE)
    try:
        return tokens.verify_id_token(token)
    except tokens.ExpiredToken:
        raise ApiError(401, "staff_token_expired", headers=_CHALLENGE) from None
    except tokens.InvalidToken:
        raise ApiError(401, "invalid_staff_token", headers=_CHALLENGE) from None


@endpoint(staff_api, "/api/v1/staff/me", authorizer=STAFF_AUTHORIZER)
def me() -> Response:
    """Who the token belongs to: username, role (pool group) and agency."""
    staff = verified_staff(staff_api.current_request)
    return json_response({"username": staff.username, "role": staff.role.value, "agency_id": staff.agency_id})
