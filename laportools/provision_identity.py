"""Local and test provisioning of the staff user pool (Cognito on the embedded endpoint), built
from the same definition infra deploys (chalicelib/shared/identity.py), and the demo staff
`make run` prints: one person per role."""
from __future__ import annotations

import os
import secrets
from typing import Any

from chalicelib.settings import settings
from chalicelib.shared import identity
from chalicelib.shared.aws import client
from chalicelib.shared.identity import StaffRole

GROUP_DESCRIPTIONS = {
    StaffRole.NATIONAL_ADMIN: "National admins: verify, disposition, archive, correct",
    StaffRole.AGENCY_ADMIN: "An agency's admin (custom:agency_id): inbox, assignment, liaison accounts, webhook",
    StaffRole.LIAISON: "An agency's liaison officer (custom:agency_id): the reports assigned to them",
    StaffRole.OMBUDSMAN: "Ombudsman readers: referred reports, read-only",
}


def _find_pool(cognito: Any) -> str | None:
    for page in cognito.get_paginator("list_user_pools").paginate(MaxResults=60):
        for pool in page["UserPools"]:
            if pool["Name"] == identity.pool_name():
                return str(pool["Id"])
    return None


def create_user_pool() -> dict[str, str]:
    """Create (or find) the pool, its groups and the console's app client; export their ids."""
    cognito = client("cognito-idp")
    policy = identity.PASSWORD_POLICY
    pool_id = _find_pool(cognito)
    if pool_id is None:
        pool_id = cognito.create_user_pool(
            PoolName=identity.pool_name(),
            Policies={"PasswordPolicy": {
                "MinimumLength": policy.minimum_length, "RequireUppercase": policy.require_uppercase,
                "RequireLowercase": policy.require_lowercase, "RequireNumbers": policy.require_digits,
                "RequireSymbols": policy.require_symbols,
                "TemporaryPasswordValidityDays": policy.temporary_password_days}},
            Schema=[{"Name": identity.AGENCY_ATTRIBUTE, "AttributeDataType": "String", "Mutable": True,
                     "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "64"}}],
            AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
            MfaConfiguration="OFF",  # the demo pool: printed logins work without an authenticator app
        )["UserPool"]["Id"]
        for role in StaffRole:
            cognito.create_group(UserPoolId=pool_id, GroupName=role.value, Description=GROUP_DESCRIPTIONS[role],
                                 Precedence=identity.ROLE_PRECEDENCE[role])
    client_id = None
    for page in cognito.get_paginator("list_user_pool_clients").paginate(UserPoolId=pool_id):
        for item in page["UserPoolClients"]:
            if item["ClientName"] == identity.client_name():
                client_id = item["ClientId"]
    if client_id is None:
        client_id = cognito.create_user_pool_client(
            UserPoolId=pool_id, ClientName=identity.client_name(), GenerateSecret=False,
            ExplicitAuthFlows=list(identity.CLIENT_AUTH_FLOWS),
            ReadAttributes=["name", "email", identity.AGENCY_CLAIM],
            WriteAttributes=["name"],  # never custom:agency_id: people cannot move themselves
            PreventUserExistenceErrors="ENABLED",
        )["UserPoolClient"]["ClientId"]
    os.environ["LAPOR_USER_POOL_ID"] = pool_id
    os.environ["LAPOR_USER_POOL_CLIENT_ID"] = client_id
    settings.cache_clear()
    identity.reset()
    return {"pool_id": pool_id, "client_id": client_id}


def demo_password() -> str:
    """Random and within the pool's policy (upper, lower, digit, 12+ characters)."""
    return f"Lapor-{secrets.token_hex(4)}-Demo{secrets.randbelow(90) + 10}"


def create_staff(username: str, role: StaffRole, agency_id: str | None, display_name: str,
                 password: str | None = None) -> dict[str, Any]:
    """A ready-to-use account (permanent password) in the pool and the staff directory."""
    from chalicelib.console import cognito as pool
    from chalicelib.shared.clock import real_now as utcnow
    from chalicelib.store import staff

    password = password or demo_password()
    try:
        pool.create_user(username, role, agency_id, None, display_name, password)
    except pool.AccountProblem as problem:
        if problem.code != "username_taken":
            raise
    pool.set_permanent_password(username, password)
    staff.put_account(username, role, agency_id, display_name, None, utcnow(), created_by="provision")
    return {"username": username, "password": password, "role": role.value, "agency_id": agency_id,
            "display_name": display_name}


def create_demo_staff(agency_id: str) -> list[dict[str, Any]]:
    """One person per role; the agency roles belong to `agency_id` (the demo agency)."""
    return [
        create_staff("admin.nasional", StaffRole.NATIONAL_ADMIN, None, "Admin Nasional (demo)"),
        create_staff("admin.instansi", StaffRole.AGENCY_ADMIN, agency_id, "Admin Instansi (demo)"),
        create_staff("penghubung", StaffRole.LIAISON, agency_id, "Pejabat Penghubung (demo)"),
        create_staff("ombudsman", StaffRole.OMBUDSMAN, None, "Pembaca Ombudsman (demo)"),
    ]
