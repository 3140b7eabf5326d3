"""An SMS's topic read from its text is filed as the report's own topic only where the
route-reliability gate would let the router route it: a reporter's own topic is never gated."""
from __future__ import annotations

import pytest

from chalicelib.routing import reliability
from chalicelib.sms.classify_hook import classify_sms

ROAD_IN_PROVINCE = "jln rusak parah di kalimantan tengah, udh 2 bln gk diperbaiki"
ROAD_IN_CITY = "jln rusak parah di depan sdn 2 kec pahandut, udh 2 bln gk diperbaiki"


@pytest.fixture
def roads_unreliable_for_provinces(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = reliability.parse({"source": "a test: road routes unreliable when filed with a province", "threshold": 0.6,
                              "target": 0.75, "min_support": 9, "z": 1.645,
                              "levels": {"province": {"jalan_rusak": {"routes": 40, "right": 20}}}})
    monkeypatch.setattr(reliability, "gate", lambda: gate)


def test_a_topic_the_gate_holds_back_is_not_filed_as_the_reporters_own(roads_unreliable_for_provinces: None) -> None:
    assert classify_sms(ROAD_IN_PROVINCE) == (None, "62")  # the place stands; the router reads the topic again


def test_a_topic_the_gate_lets_through_is_filed(roads_unreliable_for_provinces: None) -> None:
    assert classify_sms(ROAD_IN_CITY) == ("jalan_rusak", "62.71")
