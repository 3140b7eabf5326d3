"""A report filed by SMS 1708, checked without pydantic.

An SMS is free text from a known number: the channel fixes the classification and the date, the
classifier gives category and region (intake/schema.py's request model is for clients that send
fields). The checks are the request model's own rules that can apply to such a text (cleaned like
every text, the lengths of intake/limits.py, a category and region the catalogue knows), so the SMS
function never loads pydantic: about a tenth of a second of every SMS cold start."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from chalicelib.directory.catalogue import category as find_category
from chalicelib.directory.catalogue import region as find_region
from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.model import Classification, Contact
from chalicelib.domain.text import clean_text
from chalicelib.intake.limits import BODY_MAX, BODY_MIN, TITLE_MAX, TITLE_MIN


@dataclass(frozen=True)
class SmsFiling:
    """What intake stores from an SMS (intake/service.submit_report reads the same fields from the
    request model). Build it with `sms_filing()`, which checks it."""

    title: str
    body: str
    incident_date: str
    category: str | None
    region_code: str | None
    anonim: bool
    reporter: Contact
    classification: Classification = Classification.PENGADUAN
    # An SMS carries none of these: the names are the request model's, so intake reads both alike.
    rahasia: bool = False
    agency_id: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    attachments: list[str] | None = None
    region_from_text: bool = field(default=False, init=False)

    @property
    def incident(self) -> date:
        return date.fromisoformat(self.incident_date)

    def payload(self) -> dict[str, Any]:
        """The idempotency record's copy: the fields an SMS sets (the request model's names)."""
        return {"classification": self.classification.value, "title": self.title, "body": self.body,
                "incident_date": self.incident_date, "category": self.category,
                "region_code": self.region_code, "anonim": self.anonim,
                "reporter": {k: v for k, v in asdict(self.reporter).items() if v is not None}}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> SmsFiling:
        return sms_filing(payload["title"], payload["body"], date.fromisoformat(payload["incident_date"]),
                          payload.get("category"), payload.get("region_code"), bool(payload.get("anonim")),
                          payload["reporter"]["phone"])


def _within(text: str, low: int, high: int, name: str) -> str:
    """`text` if its length is in low..high, else ValidationFailed with the request model's codes."""
    if not low <= len(text) <= high:
        raise ValidationFailed("string_too_short" if len(text) < low else "string_too_long", field=name)
    return text


def sms_filing(title: str, body: str, incident: date, category: str | None, region_code: str | None,
               anonim: bool, phone: str) -> SmsFiling:
    """A checked SMS filing, or ValidationFailed naming the field (the SMS answers "too short")."""
    title = _within(clean_text(title).strip(), TITLE_MIN, TITLE_MAX, "title")
    body = _within(clean_text(body).strip(), BODY_MIN, BODY_MAX, "body")
    if category is not None and find_category(category) is None:
        raise ValidationFailed("unknown_category", field="category")
    if region_code is not None and find_region(region_code) is None:
        raise ValidationFailed("unknown_region", field="region_code")
    return SmsFiling(title=title, body=body, incident_date=incident.isoformat(), category=category,
                     region_code=region_code, anonim=anonim, reporter=Contact(phone=phone))
