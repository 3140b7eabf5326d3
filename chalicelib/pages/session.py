"""How the tracking page knows the reporter: the reporter token, kept out of URLs that reach servers.

- The confirmation page links to `/lacak/ID#token=...`. A fragment is never sent to a server, so
  the token is not in access logs, CDN logs or Referer headers. The page's script hands it to
  `POST /lacak/ID/kode` (in a request body, which is not logged) and removes it from the address bar.
- The server keeps it in a cookie `lapor_rt` scoped to `/lacak/ID`: HttpOnly (scripts cannot read
  it), SameSite=Lax (not sent on cross-site form posts), Secure over HTTPS, so the cookie reaches
  only that report's pages. Without JavaScript the confirmation response sets the same cookie, and
  the token can be typed on the tracking page.
- Forms that act for the reporter also carry a CSRF field derived from the token, which another
  site cannot compute.
"""
from __future__ import annotations

import hashlib
import hmac
from http.cookies import SimpleCookie
from typing import Any

TOKEN_COOKIE = "lapor_rt"
LANG_COOKIE = "lapor_lang"
TOKEN_MAX_AGE = 180 * 24 * 3600
LANG_MAX_AGE = 365 * 24 * 3600


def cookies(request: Any) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(request.headers.get("cookie") or "")
    except Exception:  # noqa: BLE001 - a malformed cookie header is ignored, not an error
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def is_https(request: Any) -> bool:
    return (request.headers.get("x-forwarded-proto") or "").lower() == "https"


def cookie_header(name: str, value: str, path: str, max_age: int, secure: bool, http_only: bool = True) -> str:
    parts = [f"{name}={value}", f"Path={path}", f"Max-Age={max_age}", "SameSite=Lax"]
    if http_only:
        parts.append("HttpOnly")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def token_cookie(tracking_id: str, token: str, base: str, secure: bool) -> str:
    return cookie_header(TOKEN_COOKIE, token, f"{base}/lacak/{tracking_id}", TOKEN_MAX_AGE, secure)


def clear_token_cookie(tracking_id: str, base: str, secure: bool) -> str:
    return cookie_header(TOKEN_COOKIE, "", f"{base}/lacak/{tracking_id}", 0, secure)


def lang_cookie(lang: str, base: str, secure: bool) -> str:
    return cookie_header(LANG_COOKIE, lang, f"{base}/", LANG_MAX_AGE, secure, http_only=False)


def csrf_for(token: str | None) -> str:
    if not token:
        return ""
    return hashlib.sha256(b"lapor-csrf:" + token.encode("utf-8")).hexdigest()[:32]


def csrf_ok(token: str | None, submitted: str) -> bool:
    expected = csrf_for(token)
    return bool(expected) and hmac.compare_digest(expected, submitted or "")
