"""Verifies the user pool's ID tokens in the app itself, so authorization is the same (and tested)
locally, where no API Gateway authorizer runs.

Checked: the RS256 signature against the pool's published keys (JWKS, fetched once per process and
again only when a token names a key we do not know, at most once a minute), the issuer (this
pool), the audience (this app client), expiry, and `token_use == "id"`. The role comes from
`cognito:groups` and the agency from `custom:agency_id`; both are written only by administrators.

joserfc (and the `cryptography` it loads, about a tenth of the API function's imports) is imported
by the code that verifies a token: the API function's citizen and agency-key requests never
present a staff token, so a container that serves only those never loads it.
"""
from __future__ import annotations

import json
import threading
import time
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.shared import clock, identity
from chalicelib.shared.identity import (
    AGENCY_CLAIM,
    AGENCY_ROLES,
    ROLE_PRECEDENCE,
    StaffRole,
)

if TYPE_CHECKING:
    from joserfc.jwk import KeySet

ALGORITHMS = ["RS256"]
LEEWAY_SECONDS = 30
_REFETCH_SECONDS = 60


class InvalidToken(Exception):
    """The token is not one of this pool's, for this app, or is malformed."""


class ExpiredToken(InvalidToken):
    """A genuine token past its expiry: refresh it."""


@dataclass(frozen=True)
class Staff:
    """A signed-in staff member, as the verified token says."""

    username: str
    sub: str
    role: StaffRole
    agency_id: str | None
    expires_at: int

    @property
    def id(self) -> str:
        """What the timeline records as the staff member's id."""
        return self.username


class _Jwks:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: KeySet | None = None
        self._kids: set[str] = set()
        self._fetched_at = 0.0
        self._url = ""

    def _fetch(self, url: str) -> None:
        with urllib.request.urlopen(url, timeout=5) as response:
            document = json.loads(response.read())
        from joserfc.jwk import KeySet

        self._keys = KeySet.import_key_set(document)
        self._kids = {str(k.get("kid")) for k in document.get("keys", [])}
        self._fetched_at, self._url = time.monotonic(), url

    def keys_for(self, kid: str) -> KeySet:
        url = identity.jwks_url()
        with self._lock:
            stale = self._keys is None or url != self._url
            unknown = kid not in self._kids and time.monotonic() - self._fetched_at > _REFETCH_SECONDS
            if stale or unknown:  # key rotation: fetch again, rate-limited
                self._fetch(url)
            if kid not in self._kids:
                raise InvalidToken("unknown signing key")
            assert self._keys is not None
            return self._keys

    def forget(self) -> None:
        with self._lock:
            self._keys, self._kids, self._fetched_at, self._url = None, set(), 0.0, ""


JWKS = _Jwks()


def _header(token: str) -> dict[str, Any]:
    import base64

    try:
        head = token.split(".")[0]
        return dict(json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))))
    except (ValueError, IndexError, TypeError) as error:
        raise InvalidToken("malformed token") from error


def role_of(groups: Any) -> StaffRole | None:
    roles = [StaffRole(g) for g in (groups or []) if g in {r.value for r in StaffRole}]
    return min(roles, key=ROLE_PRECEDENCE.__getitem__) if roles else None


def verify_id_token(token: str, now: int | None = None) -> Staff:
    """The staff member the ID token proves, or InvalidToken / ExpiredToken."""
    if not token or token.count(".") != 2 or len(token) > 8192:
        raise InvalidToken("malformed token")
    header = _header(token)
    if header.get("alg") not in ALGORITHMS:
        raise InvalidToken("algorithm not allowed")
    keys = JWKS.keys_for(str(header.get("kid")))
    from joserfc import jwt
    from joserfc.errors import JoseError

    try:
        decoded = jwt.decode(token, keys, algorithms=ALGORITHMS)
    except JoseError as error:
        raise InvalidToken(f"signature: {error.error}") from error
    claims = decoded.claims
    registry = jwt.JWTClaimsRegistry(
        now=now if now is not None else int(clock.real_now().timestamp()),  # Cognito expiry is real time
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": identity.issuer()},
        aud={"essential": True, "value": identity.client_id()},
        exp={"essential": True},
        token_use={"essential": True, "value": "id"},
        sub={"essential": True},
    )
    try:
        registry.validate(claims)
    except JoseError as error:
        if error.error == "expired_token":
            raise ExpiredToken("expired") from error
        raise InvalidToken(f"claims: {error.error}: {error.description}") from error
    role = role_of(claims.get("cognito:groups"))
    if role is None:
        raise InvalidToken("not in a staff group")
    agency = claims.get(AGENCY_CLAIM) or None
    if role in AGENCY_ROLES and not agency:
        raise InvalidToken("agency staff without an agency")
    return Staff(username=str(claims.get("cognito:username") or claims["sub"]), sub=str(claims["sub"]),
                 role=role, agency_id=agency if role in AGENCY_ROLES else None,
                 expires_at=int(claims["exp"]))
