"""Cross-site request forgery checks for state-changing form posts (citizen pages; reusable by
any other server-rendered pages, which may add their own token checks on top).

Browsers tell a server where a form post came from: `Origin` on every POST, and
`Sec-Fetch-Site` in current browsers. A post is refused when either says another site sent it,
so no page elsewhere can sign a visitor into someone else's report (`/lacak/ID/kode`), sign a
reporter out (`/lacak/ID/lupakan`) or act for them. Clients that send neither header (curl,
scripts) are not browsers carrying a victim's cookies and pass; forms that act for the reporter
also carry a token-derived field (web/session.csrf_for).

The expected origin is the request's own `Host` (behind API Gateway or `make run`), plus any
listed in `LAPOR_PUBLIC_ORIGINS` (comma-separated, e.g. a custom domain in front of a CDN).
"""
from __future__ import annotations

import os
from typing import Any, Optional
from urllib.parse import urlsplit

CROSS_SITE_FETCH = ("cross-site", "same-site")


def allowed_origins(request: Any) -> set[str]:
    origins = {origin.strip().rstrip("/").lower()
               for origin in (os.environ.get("LAPOR_PUBLIC_ORIGINS") or "").split(",") if origin.strip()}
    host = (request.headers.get("host") or "").strip().lower()
    if host:
        proto = (request.headers.get("x-forwarded-proto") or "").strip().lower()
        schemes = [proto] if proto in ("http", "https") else ["http", "https"]
        origins.update(f"{scheme}://{host}" for scheme in schemes)
    return origins


def _origin_of(value: str) -> Optional[str]:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin_post(request: Any) -> bool:
    """False when the browser says this post came from another site (or an opaque origin)."""
    fetch_site = (request.headers.get("sec-fetch-site") or "").strip().lower()
    if fetch_site in CROSS_SITE_FETCH:
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not sent by a browser form from another origin (see the module docstring)
    parsed = _origin_of(origin)  # "null" (sandboxed frames, privacy redirects) parses to None
    if parsed is None:
        return False
    return parsed in allowed_origins(request)
