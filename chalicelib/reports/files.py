"""A report's files handed out: short-lived download links, minted per request and audited.

Why: the handling agency and staff must see the pothole, not just "image/jpeg, 812 KB", yet a
reporter's photo must never reach the public, and every look at it must be accounted for. So a
link is minted only for an audience the privacy projection lets download that file
(`domain.privacy.may_download`, `may_download_staff_file`), only for its metadata-stripped copy,
and only after the download is written to the audit trail (store/file_access.py). Links last
DOWNLOAD_EXPIRES_SECONDS; asking again mints (and records) a new one.

Callers have already decided who the caller is and that the report is theirs to read (the agency
API 404s a report dispositioned elsewhere; a reporter token opens only its report).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.domain.errors import IllegalTransition, NotFound
from chalicelib.domain.model import Attachment, Report
from chalicelib.domain.privacy import STAFF_FILE_ACTIONS, Audience, may_download, may_download_staff_file
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.intake.attachments import stored_key, thumbnail_key
from chalicelib.shared import clock
from chalicelib.shared.aws import client
from chalicelib.shared.resources import ATTACHMENTS_BUCKET
from chalicelib.store import file_access
from chalicelib.store import reports as store

DOWNLOAD_EXPIRES_SECONDS = 300
FILE, THUMBNAIL = "file", "thumbnail"
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


class FileNotCleaned(IllegalTransition):
    """A file attached before intake cleaned files: its stored object may still carry the
    reporter's GPS position, so it is never handed out (409)."""

    code = "attachment_not_cleaned"


@dataclass(frozen=True)
class ReportFile:
    """One file of a report: the reporter's (`staff` False) or one staff attached to a follow-up."""

    attachment: Attachment
    staff: bool


def staff_files(events: Iterable[TimelineEvent]) -> list[Attachment]:
    """The files staff uploaded with follow-ups and progress news (timeline details["files"]),
    oldest first."""
    return [Attachment(id=f["id"], content_type=f["content_type"], size=f["size"], cleaned=True,
                       thumbnail=bool(f.get("thumbnail")))
            for e in events if e.action in STAFF_FILE_ACTIONS for f in e.details.get("files") or ()]


def list_thumbnail(report: Report) -> str | None:
    """The id of the report's first cleaned photo that has a thumbnail, for a worklist row, or
    None. Read from the report already loaded for the list: no query, and no link minted here. The
    row's <img> asks the console's audited file route for the thumbnail variant, lazily, so a link
    is minted (and recorded) only for rows a browser actually shows."""
    for attachment in report.attachments:
        if attachment.cleaned and attachment.thumbnail and attachment.content_type.startswith("image/"):
            return attachment.id
    return None


def find(report: Report, attachment_id: str, events: list[TimelineEvent] | None = None) -> ReportFile | None:
    for attachment in report.attachments:
        if attachment.id == attachment_id:
            return ReportFile(attachment, staff=False)
    timeline = events if events is not None else store.timeline(report.tracking_id)
    for attachment in staff_files(timeline):
        if attachment.id == attachment_id:
            return ReportFile(attachment, staff=True)
    return None


def allowed(audience: Audience, report: Report, found: ReportFile) -> bool:
    if found.staff:
        return may_download_staff_file(audience, report)
    return may_download(audience, report, found.attachment)


def download_link(report: Report, audience: Audience, attachment_id: str, actor: str,
                  variant: str = FILE, now: datetime | None = None,
                  events: list[TimelineEvent] | None = None) -> dict[str, Any]:
    """A presigned GET for one file (or its thumbnail), recorded on the audit trail first.
    NotFound (404, as for a report one may not see) when the file is not this report's, is not
    this audience's to download, or has no thumbnail; FileNotCleaned (409) for a legacy file."""
    found = find(report, attachment_id, events)
    if found is None:
        raise NotFound(tracking_id=report.tracking_id)
    attachment = found.attachment
    if not found.staff and not attachment.cleaned and audience is not Audience.PUBLIC:
        raise FileNotCleaned(tracking_id=report.tracking_id)
    if not allowed(audience, report, found) or (variant == THUMBNAIL and not attachment.thumbnail):
        raise NotFound(tracking_id=report.tracking_id)
    if audience is not Audience.PUBLIC:  # staff's follow-up pictures on a public page are public
        file_access.record(report.tracking_id, attachment_id, audience.value, actor, variant, now or clock.real_now())
    return {"attachment_id": attachment_id, "variant": variant,
            "content_type": "image/jpeg" if variant == THUMBNAIL else attachment.content_type,
            "url": _presign(attachment, variant), "expires_in": DOWNLOAD_EXPIRES_SECONDS}


def _presign(attachment: Attachment, variant: str) -> str:
    thumb = variant == THUMBNAIL
    content_type = "image/jpeg" if thumb else attachment.content_type
    name = f"{attachment.id}{'-thumb' if thumb else ''}.{'jpg' if thumb else _EXTENSIONS.get(content_type, 'bin')}"
    # Images open in the browser; a PDF is saved (a PDF viewer inside the site's origin is not wanted).
    disposition = "attachment" if content_type == "application/pdf" else "inline"
    return client("s3").generate_presigned_url(
        "get_object",
        Params={"Bucket": ATTACHMENTS_BUCKET.name,
                "Key": thumbnail_key(attachment.id) if thumb else stored_key(attachment.id),
                "ResponseContentType": content_type,
                "ResponseContentDisposition": f'{disposition}; filename="{name}"'},
        ExpiresIn=DOWNLOAD_EXPIRES_SECONDS,
    )


def audit_trail(tracking_id: str) -> list[dict[str, Any]]:
    return file_access.entries(tracking_id)
