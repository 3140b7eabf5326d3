"""Odd texts never break routing or its corrections: empty, emoji-only, 4,000 characters and mixed
languages, read by routing.reading as the router reads them (pure: no AWS)."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from chalicelib.classify import MAX_TEXT_CHARS
from chalicelib.domain.model import Channel, Classification, Report
from chalicelib.routing.reading import read

ROAD = "Jalan di depan SDN 3 berlubang besar sejak dua minggu dan membahayakan murid. "


def report(title: str, body: str, category: str | None = None, region: str | None = "62.01") -> Report:
    return Report(tracking_id="TEST0-00001", classification=Classification.PENGADUAN, title=title, body=body,
                  incident_date=date(2026, 3, 1), region_code=region, category=category, channel=Channel.WEB,
                  created_at=datetime(2026, 3, 2, tzinfo=UTC))


@pytest.mark.parametrize("title, body", [
    ("", ""), ("   ", "\n\t "), ("😀😀😀", "🙏🙏🙏🙏🙏🙏🙏🙏"), ("!!!", "??? ... ###")])
def test_an_unreadable_text_keeps_the_reporters_topic_and_never_routes_by_itself(title, body):
    kept = read(report(title, body, category="tunjangan_profesi_guru"))
    assert kept.category == "tunjangan_profesi_guru" and kept.corrected_from is None and not kept.classified
    unknown = read(report(title, body))
    assert unknown.category is None and not unknown.classified
    if unknown.suggestion is not None:  # a text the classifier could look at: it says why it cannot
        assert unknown.suggestion["why"] == "unreadable" and unknown.suggestion["applied"] is False


def test_four_thousand_characters_are_read_by_their_start_and_still_corrected():
    body = (ROAD * 60)[:MAX_TEXT_CHARS]
    assert len(body) == MAX_TEXT_CHARS
    reading = read(report("Jalan berlubang di depan SDN 3", body, category="tunjangan_profesi_guru"))
    assert reading.category == "jalan_rusak" and reading.corrected_from == "tunjangan_profesi_guru"
    longer = read(report("x" * 200, body + "z" * 500))  # past the classifier's limit together: no error
    assert longer.category in (None, "jalan_rusak")


def test_mixed_indonesian_and_english_is_routed_like_either():
    mixed = read(report("jalan rusak parah", "the road in front of my house rusak parah, potholes everywhere, "
                                            "tolong diperbaiki please, sudah 2 bulan"))
    assert mixed.category == "jalan_rusak" and mixed.classified
    english = read(report("Street lights out", "All the street lights on our road have been dark for a month "
                                               "and people are afraid to walk home at night."))
    assert english.category == "penerangan_jalan" and english.classified
