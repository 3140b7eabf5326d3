"""POST /api/v1/classify against moto's server: what a form or a client gets for good and odd text."""
import json

import pytest

from chalicelib.routing import reliability
from tests.fixtures.reports import post_json

SMS = "jln rusak parah di depan sdn 2 kec pahandut, udh 2 bln gk diperbaiki"


def body(response):
    return json.loads(response.body)


def test_sms_complaint_names_category_agency_and_the_place_it_read(api):
    response = post_json(api, "/api/v1/classify", {"text": SMS})
    assert response.status_code == 200
    data = body(response)
    assert data["category"]["code"] == "jalan_rusak" and data["category"]["name"] == "Jalan dan jembatan rusak"
    assert data["confident"] is True and data["confidence"] >= data["threshold"]
    assert data["region_code"] == "62.71" and data["region_source"] == "text"
    assert data["agency"] == {"id": "dinas-62.71-public_works",
                              "name": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Palangkaraya"}
    place = next(m for m in data["regions"] if m["kind"] == "KECAMATAN")
    assert place["name"] == "Pahandut" and "pahandut" in place["words"] and place["ambiguous"] is False
    assert len(data["alternatives"]) == 3 and all("confidence" in a and "name" in a for a in data["alternatives"])
    assert "jln rusak" in data["keywords"] or "jalan rusak" in data["keywords"]


def test_a_topic_the_gate_holds_back_is_not_offered_as_confident(api, monkeypatch):
    """A citizen who took a held-back topic would file it as their own, and their own topic routes past the gate."""
    gate = reliability.parse({"source": "a test: road routes unreliable when filed with a province", "threshold": 0.6,
                              "target": 0.75, "min_support": 9, "z": 1.645,
                              "levels": {"province": {"jalan_rusak": {"routes": 40, "right": 20}}}})
    monkeypatch.setattr(reliability, "gate", lambda: gate)
    held = body(post_json(api, "/api/v1/classify", {"text": SMS, "region_code": "62"}))
    assert held["category"]["code"] == "jalan_rusak" and held["confidence"] >= held["threshold"]  # still the reading
    assert held["confident"] is False and held["unreliable_topic"] is True and held["agency"] is None
    city = body(post_json(api, "/api/v1/classify", {"text": SMS, "region_code": "62.71"}))  # a city: not gated there
    assert city["confident"] is True and city["unreliable_topic"] is False and city["agency"] is not None


def test_chosen_region_stands_and_names_are_in_english_on_request(api):
    response = post_json(api, "/api/v1/classify?lang=en", {"text": "air pdam mati tiga hari, warga tidak bisa mandi",
                                                            "region_code": "62.01"})
    data = body(response)
    assert data["category"]["code"] == "pdam" and data["category"]["name"] == data["category"]["name_en"]
    assert data["region_code"] == "62.01" and data["region_source"] == "chosen"
    assert data["agency"]["id"].startswith("dinas-62.01-") or data["agency"]["id"] == "pemda-62.01"


def test_national_programme_names_its_owner_without_any_region(api):
    data = body(post_json(api, "/api/v1/classify", {"text": "kartu bpjs kesehatan saya tidak aktif padahal iuran sudah dibayar"}))
    assert data["confident"] and data["agency"]["id"] == "bpjs-kesehatan"


@pytest.mark.parametrize("text", ["😀😀😀🙏🙏", "hello how are you doing today my friend",
                                  "\u0000\u0001\u0002\u0003 \u0004\u0005", "asdf qwer zxcv"])
def test_odd_text_gets_a_low_confidence_answer_and_no_agency(api, text):
    response = post_json(api, "/api/v1/classify", {"text": text})
    assert response.status_code == 200
    data = body(response)
    assert data["confident"] is False and data["agency"] is None


@pytest.mark.parametrize("payload, status, code", [
    ({"text": ""}, 422, "text_empty"),
    ({"text": "   \n "}, 422, "text_empty"),
    ({"text": "jalan rusak " * 400}, 422, "text_too_long"),
    ({"text": 12}, 422, "validation_failed"),
    ({}, 422, "validation_failed"),
    ({"text": "jalan rusak parah", "region_code": "99.99"}, 422, "validation_failed"),
    ({"text": "jalan rusak parah", "extra": 1}, 422, "validation_failed"),
])
def test_bad_input_is_a_clear_4xx(api, payload, status, code):
    response = post_json(api, "/api/v1/classify", payload)
    assert response.status_code == status
    assert body(response)["error"]["code"] == code and body(response)["error"]["message"]


def test_binary_body_is_400_and_messages_follow_the_language(api):
    raw = api.http.post("/api/v1/classify", body=b"\xff\xfe\x00binary\x89PNG",
                        headers={"Content-Type": "application/json"})
    assert raw.status_code == 400 and body(raw)["error"]["code"] == "malformed_json"
    english = post_json(api, "/api/v1/classify", {"text": "x" * 4001}, {"Accept-Language": "en"})
    assert body(english)["error"]["message"] == "The text is too long: at most 4000 characters."
