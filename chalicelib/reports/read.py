"""Read side of a single report: load it with what a view needs and project it for an audience."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from chalicelib.domain.errors import NotFound
from chalicelib.domain.model import Report
from chalicelib.domain.privacy import Audience, needs_contact, view
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


def is_reporter(report: Report, token: Optional[str]) -> bool:
    return bool(token) and matches(token, report.reporter_token_hash)


def render(report: Report, audience: Audience, lang: str = "id",
           until_seq: Optional[int] = None) -> Optional[dict[str, Any]]:
    """The report for `audience`, fetching the contact only when that audience may see it.
    `until_seq` cuts the timeline at an event (a webhook about it shows nothing that came later,
    e.g. the new agency's notes in a `report.forwarded_away` to the previous one)."""
    contact = store.contact(report.tracking_id) if needs_contact(audience, report) else None
    events = store.timeline(report.tracking_id)
    if until_seq is not None:
        events = [e for e in events if e.seq <= until_seq]
    return view(
        audience,
        report,
        timeline=events,
        contact=contact,
        agency=agencies.agency_summary(report.agency_id, lang),
        support_count=supports.count(report.tracking_id),
    )


@dataclass(frozen=True)
class FeedFilter:
    """Facets of the public browse: all optional, combined with AND, applied to one month's feed
    partition as a filter of the Query (never a Scan)."""

    region: Optional[str] = None  # a province ("62") or regency/city ("62.01") code
    category: Optional[str] = None
    agency: Optional[str] = None
    status: Optional[str] = None

    def condition(self) -> Any:
        from chalicelib.store.models import ReportRecord

        parts = []
        if self.region:
            parts.append(ReportRecord.region_code == self.region if "." in self.region
                         else (ReportRecord.region_code == self.region)
                         | ReportRecord.region_code.startswith(f"{self.region}."))
        if self.category:
            parts.append(ReportRecord.category == self.category)
        if self.agency:
            parts.append(ReportRecord.agency_id == self.agency)
        if self.status:
            parts.append(ReportRecord.status == self.status)
        condition = None
        for part in parts:
            condition = part if condition is None else condition & part
        return condition


def public_feed(month_key: str, start_key: Optional[dict[str, Any]], limit: int,
                lang: str = "id", filters: Optional[FeedFilter] = None,
                ) -> tuple[list[dict[str, Any]], Optional[dict[str, Any]]]:
    """Newest first, one month partition of the feed index (rahasia reports are never in it,
    and each item still goes through the privacy projection), optionally filtered."""
    from chalicelib.store.models import ReportRecord

    page = ReportRecord.feed_index.query(month_key, scan_index_forward=False, limit=limit,
                                         last_evaluated_key=start_key,
                                         filter_condition=filters.condition() if filters else None)
    reports = [store.from_record(record) for record in page]
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
            items.append(item)
    return items, page.last_evaluated_key
