"""The staff identity pool: one definition read by the app, the local stack and infra.

Staff (national admins, agency admins, liaison officers, Ombudsman readers) sign in through an
Amazon Cognito user pool. A person's role is their pool GROUP; the agency an agency admin or
liaison officer belongs to is the custom attribute `custom:agency_id` (only admins may write it:
the app client cannot). Machines keep using API keys; a person never needs one.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from chalicelib.settings import settings
from chalicelib.shared import config


class StaffRole(str, Enum):
    """A Cognito group name per role (the group IS the role)."""

    NATIONAL_ADMIN = "national-admin"
    AGENCY_ADMIN = "agency-admin"
    LIAISON = "liaison-officer"
    OMBUDSMAN = "ombudsman-reader"


# Precedence when a person is in several groups (lower wins), as Cognito's group precedence.
ROLE_PRECEDENCE = {StaffRole.NATIONAL_ADMIN: 1, StaffRole.AGENCY_ADMIN: 2, StaffRole.LIAISON: 3,
                   StaffRole.OMBUDSMAN: 4}
AGENCY_ROLES = frozenset({StaffRole.AGENCY_ADMIN, StaffRole.LIAISON})
# Roles whose members must pass a second factor (TOTP) at sign-in in deployed stages.
MFA_ROLES = frozenset({StaffRole.NATIONAL_ADMIN, StaffRole.AGENCY_ADMIN})
AGENCY_ATTRIBUTE = "agency_id"  # custom attribute (claim `custom:agency_id`)
AGENCY_CLAIM = f"custom:{AGENCY_ATTRIBUTE}"


@dataclass(frozen=True)
class PasswordPolicy:
    minimum_length: int = 12
    require_lowercase: bool = True
    require_uppercase: bool = True
    require_digits: bool = True
    require_symbols: bool = True
    temporary_password_days: int = 3


PASSWORD_POLICY = PasswordPolicy()
# Short-lived sign-in: ID/access tokens live 15 minutes and are refreshed (refresh token, one
# working day) while the person keeps working; the console's own session ends after 30 idle minutes.
TOKEN_MINUTES = 15
REFRESH_TOKEN_HOURS = 12
SESSION_IDLE_MINUTES = 30
SESSION_MAX_HOURS = 12
# Lockout on top of Cognito's own throttling: after this many failed passwords within the window
# the counter's client is refused for LOCKOUT_MINUTES, whatever password comes next. A browser
# the officer signed in on has a counter of its own (store/staff.py: device cookies), so someone
# guessing from elsewhere cannot lock the officer out of it.
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW_MINUTES = 15
LOCKOUT_MINUTES = 15
CLIENT_AUTH_FLOWS = ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")


def pool_name() -> str:
    return config.resource_name("staff")


def client_name() -> str:
    return config.resource_name("console")


@lru_cache(maxsize=1)
def pool_id() -> str:
    """`LAPOR_USER_POOL_ID` (set by infra and the local stack), else looked up by name."""
    configured = settings().user_pool_id
    if configured:
        return configured
    from chalicelib.shared.aws import client

    pages = client("cognito-idp").get_paginator("list_user_pools").paginate(MaxResults=60)
    for page in pages:
        for pool in page["UserPools"]:
            if pool["Name"] == pool_name():
                return str(pool["Id"])
    raise LookupError(f"no user pool named {pool_name()}")


@lru_cache(maxsize=1)
def client_id() -> str:
    """`LAPOR_USER_POOL_CLIENT_ID`, else the pool's client named `lapor-<stage>-console`."""
    configured = settings().user_pool_client_id
    if configured:
        return configured
    from chalicelib.shared.aws import client

    pages = client("cognito-idp").get_paginator("list_user_pool_clients").paginate(UserPoolId=pool_id())
    for page in pages:
        for item in page["UserPoolClients"]:
            if item["ClientName"] == client_name():
                return str(item["ClientId"])
    raise LookupError(f"no app client named {client_name()}")


def issuer() -> str:
    """The `iss` of the pool's tokens (the same string locally: moto issues AWS-shaped tokens)."""
    return f"https://cognito-idp.{config.region()}.amazonaws.com/{pool_id()}"


def jwks_url() -> str:
    """Where the pool publishes its signing keys; the local endpoint serves them at the same path."""
    endpoint: str | None = config.endpoint_url()
    if endpoint:
        return f"{endpoint.rstrip('/')}/{pool_id()}/.well-known/jwks.json"
    return f"{issuer()}/.well-known/jwks.json"


def admin_mfa_required() -> bool:
    """Deployed stages require TOTP of admins (infra turns MFA on); the local demo pool does not,
    so printed demo logins work without an authenticator app. `LAPOR_ADMIN_MFA=1|0` overrides."""
    flag = settings().admin_mfa
    if flag is not None:
        return flag
    return not config.is_local()


def reset() -> None:
    """Forget the looked-up pool (tests that create a new pool)."""
    pool_id.cache_clear()
    client_id.cache_clear()
