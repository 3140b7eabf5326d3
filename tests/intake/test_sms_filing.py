"""An SMS filing is checked without pydantic (intake/sms_filing.py) by the request model's own rules."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.model import Classification
from chalicelib.intake.limits import BODY_MAX, BODY_MIN
from chalicelib.intake.sms_filing import SmsFiling, sms_filing

TEXT = "Jalan di depan pasar rusak parah dan berlubang sejak bulan lalu"
PHONE = "+6281234567890"


def test_a_checked_filing_carries_the_cleaned_text_and_the_sender() -> None:
    filing = sms_filing(" Jalan rusak\u202e ", f"{TEXT}\r\n", date(2026, 12, 1), "jalan_rusak", "62.71", False, PHONE)
    assert (filing.title, filing.body) == ("Jalan rusak", TEXT)  # cleaned like every text, then trimmed
    assert filing.classification is Classification.PENGADUAN and filing.incident == date(2026, 12, 1)
    assert filing.reporter.phone == PHONE and not filing.region_from_text and not filing.rahasia


@pytest.mark.parametrize(("title", "body", "category", "region", "code", "field"), [
    ("Jalan", "\x00" * 30 + "pendek", None, None, "string_too_short", "body"),  # short once cleaned
    ("Jalan", "x" * (BODY_MAX + 1), None, None, "string_too_long", "body"),
    ("Ja", TEXT, None, None, "string_too_short", "title"),
    ("Jalan rusak", TEXT, "no_such_topic", None, "unknown_category", "category"),
    ("Jalan rusak", TEXT, None, "99.99", "unknown_region", "region_code"),
])
def test_what_the_request_model_refuses_an_sms_filing_refuses(title: str, body: str, category: str | None,
                                                              region: str | None, code: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        sms_filing(title, body, date(2026, 12, 1), category, region, False, PHONE)
    assert (refused.value.code, refused.value.params["field"]) == (code, field)


def test_the_minimum_body_is_the_request_models() -> None:
    body = "b" * BODY_MIN
    assert sms_filing("Jalan rusak", body, date(2026, 12, 1), None, None, True, PHONE).body == body


def test_the_idempotency_payload_reads_back_to_the_same_filing() -> None:
    filing = sms_filing("Jalan rusak", TEXT, date(2026, 12, 1), "jalan_rusak", "62.71", True, PHONE)
    payload = filing.payload()
    assert payload == {"classification": "PENGADUAN", "title": "Jalan rusak", "body": TEXT,
                       "incident_date": "2026-12-01", "category": "jalan_rusak", "region_code": "62.71",
                       "anonim": True, "reporter": {"phone": PHONE}}
    assert SmsFiling.from_payload(payload) == filing
