"""Console sessions, as a bank would keep them.

- Three cookies, all HttpOnly, SameSite=Strict, `Path=<base>/konsol`, Secure (left off only for
  plain http to a loopback address: `make run` and the tests): `lapor_konsol` the random session id (the server
  keeps only its hash, and deleting that record ends the session at once), `lapor_konsol_id` the
  user pool's ID token (short-lived, verified on every request), `lapor_konsol_rt` the refresh
  token. None of them is a session cookie an attacker could mint: the token is signed by the
  pool, the session id is random and checked against the table.
- The ID token lives 15 minutes; when it expires the refresh token gets a new one quietly. The
  session itself ends after 30 idle minutes or 12 hours, whichever comes first.
- Every form carries a CSRF token derived (HMAC) from the session id, which another site cannot
  compute; the sign-in form uses a double-submit cookie instead, as it comes before any session.
- Every request checks that the account is still active in the staff directory (one GetItem by
  key, strongly consistent, no cache: a cache in one Lambda instance would not hear of a
  deactivation done through another). A deactivated account's session is ended at its next
  request, read or write, and the person is sent to the sign-in page with a notice.
- Failed passwords are counted per name and per device (store.staff): a browser that has signed in
  as that person before (`lapor_konsol_perangkat`, a random id the server keeps hashed) has a
  counter of its own, so an attacker locking a name out from new clients does not lock out the
  officer on their usual device.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chalicelib.console import cognito
from chalicelib.http import staff_tokens
from chalicelib.pages import session as web_session
from chalicelib.store import staff as staff_store

SESSION_COOKIE = "lapor_konsol"
ID_COOKIE = "lapor_konsol_id"
REFRESH_COOKIE = "lapor_konsol_rt"
PRE_CSRF_COOKIE = "lapor_konsol_csrf"
DEVICE_COOKIE = "lapor_konsol_perangkat"
#: The sign-in page's query parameter that shows the "account deactivated" notice.
INACTIVE_NOTICE = "nonaktif"


class AccountInactive(Exception):
    """The session's account has been deactivated; its session is already ended."""


@dataclass
class SignedIn:
    """The staff member behind this request, and cookies to send back (a refreshed token)."""

    staff: staff_tokens.Staff
    session_id: str
    cookies: list[str] = field(default_factory=list)

    @property
    def csrf(self) -> str:
        return csrf_for(self.session_id)


_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def secure(request: Any) -> bool:
    """Secure cookies, except over plain http to this machine itself (make run, tests): there is
    no network to sniff there, and browsers would drop Secure cookies on http."""
    if web_session.is_https(request):
        return True
    host = (request.headers.get("host") or "").rsplit(":", 1)[0].lower()
    return host not in _LOOPBACK


def _cookie(name: str, value: str, base: str, secure_flag: bool, max_age: int | None = None) -> str:
    parts = [f"{name}={value}", f"Path={base}/konsol", "HttpOnly", "SameSite=Strict"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure_flag:
        parts.append("Secure")
    return "; ".join(parts)


def session_cookies(session_id: str, id_token: str, refresh_token: str | None, base: str,
                    secure_flag: bool) -> list[str]:
    out = [_cookie(SESSION_COOKIE, session_id, base, secure_flag),
           _cookie(ID_COOKIE, id_token, base, secure_flag)]
    if refresh_token:
        out.append(_cookie(REFRESH_COOKIE, refresh_token, base, secure_flag))
    return out


def clear_cookies(base: str, secure_flag: bool) -> list[str]:
    return [_cookie(name, "", base, secure_flag, max_age=0) for name in (SESSION_COOKIE, ID_COOKIE, REFRESH_COOKIE)]


def csrf_for(session_id: str) -> str:
    return hmac.new(session_id.encode("utf-8"), b"lapor-console-csrf", hashlib.sha256).hexdigest()[:40]


def csrf_ok(signed_in: SignedIn, submitted: str) -> bool:
    return hmac.compare_digest(signed_in.csrf, submitted or "")


def pre_csrf(request: Any, base: str) -> tuple[str, list[str]]:
    """The sign-in form's CSRF value and, when new, the cookie that carries it (double submit)."""
    current = web_session.cookies(request).get(PRE_CSRF_COOKIE) or ""
    if 20 <= len(current) <= 64:
        return current, []
    value = secrets.token_urlsafe(24)
    return value, [_cookie(PRE_CSRF_COOKIE, value, base, secure(request))]


def pre_csrf_ok(request: Any, submitted: str) -> bool:
    current = web_session.cookies(request).get(PRE_CSRF_COOKIE) or ""
    return bool(current) and hmac.compare_digest(current, submitted or "")


def device_id(request: Any) -> str | None:
    """This browser's device id, if it carries one (whether it is trusted is store.staff's call)."""
    return web_session.cookies(request).get(DEVICE_COOKIE) or None


def device_cookie(device: str, base: str, secure_flag: bool) -> str:
    """Kept across sign-outs (it names the browser, not a session) for the trust's lifetime."""
    return _cookie(DEVICE_COOKIE, device, base, secure_flag, max_age=staff_store.DEVICE_TRUST_DAYS * 86400)


def inactive_location(base: str) -> str:
    """The sign-in page with the "account deactivated" notice."""
    return f"{base}/konsol/masuk?{INACTIVE_NOTICE}=1"


def current(request: Any, base: str, now: datetime) -> SignedIn | None:
    """The signed-in staff member, refreshing an expired ID token; None means: sign in again.

    Raises AccountInactive (after ending the session) when the account has been deactivated, so
    the caller can say so; a caller that forgets fails closed."""
    jar = web_session.cookies(request)
    session_id, id_token = jar.get(SESSION_COOKIE, ""), jar.get(ID_COOKIE, "")
    if not session_id or not id_token:
        return None
    session = staff_store.get_session(session_id, now)
    if session is None:
        return None
    if not staff_store.is_active(session.agency_id, session.username):
        staff_store.end_session(session_id)
        raise AccountInactive(session.username)
    cookies: list[str] = []
    try:
        staff = staff_tokens.verify_id_token(id_token, now=int(now.timestamp()))
    except staff_tokens.ExpiredToken:
        refresh_token = jar.get(REFRESH_COOKIE, "")
        if not refresh_token:
            return None
        try:
            renewed = cognito.refresh(refresh_token)
            staff = staff_tokens.verify_id_token(renewed.id_token, now=int(now.timestamp()))
        except (cognito.SignInFailed, cognito.AccountProblem, staff_tokens.InvalidToken):
            return None
        cookies.append(_cookie(ID_COOKIE, renewed.id_token, base, secure(request)))
    except staff_tokens.InvalidToken:
        return None
    # The token must be the session's person, in the role and agency the session began with
    # (a group change takes effect at the next sign-in, never halfway through a session).
    if (staff.username, staff.role, staff.agency_id) != (session.username, session.role, session.agency_id):
        return None
    staff_store.touch_session(session, now)
    return SignedIn(staff, session_id, cookies)


def start(staff: staff_tokens.Staff, result: cognito.Tokens, base: str, secure_flag: bool, now: datetime) -> list[str]:
    session_id = staff_store.create_session(staff.username, staff.role, staff.agency_id, now)
    return session_cookies(session_id, result.id_token, result.refresh_token, base, secure_flag)


def end(signed_in: SignedIn) -> None:
    staff_store.end_session(signed_in.session_id)
    cognito.sign_out_everywhere(signed_in.staff.username)
