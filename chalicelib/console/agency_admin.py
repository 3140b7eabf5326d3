"""What an agency admin manages in the console (its liaison officers' accounts, response templates,
its webhook endpoint, its own figures) and the national admins' breaches by agency.

Accounts are created in the user pool (group `liaison-officer`, `custom:agency_id` = the admin's own
agency, never one from the form) with a temporary password shown once; the person sets their own
at first sign-in. Webhook registration is the agency API's (delivery.subscriptions).
"""
from __future__ import annotations

import re
import secrets
import statistics
from datetime import date, datetime
from typing import Any

from chalice import Response

from chalicelib.console import auth, cognito, rights
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
from chalicelib.delivery import subscriptions
from chalicelib.domain.calendar import local_date
from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Report, Status
from chalicelib.pages import forms, i18n
from chalicelib.reports import deadline_views, lists
from chalicelib.shared import clock
from chalicelib.shared.clock import (
    real_now,  # sessions, tokens and lockouts: never the demo offset
)
from chalicelib.store import directory as agency_store
from chalicelib.store import reports as report_store
from chalicelib.store import staff as staff_store

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
FIGURES_SAMPLE = 500  # the newest reports per status the figures read (bounded cost)


def _agency(signed: auth.SignedIn) -> str:
    return signed.staff.agency_id or ""


# --- liaison officer accounts --------------------------------------------------------------------

def _accounts_page(signed: auth.SignedIn, lang: str, cookies: list[str], status: int = 200,
                   errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
                   created: dict[str, str] | None = None, flash: str | None = None) -> Response:
    return show("console/accounts.html", lang, signed, status=status, cookies=cookies,
                path=f"{base()}/konsol/petugas", accounts=staff_store.accounts_of(_agency(signed), rights.LO),
                errors=errors or {}, values=values or {}, created=created, flash=flash)


@staff_route("/konsol/petugas", page=rights.Page.ACCOUNTS)
def accounts(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    return _accounts_page(signed, lang, cookies)


def temporary_password() -> str:
    return f"Tmp-{secrets.token_urlsafe(9)}-{secrets.randbelow(90) + 10}aA"


def account_errors(values: dict[str, str], lang: str) -> dict[str, str]:
    """What is wrong with a new staff account's username, display name and e-mail (one rule for the
    agency admin's accounts page and the desk's agencies page)."""
    errors: dict[str, str] = {}
    if not USERNAME.match(values["username"]):
        errors["username"] = i18n.t("console.username_rule", lang)
    if not 2 <= len(values["display_name"]) <= 100:
        errors["display_name"] = i18n.t("console.display_name_rule", lang)
    if values["email"] and not EMAIL.match(values["email"]):
        errors["email"] = i18n.t("console.email_rule", lang)
    return errors


@staff_route("/konsol/petugas", "POST", page=rights.Page.ACCOUNTS)
def create_account(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    data = form()
    values = {name: field(data, name) for name in ("username", "display_name", "email")}
    values["username"] = values["username"].lower()
    errors = account_errors(values, lang)
    if errors:
        return _accounts_page(signed, lang, cookies, 422, forms.ordered(errors), values)
    password = temporary_password()
    try:
        cognito.create_user(values["username"], rights.LO, _agency(signed), values["email"] or None,
                            values["display_name"], password)
    except cognito.AccountProblem as problem:
        key = "console.username_taken" if problem.code == "username_taken" else f"console.{problem.code}"
        return _accounts_page(signed, lang, cookies, 409, {"username": i18n.t(key, lang)}, values)
    except cognito.PasswordRejected:
        return _accounts_page(signed, lang, cookies, 422, {"email": i18n.t("console.email_rule", lang)}, values)
    staff_store.put_account(values["username"], rights.LO, _agency(signed), values["display_name"],
                            values["email"] or None, real_now(), created_by=signed.staff.id)
    return _accounts_page(signed, lang, cookies, 201, created={"username": values["username"], "password": password})


@staff_route("/konsol/petugas/{username}/{change}", "POST", page=rights.Page.ACCOUNTS)
def change_account(signed: auth.SignedIn, lang: str, cookies: list[str], username: str, change: str) -> Response:
    if change not in ("nonaktifkan", "aktifkan"):
        raise Refused(404, "console.page_not_found")
    account = staff_store.get_account(_agency(signed), username)
    if account is None or account.role is not rights.LO:  # only the agency's own liaison officers
        raise Refused(404, "console.account_not_found")
    enabled = change == "aktifkan"
    cognito.set_enabled(username, enabled)
    staff_store.set_active(_agency(signed), username, enabled)
    return redirect(f"{base()}/konsol/petugas?ok={change}", cookies + signed.cookies)


# --- response templates --------------------------------------------------------------------------

def _templates_page(signed: auth.SignedIn, lang: str, cookies: list[str], status: int = 200,
                    errors: dict[str, str] | None = None, values: dict[str, str] | None = None) -> Response:
    return show("console/templates.html", lang, signed, status=status, cookies=cookies,
                path=f"{base()}/konsol/templat", templates=staff_store.templates_of(_agency(signed)),
                errors=errors or {}, values=values or {})


@staff_route("/konsol/templat", page=rights.Page.TEMPLATES)
def templates(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    return _templates_page(signed, lang, cookies)


@staff_route("/konsol/templat", "POST", page=rights.Page.TEMPLATES)
def save_template(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    data = form()
    values = {"title": field(data, "title"), "body": field(data, "body")}
    errors = {}
    if not 3 <= len(values["title"]) <= 100:
        errors["title"] = i18n.t("console.template_title_rule", lang)
    if not 10 <= len(values["body"]) <= 10000:
        errors["body"] = i18n.t("console.template_body_rule", lang)
    if errors:
        return _templates_page(signed, lang, cookies, 422, errors, values)
    staff_store.save_template(_agency(signed), values["title"], values["body"], signed.staff.id, real_now())
    return redirect(f"{base()}/konsol/templat?ok=1", cookies + signed.cookies)


@staff_route("/konsol/templat/{template_id}/hapus", "POST", page=rights.Page.TEMPLATES)
def delete_template(signed: auth.SignedIn, lang: str, cookies: list[str], template_id: str) -> Response:
    if staff_store.get_template(_agency(signed), template_id) is None:
        raise Refused(404, "console.page_not_found")
    staff_store.delete_template(_agency(signed), template_id)
    return redirect(f"{base()}/konsol/templat", cookies + signed.cookies)


# --- webhook endpoint ---------------------------------------------------------------------------

def _webhook_page(signed: auth.SignedIn, lang: str, cookies: list[str], status: int = 200,
                  errors: dict[str, str] | None = None, url: str = "", secret: str | None = None) -> Response:
    record = subscriptions.get(_agency(signed))
    return show("console/webhook.html", lang, signed, status=status, cookies=cookies, path=f"{base()}/konsol/webhook",
                endpoint=subscriptions.describe(record) if record is not None else None,
                errors=errors or {}, url=url, secret=secret)


@staff_route("/konsol/webhook", page=rights.Page.WEBHOOK)
def webhook(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    return _webhook_page(signed, lang, cookies)


@staff_route("/konsol/webhook", "POST", page=rights.Page.WEBHOOK)
def register_webhook(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    url = field(form(), "url")
    if not 8 <= len(url) <= 2048:
        return _webhook_page(signed, lang, cookies, 422, {"url": i18n.error_text("invalid_webhook_url", lang)}, url)
    try:
        registration = subscriptions.register(_agency(signed), url)
    except ValidationFailed as error:
        return _webhook_page(signed, lang, cookies, 422, {"url": i18n.error_text(error.code, lang)}, url)
    return _webhook_page(signed, lang, cookies, 200, url=registration.url, secret=registration.secret)


# --- figures ------------------------------------------------------------------------------------

def agency_figures(agency_id: str, since: date | None = None, until: date | None = None,
                   now: datetime | None = None) -> dict[str, Any]:
    """Received, followed up on time, median time to follow-up, ratings and overdue reports, over
    the newest FIGURES_SAMPLE reports of each status of the agency (its queue partitions: no Scan),
    those received between `since` and `until` (Jakarta dates, inclusive) when given."""
    now = now or clock.now()
    reports: list[Report] = []
    for status in Status:
        page, _ = lists.by_status(agency_id, status.value, FIGURES_SAMPLE, None)
        reports.extend(r for r in page if (since is None or local_date(r.created_at) >= since)
                       and (until is None or local_date(r.created_at) <= until))
    followed, on_time, hours = 0, 0, []
    for report in reports:
        if report.status not in (Status.DITINDAKLANJUTI, Status.SELESAI, Status.DIRUJUK_OMBUDSMAN):
            continue
        events = report_store.timeline(report.tracking_id)
        start: Any | None = None
        for event in events:
            if event.action in (Action.DISPOSITION, Action.FORWARD) and event.agency_id == agency_id:
                start = event
            elif event.action is Action.FOLLOW_UP and start is not None and event.agency_id == agency_id:
                followed += 1
                hours.append((event.at - start.at).total_seconds() / 3600)
                on_time += start.deadline is None or event.at <= start.deadline
                break
    ratings = [r.rating for r in reports if r.rating]
    return {
        "received": len(reports), "followed_up": followed, "on_time": on_time,
        "on_time_percent": round(100 * on_time / followed) if followed else None,
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "ratings": len(ratings), "rating_average": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "open": sum(r.status in (Status.DITERUSKAN, Status.DITUNDA) for r in reports),
        # Open with the agency's own deadline passed (the reporter's reply window is not the agency's).
        "overdue": sum(r.status is Status.DITERUSKAN and r.deadline is not None and r.deadline < now
                       for r in reports),
    }


def _date_param(value: str) -> tuple[date | None, bool]:
    """(the date, whether the value was bad): YYYY-MM-DD or empty."""
    if not value:
        return None, False
    try:
        return date.fromisoformat(value), False
    except ValueError:
        return None, True


@staff_route("/konsol/angka", page=rights.Page.FIGURES)
def figures(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    params = query()
    since, bad_since = _date_param(params.get("dari") or "")
    until, bad_until = _date_param(params.get("sampai") or "")
    errors = {name: i18n.t("console.figures_date_rule", lang)
              for name, bad in (("dari", bad_since), ("sampai", bad_until)) if bad}
    if since and until and since > until:
        errors["sampai"] = i18n.t("console.figures_range_rule", lang)
    if errors:
        since = until = None
    # The Ombudsman reads the same figures for any agency it chooses; agency admins their own.
    across = signed.staff.role is rights.OM
    chosen = " ".join((params.get("instansi") or "").split())[:120]
    agency_id: str | None = _agency(signed)
    agency_name = None
    if across:
        record = agency_store.get_agency(chosen) if chosen else None
        if chosen and record is None:
            errors["instansi"] = i18n.t("console.figures_agency_unknown", lang)
        agency_id = record.agency_id if record else None
        agency_name = (record.name_en if lang == "en" else record.name) if record else None
    figures_ = agency_figures(agency_id, since, until) if agency_id else None
    if figures_ and figures_["median_hours"] is not None:
        figures_["median_hours"] = i18n.format_number(figures_["median_hours"], lang)
    if figures_ and figures_["rating_average"] is not None:
        figures_["rating_average"] = i18n.format_number(figures_["rating_average"], lang)
    return show("console/figures.html", lang, signed, status=422 if errors else 200, cookies=cookies,
                path=f"{base()}/konsol/angka", figures=figures_, sample=FIGURES_SAMPLE, errors=errors,
                across=across, agency_name=agency_name,
                values={"dari": params.get("dari") or "", "sampai": params.get("sampai") or "", "instansi": chosen})


# --- breaches (national admins) -----------------------------------------------------------------

@staff_route("/konsol/pelanggaran", page=rights.Page.BREACHES)
def breaches(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    now = clock.now()
    result = deadline_views.breaches_by_agency(now, lang=lang)
    for group in result["agencies"]:
        for row in group["reports"]:
            row["deadline_at"] = datetime.fromisoformat(row["deadline"]) if row.get("deadline") else None
    return show("console/breaches.html", lang, signed, cookies=cookies, path=f"{base()}/konsol/pelanggaran",
                result=result)


__all__ = ["agency_figures"]
