"""The support ("dukung") form on a public report page: a per-browser supporter token in a cookie
(random, HttpOnly, SameSite=Lax; only its hash is stored) and a CSRF field derived from it, so
another site cannot make a visitor's browser support a report."""
from __future__ import annotations

import secrets
from typing import Any

from chalicelib.pages import session
from chalicelib.reports import support as support_service

SUPPORTER_COOKIE = "lapor_sp"
SUPPORTER_MAX_AGE = 365 * 24 * 3600


def supporter_token(request: Any) -> str | None:
    token = session.cookies(request).get(SUPPORTER_COOKIE) or ""
    return token if 20 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum() else None


def csrf(token: str | None) -> str:
    return session.csrf_for(f"support:{token}") if token else ""


def context(request: Any, tracking_id: str, base: str) -> tuple[dict[str, Any], list[str]]:
    """What the page needs for the form, and the cookie to set when this browser has none yet."""
    token = supporter_token(request)
    cookies = []
    if token is None:
        token = secrets.token_urlsafe(24)
        cookies.append(session.cookie_header(SUPPORTER_COOKIE, token, f"{base}/", SUPPORTER_MAX_AGE,
                                             session.is_https(request)))
        supported = False
    else:
        supported = support_service.has_supported(tracking_id, token)
    return {"supported": supported, "support_csrf": csrf(token)}, cookies


def client_ip(request: Any) -> str:
    identity = ((request.context or {}).get("identity") or {}) if request is not None else {}
    return identity.get("sourceIp") or "unknown"
