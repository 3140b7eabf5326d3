"""Request bodies of the agency API (unknown fields are refused, so typos surface)."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.fields import CleanText


class _Body(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)
    version: int | None = Field(default=None, ge=1)  # optimistic check: the version the caller read


class Acknowledge(_Body):
    pass


class Attachment(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)
    url: str = Field(max_length=2048)
    name: CleanText | None = Field(default=None, max_length=200)
    content_type: str | None = Field(default=None, max_length=100)

    @field_validator("url")
    @classmethod
    def _https(cls, value: str) -> str:
        if not value.lower().startswith("https://"):
            raise ValueError("invalid_attachment_url")
        return value


class FollowUp(_Body):
    message: CleanText = Field(min_length=10, max_length=10000)
    attachments: list[Attachment] = Field(default_factory=list, max_length=10)
    # Upload ids from POST /api/v1/attachments: photos and documents uploaded, cleaned, shown.
    files: list[str] = Field(default_factory=list, max_length=5)


class Clarification(_Body):
    message: CleanText = Field(min_length=10, max_length=5000)


class NotAuthority(_Body):
    reason: CleanText = Field(min_length=5, max_length=2000)


class Forward(_Body):
    agency_id: str = Field(min_length=2, max_length=100)
    reason: CleanText = Field(min_length=5, max_length=2000)


class Note(_Body):
    note: CleanText = Field(min_length=1, max_length=5000)


class WebhookEndpoint(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)
    url: str = Field(min_length=8, max_length=2048)


__all__ = [
    "Acknowledge",
    "Attachment",
    "Clarification",
    "FollowUp",
    "Forward",
    "NotAuthority",
    "Note",
    "ValidationFailed",
    "WebhookEndpoint",
]
