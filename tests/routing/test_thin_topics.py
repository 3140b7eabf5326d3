"""Thin topics (fewer than min_support routes counted) under a confidence bar (`rare_topics: confident`,
`rare_threshold`): below the bar the router, /api/v1/classify and the SMS hook all hold the topic back through
the one gate (routing/reliability.unreliable_route), at or above it they all let it route; a bar that could not
work fails on load."""
from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from chalicelib.classify.classifier import CONFIDENCE_THRESHOLD, classify
from chalicelib.directory.catalogue import region
from chalicelib.domain.model import Status
from chalicelib.routing import reliability
from chalicelib.routing.reliability import PROVINCE, REGENCY, Counts, Gate, parse
from chalicelib.sms.classify_hook import classify_sms
from chalicelib.store import reports as store
from tests.fixtures.reliability_files import assert_refused_on_load
from tests.fixtures.reports import post_json

ROAD = {"title": "Jalan berlubang di depan SDN 3",
        "body": "Jalan di depan SDN 3 berlubang besar sejak dua minggu, aspal rusak dan membahayakan murid."}
SMS_IN_PROVINCE = "jln rusak parah di kalimantan tengah, udh 2 bln gk diperbaiki"  # names the province 62


def _document(**changes: object) -> dict:
    """Road complaints thin in provinces (3 routes, all right: too few to judge), never counted for regencies."""
    document = {"source": "a test: counts written by hand for the thin-topic bar", "threshold": 0.6, "target": 0.75,
                "min_support": 9, "z": 1.645, "rare_topics": "confident", "rare_threshold": 0.9,
                "levels": {"province": {"jalan_rusak": {"routes": 3, "right": 3},
                                        "adminduk": {"routes": 40, "right": 38},
                                        "drainase_banjir": {"routes": 40, "right": 20}}}}
    return {**document, **changes}


@pytest.fixture()
def bar(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], Gate]:
    """Ships a "confident" gate whose bar for thin topics is the one given."""
    def ship(rare_threshold: float) -> Gate:
        gate = parse(_document(rare_threshold=rare_threshold))
        monkeypatch.setattr(reliability, "gate", lambda: gate)
        return gate
    return ship


def test_a_thin_topic_routes_only_when_read_at_least_as_surely_as_the_bar():
    gate = parse(_document())
    assert gate == Gate(0.75, 9, 1.645, {PROVINCE: {"jalan_rusak": Counts(3, 3), "adminduk": Counts(40, 38),
                                                   "drainase_banjir": Counts(40, 20)}}, "confident", 0.9)
    assert gate.unreliable("jalan_rusak", PROVINCE, 0.89) and not gate.unreliable("jalan_rusak", PROVINCE, 0.9)
    assert gate.unreliable("pdam", PROVINCE, 0.8) and not gate.unreliable("pdam", PROVINCE, 0.95)  # never counted
    assert gate.unreliable("jalan_rusak", REGENCY, 0.7)  # no regency counts at all: every topic is thin there
    assert not gate.unreliable("adminduk", PROVINCE, 0.61)  # shown reliable on its own record: the bar is not asked
    assert gate.unreliable("drainase_banjir", PROVINCE, 1.0)  # shown unreliable: no confidence lets it through
    assert gate.gated() == {PROVINCE: ["drainase_banjir"]}  # the surest reading: only what its own record gates
    assert {"jalan_rusak", "pdam"} <= set(gate.gated(0.8)[PROVINCE])  # a reading below the bar: thin topics too


def test_with_destination_a_thin_topic_is_held_only_when_its_office_record_and_the_bar_are_both_against_it():
    counts = {PROVINCE: {"jalan_rusak": Counts(20, 9), "irigasi": Counts(3, 1), "adminduk": Counts(40, 38)}}
    both = Gate(0.75, 9, 1.645, counts, "destination", 0.95)  # irigasi reaches the public works office (10 of 23)
    assert both.unreliable("irigasi", PROVINCE, 0.9) and not both.unreliable("irigasi", PROVINCE, 0.95)
    assert not both.unreliable("pdam", PROVINCE, 0.7)  # its office's record is as thin as its own: routes
    assert both.unreliable("jalan_rusak", PROVINCE, 0.99)  # its own record is long enough: the bar is not asked


@pytest.mark.parametrize(("changes", "message"), [
    ({"rare_threshold": None}, "confident needs `rare_threshold`"),
    ({"rare_threshold": 1.5}, "rare_threshold"),
    ({"rare_threshold": 0.5}, "rare_threshold"),  # below the operating threshold 0.6: no reading routes there anyway
    ({"rare_threshold": "0.9"}, "rare_threshold"),
    ({"rare_threshold": True}, "rare_threshold"),
    ({"rare_topics": "confidence"}, "rare_topics"),
])
def test_a_bar_that_cannot_work_fails_on_load(tmp_path, monkeypatch, changes, message):
    assert_refused_on_load(tmp_path, monkeypatch, _document(**changes), message)


def test_the_shipped_file_is_what_make_model_writes():
    """The measured setting (laportools/model.py, chosen with bench.real_routing) is the one in the file."""
    from laportools import model as builder

    document = json.loads(reliability.RELIABILITY_FILE.read_text(encoding="utf-8"))
    gate = parse(document)
    assert (gate.rare_topics, gate.rare_threshold) == (builder.GATE_RARE_TOPICS, builder.GATE_RARE_THRESHOLD)
    assert gate.rare_threshold is None or document["threshold"] <= gate.rare_threshold <= 1.0


def _road_confidence() -> float:
    sure = classify(f"{ROAD['title']}\n{ROAD['body']}", region_code="62").confidence
    assert CONFIDENCE_THRESHOLD <= sure < 1.0, "the road text must be read confidently, short of certain"
    return sure


def test_a_thin_topic_below_the_bar_is_left_for_a_person_with_why_unreliable_topic(bar, submit, drain_queues):
    bar(min(1.0, round(_road_confidence() + 0.0001, 4)))
    tid = submit(region_code="62", category=None, **ROAD)["tracking_id"]
    drain_queues()
    report = store.get(tid, consistent=True)
    assert report.status is Status.DITERIMA and report.agency_id is None
    assert report.suggestion["why"] == "unreliable_topic" and report.suggestion["category"] == "jalan_rusak"
    assert report.suggestion["applied"] is False


def test_a_thin_topic_at_the_bar_routes(bar, submit, drain_queues):
    bar(_road_confidence())
    tid = submit(region_code="62", category=None, **ROAD)["tracking_id"]
    drain_queues()
    report = store.get(tid, consistent=True)
    assert report.status is Status.DITERUSKAN and report.agency_id == "dinas-62-public_works"
    assert report.suggestion["why"] == "classified"


def test_the_reporters_own_thin_topic_is_never_held(bar, submit, drain_queues):
    bar(1.0)
    tid = submit(region_code="62", category="jalan_rusak", **ROAD)["tracking_id"]
    drain_queues()
    assert store.get(tid, consistent=True).agency_id == "dinas-62-public_works"


def test_the_form_and_sms_hold_back_what_the_router_would(bar, api):
    """/api/v1/classify and the SMS hook ask the same gate with the same confidence as the router: a topic offered
    as confident, or filed from an SMS as the reporter's own, would route past the gate."""
    sure = classify(SMS_IN_PROVINCE).confidence
    assert CONFIDENCE_THRESHOLD <= sure < 1.0
    for rare_threshold, held in ((min(1.0, round(sure + 0.0001, 4)), True), (sure, False)):
        bar(rare_threshold)
        answer = json.loads(post_json(api, "/api/v1/classify", {"text": SMS_IN_PROVINCE}).body)
        assert answer["category"]["code"] == "jalan_rusak" and answer["region_code"] == "62"
        assert answer["unreliable_topic"] is held and answer["confident"] is not held
        assert (answer["agency"] is None) is held
        assert classify_sms(SMS_IN_PROVINCE) == (None if held else "jalan_rusak", "62")
        assert reliability.unreliable_route("jalan_rusak", region("62"), sure) is held
