"""Attachment uploads: `POST /api/v1/attachments` hands out a presigned S3 POST for one file.

Body: `{"name": "foto.jpg", "content_type": "image/jpeg", "size": 123456}`. Answer 201:
`{"id", "upload": {"url", "fields"}, "expires_in", "max_bytes"}`. The client POSTs `fields` plus
the file (as the last form field, named `file`) to `url`, then lists `id` in the report's
`attachments`. The id is recorded as handed out and can be listed by one report only (see
intake/attachments.py): keep it to yourself until the report is filed.
"""
from __future__ import annotations

from chalice import Blueprint, Response
from pydantic import BaseModel, ConfigDict, Field

from chalicelib.http.endpoints import endpoint, json_response, parse_json_object
from chalicelib.intake import attachments as rules

attachments = Blueprint(__name__)


class UploadRequest(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", strict=True, str_strip_whitespace=True)
    name: str | None = Field(default=None, max_length=255)
    content_type: str = Field(max_length=100)
    size: int = Field(ge=1)


@endpoint(attachments, "/api/v1/attachments", methods=["POST"])
def create_attachment_upload() -> Response:
    request = UploadRequest.model_validate(parse_json_object(attachments.current_request))
    upload = rules.grant_upload(request.name, request.content_type.lower(), request.size)
    return json_response(upload, 201)
