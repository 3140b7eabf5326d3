"""The submission a channel hands to intake, validated with pydantic.

Field names are fixed by the public API (`POST /api/v1/reports`); error codes raised here are
msgids of the `api` catalogue (chalicelib/text/locale/<lang>/LC_MESSAGES/api.po).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.classify.places import detect, region_from_places
from chalicelib.directory.catalogue import category as find_category
from chalicelib.directory.catalogue import region as find_region
from chalicelib.domain.calendar import local_date
from chalicelib.domain.fields import CleanText
from chalicelib.domain.model import Classification
from chalicelib.intake.limits import BODY_MAX, BODY_MIN, TITLE_MAX, TITLE_MIN
from chalicelib.shared import clock

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST_INCIDENT = date(2000, 1, 1)
# Indonesia's extent with a margin for its outermost islands (Rondo, Miangas, Rote, Merauke):
# a pin outside is a slip of the finger or a swapped pair, never a place an agency serves.
INDONESIA_LATITUDE = (-11.5, 6.5)
INDONESIA_LONGITUDE = (94.5, 141.5)


def inside_indonesia(latitude: float, longitude: float) -> bool:
    return (INDONESIA_LATITUDE[0] <= latitude <= INDONESIA_LATITUDE[1]
            and INDONESIA_LONGITUDE[0] <= longitude <= INDONESIA_LONGITUDE[1])


class ReporterIn(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", strict=True, str_strip_whitespace=True)

    name: CleanText | None = Field(default=None, max_length=100)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=20)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value and not _EMAIL.match(value):
            raise PydanticCustomError("invalid_email", "invalid email")
        return value or None

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if not value:
            return None
        compact = re.sub(r"[\s\-().]", "", value)
        if not _PHONE.match(compact):
            raise PydanticCustomError("invalid_phone", "invalid phone")
        return compact


def known_region(value: str | None) -> str | None:
    """A Kemendagri region code the catalogue knows (None passes: the caller decides whether the
    field may be empty). The one check every request body uses."""
    if value is not None and find_region(value) is None:
        raise PydanticCustomError("unknown_region", "unknown region code")
    return value


class ReportSubmission(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", strict=True, str_strip_whitespace=True)

    classification: Classification
    title: CleanText = Field(min_length=TITLE_MIN, max_length=TITLE_MAX)
    body: CleanText = Field(min_length=BODY_MIN, max_length=BODY_MAX)
    incident_date: str
    # Optional when the text names the place (a kecamatan, kelurahan/desa, city or regency): the
    # region is then read from the title and body. The reporter's own choice always stands.
    region_code: str | None = Field(default=None, validate_default=True)
    # Optional: without one (the form's "I don't know"), the router classifies the text.
    category: str | None = None
    agency_id: str | None = Field(default=None, max_length=80)
    anonim: bool = False
    rahasia: bool = False
    reporter: ReporterIn | None = None
    address: CleanText | None = Field(default=None, max_length=300)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    # Ids from POST /api/v1/attachments; intake checks each object in S3 (intake/attachments.py).
    attachments: list[str] | None = Field(default=None, max_length=5)

    @field_validator("classification", mode="before")
    @classmethod
    def _classification(cls, value: object) -> object:
        if isinstance(value, str) and value in Classification.__members__:
            return Classification(value)
        raise PydanticCustomError("invalid_classification", "invalid classification")

    @field_validator("latitude", "longitude", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        # Strict floats reject JSON integers such as 110; accept them, but never booleans.
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value

    @field_validator("incident_date")
    @classmethod
    def _incident_date(cls, value: str) -> str:
        try:
            parsed = date.fromisoformat(value) if _DATE.match(value) else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise PydanticCustomError("invalid_date", "expected YYYY-MM-DD")
        if parsed > local_date(clock.now()):
            raise PydanticCustomError("future_date", "incident date is in the future")
        if parsed < EARLIEST_INCIDENT:
            raise PydanticCustomError("date_too_old", "incident date is too old")
        return value

    @field_validator("region_code")
    @classmethod
    def _region(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            # title and body are declared before region_code, so they are validated already
            text = f"{info.data.get('title') or ''}\n{info.data.get('body') or ''}"
            found, _ambiguous = region_from_places(detect(text)) if text.strip() else (None, False)
            if found is None:
                raise PydanticCustomError("region_needed", "choose the region or name the place in the text")
            return found
        return known_region(value)

    @field_validator("category")
    @classmethod
    def _category(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if find_category(value) is None:
            raise PydanticCustomError("unknown_category", "unknown category")
        return value

    @model_validator(mode="after")
    def _coordinates_together(self) -> ReportSubmission:
        if (self.latitude is None) != (self.longitude is None):
            raise PydanticCustomError("coordinates_pair", "latitude and longitude go together")
        if self.latitude is not None and self.longitude is not None \
                and not inside_indonesia(self.latitude, self.longitude):
            raise PydanticCustomError("coordinates_outside_indonesia", "the pin is outside Indonesia")
        return self

    @property
    def region_from_text(self) -> bool:
        """True when the reporter gave no region and it was read from the text."""
        return "region_code" not in self.model_fields_set and self.region_code is not None

    @property
    def incident(self) -> date:
        return date.fromisoformat(self.incident_date)

    def payload(self) -> dict[str, Any]:
        """What the idempotency record compares and keeps. Only the fields the client sent
        (exclude_unset): a region read from the text is read again, and marked so, on the way back."""
        return self.model_dump(mode="json", exclude_unset=True)

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> ReportSubmission:
        return cls.model_validate(payload, strict=False)
