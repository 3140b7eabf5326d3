"""Staff identity through the real user pool on the embedded endpoint: sign-in, the app's own
token verification (signature, issuer, audience, expiry, token use), refresh, and lockout."""
from __future__ import annotations

import base64
import json
import uuid
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.console import cognito
from chalicelib.http import staff_tokens
from chalicelib.shared import identity
from chalicelib.shared.aws import client
from chalicelib.shared.clock import real_now as utcnow
from chalicelib.shared.identity import StaffRole
from chalicelib.store import staff as staff_store


def _person(aws: Any, role: StaffRole, agency: str | None = "dinas-62.01-public_works") -> dict[str, Any]:
    from laportools.provision_identity import create_staff

    return create_staff(f"t-{uuid.uuid4().hex[:10]}", role, agency if role in identity.AGENCY_ROLES else None,
                        "Test person")


def _claims(token: str) -> dict[str, Any]:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_sign_in_gives_a_token_the_app_verifies(aws: Any) -> None:
    person = _person(aws, StaffRole.AGENCY_ADMIN)
    result = cognito.sign_in(person["username"], person["password"])
    assert isinstance(result, cognito.Tokens) and result.refresh_token
    staff = staff_tokens.verify_id_token(result.id_token)
    assert (staff.username, staff.role, staff.agency_id) == (
        person["username"], StaffRole.AGENCY_ADMIN, "dinas-62.01-public_works")


def test_wrong_password_and_unknown_name_fail_alike(aws: Any) -> None:
    person = _person(aws, StaffRole.LIAISON)
    with pytest.raises(cognito.SignInFailed):
        cognito.sign_in(person["username"], person["password"] + "x")
    with pytest.raises(cognito.SignInFailed):
        cognito.sign_in("nobody-" + uuid.uuid4().hex, "Whatever-123456")


def test_tampered_expired_foreign_and_access_tokens_are_refused(aws: Any) -> None:
    person = _person(aws, StaffRole.NATIONAL_ADMIN)
    result = cognito.sign_in(person["username"], person["password"])
    good = result.id_token
    head, body, signature = good.split(".")
    claims = _claims(good)
    claims["cognito:groups"] = ["national-admin", "agency-admin"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(staff_tokens.InvalidToken, match="signature"):
        staff_tokens.verify_id_token(f"{head}.{forged}.{signature}")
    with pytest.raises(staff_tokens.ExpiredToken):
        staff_tokens.verify_id_token(good, now=claims["exp"] + staff_tokens.LEEWAY_SECONDS + 1)
    with pytest.raises(staff_tokens.InvalidToken, match="algorithm"):
        none_head = base64.urlsafe_b64encode(b'{"alg":"none","kid":"dummy"}').rstrip(b"=").decode()
        staff_tokens.verify_id_token(f"{none_head}.{body}.")
    # the same person through another app client of the pool: wrong audience
    cognito_idp = client("cognito-idp")
    other = cognito_idp.create_user_pool_client(UserPoolId=identity.pool_id(), ClientName="other-app",
                                                ExplicitAuthFlows=list(identity.CLIENT_AUTH_FLOWS))
    answer = cognito_idp.initiate_auth(ClientId=other["UserPoolClient"]["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
                                       AuthParameters={"USERNAME": person["username"], "PASSWORD": person["password"]})
    with pytest.raises(staff_tokens.InvalidToken, match="aud"):
        staff_tokens.verify_id_token(answer["AuthenticationResult"]["IdToken"])
    own = cognito_idp.initiate_auth(ClientId=identity.client_id(), AuthFlow="USER_PASSWORD_AUTH",
                                    AuthParameters={"USERNAME": person["username"], "PASSWORD": person["password"]})
    with pytest.raises(staff_tokens.InvalidToken, match="aud|token_use"):  # an access token is not an ID token
        staff_tokens.verify_id_token(own["AuthenticationResult"]["AccessToken"])
    # another pool signed with a key of the same JWKS would still carry another issuer
    pool = cognito_idp.create_user_pool(PoolName="someone-elses")["UserPool"]["Id"]
    app_client = cognito_idp.create_user_pool_client(UserPoolId=pool, ClientName="c",
                                                     ExplicitAuthFlows=list(identity.CLIENT_AUTH_FLOWS))
    cognito_idp.admin_create_user(UserPoolId=pool, Username="x", TemporaryPassword="Temp-123456789a",
                                  MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=pool, Username="x", Password="Perm-123456789a", Permanent=True)
    foreign = cognito_idp.initiate_auth(ClientId=app_client["UserPoolClient"]["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
                                        AuthParameters={"USERNAME": "x", "PASSWORD": "Perm-123456789a"})
    with pytest.raises(staff_tokens.InvalidToken):
        staff_tokens.verify_id_token(foreign["AuthenticationResult"]["IdToken"])


def test_refresh_gives_a_new_token_and_sign_out_revokes_it(aws: Any) -> None:
    person = _person(aws, StaffRole.LIAISON)
    first = cognito.sign_in(person["username"], person["password"])
    renewed = cognito.refresh(first.refresh_token)
    assert staff_tokens.verify_id_token(renewed.id_token).username == person["username"]
    cognito.sign_out_everywhere(person["username"])
    with pytest.raises(cognito.SignInFailed):
        cognito.refresh(first.refresh_token)


def test_a_person_outside_every_staff_group_is_refused(aws: Any) -> None:
    name = f"t-{uuid.uuid4().hex[:10]}"
    cognito_idp = client("cognito-idp")
    cognito_idp.admin_create_user(UserPoolId=identity.pool_id(), Username=name, TemporaryPassword="Temp-123456789a",
                                  MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=identity.pool_id(), Username=name, Password="Perm-123456789a",
                                        Permanent=True)
    result = cognito.sign_in(name, "Perm-123456789a")
    with pytest.raises(staff_tokens.InvalidToken, match="group"):
        staff_tokens.verify_id_token(result.id_token)


def test_lockout_after_repeated_failures_and_reset_after_the_window(aws: Any) -> None:
    name = f"Someone-{uuid.uuid4().hex[:6]}"
    now = utcnow()
    for attempt in range(identity.LOCKOUT_FAILURES - 1):
        assert staff_store.record_failure(name, now + timedelta(seconds=attempt)) is None
    assert staff_store.locked_until(name.lower(), now) is None
    until = staff_store.record_failure(name.upper(), now + timedelta(seconds=10))
    assert until == now + timedelta(seconds=10, minutes=identity.LOCKOUT_MINUTES)
    assert staff_store.locked_until(name, now + timedelta(minutes=1)) == until
    assert staff_store.locked_until(name, until + timedelta(seconds=1)) is None
    # a failure after the window starts counting again
    later = until + timedelta(minutes=identity.LOCKOUT_WINDOW_MINUTES + 1)
    assert staff_store.record_failure(name, later) is None
    assert staff_store.locked_until(name, later) is None


def test_staff_api_verifies_the_token_itself(aws: Any, api: Any) -> None:
    person = _person(aws, StaffRole.LIAISON)
    token = cognito.sign_in(person["username"], person["password"]).id_token
    for header in (f"Bearer {token}", token):  # API Gateway's Cognito authorizer takes the raw token
        response = api.http.get("/api/v1/staff/me", headers={"Authorization": header})
        assert response.status_code == 200
        assert json.loads(response.body) == {"username": person["username"], "role": "liaison-officer",
                                             "agency_id": "dinas-62.01-public_works"}
    assert api.http.get("/api/v1/staff/me").status_code == 401
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    answer = api.http.get("/api/v1/staff/me", headers={"Authorization": f"Bearer {forged}"})
    assert answer.status_code == 401 and json.loads(answer.body)["error"]["code"] == "invalid_staff_token"


def test_staff_api_refuses_a_deactivated_account_whose_token_is_still_valid(aws: Any, api: Any) -> None:
    person = _person(aws, StaffRole.LIAISON)
    token = cognito.sign_in(person["username"], person["password"]).id_token
    headers = {"Authorization": f"Bearer {token}"}
    assert api.http.get("/api/v1/staff/me", headers=headers).status_code == 200
    staff_store.set_active("dinas-62.01-public_works", person["username"], False)
    refused = api.http.get("/api/v1/staff/me", headers=headers)
    assert refused.status_code == 401
    assert json.loads(refused.body)["error"]["code"] == "staff_account_inactive"
    staff_store.set_active("dinas-62.01-public_works", person["username"], True)
    assert api.http.get("/api/v1/staff/me", headers=headers).status_code == 200
