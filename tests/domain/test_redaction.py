"""Redaction in the privacy projection: no generated NIK, phone, email or the reporter's own name
survives into the public view; the reporter, agency and admins read the original."""
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import (
    Actor,
    Channel,
    Classification,
    Contact,
    Report,
    Role,
    Status,
)
from chalicelib.domain.privacy import Audience, redact_public_text, view
from chalicelib.domain.timeline import TimelineEvent
from tests.fixtures.personal_data import fillers, secrets, survivors

AT = datetime(2026, 5, 4, 3, 0, tzinfo=UTC)


def report_with(body: str, title: str = "Jalan rusak") -> Report:
    return Report(tracking_id="ABCDE-FGHJK", classification=Classification.PENGADUAN, title=title, body=body,
                  incident_date=date(2026, 5, 1), region_code="62.01", category="jalan_rusak", channel=Channel.WEB,
                  created_at=AT, status=Status.DITINDAKLANJUTI, agency_id="dinas-62.01-public_works")


@settings(max_examples=500, deadline=None)
@given(secrets, fillers, fillers)
def test_no_personal_data_survives_into_the_public_view(found, body_words, reply_words):
    body = found.text(body_words)
    follow_up = TimelineEvent(seq=3, at=AT, action=Action.FOLLOW_UP, actor=Actor(Role.AGENCY, "dinas"),
                              from_status=Status.DITERUSKAN, to_status=Status.DITINDAKLANJUTI,
                              message=found.text(reply_words))
    contact = Contact(name=found.name, email=found.email, phone=found.phone)
    report = report_with(body, title=f"Pak {found.name} {found.phone}")
    public = view(Audience.PUBLIC, report, timeline=[follow_up], contact=contact)
    assert survivors(public, found) == []
    assert public["follow_ups"] and "reporter" not in public
    for audience in (Audience.AGENCY, Audience.ADMIN, Audience.REPORTER):
        private = view(audience, report, timeline=[follow_up], contact=contact)
        assert private["body"] == body and private["follow_ups"][0]["message"] == follow_up.message


@pytest.mark.parametrize("text, expected", [
    ("NIK 3201012345678901 hilang", "NIK [NIK] hilang"),
    ("hubungi 0812-3456-7890 ya", "hubungi [TELEPON] ya"),
    ("atau (021) 5551234 kantor", "atau [TELEPON] kantor"),
    ("email siti.r+lapor@contoh.go.id.", "email [EMAIL]."),
    ("Pungli Rp 150.000.000 pada 20-11-2026 pukul 10.30", "Pungli Rp 150.000.000 pada 20-11-2026 pukul 10.30"),
    ("RT 003 RW 012, 3 km dari SDN 3", "RT 003 RW 012, 3 km dari SDN 3"),
])
def test_redaction_keeps_amounts_dates_and_addresses(text, expected):
    assert redact_public_text(text) == expected


def test_the_reporters_own_name_is_redacted_whole_and_by_part():
    text = "Saya Siti Rahayu, panggil saja siti. Pak Rahayu tetangga saya. Al tidak."
    assert redact_public_text(text, "Siti Rahayu") == \
        "Saya [NAMA], panggil saja [NAMA]. Pak [NAMA] tetangga saya. Al tidak."
