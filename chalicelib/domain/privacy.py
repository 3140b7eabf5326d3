"""The ONE place that decides what each audience may see of a report.

Every payload that leaves the system (citizen API, agency API, webhooks, public feed) is built
here. Two rules, enforced below and nowhere else:
- `rahasia`: the public never sees the report at all.
- `anonim`: the reporter's identity (contact) reaches only the reporter themself; agencies,
  admins and the public never see it. Agencies see who reported only when the report is not anonim.
And one rule for the public's text: personal data people type into a report (16-digit NIK, phone
numbers, email addresses, the name the reporter gave as their own) is redacted in every public
payload (`redact_public_text`); the reporter, the agency and the admins read the original.
And the rules for evidence and place (issue 24): files reach staff and the reporter only as their
metadata-stripped copies (`may_download`), never the public; coordinates reach the public only for
reports it may see, rounded to ~100 m when the report is anonim (`public_coordinates`).
And one rule for changing the flags: they are the reporter's choice, so staff may only tighten
them (`privacy_change_allowed`, enforced by `check_privacy_changes` on every amendment).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

from chalicelib.domain.calendar import iso
from chalicelib.domain.errors import IllegalTransition, ValidationFailed
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Attachment, Contact, Report, Role
from chalicelib.domain.timeline import TimelineEvent, Visibility


class Audience(str, Enum):
    PUBLIC = "PUBLIC"
    REPORTER = "REPORTER"
    AGENCY = "AGENCY"
    ADMIN = "ADMIN"
    OMBUDSMAN = "OMBUDSMAN"  # the Ombudsman's readers: referred reports, identity as an agency sees it


STAFF_AUDIENCES = frozenset({Audience.AGENCY, Audience.ADMIN, Audience.OMBUDSMAN})


WELL_SUPPORTED = 10  # supports from which agencies and admins see a report flagged as well supported


# Event details only staff see: look-alikes are other people's reports (some rahasia), and a
# machine's suggestion is not an answer to the reporter.
STAFF_ONLY_DETAILS = frozenset({"similar", "suggestion", "model_version"})


def may_see_report(audience: Audience, report: Report) -> bool:
    return not (audience is Audience.PUBLIC and report.rahasia)


# Who may download a report's files (the reporter's photos, staff's follow-up attachments): never
# the public (a photo can show who took it), and only the cleaned copy (intake/cleaning.py).
MAY_DOWNLOAD = frozenset({Audience.REPORTER, Audience.AGENCY, Audience.ADMIN, Audience.OMBUDSMAN})
ANONIM_COORDINATE_DECIMALS = 3  # ~110 m at the equator: the street, not the house
PUBLIC_COORDINATE_DECIMALS = 5  # ~1 m: what a phone's GPS honestly knows
STAFF_FILE_ACTIONS = frozenset({Action.FOLLOW_UP, Action.PROGRESS})  # staff answers that may carry files


def may_download(audience: Audience, report: Report, attachment: Attachment) -> bool:
    """Whether `audience` may fetch `attachment` of `report`: a downloading audience, a file whose
    stored copy was cleaned of its metadata. (Which agency may act as AGENCY for which report, and
    which report a reporter token opens, is decided where the caller is identified.)"""
    return audience in MAY_DOWNLOAD and attachment.cleaned and may_see_report(audience, report)


def may_download_staff_file(audience: Audience, report: Report) -> bool:
    """Files staff attached to a follow-up show the agency's work: the reporter and staff get
    them, and the public too wherever it may see the report (never a rahasia one)."""
    return audience in MAY_DOWNLOAD or may_see_report(audience, report)


def public_coordinates(report: Report) -> tuple[float, float] | None:
    """The report's point as the public may see it: none for rahasia reports or reports without
    one; rounded to ~100 m when anonim (an exact pin can be the reporter's doorstep)."""
    if not may_see_report(Audience.PUBLIC, report) or report.latitude is None or report.longitude is None:
        return None
    decimals = ANONIM_COORDINATE_DECIMALS if report.anonim else PUBLIC_COORDINATE_DECIMALS
    return round(report.latitude, decimals), round(report.longitude, decimals)


def may_see_identity(audience: Audience, report: Report) -> bool:
    if audience is Audience.REPORTER:
        return True
    if audience is Audience.PUBLIC:
        return False
    return not report.anonim


def needs_contact(audience: Audience, report: Report) -> bool:
    """Whether building `audience`'s view reads the reporter's contact: to show it, or (public)
    to redact the reporter's name from the text. The public view never carries the contact."""
    return audience is Audience.PUBLIC or may_see_identity(audience, report)


PRIVACY_FLAGS: tuple[str, ...] = ("anonim", "rahasia")
# Who may turn a flag off: only the reporter, whose choice it is. No reporter path changes the
# flags today (reports/reporter.py replies, rates and reopens only), so in practice nobody does.
MAY_LOOSEN = frozenset({Role.REPORTER})


class PrivacyLoosening(IllegalTransition):
    """A change that would turn a reporter's `anonim` or `rahasia` off, asked for by someone other
    than the reporter. Unmasking an identity or publishing a secret report cannot be undone once an
    agency or the public has read it, so it is refused (409) and nothing changes."""

    code = "privacy_loosening_refused"


def privacy_change_allowed(current: bool, requested: bool, role: Role) -> bool:
    """Whether `role` may move one privacy flag from `current` to `requested`: anyone may keep or
    tighten it (false -> true); only the reporter may loosen it (true -> false)."""
    return requested or not current or role in MAY_LOOSEN


def check_privacy_changes(report: Report, changes: Mapping[str, Any], role: Role) -> None:
    """Refuse `changes` when any privacy flag in them is not a boolean (ValidationFailed: a truthy
    "false" must not pass as true) or would be loosened by `role` (PrivacyLoosening). Called with
    the freshly read report, so a concurrent change cannot slip a loosening past the check."""
    for flag in PRIVACY_FLAGS:
        if flag not in changes:
            continue
        requested = changes[flag]
        if not isinstance(requested, bool):
            raise ValidationFailed("bool_type", field=flag)
        if not privacy_change_allowed(getattr(report, flag), requested, role):
            raise PrivacyLoosening(flag=flag, action=Action.AMEND.value, status=report.status.value)


def _visible_events(audience: Audience) -> frozenset[Visibility]:
    if audience is Audience.PUBLIC:
        return frozenset({Visibility.PUBLIC})
    if audience is Audience.REPORTER:
        return frozenset({Visibility.PUBLIC, Visibility.REPORTER})
    return frozenset(Visibility)


# Redaction markers: short, language-neutral, and plainly not the original.
REDACTED_NIK, REDACTED_PHONE, REDACTED_EMAIL, REDACTED_NAME = "[NIK]", "[TELEPON]", "[EMAIL]", "[NAMA]"
_SEP = r"[\s.\-]?"  # one optional space, dot or dash between digits ("0812-3456-7890", "3201 0123 ...")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
# NIK (Nomor Induk Kependudukan): exactly 16 digits, possibly grouped.
_NIK = re.compile(r"(?<!\w)" + _SEP.join([r"\d"] * 16) + r"(?!\w)")
_PHONES = (
    # Indonesian mobile: 08.., 628.., +628.. then 8-11 more digits.
    re.compile(rf"(?<![\w+])(?:\+62|62|0){_SEP}8(?:{_SEP}\d){{7,11}}(?!\d)"),
    # Indonesian landline with area code: (021) 1234567, 0274-123456, +62 21 1234 5678.
    re.compile(rf"(?<![\w+])(?:\+62{_SEP}\(?|62{_SEP}\(?|\(?0)[2-9]\d{{0,2}}\)?{_SEP}\d{{3,4}}{_SEP}\d{{2,5}}(?!\d)"),
    # Any international number written with a plus sign.
    re.compile(rf"(?<![\w+])\+[1-9](?:{_SEP}\d){{7,14}}(?!\d)"),
)
_NAME_PART_MIN = 3  # name parts shorter than this ("Al", "M.") would redact ordinary words


def _name_pattern(name: str | None) -> re.Pattern[str] | None:
    if not name or not name.strip():
        return None
    parts = {name.strip(), *(p for p in re.split(r"[\s.,]+", name) if len(p) >= _NAME_PART_MIN)}
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def redact_public_text(text: str | None, reporter_name: str | None = None) -> str | None:
    """`text` with personal data replaced by markers: email addresses, 16-digit NIKs, phone
    numbers (Indonesian mobile and landline, any +country number) and the reporter's own name
    (whole, and each part of 3+ letters). Applied to every public text, never to other audiences."""
    if not text:
        return text
    out = _EMAIL.sub(REDACTED_EMAIL, text)
    out = _NIK.sub(REDACTED_NIK, out)
    for pattern in _PHONES:
        out = pattern.sub(REDACTED_PHONE, out)
    names = _name_pattern(reporter_name)
    return names.sub(REDACTED_NAME, out) if names else out


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
        details = {k: v for k, v in event.details.items()
                   if audience in STAFF_AUDIENCES or k not in STAFF_ONLY_DETAILS}
        if details:
            out["details"] = details
        if event.actor.staff_id and audience in STAFF_AUDIENCES:
            out["staff_id"] = event.actor.staff_id  # which official acted: never told to reporters
    return out


def view(
    audience: Audience,
    report: Report,
    *,
    timeline: Iterable[TimelineEvent] = (),
    contact: Contact | None = None,
    agency: dict[str, str] | None = None,
    notifications: Iterable[dict[str, Any]] = (),
    support_count: int | None = None,
) -> dict[str, Any] | None:
    """The report as `audience` may see it, or None when it may not see it at all.
    `support_count` (public supports, "dukung") is shown when given."""
    if not may_see_report(audience, report):
        return None
    timeline = list(timeline)
    events = [e for e in timeline if e.visibility in _visible_events(audience)]
    public = audience is Audience.PUBLIC
    name = contact.name if contact else None

    def text(value: str | None) -> str | None:
        return redact_public_text(value, name) if public else value

    out: dict[str, Any] = {
        "tracking_id": report.tracking_id,
        "status": report.status.value,
        "classification": report.classification.value,
        "category": report.category,
        "title": text(report.title),
        "body": text(report.body),
        "incident_date": report.incident_date.isoformat(),
        "region_code": report.region_code,
        "anonim": report.anonim,
        "rahasia": report.rahasia,
        "created_at": iso(report.created_at),
        "updated_at": iso(report.updated_at or report.created_at),
        "agency": dict(agency) if agency else None,
        "deadline": iso(report.deadline),
        "deadline_kind": report.deadline_kind,
        "closure": report.closure,
        "closed_at": iso(report.closed_at),
        **({"support_count": support_count} if support_count is not None else {}),
        "timeline": [_event_view(e, audience) for e in events],
    }
    if public:
        # The agency's substantive answers are public too (redacted); the conversation with the
        # reporter, notes and the reporter's attachments are not. Staff's own follow-up files are
        # (`public_files`: the API layer links them) since they show the work, not the reporter.
        out["follow_ups"] = [{"at": iso(e.at), "message": text(e.message),
                              "files": public_files(e)} for e in timeline if e.action is Action.FOLLOW_UP]
        # Progress news stays between the agency and the reporter; its files (the work under way)
        # are public like a follow-up's.
        out["progress"] = [{"at": iso(e.at), "files": public_files(e)} for e in timeline
                           if e.action is Action.PROGRESS and e.details.get("files")]
        point = public_coordinates(report)
        out["latitude"], out["longitude"] = point if point else (None, None)
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
                 "attachments": list(e.details.get("attachments") or []),
                 "files": list(e.details.get("files") or [])}
                for e in events if e.action is Action.FOLLOW_UP
            ],
            progress=[
                {"at": iso(e.at), "message": e.message, "agency_id": e.agency_id,
                 "attachments": list(e.details.get("attachments") or []),
                 "files": list(e.details.get("files") or [])}
                for e in events if e.action is Action.PROGRESS
            ],
            rating={"score": report.rating, "comment": report.rating_comment} if report.rating else None,
            attachments=[_attachment_view(a, audience) for a in report.attachments],
        )
        if support_count is not None and audience in (Audience.AGENCY, Audience.ADMIN):
            out["well_supported"] = support_count >= WELL_SUPPORTED
    if audience in (Audience.AGENCY, Audience.ADMIN):
        out["assignee"] = report.assignee
    if audience in (Audience.ADMIN, Audience.AGENCY):
        # Staff only, like the SUGGEST and LINK_SIMILAR events: a machine's guess is not a status
        # for the reporter, and look-alikes may be other people's rahasia reports.
        out.update(suggestion=dict(report.suggestion) if report.suggestion else None,
                   similar_ids=list(report.similar_ids))
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
                           "size": attachment.size, "downloadable": attachment.cleaned,
                           "thumbnail": attachment.thumbnail and attachment.cleaned}
    if audience is Audience.REPORTER:
        out["name"] = attachment.name
    return out


def public_files(event: TimelineEvent) -> list[dict[str, Any]]:
    """Staff's uploaded files on a follow-up, as the public may list them (id and type: the link
    is minted by whoever renders the page, only for a report the public may see, so never for a
    rahasia one). They show the agency's work, not the reporter, unlike the reporter's files."""
    return [{"id": f["id"], "content_type": f["content_type"], "size": f["size"],
             "thumbnail": bool(f.get("thumbnail"))}
            for f in event.details.get("files") or ()]


def _contact_view(contact: Contact | None) -> dict[str, str | None] | None:
    if contact is None or contact.is_empty():
        return None
    return {"name": contact.name, "email": contact.email, "phone": contact.phone}


def is_public_update(event: TimelineEvent) -> bool:
    """Events the public may follow as updates (Open311 servicerequestupdates): status changes and
    the agency's follow-ups; never notes, conversation or internal marks."""
    if event.action is Action.FOLLOW_UP:
        return True
    return event.from_status is not None and event.from_status is not event.to_status


def public_update(report: Report, event: TimelineEvent, contact: Contact | None = None) -> dict[str, Any] | None:
    """One update as the public may see it, or None (rahasia report, or not a public update).
    A follow-up's text is redacted like every public text."""
    if not may_see_report(Audience.PUBLIC, report) or not is_public_update(event):
        return None
    message = redact_public_text(event.message, contact.name if contact else None) \
        if event.action is Action.FOLLOW_UP else None
    return {"seq": event.seq, "at": iso(event.at), "action": event.action.value,
            "to_status": event.to_status.value, "message": message}
