"""Request bodies of the admin API."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.domain.fields import CleanText
from chalicelib.domain.model import Classification


class ArchiveReason(str, Enum):
    """The fixed reasons a report may be archived for (LAPOR! rules)."""

    UNCLEAR = "UNCLEAR"  # tidak jelas
    NOT_PUBLIC_SERVICE = "NOT_PUBLIC_SERVICE"  # bukan tentang pelayanan publik
    DUPLICATE = "DUPLICATE"  # duplikat
    SPAM = "SPAM"


class _Body(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)
    version: int | None = Field(default=None, ge=1)


class Disposition(_Body):
    agency_id: str = Field(min_length=2, max_length=100)
    classification: Classification | None = None
    category: str | None = Field(default=None, max_length=100)
    note: CleanText | None = Field(default=None, max_length=2000)


class Archive(_Body):
    reason: ArchiveReason
    note: CleanText | None = Field(default=None, max_length=2000)


class Hold(_Body):
    message: CleanText = Field(min_length=10, max_length=5000)


class Amend(_Body):
    classification: Classification | None = None
    category: str | None = Field(default=None, max_length=100)
    anonim: bool | None = None
    rahasia: bool | None = None
    note: CleanText | None = Field(default=None, max_length=2000)


class Note(_Body):
    note: CleanText = Field(min_length=1, max_length=5000)


class RestoreTopic(_Body):
    """Put back the reporter's topic after the router corrected it by the text."""

    note: CleanText | None = Field(default=None, max_length=2000)


class AgencyCreate(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)
    agency_id: str = Field(pattern=r"^[a-z0-9][a-z0-9._\-]{1,99}$")
    name: CleanText = Field(min_length=3, max_length=300)
    name_en: CleanText = Field(min_length=3, max_length=300)
    kind: str = Field(min_length=2, max_length=40)
    level: str = Field(pattern=r"^(NASIONAL|PROVINSI|KABUPATEN|KOTA)$")
    region_code: str = Field(min_length=2, max_length=20)
    sector: str | None = Field(default=None, max_length=60)
    parent_id: str | None = Field(default=None, max_length=100)
    active: bool = True


class AgencyUpdate(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)
    name: CleanText | None = Field(default=None, min_length=3, max_length=300)
    name_en: CleanText | None = Field(default=None, min_length=3, max_length=300)
    kind: str | None = Field(default=None, min_length=2, max_length=40)
    sector: str | None = Field(default=None, max_length=60)
    parent_id: str | None = Field(default=None, max_length=100)
    active: bool | None = None
