"""The report page's files: a staff member opens a report's photo or document (or its thumbnail).

Why a route of its own: the link is minted when the person clicks, lives five minutes, and each
click is written to the report's audit trail with the staff member's name (reports/files.py).
The person must be able to see the report (console.rights.may_see, else 404 as for any report
they may not see), and the file goes through the privacy projection for their audience.
"""
from __future__ import annotations

from chalice import Response

from chalicelib.console import auth, rights
from chalicelib.console.page import Refused, query, redirect, staff_route
from chalicelib.domain.errors import IllegalTransition, NotFound
from chalicelib.domain.tracking import normalize_tracking_id
from chalicelib.reports import files
from chalicelib.reports import read as reports_query


@staff_route("/konsol/laporan/{tracking_id}/lampiran/{attachment_id}")
def open_file(signed: auth.SignedIn, lang: str, cookies: list[str], tracking_id: str,
              attachment_id: str) -> Response:
    try:
        report = reports_query.load(normalize_tracking_id(tracking_id) or tracking_id)
    except NotFound:
        raise Refused(404, "console.report_not_found") from None
    if not rights.may_see(signed.staff, report):
        raise Refused(404, "console.report_not_found")
    variant = files.THUMBNAIL if query().get("variant") == files.THUMBNAIL else files.FILE
    try:
        link = files.download_link(report, rights.audience(signed.staff), attachment_id, signed.staff.id, variant)
    except NotFound:
        raise Refused(404, "console.file_not_found") from None
    except IllegalTransition:
        raise Refused(409, "console.file_not_cleaned") from None
    # To the presigned URL; never cached (the link expires, and the next click must be recorded).
    response = redirect(link["url"], cookies + signed.cookies)
    response.headers["Cache-Control"] = "no-store"
    return response
