"""The security headers of every HTML answer (the CSP and its friends), apart from the templates: the
API function's middleware adds them to any page, and a JSON request must not load Jinja for that."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from chalicelib.settings import settings


@lru_cache(maxsize=1)
def upload_origin() -> str:
    """The origin browsers upload attachments to (S3, or moto locally), for the CSP."""
    from chalicelib.intake.attachments import create_upload

    url = create_upload(None, "image/png", 1)["upload"]["url"]  # signs locally, no network call
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@lru_cache(maxsize=1)
def tile_origin() -> str:
    """The map tiles' origin (scheme://host of `settings.map_tile_url`), for the CSP."""
    parts = urlsplit(settings().map_tile_url.replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def page_security_headers() -> dict[str, str]:
    """What every HTML answer carries, whoever renders it: the CSP (scripts, styles and form
    posts from Lapor only, no framing), no referrer, no sniffing, no framing for old browsers.
    http.endpoints.security_headers adds these to any text/html response that lacks them."""
    try:
        files = upload_origin()
        connect = f"'self' {files}"
    except Exception:  # noqa: BLE001 - no S3 client configured: uploads are simply not allowed
        files, connect = "", "'self'"
    # Pictures: the short-lived links to cleaned files and thumbnails (same bucket origin) and the
    # map's tiles (settings.map_tile_url's origin, OpenStreetMap's in production).
    images = " ".join(part for part in ("'self' data:", files, tile_origin()) if part)
    return {
        "Content-Security-Policy": (
            f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; "
            f"connect-src {connect}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
            "object-src 'none'"
        ),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
    }
