"""What every console page shares: the blueprint, language, the signed-in guard, rendering, forms,
and error pages. A page function only says what it shows or does.

Every console route goes through `staff_route`: it signs the person in (or sends them to the
sign-in page), checks the page's rights (403), checks CSRF on every POST, and turns any domain
error into a page with a message instead of a 500.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from chalice import Blueprint, Response

from chalicelib.console import auth, rights
from chalicelib.pages import forms, i18n, render, session
from chalicelib.shared.clock import (
    real_now,  # sessions, tokens and lockouts: never the demo offset
)

log = logging.getLogger(__name__)
console = Blueprint(__name__)
FORM_TYPES = ["application/x-www-form-urlencoded"]
PAGE_SIZE = 25


class Refused(Exception):
    """Stop and answer with an error page (403, 404, 409...)."""

    def __init__(self, status: int, message_key: str) -> None:
        super().__init__(message_key)
        self.status, self.message_key = status, message_key


def request() -> Any:
    return console.current_request


def base() -> str:
    return render.stage_prefix(request())


def lang() -> tuple[str, list[str]]:
    asked = i18n.pick_lang((request().query_params or {}).get("lang"))
    if asked:
        return asked, [session.lang_cookie(asked, base(), session.is_https(request()))]
    return i18n.pick_lang(session.cookies(request()).get(session.LANG_COOKIE)) or i18n.DEFAULT_LANG, []


def query() -> dict[str, str]:
    return dict(request().query_params or {})


def form() -> dict[str, list[str]]:
    return forms.parse_form(request().raw_body)


def field(data: dict[str, list[str]], name: str) -> str:
    return forms.first(data, name)


def show(template: str, lang_code: str, signed: auth.SignedIn | None, status: int = 200,
         cookies: list[str] | None = None, path: str | None = None, **context: Any) -> Response:
    all_cookies = list(cookies or []) + (signed.cookies if signed else [])
    return render.page(
        template, lang_code, base(), status=status, cookies=all_cookies or None,
        here=path or f"{base()}/konsol", staff=signed.staff if signed else None,
        csrf=signed.csrf if signed else "", nav=rights.nav(signed.staff) if signed else [],
        Page=rights.Page, current=(path or "").rsplit("/konsol/", 1)[-1], **context)


def redirect(location: str, cookies: list[str] | None = None) -> Response:
    return render.redirect(location, cookies or None)


def refused(status: int, message_key: str, lang_code: str, signed: auth.SignedIn | None,
            cookies: list[str] | None = None) -> Response:
    return show("console/refused.html", lang_code, signed, status=status, cookies=cookies,
                message=i18n.t(message_key, lang_code), status_code=status)


def staff_route(path: str, method: str = "GET", page: rights.Page | None = None
                ) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Register a console route for signed-in staff (optionally only the roles of `page`).
    The view is called as view(signed, lang, cookies, **url_params)."""

    def register(view: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(view)
        def guarded(**params: Any) -> Response:
            lang_code, cookies = lang()
            try:
                signed = auth.current(request(), base(), real_now())
                if signed is None:
                    if request().method == "GET":
                        return redirect(f"{base()}/konsol/masuk?next={quote(request().context.get('path') or '')}",
                                        cookies)
                    return refused(401, "console.session_ended", lang_code, None, cookies)
                if page is not None and not rights.may_open(signed.staff, page):
                    return refused(403, "console.forbidden", lang_code, signed, cookies)
                if request().method == "POST" and not auth.csrf_ok(signed, field(form(), "csrf")):
                    return refused(403, "console.csrf_failed", lang_code, signed, cookies)
                return view(signed, lang_code, cookies, **params)
            except auth.AccountInactive:  # session already ended: sign-in page with a notice, GET or POST
                return redirect(auth.inactive_location(base()),
                                cookies + auth.clear_cookies(base(), auth.secure(request())))
            except Refused as stop:
                return refused(stop.status, stop.message_key, lang_code, None, cookies)
            except Exception:  # logged with its trace; the person gets a plain page
                log.exception("console error on %s %s", request().method, path)
                return refused(500, "console.internal_error", lang_code, None, cookies)

        options: dict[str, Any] = {"content_types": FORM_TYPES} if method == "POST" else {}
        console.route(path, methods=[method], **options)(guarded)
        return guarded

    return register
