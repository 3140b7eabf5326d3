"""Cross-site request forgery checks for state-changing form posts (citizen pages; reusable by
any other server-rendered pages, which may add their own token checks on top).

Browsers tell a server where a form post came from. Current browsers (Chrome 76+, Firefox 90+,
Safari 16.4+) send Fetch Metadata: `Sec-Fetch-Site` is `same-origin` for Lapor's own forms and
`cross-site`/`same-site` for a post another site makes, so that header decides when present. No
page elsewhere can then sign a visitor into someone else's report (`/lacak/ID/kode`), sign a
reporter out (`/lacak/ID/lupakan`) or act for them. Without it, `Origin` decides: another site's
origin is refused. Lapor's pages send `Referrer-Policy: no-referrer`, under which browsers
serialise the origin of their own same-origin posts as `null`, so an opaque origin cannot be
refused there: browsers too old for Fetch Metadata keep only SameSite=Lax cookies and, for
reporter actions, the token-derived CSRF field (pages/session.csrf_for). Clients that send neither
header (curl, scripts) are not browsers carrying a victim's cookies and pass.

The expected origin is the request's own `Host` (behind API Gateway or `make run`), plus any
listed in `LAPOR_PUBLIC_ORIGINS` (comma-separated, e.g. a custom domain in front of a CDN).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from chalicelib.settings import settings

CROSS_SITE_FETCH = ("cross-site", "same-site")


def allowed_origins(request: Any) -> set[str]:
    origins = set(settings().public_origins)
    host = (request.headers.get("host") or "").strip().lower()
    if host:
        proto = (request.headers.get("x-forwarded-proto") or "").strip().lower()
        schemes = [proto] if proto in ("http", "https") else ["http", "https"]
        origins.update(f"{scheme}://{host}" for scheme in schemes)
    return origins


def _origin_of(value: str) -> str | None:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin_post(request: Any) -> bool:
    """False when the browser says this post came from another site (or an opaque origin)."""
    fetch_site = (request.headers.get("sec-fetch-site") or "").strip().lower()
    if fetch_site:
        return fetch_site not in CROSS_SITE_FETCH  # same-origin, or none (typed or bookmarked)
    origin = (request.headers.get("origin") or "").strip()
    if not origin or origin == "null":
        return True  # no Fetch Metadata: see the module docstring
    parsed = _origin_of(origin)
    return parsed is not None and parsed in allowed_origins(request)
