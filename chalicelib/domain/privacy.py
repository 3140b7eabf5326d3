"""The ONE place that decides what each audience may see of a report.

Every payload that leaves the system (citizen API, agency API, webhooks, public feed) is built
here. Two rules, enforced below and nowhere else:
- `rahasia`: the public never sees the report at all.
- `anonim`: the reporter's identity (contact) reaches only the reporter themself; agencies,
  admins and the public never see it. Agencies see who reported only when the report is not anonim.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, Iterable, Optional

from chalicelib.domain.calendar import JAKARTA, iso
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Attachment, Contact, Report
from chalicelib.domain.timeline import TimelineEvent, Visibility


class Audience(str, Enum):
    PUBLIC = "PUBLIC"
    REPORTER = "REPORTER"
    AGENCY = "AGENCY"
    ADMIN = "ADMIN"


def may_see_report(audience: Audience, report: Report) -> bool:
    return not (audience is Audience.PUBLIC and report.rahasia)


def may_see_identity(audience: Audience, report: Report) -> bool:
    if audience is Audience.REPORTER:
        return True
    if audience is Audience.PUBLIC:
        return False
    return not report.anonim


def _visible_events(audience: Audience) -> frozenset[Visibility]:
    if audience is Audience.PUBLIC:
        return frozenset({Visibility.PUBLIC})
    if audience is Audience.REPORTER:
        return frozenset({Visibility.PUBLIC, Visibility.REPORTER})
    return frozenset(Visibility)


def _event_view(event: TimelineEvent, audience: Audience) -> dict[str, Any]:
    out: dict[str, Any] = {
        "at": iso(event.at),
        "action": event.action.value,
        "from_status": event.from_status.value if event.from_status else None,
        "to_status": event.to_status.value,
    }
    if audience is not Audience.PUBLIC:
        out["actor"] = event.actor.role.value
        if event.message:
            out["message"] = event.message
        if event.details:
            out["details"] = dict(event.details)
    return out


def view(
    audience: Audience,
    report: Report,
    *,
    timeline: Iterable[TimelineEvent] = (),
    contact: Optional[Contact] = None,
    agency: Optional[dict[str, str]] = None,
    notifications: Iterable[dict[str, Any]] = (),
) -> Optional[dict[str, Any]]:
    """The report as `audience` may see it, or None when it may not see it at all."""
    if not may_see_report(audience, report):
        return None
    events = [e for e in timeline if e.visibility in _visible_events(audience)]
    out: dict[str, Any] = {
        "tracking_id": report.tracking_id,
        "status": report.status.value,
        "classification": report.classification.value,
        "category": report.category,
        "title": report.title,
        "body": report.body,
        "incident_date": report.incident_date.isoformat(),
        "region_code": report.region_code,
        "anonim": report.anonim,
        "rahasia": report.rahasia,
        "created_at": iso(report.created_at),
        "updated_at": iso(report.updated_at or report.created_at),
        "agency": dict(agency) if agency else None,
        "deadline": iso(report.deadline),
        "deadline_kind": report.deadline_kind,
        "timeline": [_event_view(e, audience) for e in events],
    }
    if audience is not Audience.PUBLIC:
        out.update(
            channel=report.channel.value,
            address=report.address,
            latitude=report.latitude,
            longitude=report.longitude,
            suggested_agency_id=report.suggested_agency_id,
            version=report.version,
            follow_ups=[
                {"at": iso(e.at), "message": e.message, "agency_id": e.agency_id,
                 "attachments": list(e.details.get("attachments") or [])}
                for e in events if e.action is Action.FOLLOW_UP
            ],
            rating={"score": report.rating, "comment": report.rating_comment} if report.rating else None,
            attachments=[_attachment_view(a, audience) for a in report.attachments],
        )
    if may_see_identity(audience, report) and audience is not Audience.PUBLIC:
        out["reporter"] = _contact_view(contact)
    if may_see_notifications(audience):
        out["notifications"] = [notification_view(n) for n in notifications]
    return out


def may_see_notifications(audience: Audience) -> bool:
    """The notification log (what the reporter was told, where, and why not): the reporter and
    the national admins. Never the agency (a masked number still narrows down an anonim
    reporter) nor the public."""
    return audience in (Audience.REPORTER, Audience.ADMIN)


def notification_view(entry: dict[str, Any]) -> dict[str, Any]:
    """One log entry: destination already masked at write time; the text is what was sent."""
    return {"at": iso(entry["created_at"]), "kind": entry["kind"], "channel": entry["channel"],
            "status": entry["status"], "reason": entry["reason"], "destination": entry["destination"],
            "attempts": entry["attempts"], "sent_at": iso(entry["sent_at"])}


def _attachment_view(attachment: Attachment, audience: Audience) -> dict[str, Any]:
    """Attachments never reach the public (photos and documents can show who reported; the
    public view has no address or coordinates either). The reporter's own file name reaches only
    the reporter: a name like 'KTP_Budi.jpg' would unmask an anonim report to the agency."""
    out: dict[str, Any] = {"id": attachment.id, "content_type": attachment.content_type,
                           "size": attachment.size}
    if audience is Audience.REPORTER:
        out["name"] = attachment.name
    return out


def _contact_view(contact: Optional[Contact]) -> Optional[dict[str, Optional[str]]]:
    if contact is None or contact.is_empty():
        return None
    return {"name": contact.name, "email": contact.email, "phone": contact.phone}
