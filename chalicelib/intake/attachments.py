"""Attachments (photos and PDF): rules, presigned uploads straight to S3, and the check on submit.

A browser asks for an upload (`POST /api/v1/attachments` with name, type and size), gets a
short-lived presigned POST whose policy makes S3 itself refuse another type or a bigger file,
uploads, and submits the report with the attachment ids. On submit every id is checked again
here (object exists, declared type, size, and the file's first bytes really are that type),
because the browser's checks are a convenience and local S3 (moto) does not enforce policies.

An id is single-use and bound to the upload it came from (store/attachments.py): `grant_upload`
records it, and the report that lists it claims it in the transaction that stores the report.
An id that was never handed out, has expired, or is in another report already is refused, so no
report can show another reporter's file or its name. The id itself is the uploader's secret
(144 random bits, seen by nobody else until a report has claimed it).

Usage:
    upload = grant_upload("foto.jpg", "image/jpeg", 120_000)  # -> {"id", "upload": {url, fields}}
    attachments = verify([upload["id"]])                       # -> (Attachment, ...) or ValidationFailed
    with refusing_taken(attachments):
        reports.create(report, contact, event, also=claims(attachments, report.tracking_id))
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Optional

from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.model import Attachment
from chalicelib.shared.aws import client
from chalicelib.shared.resources import ATTACHMENTS_BUCKET
from chalicelib.store import attachments as upload_records
from chalicelib.store.attachments import ClaimRefused, Claims, UploadState

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 5
UPLOAD_EXPIRES_SECONDS = 300
ALLOWED_TYPES: dict[str, tuple[bytes, ...]] = {
    # content type -> accepted leading bytes (magic numbers)
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),  # followed by "WEBP" at offset 8, checked below
    "application/pdf": (b"%PDF-",),
}
_ID = re.compile(r"^att_[A-Za-z0-9_\-]{20,64}$")
_PREFIX = "uploads/"


def object_key(attachment_id: str) -> str:
    return f"{_PREFIX}{attachment_id}"


def _clean_name(name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:120] or None


def check_declared(content_type: str, size: int) -> None:
    """Type and size as the client declares them; raises ValidationFailed with the field."""
    if content_type not in ALLOWED_TYPES:
        raise ValidationFailed("attachment_type", field="content_type")
    if size < 1 or size > MAX_BYTES:
        raise ValidationFailed("attachment_too_large", field="size")


def create_upload(name: Optional[str], content_type: str, size: int) -> dict[str, Any]:
    """A new attachment id and the presigned POST that lets a browser upload that one file.
    Signing only (no network call; pages/render.py reads the upload origin from it): the id is not
    claimable by a report until `grant_upload` records it."""
    check_declared(content_type, size)
    attachment_id = f"att_{secrets.token_urlsafe(18)}"
    fields: dict[str, str] = {"Content-Type": content_type}
    conditions: list[Any] = [
        {"Content-Type": content_type},
        ["content-length-range", 1, MAX_BYTES],
    ]
    clean = _clean_name(name)
    if clean:
        # Kept as object metadata so verify() can return it; S3 requires it to match exactly.
        fields["x-amz-meta-filename"] = clean.encode("ascii", "replace").decode("ascii")
        conditions.append({"x-amz-meta-filename": fields["x-amz-meta-filename"]})
    presigned = client("s3").generate_presigned_post(
        ATTACHMENTS_BUCKET.name, object_key(attachment_id), Fields=fields, Conditions=conditions,
        ExpiresIn=UPLOAD_EXPIRES_SECONDS,
    )
    return {
        "id": attachment_id,
        "upload": {"url": presigned["url"], "fields": presigned["fields"]},
        "expires_in": UPLOAD_EXPIRES_SECONDS,
        "max_bytes": MAX_BYTES,
    }


def grant_upload(name: Optional[str], content_type: str, size: int,
                 now: Optional[float] = None) -> dict[str, Any]:
    """`create_upload`, with the id recorded as handed out: the only ids a report may claim."""
    upload = create_upload(name, content_type, size)
    upload_records.record_upload(upload["id"], now)
    return upload


_REFUSAL_CODES = {UploadState.CLAIMED: "attachment_claimed", UploadState.UNKNOWN: "attachment_missing"}


def _refuse(state: UploadState) -> ValidationFailed:
    return ValidationFailed(_REFUSAL_CODES[state], field="attachments")


def _sniff_matches(content_type: str, head: bytes) -> bool:
    if not any(head.startswith(magic) for magic in ALLOWED_TYPES[content_type]):
        return False
    return content_type != "image/webp" or head[8:12] == b"WEBP"


def verify_one(attachment_id: str) -> Attachment:
    """One id checked: handed out and unclaimed (before S3 is read, so nothing about another
    reporter's file leaves this function), then the object itself."""
    if not isinstance(attachment_id, str) or not _ID.match(attachment_id):
        raise ValidationFailed("attachment_missing", field="attachments")
    state = upload_records.state(attachment_id)
    if state is not UploadState.UNCLAIMED:
        raise _refuse(state)
    s3 = client("s3")
    try:
        head = s3.head_object(Bucket=ATTACHMENTS_BUCKET.name, Key=object_key(attachment_id))
    except s3.exceptions.ClientError:
        raise ValidationFailed("attachment_missing", field="attachments") from None
    content_type = (head.get("ContentType") or "").split(";")[0].strip().lower()
    size = int(head.get("ContentLength") or 0)
    if content_type not in ALLOWED_TYPES:
        raise ValidationFailed("attachment_type", field="attachments")
    if size < 1 or size > MAX_BYTES:
        raise ValidationFailed("attachment_too_large", field="attachments")
    first = s3.get_object(Bucket=ATTACHMENTS_BUCKET.name, Key=object_key(attachment_id),
                          Range="bytes=0-15")["Body"].read()
    if not _sniff_matches(content_type, first):
        raise ValidationFailed("attachment_type", field="attachments")
    name = (head.get("Metadata") or {}).get("filename")
    return Attachment(id=attachment_id, content_type=content_type, size=size, name=name)


def verify(attachment_ids: Iterable[str]) -> tuple[Attachment, ...]:
    """Every attachment checked in S3, in the order given, duplicates dropped."""
    unique = list(dict.fromkeys(attachment_ids))
    if len(unique) > MAX_FILES:
        raise ValidationFailed("too_many_attachments", field="attachments")
    return tuple(verify_one(i) for i in unique)


def claims(attachments: Sequence[Attachment], tracking_id: str) -> Claims:
    """The writes that claim `attachments` for report `tracking_id`, for the transaction that
    stores the report (store.reports.create's `also`)."""
    return upload_records.claims([a.id for a in attachments], tracking_id)


@contextmanager
def refusing_taken(attachments: Sequence[Attachment]) -> Iterator[None]:
    """Turn a report transaction that failed on its claims into the field error the reporter
    sees: `attachment_claimed` (another report has it, or a concurrent filing took it first) or
    `attachment_missing` (expired meanwhile). Other failures pass through unchanged."""
    try:
        with upload_records.refusals_explained([a.id for a in attachments]):
            yield
    except ClaimRefused as refused:
        raise _refuse(refused.state) from refused
