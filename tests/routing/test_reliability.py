"""The route-reliability gate: routing/reliability.json validates (a bad file fails), a confident reading of
a gated topic at that level is left for a person with its suggestion and reason, an ungated one routes."""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from chalicelib.classify.classifier import CONFIDENCE_THRESHOLD
from chalicelib.console import desk
from chalicelib.directory.catalogue import category, region
from chalicelib.domain.intervals import wilson
from chalicelib.domain.model import Status
from chalicelib.routing import reliability
from chalicelib.routing.reliability import PROVINCE, REGENCY, Counts, Gate, parse
from chalicelib.store import reports as store
from tests.fixtures.reliability_files import assert_refused_on_load

READ = 0.9  # a confident reading (the classifier's confidence); the bar for thin topics is measured apart
ROAD = {"title": "Jalan berlubang di depan SDN 3",
        "body": "Jalan di depan SDN 3 berlubang besar sejak dua minggu, aspal rusak dan membahayakan murid."}


def _document(**changes: object) -> dict:
    document = {"source": "a test: counts written by hand for the gate's rules", "threshold": 0.6, "target": 0.8,
                "min_support": 8, "z": 1.645,
                "levels": {"province": {"jalan_rusak": {"routes": 40, "right": 20}},
                           "regency": {"jalan_rusak": {"routes": 30, "right": 29}}}}
    return {**document, **changes}


@pytest.fixture()
def road_gated_in_provinces(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """A gate that holds road complaints unreliable when filed with a province, reliable with a regency."""
    gate = parse(_document())
    monkeypatch.setattr(reliability, "gate", lambda: gate)
    yield gate


def test_the_shipped_file_validates_and_was_counted_at_the_operating_threshold():
    reliability.gate.cache_clear()
    gate = reliability.gate()
    document = json.loads(reliability.RELIABILITY_FILE.read_text(encoding="utf-8"))
    assert document["threshold"] == CONFIDENCE_THRESHOLD and "cross-validation" in document["source"]
    assert 0.5 <= gate.target < 1 and gate.min_support >= 5
    assert set(gate.counts) <= set(reliability.REGION_LEVELS) and gate.counts[PROVINCE]
    assert all(category(code) is not None for topics in gate.counts.values() for code in topics)
    text = reliability.RELIABILITY_FILE.read_text(encoding="utf-8")
    assert all(key in {"routes", "right", "share"} for topics in document["levels"].values()
               for entry in topics.values() for key in entry), "codes and counts only, never a text"
    assert len(text) < 20_000


@pytest.mark.parametrize(("changes", "message"), [
    ({"levels": {"province": {"ufo": {"routes": 9, "right": 1}}}}, "unknown category"),
    ({"levels": {"province": {"jalan_rusak": {"routes": 9, "right": 10}}}}, "right <= routes"),
    ({"levels": {"province": {"jalan_rusak": {"routes": 9.5, "right": 1}}}}, "whole"),
    ({"levels": {"kecamatan": {}}}, "kecamatan"),
    ({"target": 80}, "target"),
    ({"min_support": 0}, "min_support"),
    ({"source": ""}, "source"),
    ({"threshold": None}, "threshold"),
    ({"rare_topics": "ignore"}, "rare_topics"),
])
def test_a_bad_file_fails_on_load(tmp_path, monkeypatch, changes, message):
    assert_refused_on_load(tmp_path, monkeypatch, _document(**changes), message)


def test_a_topic_is_gated_only_on_enough_evidence_that_it_misses_the_target():
    gate = Gate(0.8, 8, 1.645, {PROVINCE: {
        "jalan_rusak": Counts(40, 20),  # half right: gated
        "pdam": Counts(5, 0),  # never right, but 5 < min support: the data cannot tell, routes as before
        "pupuk_subsidi": Counts(30, 29),  # shown reliable (lower bound ~0.85)
        "adminduk": Counts(10, 9),  # 0.9 raw, but on 10 routes the lower bound (~0.64) is short: gated
        "perizinan": Counts(12, 12),  # a perfect record long enough to clear 0.8 (~0.82)
    }})
    assert gate.unreliable("jalan_rusak", PROVINCE, READ) and not gate.unreliable("jalan_rusak", REGENCY, READ)
    assert not gate.unreliable("pdam", PROVINCE, READ) and not gate.unreliable("pupuk_subsidi", PROVINCE, READ)
    assert gate.unreliable("adminduk", PROVINCE, READ) and not gate.unreliable("perizinan", PROVINCE, READ)
    assert not gate.unreliable("listrik_pln", PROVINCE, READ)  # never counted: routes as before
    assert gate.gated() == {PROVINCE: ["adminduk", "jalan_rusak"]}
    low, high = wilson(20, 40, 1.645) or (0.0, 1.0)
    assert 0.35 < low < 0.5 < high < 0.8 and wilson(0, 0, 1.645) is None
    assert gate.lower_bound("listrik_pln", PROVINCE) is None


def test_pooled_rare_topics_are_judged_together():
    counts = {PROVINCE: {"pdam": Counts(5, 1), "air_bersih": Counts(4, 1), "pupuk_subsidi": Counts(30, 29)},
              REGENCY: {"pdam": Counts(3, 3)}}
    routed, pooled = Gate(0.75, 9, 1.645, counts), Gate(0.75, 9, 1.645, counts, "pool")
    assert not routed.unreliable("pdam", PROVINCE, READ) and not routed.unreliable("listrik_pln", PROVINCE, READ)
    assert pooled.rare(PROVINCE) == Counts(9, 2)
    assert pooled.unreliable("pdam", PROVINCE, READ) and pooled.unreliable("listrik_pln", PROVINCE, READ)  # never counted: rare
    assert not pooled.unreliable("pupuk_subsidi", PROVINCE, READ)  # enough routes: judged alone
    assert not pooled.unreliable("pdam", REGENCY, READ)  # the pool itself too thin (3 < 9): routes as before


def test_a_thin_topic_is_judged_by_the_record_of_the_office_it_reaches():
    # roads, drainage, irrigation and building permits all reach the province's public works office
    assert {reliability.destination(code, PROVINCE) for code in ("jalan_rusak", "drainase_banjir", "irigasi",
                                                                 "tata_ruang_bangunan")} == {"province:public_works"}
    assert reliability.destination("sertifikat_tanah", PROVINCE) == "national:kementerian-atr-bpn"  # a national act
    assert reliability.destination("pdam", PROVINCE) == "province:government"  # no provincial office holds it
    assert reliability.destination("pdam", REGENCY) == "regency:drinking_water"
    counts = {PROVINCE: {"jalan_rusak": Counts(20, 9), "drainase_banjir": Counts(6, 2), "irigasi": Counts(3, 1),
                         "adminduk": Counts(40, 38), "pdam": Counts(4, 0)},
              REGENCY: {"jalan_rusak": Counts(4, 1)}}
    by_office = parse(_document(target=0.75, min_support=9, rare_topics="destination",
                                levels={level: {code: {"routes": c.routes, "right": c.right} for code, c in topics.items()}
                                        for level, topics in counts.items()}))
    assert by_office == Gate(0.75, 9, 1.645, counts, "destination")  # the mode a reliability.json may name
    assert by_office.at_destination("drainase_banjir", PROVINCE) == Counts(29, 12)
    assert by_office.unreliable("drainase_banjir", PROVINCE, READ) and by_office.unreliable("irigasi", PROVINCE, READ)
    assert by_office.unreliable("jalan_rusak", PROVINCE, READ)  # its own record is long enough: judged on it alone
    assert not by_office.unreliable("adminduk", PROVINCE, READ)  # a reliable topic of its own: the office's record is not asked
    assert by_office.unreliable("tata_ruang_bangunan", PROVINCE, READ)  # never counted: judged by its office's record
    assert not by_office.unreliable("pdam", PROVINCE, READ)  # its office's record is as thin as its own: routes as before
    assert not by_office.unreliable("jalan_rusak", REGENCY, READ)  # 4 routes to the regency's office: routes as before
    assert not Gate(0.75, 9, 1.645, counts).unreliable("drainase_banjir", PROVINCE, READ)  # "route": thin topics route
    assert {"irigasi", "tata_ruang_bangunan"} <= set(by_office.gated()[PROVINCE]) and "pdam" not in by_office.gated()[PROVINCE]


def test_the_region_level_decides_which_counts_apply(road_gated_in_provinces):
    assert reliability.unreliable_route("jalan_rusak", region("62"), READ)  # a province
    assert not reliability.unreliable_route("jalan_rusak", region("62.71"), READ)  # a city
    assert not reliability.unreliable_route("jalan_rusak", None, READ)  # no region: not gated


def test_a_gated_route_is_left_for_a_person_with_its_suggestion_and_reason(road_gated_in_provinces, submit,
                                                                        drain_queues):
    tid = submit(region_code="62", category=None, **ROAD)["tracking_id"]
    drain_queues()
    report = store.get(tid, consistent=True)
    assert report.status is Status.DITERIMA and report.agency_id is None
    suggestion = report.suggestion
    assert suggestion["why"] == "unreliable_topic" and suggestion["applied"] is False
    assert suggestion["category"] == "jalan_rusak" and suggestion["confidence"] >= CONFIDENCE_THRESHOLD
    assert "unreliable_topic" in desk.reasons(report)
    from chalicelib.routing.offices import suggested_offices
    offices = suggested_offices(report, suggestion=suggestion)  # the desk's one-click forward
    assert offices and offices[0].agency_id == "dinas-62-public_works" and offices[0].category == "jalan_rusak"


def test_an_ungated_route_still_routes(road_gated_in_provinces, submit, drain_queues):
    tid = submit(region_code="62.71", category=None, **ROAD)["tracking_id"]  # a city: reliable there
    drain_queues()
    report = store.get(tid, consistent=True)
    assert report.status is Status.DITERUSKAN and report.agency_id == "dinas-62.71-public_works"
    assert report.suggestion["why"] == "classified"


def test_a_reporters_own_topic_is_never_gated(road_gated_in_provinces, submit, drain_queues):
    tid = submit(region_code="62", category="jalan_rusak", **ROAD)["tracking_id"]
    drain_queues()
    assert store.get(tid, consistent=True).agency_id == "dinas-62-public_works"
