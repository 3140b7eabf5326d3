"""Signing in and out of the console: password (with lockout), the pool's challenges (a new
password at first sign-in, a TOTP code when MFA is on), and sign-out everywhere."""
from __future__ import annotations

from typing import Optional
from urllib.parse import unquote

from chalice import Response

from chalicelib.console import auth, cognito, rights, tokens
from chalicelib.console.auth import real_now
from chalicelib.console.page import base, console, field, form, lang, redirect, request, show, staff_route
from chalicelib.shared import identity
from chalicelib.store import staff as staff_store
from chalicelib.web import i18n

MAX_NAME = 128
MAX_PASSWORD = 256


def _home(staff: tokens.Staff) -> str:
    return f"{base()}/konsol/{rights.HOME[staff.role].value}"


def _safe_next(target: str) -> Optional[str]:
    """Only a console path of this site: never an open redirect."""
    target = unquote(target or "")
    path = target[len(base()):] if base() and target.startswith(base()) else target
    if path.startswith("/konsol/") and "//" not in path and "\\" not in path and not path.startswith("/konsol/masuk"):
        return f"{base()}{path}"
    return None


def _signin_page(lang_code: str, cookies: list[str], status: int = 200, errors: Optional[dict[str, str]] = None,
                 username: str = "", next_path: str = "", notice: Optional[str] = None) -> Response:
    token, more = auth.pre_csrf(request(), base())
    return show("console/signin.html", lang_code, None, status=status, cookies=cookies + more,
                path=f"{base()}/konsol/masuk", errors=errors or {}, username=username, pre_csrf=token,
                next_path=next_path, notice=notice)


def _challenge_page(lang_code: str, cookies: list[str], challenge: cognito.Challenge, next_path: str,
                    status: int = 200, errors: Optional[dict[str, str]] = None,
                    secret: Optional[str] = None) -> Response:
    token, more = auth.pre_csrf(request(), base())
    return show("console/challenge.html", lang_code, None, status=status, cookies=cookies + more,
                path=f"{base()}/konsol/masuk", errors=errors or {}, challenge=challenge, pre_csrf=token,
                next_path=next_path, secret=secret, min_length=identity.PASSWORD_POLICY.minimum_length)


def _signed_in(lang_code: str, cookies: list[str], result: cognito.Tokens, username: str,
               next_path: str) -> Response:
    try:
        staff = tokens.verify_id_token(result.id_token)
    except tokens.InvalidToken:
        return _signin_page(lang_code, cookies, 403, {"username": i18n.t("console.no_access", lang_code)}, username)
    staff_store.clear_failures(username)
    cookies = cookies + auth.start(staff, result, base(), auth.secure(request()), real_now())
    return redirect(_safe_next(next_path) or _home(staff), cookies)


@console.route("/konsol", methods=["GET"])
def console_home() -> Response:
    lang_code, cookies = lang()
    signed = auth.current(request(), base(), real_now())
    if signed is None:
        return redirect(f"{base()}/konsol/masuk", cookies)
    return redirect(_home(signed.staff), cookies + signed.cookies)


@console.route("/konsol/masuk", methods=["GET"])
def signin_form() -> Response:
    lang_code, cookies = lang()
    signed = auth.current(request(), base(), real_now())
    if signed is not None:
        return redirect(_home(signed.staff), cookies + signed.cookies)
    query = request().query_params or {}
    notice = i18n.t("console.signed_out", lang_code) if query.get("keluar") else None
    return _signin_page(lang_code, cookies, next_path=query.get("next") or "", notice=notice)


@console.route("/konsol/masuk", methods=["POST"], content_types=["application/x-www-form-urlencoded"])
def signin() -> Response:
    lang_code, cookies = lang()
    data = form()
    username, password, next_path = field(data, "username"), (data.get("password") or [""])[0], field(data, "next")
    if not auth.pre_csrf_ok(request(), field(data, "csrf")):
        return _signin_page(lang_code, cookies, 403, {"form": i18n.t("console.csrf_failed", lang_code)}, username)
    errors = {}
    if not username or len(username) > MAX_NAME:
        errors["username"] = i18n.t("console.username_missing", lang_code)
    if not password or len(password) > MAX_PASSWORD:
        errors["password"] = i18n.t("console.password_missing", lang_code)
    if errors:
        return _signin_page(lang_code, cookies, 422, errors, username, next_path)
    now = real_now()
    if staff_store.locked_until(username, now) is not None:
        return _signin_page(lang_code, cookies, 429, {"password": i18n.t("console.locked", lang_code)},
                            username, next_path)
    try:
        result = cognito.sign_in(username, password)
    except cognito.SignInFailed:
        locked = staff_store.record_failure(username, now)
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
    next_path = field(data, "next")
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
        staff_store.record_failure(challenge.username, real_now())
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
