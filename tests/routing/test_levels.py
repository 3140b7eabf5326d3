"""Which level a topic goes to: categories.json's flag, overridden per topic by routing/levels.json."""
from __future__ import annotations

import json

import pytest

from chalicelib.directory.catalogue import category, region
from chalicelib.routing import levels
from chalicelib.routing.router import candidate_routes

DEMAK = "33.21"


def test_subsidised_fertiliser_goes_to_the_regions_agriculture_office():
    assert candidate_routes(category("pupuk_subsidi"), region(DEMAK))[0] == f"{DEMAK}#agriculture"
    assert candidate_routes(category("pkh_bpnt"), region(DEMAK))[0] == f"{DEMAK}#social"
    assert candidate_routes(category("asn_pppk_cpns"), region(DEMAK))[0] == f"{DEMAK}#civil_service"


def test_a_national_bodys_own_act_stays_national():
    for code in ("paspor_imigrasi", "sertifikat_tanah", "listrik_pln", "jalan_nasional", "pelayanan_kepolisian"):
        assert candidate_routes(category(code), region(DEMAK)) == [f"ID#{code}"], code


def test_every_rule_names_a_known_topic_and_its_source():
    for code, rule in levels.rules().items():
        assert category(code) is not None, code
        assert rule["level"] in levels.LEVELS and len(rule["source"]) > 20, code


def test_an_operators_typo_fails_loudly(tmp_path, monkeypatch):
    broken = tmp_path / "levels.json"
    broken.write_text(json.dumps({"rules": {"pupuk_subsidi": {"level": "regionall", "source": "x"}}}))
    monkeypatch.setattr(levels, "LEVELS_FILE", broken)
    levels.rules.cache_clear()
    try:
        with pytest.raises(ValueError, match="pupuk_subsidi"):
            levels.rules()
    finally:
        levels.rules.cache_clear()


def test_a_province_wide_report_on_a_city_affair_goes_to_the_city_the_text_names():
    from chalicelib.routing.router import routes_for
    province, city = region("33"), region("33.74")  # Jawa Tengah, Kota Semarang
    assert routes_for(category("pdam"), province, city)[0] == "33.74#drinking_water"
    assert routes_for(category("pdam"), province) == []  # no place named: a person decides
    assert routes_for(category("pdam"), province, region("32.73")) == []  # a place in another province
    # an affair the province holds stays with the province, whatever place the text names
    assert routes_for(category("jalan_rusak"), province, city)[0] == "33#public_works"
    assert routes_for(category("pdam"), region(DEMAK))[0] == f"{DEMAK}#drinking_water"
