"""Signing in and out of the console: password (with a lockout an attacker cannot turn against
an officer, store.staff), the pool's challenges (a new password at first sign-in, a TOTP code when
MFA is on), and sign-out everywhere.

A wrong password, an unknown name and a deactivated account get the same answer (401, the same
page), so the form tells nobody which staff names exist. The redirect after signing in goes only to
a page of this console (`safe_redirect`)."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from chalice import Response

from chalicelib.console import auth, cognito, rights
from chalicelib.console.page import (
    base,
    console,
    field,
    form,
    lang,
    redirect,
    request,
    show,
    staff_route,
)
from chalicelib.http import staff_tokens
from chalicelib.pages import i18n
from chalicelib.shared import identity
from chalicelib.shared.clock import (
    real_now,  # sessions, tokens and lockouts: never the demo offset
)
from chalicelib.store import staff as staff_store

MAX_NAME = 128
MAX_PASSWORD = 256


def _home(staff: staff_tokens.Staff) -> str:
    return f"{base()}/konsol/{rights.HOME[staff.role].value}"


#: What a redirect target may contain: RFC 3986 path and query characters (percent escapes must be
#: complete). An allow-list closes the whole class at once: no control or whitespace character, no
#: backslash, nothing outside ASCII, so no header a browser or proxy would read differently.
_URL_TEXT = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")
_CONSOLE = "/konsol/"
MAX_NEXT = 512


def safe_redirect(target: str, base: str, fallback: str) -> str:
    """Where to send the person after signing in: `target` when it is a page of this site's console,
    otherwise `fallback` (their console home). Never an open redirect, never a header injection.

    `target` arrives decoded once already (query string or form field); it is used as it is, never
    decoded again. It is also decoded once more *to be looked at*, so that an escaped `%0d`, `%2f%2f`
    or `%2e%2e` that a later hop might decode is refused too."""
    target = target or ""
    local = target[len(base):] if base and target.startswith(base + "/") else target
    return f"{base}{local}" if _is_console_path(local) else fallback


def _is_console_path(path: str) -> bool:
    if len(path) > MAX_NEXT or not _URL_TEXT.fullmatch(path):
        return False
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or parts.fragment or not parts.path.startswith(_CONSOLE):
        return False
    seen = unquote(path)
    if "//" in seen or "\\" in seen or any(c.isspace() or not c.isprintable() for c in seen):
        return False
    segments = unquote(parts.path).split("/")
    return not ({".", ".."} & set(segments)) and segments[2] != "masuk"


def _signin_page(lang_code: str, cookies: list[str], status: int = 200, errors: dict[str, str] | None = None,
                 username: str = "", next_path: str = "", notice: str | None = None) -> Response:
    token, more = auth.pre_csrf(request(), base())
    return show("console/signin.html", lang_code, None, status=status, cookies=cookies + more,
                path=f"{base()}/konsol/masuk", errors=errors or {}, username=username, pre_csrf=token,
                next_path=next_path, notice=notice)


def _challenge_page(lang_code: str, cookies: list[str], challenge: cognito.Challenge, next_path: str,
                    status: int = 200, errors: dict[str, str] | None = None,
                    secret: str | None = None) -> Response:
    token, more = auth.pre_csrf(request(), base())
    return show("console/challenge.html", lang_code, None, status=status, cookies=cookies + more,
                path=f"{base()}/konsol/masuk", errors=errors or {}, challenge=challenge, pre_csrf=token,
                next_path=next_path, secret=secret, min_length=identity.PASSWORD_POLICY.minimum_length)


def _signed_in(lang_code: str, cookies: list[str], result: cognito.Tokens, username: str,
               next_path: str) -> Response:
    try:
        staff = staff_tokens.verify_id_token(result.id_token)
    except staff_tokens.InvalidToken:
        return _signin_page(lang_code, cookies, 403, {"username": i18n.t("console.no_access", lang_code)}, username)
    now, secure_flag = real_now(), auth.secure(request())
    device = staff_store.trust_device(username, auth.device_id(request()), now)
    cookies = cookies + auth.start(staff, result, base(), secure_flag, now) + [
        auth.device_cookie(device, base(), secure_flag)]
    return redirect(safe_redirect(next_path, base(), _home(staff)), cookies)


@console.route("/konsol", methods=["GET"])
def console_home() -> Response:
    lang_code, cookies = lang()
    try:
        signed = auth.current(request(), base(), real_now())
    except auth.AccountInactive:
        return redirect(auth.inactive_location(base()), cookies + auth.clear_cookies(base(), auth.secure(request())))
    if signed is None:
        return redirect(f"{base()}/konsol/masuk", cookies)
    return redirect(_home(signed.staff), cookies + signed.cookies)


@console.route("/konsol/masuk", methods=["GET"])
def signin_form() -> Response:
    lang_code, cookies = lang()
    query = request().query_params or {}
    inactive = bool(query.get(auth.INACTIVE_NOTICE))
    try:
        signed = auth.current(request(), base(), real_now())
    except auth.AccountInactive:
        signed, inactive = None, True
        cookies = cookies + auth.clear_cookies(base(), auth.secure(request()))
    if signed is not None:
        return redirect(_home(signed.staff), cookies + signed.cookies)
    notice_key = "console.account_disabled" if inactive else "console.signed_out" if query.get("keluar") else None
    return _signin_page(lang_code, cookies, next_path=safe_redirect(query.get("next") or "", base(), ""),
                        notice=i18n.t(notice_key, lang_code) if notice_key else None)


@console.route("/konsol/masuk", methods=["POST"], content_types=["application/x-www-form-urlencoded"])
def signin() -> Response:
    lang_code, cookies = lang()
    data = form()
    username, password = field(data, "username"), (data.get("password") or [""])[0]
    next_path = safe_redirect(field(data, "next"), base(), "")
    if not auth.pre_csrf_ok(request(), field(data, "csrf")):
        return _signin_page(lang_code, cookies, 403, {"form": i18n.t("console.csrf_failed", lang_code)}, username)
    errors = {}
    if not username or len(username) > MAX_NAME:
        errors["username"] = i18n.t("console.username_missing", lang_code)
    if not password or len(password) > MAX_PASSWORD:
        errors["password"] = i18n.t("console.password_missing", lang_code)
    if errors:
        return _signin_page(lang_code, cookies, 422, errors, username, next_path)
    now, device = real_now(), auth.device_id(request())
    if staff_store.locked_until(username, now, device) is not None:
        return _signin_page(lang_code, cookies, 429, {"password": i18n.t("console.locked", lang_code)},
                            username, next_path)
    try:
        result = cognito.sign_in(username, password)
    except cognito.SignInFailed:
        locked = staff_store.record_failure(username, now, device)
        key = "console.locked" if locked else "console.bad_credentials"
        return _signin_page(lang_code, cookies, 429 if locked else 401, {"password": i18n.t(key, lang_code)},
                            username, next_path)
    except cognito.AccountProblem as problem:
        return _signin_page(lang_code, cookies, 403, {"username": i18n.t(f"console.{problem.code}", lang_code)},
                            username, next_path)
    if isinstance(result, cognito.Challenge):
        return _challenge(lang_code, cookies, result, next_path)
    return _signed_in(lang_code, cookies, result, username, next_path)


def _challenge(lang_code: str, cookies: list[str], challenge: cognito.Challenge, next_path: str) -> Response:
    secret = None
    if challenge.name == "MFA_SETUP":
        secret, session = cognito.start_mfa_setup(challenge.session)
        challenge = cognito.Challenge(challenge.name, session, challenge.username)
    return _challenge_page(lang_code, cookies, challenge, next_path, secret=secret)


@console.route("/konsol/masuk/lanjut", methods=["POST"], content_types=["application/x-www-form-urlencoded"])
def answer_challenge() -> Response:
    lang_code, cookies = lang()
    data = form()
    challenge = cognito.Challenge(field(data, "challenge"), field(data, "session"), field(data, "username"))
    next_path = safe_redirect(field(data, "next"), base(), "")
    if not auth.pre_csrf_ok(request(), field(data, "csrf")):
        return _signin_page(lang_code, cookies, 403, {"form": i18n.t("console.csrf_failed", lang_code)})
    if challenge.name not in ("NEW_PASSWORD_REQUIRED", "SOFTWARE_TOKEN_MFA", "MFA_SETUP") or not challenge.session \
            or not challenge.username or len(challenge.session) > 4096:
        return _signin_page(lang_code, cookies, 400, {"form": i18n.t("console.challenge_expired", lang_code)})
    errors: dict[str, str] = {}
    try:
        if challenge.name == "NEW_PASSWORD_REQUIRED":
            new, again = (data.get("new_password") or [""])[0], (data.get("new_password_again") or [""])[0]
            if len(new) < identity.PASSWORD_POLICY.minimum_length or len(new) > MAX_PASSWORD:
                errors["new_password"] = i18n.t("console.password_too_short", lang_code,
                                                n=identity.PASSWORD_POLICY.minimum_length)
            elif new != again:
                errors["new_password_again"] = i18n.t("console.password_mismatch", lang_code)
            if errors:
                return _challenge_page(lang_code, cookies, challenge, next_path, 422, errors)
            result = cognito.answer_challenge(challenge, NEW_PASSWORD=new)
        else:
            code = field(data, "code").replace(" ", "")
            if not (code.isdigit() and len(code) == 6):
                return _challenge_page(lang_code, cookies, challenge, next_path, 422,
                                       {"code": i18n.t("console.code_invalid", lang_code)})
            if challenge.name == "MFA_SETUP":
                result = cognito.finish_mfa_setup(challenge, code)
            else:
                result = cognito.answer_challenge(challenge, SOFTWARE_TOKEN_MFA_CODE=code)
    except cognito.PasswordRejected:
        return _challenge_page(lang_code, cookies, challenge, next_path, 422,
                               {"new_password": i18n.t("console.password_rejected", lang_code,
                                                       n=identity.PASSWORD_POLICY.minimum_length)})
    except cognito.SignInFailed:
        staff_store.record_failure(challenge.username, real_now(), auth.device_id(request()))
        return _challenge_page(lang_code, cookies, challenge, next_path, 401,
                               {"code": i18n.t("console.code_invalid", lang_code)})
    except cognito.AccountProblem as problem:
        return _signin_page(lang_code, cookies, 400, {"form": i18n.t(f"console.{problem.code}", lang_code)},
                            challenge.username)
    if isinstance(result, cognito.Challenge):
        return _challenge(lang_code, cookies, result, next_path)
    return _signed_in(lang_code, cookies, result, challenge.username, next_path)


@staff_route("/konsol/keluar", "POST")
def signout(signed: auth.SignedIn, lang_code: str, cookies: list[str]) -> Response:
    auth.end(signed)
    signed.cookies.clear()
    return redirect(f"{base()}/konsol/masuk?keluar=1", cookies + auth.clear_cookies(base(), auth.secure(request())))
