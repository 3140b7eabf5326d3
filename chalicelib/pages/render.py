"""Jinja2 rendering of the web pages and the headers every page carries (CSP, no referrer).

One Jinja2 environment per language, each with the i18n extension bound to that language's
gettext catalogue (the `messages` domain, chalicelib/pages/catalog.py): templates call
`t("key", name=value)` (the symbolic id API of i18n.t) and may use `{% trans %}` / `gettext()` as well.
"""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from chalice import Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from chalicelib.domain.text import without_bidi_controls
from chalicelib.pages import catalog, i18n
from chalicelib.pages.headers import page_security_headers
from chalicelib.settings import settings

PAGES_DIR = Path(__file__).resolve().parent
STATIC_DIR = PAGES_DIR / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml"}


def _displayable(value: Any) -> Any:
    if isinstance(value, Markup):
        return Markup(without_bidi_controls(str(value)))  # already escaped: stays markup
    return without_bidi_controls(value) if isinstance(value, str) else value


@cache
def environment(lang: str = i18n.DEFAULT_LANG) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(PAGES_DIR / "templates")),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        # Every value printed into a page loses bidi controls, stored text from before intake
        # cleaned it included (domain/text.py).
        finalize=_displayable,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(catalog.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        format_date=i18n.format_date,
        status_words=i18n.status_words,
        field_label=i18n.field_label,
        action_words=i18n.action_words,
        deadline_kind_words=i18n.deadline_kind_words,
    )
    return env


@cache
def static_version(name: str) -> str:
    """Content hash for cache busting: assets are cached for a year under a versioned URL."""
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:10]


def static_file(name: str) -> tuple[bytes, str] | None:
    path = (STATIC_DIR / name).resolve()
    if path.parent != STATIC_DIR or not path.is_file() or path.suffix not in STATIC_TYPES:
        return None
    return path.read_bytes(), STATIC_TYPES[path.suffix]


def security_headers() -> dict[str, str]:
    """A rendered page's headers: the page security headers, never cached (pages carry session state)."""
    return {**page_security_headers(), "Cache-Control": "no-store"}


def page(template: str, lang: str, base: str, status: int = 200,
         cookies: list[str] | None = None, here: str | None = None, **context: Any) -> Response:
    """Render `template` in `lang`; `here` is the GET address of this page (for the language switch)."""
    def t(key: str, **params: Any) -> str:
        return i18n.t(key, lang, **params)

    def static(name: str) -> str:
        return f"{base}/static/{name}?v={static_version(name)}"

    html = environment(lang).get_template(template).render(
        lang=lang, base=base, t=t, static=static, other_lang="en" if lang == "id" else "id",
        here=here or f"{base}/", map_tiles=settings().map_tile_url, map_attribution=settings().map_tile_attribution,
        **context)
    headers: dict[str, Any] = {"Content-Type": "text/html; charset=utf-8", **security_headers()}
    if cookies:
        headers["Set-Cookie"] = cookies if len(cookies) > 1 else cookies[0]
    return Response(body=html, status_code=status, headers=headers)


def redirect(location: str, cookies: list[str] | None = None) -> Response:
    headers: dict[str, Any] = {"Location": location, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    if cookies:
        headers["Set-Cookie"] = cookies if len(cookies) > 1 else cookies[0]
    return Response(body="", status_code=303, headers=headers)


def stage_prefix(request: Any) -> str:
    """The stage prefix (`/api` on a bare API Gateway URL, empty behind a custom domain or locally):
    every link and form action of a page starts with it."""
    context = request.context or {}
    stage, path = context.get("stage") or "", context.get("path") or ""
    if stage and (path == f"/{stage}" or path.startswith(f"/{stage}/")):
        return f"/{stage}"
    return ""
