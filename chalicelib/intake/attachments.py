"""Attachments (photos and PDF): rules, presigned uploads straight to S3, and the check on submit.

A browser asks for an upload (`POST /api/v1/attachments` with name, type and size), gets a
short-lived presigned POST whose policy makes S3 itself refuse another type or a bigger file,
uploads, and submits the report with the attachment ids. On submit every id is checked again
here (object exists, declared type, size, and the file's first bytes really are that type),
because the browser's checks are a convenience and local S3 (moto) does not enforce policies.

Then the file is cleaned (intake/cleaning.py: metadata stripped, bad files refused) and the clean
copy written under its final key `files/<id>` (a thumbnail under `thumbs/<id>.jpg`), before the
report that lists it is stored. Only that copy is ever read again: the upload under `uploads/<id>`
is deleted once the report is stored, and the presigned POST can write `uploads/<id>` only, so
the uploader cannot replace the stored file in the minutes their upload grant still lasts.

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
from typing import Any

from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.model import Attachment
from chalicelib.intake import cleaning
from chalicelib.shared.aws import client
from chalicelib.shared.resources import ATTACHMENTS_BUCKET
from chalicelib.store import attachments as upload_records
from chalicelib.store.attachments import ClaimRefused, Claims, UploadState

MAX_BYTES = cleaning.MAX_BYTES
MAX_FILES = 5
UPLOAD_EXPIRES_SECONDS = 300
ALLOWED_TYPES: dict[str, bytes] = dict(cleaning.MAGIC)  # content type -> leading bytes
_ID = re.compile(r"^att_[A-Za-z0-9_\-]{20,64}$")
_PREFIX = "uploads/"
_FINAL_PREFIX = "files/"
_THUMB_PREFIX = "thumbs/"


def object_key(attachment_id: str) -> str:
    """Where the browser uploads (writable by the uploader while their grant lasts)."""
    return f"{_PREFIX}{attachment_id}"


def stored_key(attachment_id: str) -> str:
    """Where the cleaned file lives once a report is filed with it (written by the service only)."""
    return f"{_FINAL_PREFIX}{attachment_id}"


def thumbnail_key(attachment_id: str) -> str:
    return f"{_THUMB_PREFIX}{attachment_id}.jpg"


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:120] or None


def check_declared(content_type: str, size: int) -> None:
    """Type and size as the client declares them; raises ValidationFailed with the field."""
    if content_type not in ALLOWED_TYPES:
        raise ValidationFailed("attachment_type", field="content_type")
    if size < 1:
        raise ValidationFailed("attachment_empty", field="size")
    if size > MAX_BYTES:
        raise ValidationFailed("attachment_too_large", field="size")


def create_upload(name: str | None, content_type: str, size: int) -> dict[str, Any]:
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


def grant_upload(name: str | None, content_type: str, size: int,
                 now: float | None = None) -> dict[str, Any]:
    """`create_upload`, with the id recorded as handed out: the only ids a report may claim."""
    upload = create_upload(name, content_type, size)
    upload_records.record_upload(upload["id"], now)
    return upload


_REFUSAL_CODES = {UploadState.CLAIMED: "attachment_claimed", UploadState.UNKNOWN: "attachment_missing"}


def _refuse(state: UploadState) -> ValidationFailed:
    return ValidationFailed(_REFUSAL_CODES[state], field="attachments")


def verify_one(attachment_id: str, store_clean: bool = True) -> Attachment:
    """One id checked: handed out and unclaimed (before S3 is read, so nothing about another
    reporter's file leaves this function), then the object itself. With `store_clean` (filing)
    the whole file is cleaned and the clean copy stored under its final key; without it (a form
    shown again after an error) only its head is checked."""
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
    if size < 1:
        raise ValidationFailed("attachment_empty", field="attachments")
    if size > MAX_BYTES:
        raise ValidationFailed("attachment_too_large", field="attachments")
    name = (head.get("Metadata") or {}).get("filename")
    if not store_clean:
        first = s3.get_object(Bucket=ATTACHMENTS_BUCKET.name, Key=object_key(attachment_id),
                              Range="bytes=0-15")["Body"].read()
        if not cleaning.sniff_matches(content_type, first):
            raise ValidationFailed("attachment_type", field="attachments")
        return Attachment(id=attachment_id, content_type=content_type, size=size, name=name)
    data = s3.get_object(Bucket=ATTACHMENTS_BUCKET.name, Key=object_key(attachment_id),
                         Range=f"bytes=0-{MAX_BYTES}")["Body"].read()
    cleaned = cleaning.clean(content_type, data)
    _store_clean(attachment_id, cleaned)
    return Attachment(id=attachment_id, content_type=cleaned.content_type, size=len(cleaned.data), name=name,
                      cleaned=True, thumbnail=cleaned.thumbnail is not None)


def _store_clean(attachment_id: str, cleaned: cleaning.Cleaned) -> None:
    """Write the clean copy (and thumbnail). Before the report's transaction: a filing refused
    later leaves a clean copy nobody can reach (its id is unclaimed; a retry rewrites it)."""
    s3 = client("s3")
    s3.put_object(Bucket=ATTACHMENTS_BUCKET.name, Key=stored_key(attachment_id), Body=cleaned.data,
                  ContentType=cleaned.content_type)
    if cleaned.thumbnail is not None:
        s3.put_object(Bucket=ATTACHMENTS_BUCKET.name, Key=thumbnail_key(attachment_id), Body=cleaned.thumbnail,
                      ContentType="image/jpeg")


def discard_uploads(attachments: Sequence[Attachment]) -> None:
    """Delete the uploaded originals once the report holding their clean copies is stored: the
    original (with its GPS position) is never kept. S3's delete is idempotent."""
    s3 = client("s3")
    for attachment in attachments:
        key = object_key(attachment.id)
        # The bucket is versioned in AWS: a plain delete would keep the original as a noncurrent
        # version for weeks, so every version (and delete marker) of the upload key goes.
        listed = s3.list_object_versions(Bucket=ATTACHMENTS_BUCKET.name, Prefix=key)
        versions = [v for v in listed.get("Versions", []) + listed.get("DeleteMarkers", []) if v["Key"] == key]
        for version in versions:
            s3.delete_object(Bucket=ATTACHMENTS_BUCKET.name, Key=key, VersionId=version["VersionId"])
        if not versions:
            s3.delete_object(Bucket=ATTACHMENTS_BUCKET.name, Key=key)


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
