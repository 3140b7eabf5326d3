"""Read side of a single report: load it with what a view needs and project it for an audience."""
from __future__ import annotations

from typing import Any

from chalicelib.domain.errors import NotFound
from chalicelib.domain.model import Report
from chalicelib.domain.privacy import (
    Audience,
    may_see_notifications,
    needs_contact,
    view,
)
from chalicelib.domain.tracking import normalize_tracking_id
from chalicelib.shared.tokens import matches
from chalicelib.store import directory as agencies
from chalicelib.store import reports as store
from chalicelib.store import supports


def load(tracking_id: str) -> Report:
    canonical = normalize_tracking_id(tracking_id)
    report = store.get(canonical) if canonical else None
    if report is None:
        raise NotFound(tracking_id=tracking_id)
    return report


def is_reporter(report: Report, token: str | None) -> bool:
    return bool(token and matches(token, report.reporter_token_hash))


def render(report: Report, audience: Audience, lang: str = "id",
           until_seq: int | None = None) -> dict[str, Any] | None:
    """The report for `audience`, fetching the contact only when that audience may see it.
    `until_seq` cuts the timeline at an event (a webhook about it shows nothing that came later,
    e.g. the new agency's notes in a `report.forwarded_away` to the previous one)."""
    contact = store.contact(report.tracking_id) if needs_contact(audience, report) else None
    events = store.timeline(report.tracking_id)
    if until_seq is not None:
        events = [e for e in events if e.seq <= until_seq]
    return _with_download_paths(audience, report.tracking_id, view(
        audience,
        report,
        timeline=events,
        contact=contact,
        agency=agencies.agency_summary(report.agency_id, lang),
        notifications=_notification_log(report.tracking_id) if may_see_notifications(audience) else (),
        support_count=supports.count(report.tracking_id),
    ))


# Where each audience asks for a file's short-lived link (api/agency.py, api/admin.py,
# api/reporter.py). A path, not a presigned URL: a webhook body is stored, signed and replayed
# for days, and a link in it must work whenever the agency's system follows it (with its key).
DOWNLOAD_PATHS = {
    Audience.AGENCY: "/api/v1/agency/reports/{tracking_id}/attachments/{attachment_id}",
    Audience.ADMIN: "/api/v1/admin/reports/{tracking_id}/attachments/{attachment_id}",
    Audience.REPORTER: "/api/v1/reports/{tracking_id}/attachments/{attachment_id}",
    Audience.PUBLIC: "/api/v1/reports/{tracking_id}/attachments/{attachment_id}",  # staff's follow-up files only
}


def _with_download_paths(audience: Audience, tracking_id: str,
                         out: dict[str, Any] | None) -> dict[str, Any] | None:
    pattern = DOWNLOAD_PATHS.get(audience)
    if out is None or pattern is None:
        return out
    files = [a for a in out.get("attachments") or () if a.get("downloadable")]
    files += [f for key in ("follow_ups", "progress") for answer in out.get(key) or ()
              for f in answer.get("files") or ()]
    for item in files:
        item["download"] = pattern.format(tracking_id=tracking_id, attachment_id=item["id"])
    return out


def _notification_log(tracking_id: str) -> list[dict[str, Any]]:
    from chalicelib.store import notifications as notification_log

    return [notification_log.describe(entry) for entry in notification_log.entries(tracking_id)]


FeedFilter = store.FeedFilter


def public_feed(month: str, start_key: dict[str, Any] | None, limit: int,
                lang: str = "id", filters: FeedFilter | None = None,
                ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Newest first, one month of the feed index (rahasia reports are never in it, and each
    item still goes through the privacy projection), optionally filtered by facets."""
    reports, last = store.feed_page(month, limit, start_key, filters)
    contacts = store.contacts([r.tracking_id for r in reports])  # for redacting names, never shown
    counts = supports.counts([r.tracking_id for r in reports])
    items = []
    for report in reports:
        item = view(Audience.PUBLIC, report, contact=contacts.get(report.tracking_id),
                    agency=agencies.agency_summary(report.agency_id, lang),
                    support_count=counts.get(report.tracking_id, 0))
        if item is not None:
            item.pop("timeline", None)
            item.pop("follow_ups", None)
            item.pop("progress", None)
            items.append(item)
    return items, last
