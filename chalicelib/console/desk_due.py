"""The national admins' overview of what falls due across all agencies in the next working days
(reports.due_overview), beside the breaches page: a deadline is easier to keep than to chase."""
from __future__ import annotations

from chalice import Response

from chalicelib.console import auth, desk_csv, rights
from chalicelib.console.page import base, query, show, staff_route
from chalicelib.pages import i18n
from chalicelib.reports.due_overview import MAX_DAYS, due_by_agency
from chalicelib.shared import clock

DEFAULT_DAYS = 3


@staff_route("/konsol/jatuh-tempo", page=rights.Page.DUE)
def due_overview(signed: auth.SignedIn, lang: str, cookies: list[str]) -> Response:
    raw = query().get("hari") or ""
    days = int(raw) if raw.isdigit() and 1 <= int(raw) <= MAX_DAYS else DEFAULT_DAYS
    result = due_by_agency(clock.now(), days, lang)
    labels = [i18n.t("desk.due_today", lang)] + [f"{day.day} {i18n.t(f'month.{day.month}', lang)}"
                                                  for day in result["columns"][1:]]
    bad_days = bool(raw) and raw != str(days)
    if query().get("format") == "csv" and not bad_days:
        return desk_csv.download(f"jatuh-tempo-{days}-hari.csv", desk_csv.due_csv(result, labels),
                                 cookies + signed.cookies)
    return show("console/desk_due.html", lang, signed, status=422 if bad_days else 200, cookies=cookies,
                path=f"{base()}/konsol/jatuh-tempo",
                result=result, labels=labels, day_choices=list(range(1, MAX_DAYS + 1)),
                bad_days=bad_days)
