"""The real-routing bench section: the rule that judges a route, and its quick run on real complaints
(skipped, saying why, where ../shared/data is absent)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench import real_routing
from chalicelib.routing import reliability
from laportools import realdata
from laportools.realdata import Office, Verdict, decide, judge

ROOT = Path(__file__).resolve().parents[2]
PROVINCE = "33"
DINSOS = Office("DINAS SOSIAL", "PROVINSI", PROVINCE, "OFFICE", ("social",))


def test_a_route_is_right_only_at_the_admins_level_region_and_affair():
    assert judge(decide("bantuan_sosial_daerah", PROVINCE), DINSOS) is Verdict.RIGHT
    assert judge(decide("pkh_bpnt", PROVINCE), DINSOS) is Verdict.RIGHT  # levels.json: to the region's office
    assert judge(decide("pkh_bpnt", PROVINCE, new_rules=False), DINSOS) is Verdict.WRONG  # the ministry
    assert judge(decide("adminduk", PROVINCE), DINSOS) is Verdict.WRONG  # same level, other affair
    assert judge(decide("bantuan_sosial_daerah", "33.21"), DINSOS) is Verdict.WRONG  # the regency's office
    assert judge(None, DINSOS) is Verdict.LEFT


def test_a_regency_government_holds_every_affair_of_its_region_and_only_those():
    demak = Office("Kabupaten Demak", "KABUPATEN", "33.21", "PEMDA", ("government",))
    assert judge(decide("jalan_rusak", "33.21"), demak) is Verdict.RIGHT
    assert judge(decide("jalan_rusak", PROVINCE), demak) is Verdict.WRONG
    assert judge(decide("listrik_pln", "33.21"), demak) is Verdict.WRONG


def test_every_office_of_the_data_is_mapped_onto_the_directory():
    offices = realdata.offices()
    assert len(offices) == 75
    from chalicelib.directory.catalogue import region, sectors
    for office in offices.values():
        assert office.level in {"NASIONAL", "PROVINSI", "KABUPATEN", "KOTA"}
        assert office.region_code == "ID" or region(office.region_code) is not None
        assert all(affair in sectors() for affair in office.affairs), office.name


def test_the_threshold_is_calibrated_on_real_complaints():
    import json

    from chalicelib.classify.classifier import CALIBRATION_FILE, CONFIDENCE_THRESHOLD
    calibration = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert calibration["target_precision"] == 0.97 and "cross-validation" in calibration["source"]
    assert 0.5 < calibration["calibrated_threshold"] <= 1.0 and calibration["threshold"] == CONFIDENCE_THRESHOLD
    assert "operating threshold" in calibration["operating"]


def test_a_gated_topic_is_left_at_its_level_only():
    from chalicelib.classify.classifier import Classification
    from chalicelib.routing.reliability import Counts, Gate

    road = Classification("jalan_rusak", 0.95, True, (), (), "test")
    gate = Gate(0.75, 9, 1.645, {"province": {"jalan_rusak": Counts(20, 8)}})
    assert realdata.route_of(road, PROVINCE, 0.6) is not None
    assert realdata.route_of(road, PROVINCE, 0.6, gate=gate) is None  # gated in a province
    assert realdata.route_of(road, "33.21", 0.6, gate=gate) is not None  # a regency: not counted, routes


def test_the_gate_rows_and_trade_off_table_print_every_set():
    figure = {"n": 10, "right": 0.5, "left": 0.4, "wrong": 0.1}
    row = {"target": 0.75, "gated": {"province": ["pdam"]}, "month": figure, "cv": figure, "written_here": figure,
           "english": figure}
    now = {"gate": [row, {**row, "target": 0.8}, {**row, "rare_topics": "destination"}], "gate_target": 0.75,
           "gate_min_support": 9}
    rows = real_routing.gate_rows(now)
    assert [metric.split(": ")[-1].split(" (")[0] for metric, _ in rows] == [
        "held-out 2018-05", "5-fold CV", "written-here held-out", "English written-here held-out"]
    assert all("target 0.75, min support 9, rare topics route" in metric and value.startswith("right 0.500")
               for metric, value in rows)
    table = real_routing.gate_table(now)
    assert len(table) == 3 and "(shipped)" in table[0] and "(shipped)" not in table[1] + table[2]
    assert "rare topics destination, target 0.75" in table[2] and "by their office's record" in table[2]
    assert "English 0.500 / 0.400 / 0.100" in table[0] and "province 1" in table[0]


def test_the_trade_off_table_names_each_bar_for_thin_topics_and_marks_the_shipped_one():
    figure = {"n": 10, "right": 0.5, "left": 0.4, "wrong": 0.1}
    row = {"target": 0.75, "rare_topics": "destination", "rare_threshold": 0.85, "gated": {"province": ["pdam"]},
           "month": figure, "cv": figure, "written_here": figure, "english": figure}
    now = {"gate": [{**row, "rare_topics": "route", "rare_threshold": None}, row, {**row, "rare_topics": "confident"}],
           "gate_target": 0.75, "gate_min_support": 9, "gate_rare_topics": "destination", "gate_rare_threshold": 0.85}
    assert all("rare topics destination, rare threshold 0.85" in metric for metric, _ in real_routing.gate_rows(now))
    table = real_routing.gate_table(now)
    assert "(shipped)" in table[1] and "(shipped)" not in table[0] + table[2]
    assert table[0].startswith("  rare topics route, target 0.75:")  # no bar: printed as before
    assert "rare topics destination, rare threshold 0.85, target 0.75 (shipped)" in table[1]
    assert "below the bar by their office's record" in table[1] and "below the bar too" in table[2]
    settings = real_routing.gate_settings(0.75, 0.85)
    assert ("destination", 0.75, 0.85) in settings and ("confident", 0.75, 0.65) in settings
    assert {rare for rare, _, _ in settings} == set(reliability.RARE_TOPICS)
    assert all(bar is None for rare, _, bar in settings if rare in ("route", "pool"))


@pytest.mark.skipif(not realdata.available(), reason=real_routing.SKIP_MESSAGE)
def test_quick_run_judges_a_handful_of_real_complaints():
    figure = real_routing.quick()
    assert figure is not None
    shipped = figure["shipped"]
    assert shipped["n"] == real_routing.QUICK_TEXTS
    assert abs(shipped["right"] + shipped["left"] + shipped["wrong"] - 1) < 1e-9
    # measured: right 5, left 5, wrong 2 of 12 (the shipped model trained on them): routes are right
    # more often than wrong, as on held-out text (bench/real_routing.py, README)
    assert shipped["right"] > shipped["wrong"]
    gated = figure["gated"]  # the shipped gate only leaves routes: never more right or wrong than without it
    assert gated["n"] == shipped["n"] and gated["right"] <= shipped["right"] and gated["wrong"] <= shipped["wrong"]


def test_quick_command_prints_figures_or_says_why_not():
    done = subprocess.run([sys.executable, "-m", "bench.real_routing", "--quick"], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    line = done.stdout.strip()
    assert line.startswith("quick (shipped model") if realdata.available() else line == real_routing.SKIP_MESSAGE
    assert "right " in line or "not measured" in line
    assert "with the shipped gate" in line or not realdata.available()
