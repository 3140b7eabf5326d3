"""Every agency's directory entry, staff accounts and API keys, managed by the national admins in the
console (`/konsol/instansi`): the same use cases as the admin API (directory.agencies, store.credentials)
and the same account creation as an agency admin's own page (the user pool, a temporary password shown
once), so a person without API tools can connect an agency end to end.

A new key is shown once and only its hash is kept; earlier keys stay valid until revoked (rotation
without downtime). Accounts created here get the agency from the URL, never from the form."""
from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.console import auth, cognito, rights
from chalicelib.console.agency_admin import account_errors, temporary_password
from chalicelib.console.desk import search_agencies
from chalicelib.console.page import (
    Refused,
    base,
    field,
    form,
    query,
    redirect,
    show,
    staff_route,
)
from chalicelib.directory import agencies, catalogue
from chalicelib.domain.errors import ValidationFailed
from chalicelib.pages import forms, i18n
from chalicelib.shared.clock import real_now
from chalicelib.shared.identity import StaffRole
from chalicelib.store import credentials
from chalicelib.store import directory as agency_store
from chalicelib.store import staff as staff_store

ROLES = {"agency-admin": StaffRole.AGENCY_ADMIN, "liaison-officer": StaffRole.LIAISON}
CHANGES = ("ubah", "aktifkan", "nonaktifkan", "kunci-baru", "cabut-kunci", "akun", "akun-aktifkan",
           "akun-nonaktifkan")


def _record(agency_id: str) -> Any:
    record = agency_store.get_agency(agency_id)
    if record is None:
        raise Refused(404, "console.page_not_found")
    return record


def _page(signed: auth.SignedIn, lang: str, cookies: list[str], agency_id: str | None, status: int = 200,
          errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
          new_key: str | None = None, created: dict[str, str] | None = None,
          flash: str | None = None) -> Response:
    params = query()
    text, region = (params.get("q") or "")[:100], (params.get("wilayah") or "")[:20]
    record = _record(agency_id) if agency_id else None
    keys = [k for k in credentials.list_keys(agency_id) if k.kind == credentials.AGENCY] if agency_id else []
    region_info = catalogue.region(record.region_code) if record is not None else None
    return show("console/desk_directory.html", lang, signed, status=status, cookies=cookies,
                path=f"{base()}/konsol/instansi", q=text, region=region,
                found=search_agencies(text, region, "") if (text or region) and not agency_id else [],
                provinces=sorted(catalogue.provinces(), key=lambda r: r.name), agency=record,
                region_name=region_info.name if region_info else (record.region_code if record else None),
                keys=sorted(keys, key=lambda k: k.created_at, reverse=True),
                accounts=staff_store.accounts_of(agency_id) if agency_id else [], roles=list(ROLES),
                errors=errors or {}, values=values or {}, new_key=new_key, created=created, flash=flash)


@staff_route("/konsol/instansi", page=rights.Page.AGENCIES)
def directory_page(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    """Search the directory; with `id`, one agency's entry, keys and staff accounts."""
    params = query()
    done = params.get("ok")
    flash = i18n.t(f"desk.directory_done.{done}", lang) if done in CHANGES else None
    return _page(signed, lang, cookies, params.get("id") or None, flash=flash)


def _back(signed: auth.SignedIn, cookies: list[str], agency_id: str, change: str) -> Response:
    return redirect(f"{base()}/konsol/instansi?id={agency_id}&ok={change}", cookies + signed.cookies)


@staff_route("/konsol/instansi/{agency_id}/{change}", "POST", page=rights.Page.AGENCIES)
def change_agency(signed: auth.SignedIn, lang: str, cookies: list[str], agency_id: str, change: str) -> Response:
    if change not in CHANGES:
        raise Refused(404, "console.page_not_found")
    _record(agency_id)
    data = form()
    if change in ("aktifkan", "nonaktifkan"):
        agencies.update(agency_id, {"active": change == "aktifkan"})
        agency_store.forget_agency(agency_id)
        return _back(signed, cookies, agency_id, change)
    if change == "ubah":
        values = {"name": field(data, "name").strip(), "name_en": field(data, "name_en").strip()}
        errors = {name: i18n.t("desk.directory_name_rule", lang) for name, value in values.items()
                  if not 3 <= len(value) <= 300}
        if errors:
            return _page(signed, lang, cookies, agency_id, 422, errors, values)
        try:
            agencies.update(agency_id, values)
        except ValidationFailed as refused:
            return _page(signed, lang, cookies, agency_id, 422, {"name": i18n.error_text(refused.code, lang)}, values)
        agency_store.forget_agency(agency_id)
        return _back(signed, cookies, agency_id, change)
    if change == "kunci-baru":
        key, _ = credentials.issue_key(credentials.AGENCY, agency_id)
        return _page(signed, lang, cookies, agency_id, 201, new_key=key,
                     flash=i18n.t("desk.directory_done.kunci-baru", lang))
    if change == "cabut-kunci":
        if not credentials.revoke(agency_id, field(data, "key_id"), kind=credentials.AGENCY):
            raise Refused(404, "console.page_not_found")
        return _back(signed, cookies, agency_id, change)
    if change in ("akun-aktifkan", "akun-nonaktifkan"):
        account = staff_store.get_account(agency_id, field(data, "username"))
        if account is None:
            raise Refused(404, "console.account_not_found")
        enabled = change == "akun-aktifkan"
        cognito.set_enabled(account.username, enabled)
        staff_store.set_active(agency_id, account.username, enabled)
        return _back(signed, cookies, agency_id, change)
    return _create_account(signed, lang, cookies, agency_id, data)


def _create_account(signed: auth.SignedIn, lang: str, cookies: list[str], agency_id: str,
                    data: dict[str, list[str]]) -> Response:
    values = {name: field(data, name) for name in ("username", "display_name", "email", "role")}
    values["username"] = values["username"].lower()
    errors: dict[str, str] = {}
    if values["role"] not in ROLES:
        errors["role"] = i18n.t("desk.directory_role_rule", lang)
    errors.update(account_errors(values, lang))
    if errors:
        return _page(signed, lang, cookies, agency_id, 422, forms.ordered(errors), values)
    password, role = temporary_password(), ROLES[values["role"]]
    try:
        cognito.create_user(values["username"], role, agency_id, values["email"] or None, values["display_name"],
                            password)
    except cognito.AccountProblem as problem:
        key = "console.username_taken" if problem.code == "username_taken" else f"console.{problem.code}"
        return _page(signed, lang, cookies, agency_id, 409, {"username": i18n.t(key, lang)}, values)
    except cognito.PasswordRejected:
        return _page(signed, lang, cookies, agency_id, 422, {"email": i18n.t("console.email_rule", lang)}, values)
    staff_store.put_account(values["username"], role, agency_id, values["display_name"], values["email"] or None,
                            real_now(), created_by=signed.staff.id)
    return _page(signed, lang, cookies, agency_id, 201, created={"username": values["username"], "password": password})
