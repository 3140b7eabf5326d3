"""The calls the console makes to the Cognito user pool: sign in (and its challenges), refresh,
sign out, and the account administration agency admins may do for their liaison officers.

Cognito's error codes are turned into a few outcomes the pages can word; passwords and tokens
are never logged. At the password step a disabled account is only a failed sign-in, exactly like
a wrong password or an unknown name: Cognito refuses a disabled user without saying whether the
password was right, so saying "deactivated" there would tell anyone which names are staff. Only a
step that the right password already opened (a challenge, a refresh) may say "deactivated".
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.shared import identity
from chalicelib.shared.aws import client


class SignInFailed(Exception):
    """Wrong name or password, or a disabled account (Cognito does not say which, nor do we)."""


class PasswordRejected(Exception):
    """A new password that breaks the pool's password policy."""


class AccountProblem(Exception):
    """Disabled account, a challenge that expired, or an unexpected answer; `code` says which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Tokens:
    id_token: str
    refresh_token: str | None  # absent from a refresh's answer


@dataclass(frozen=True)
class Challenge:
    name: str  # NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA, MFA_SETUP
    session: str
    username: str


def _cognito() -> Any:
    return client("cognito-idp")


def _outcome(answer: dict[str, Any], username: str) -> Tokens | Challenge:
    if "AuthenticationResult" in answer:
        result = answer["AuthenticationResult"]
        return Tokens(result["IdToken"], result.get("RefreshToken"))
    name = answer.get("ChallengeName")
    if name in ("NEW_PASSWORD_REQUIRED", "SOFTWARE_TOKEN_MFA", "MFA_SETUP"):
        return Challenge(name, answer["Session"], username)
    raise AccountProblem("unsupported_challenge")


def _translate(error: ClientError, password_proven: bool = True) -> Exception:
    """`password_proven`: False at the password step, where "disabled" must not be told apart."""
    code = error.response.get("Error", {}).get("Code", "")
    if code in ("NotAuthorizedException", "UserNotFoundException"):
        message = error.response.get("Error", {}).get("Message", "")
        if password_proven and "disabled" in message.lower():
            return AccountProblem("account_disabled")
        return SignInFailed()
    if code in ("InvalidPasswordException", "InvalidParameterException"):
        return PasswordRejected()
    if code == "CodeMismatchException":
        return SignInFailed()
    if code in ("ExpiredCodeException",):
        return AccountProblem("challenge_expired")
    if code == "PasswordResetRequiredException":
        return AccountProblem("password_reset_required")
    if code in ("TooManyRequestsException", "LimitExceededException", "TooManyFailedAttemptsException"):
        return AccountProblem("too_many_requests")
    return error


def sign_in(username: str, password: str) -> Tokens | Challenge:
    try:
        answer = _cognito().initiate_auth(
            ClientId=identity.client_id(), AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password})
    except ClientError as error:
        raise _translate(error, password_proven=False) from None
    return _outcome(answer, username)


def answer_challenge(challenge: Challenge, **answers: str) -> Tokens | Challenge:
    """NEW_PASSWORD_REQUIRED takes NEW_PASSWORD; SOFTWARE_TOKEN_MFA takes SOFTWARE_TOKEN_MFA_CODE."""
    try:
        answer = _cognito().respond_to_auth_challenge(
            ClientId=identity.client_id(), ChallengeName=challenge.name, Session=challenge.session,
            ChallengeResponses={"USERNAME": challenge.username, **answers})
    except ClientError as error:
        raise _translate(error) from None
    return _outcome(answer, challenge.username)


def refresh(refresh_token: str) -> Tokens:
    try:
        answer = _cognito().initiate_auth(
            ClientId=identity.client_id(), AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token})
    except ClientError as error:
        raise _translate(error) from None
    result = answer["AuthenticationResult"]
    return Tokens(result["IdToken"], result.get("RefreshToken") or refresh_token)


def sign_out_everywhere(username: str) -> None:
    """Revokes every refresh token of the person (a stolen one stops working too)."""
    with contextlib.suppress(ClientError):  # the account may have been deleted meanwhile; the session is gone anyway
        _cognito().admin_user_global_sign_out(UserPoolId=identity.pool_id(), Username=username)


def create_user(username: str, role: identity.StaffRole, agency_id: str | None, email: str | None,
                display_name: str, temporary_password: str) -> None:
    """A new account with a temporary password (changed at first sign-in), in the role's group."""
    attributes = [{"Name": "name", "Value": display_name}]
    if agency_id:
        attributes.append({"Name": identity.AGENCY_CLAIM, "Value": agency_id})
    if email:
        attributes += [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]
    cognito = _cognito()
    try:
        cognito.admin_create_user(UserPoolId=identity.pool_id(), Username=username, UserAttributes=attributes,
                                  TemporaryPassword=temporary_password, MessageAction="SUPPRESS")
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code == "UsernameExistsException":
            raise AccountProblem("username_taken") from None
        raise _translate(error) from None
    cognito.admin_add_user_to_group(UserPoolId=identity.pool_id(), Username=username, GroupName=role.value)


def set_permanent_password(username: str, password: str) -> None:
    _cognito().admin_set_user_password(UserPoolId=identity.pool_id(), Username=username, Password=password,
                                       Permanent=True)


def set_enabled(username: str, enabled: bool) -> None:
    cognito = _cognito()
    if enabled:
        cognito.admin_enable_user(UserPoolId=identity.pool_id(), Username=username)
    else:
        cognito.admin_disable_user(UserPoolId=identity.pool_id(), Username=username)
        sign_out_everywhere(username)


def start_mfa_setup(session: str) -> tuple[str, str]:
    """First sign-in of a pool that requires MFA: a TOTP secret for the person's authenticator
    app (shown once on the page) and the session to answer with."""
    try:
        answer = _cognito().associate_software_token(Session=session)
    except ClientError as error:
        raise _translate(error) from None
    return answer["SecretCode"], answer.get("Session") or session


def finish_mfa_setup(challenge: Challenge, code: str) -> Tokens | Challenge:
    try:
        verified = _cognito().verify_software_token(Session=challenge.session, UserCode=code,
                                                     FriendlyDeviceName="Lapor")
        answer = _cognito().respond_to_auth_challenge(
            ClientId=identity.client_id(), ChallengeName="MFA_SETUP", Session=verified.get("Session") or challenge.session,
            ChallengeResponses={"USERNAME": challenge.username})
    except ClientError as error:
        raise _translate(error) from None
    return _outcome(answer, challenge.username)
