"""Request bodies of the admin API."""
from __future__ import annotations

from enum import Enum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.domain.model import Classification
from chalicelib.domain.text import CleanText


class ArchiveReason(str, Enum):
    """The fixed reasons a report may be archived for (LAPOR! rules)."""

    UNCLEAR = "UNCLEAR"  # tidak jelas
    NOT_PUBLIC_SERVICE = "NOT_PUBLIC_SERVICE"  # bukan tentang pelayanan publik
    DUPLICATE = "DUPLICATE"  # duplikat
    SPAM = "SPAM"


class _Body(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)
    version: Optional[int] = Field(default=None, ge=1)


class Disposition(_Body):
    agency_id: str = Field(min_length=2, max_length=100)
    classification: Optional[Classification] = None
    category: Optional[str] = Field(default=None, max_length=100)
    note: Optional[CleanText] = Field(default=None, max_length=2000)


class Archive(_Body):
    reason: ArchiveReason
    note: Optional[CleanText] = Field(default=None, max_length=2000)


class Hold(_Body):
    message: CleanText = Field(min_length=10, max_length=5000)


class Amend(_Body):
    classification: Optional[Classification] = None
    category: Optional[str] = Field(default=None, max_length=100)
    anonim: Optional[bool] = None
    rahasia: Optional[bool] = None
    note: Optional[CleanText] = Field(default=None, max_length=2000)


class Note(_Body):
    note: CleanText = Field(min_length=1, max_length=5000)


class RestoreTopic(_Body):
    """Put back the reporter's topic after the router corrected it by the text."""

    note: Optional[CleanText] = Field(default=None, max_length=2000)


class AgencyCreate(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)
    agency_id: str = Field(pattern=r"^[a-z0-9][a-z0-9._\-]{1,99}$")
    name: CleanText = Field(min_length=3, max_length=300)
    name_en: CleanText = Field(min_length=3, max_length=300)
    kind: str = Field(min_length=2, max_length=40)
    level: str = Field(pattern=r"^(NASIONAL|PROVINSI|KABUPATEN|KOTA)$")
    region_code: str = Field(min_length=2, max_length=20)
    sector: Optional[str] = Field(default=None, max_length=60)
    parent_id: Optional[str] = Field(default=None, max_length=100)
    active: bool = True


class AgencyUpdate(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)
    name: Optional[CleanText] = Field(default=None, min_length=3, max_length=300)
    name_en: Optional[CleanText] = Field(default=None, min_length=3, max_length=300)
    kind: Optional[str] = Field(default=None, min_length=2, max_length=40)
    sector: Optional[str] = Field(default=None, max_length=60)
    parent_id: Optional[str] = Field(default=None, max_length=100)
    active: Optional[bool] = None
