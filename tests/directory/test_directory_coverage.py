"""Every category reaches an agency in every region, through the router's own rules, in memory.

The directory (chalicelib/directory/seed.py) and the routing rules (chalicelib/routing/router.py)
are exercised exactly as the routing stage uses them, minus DynamoDB: a dict stands in for the
routes table.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest

from chalicelib.directory.catalogue import (
    DATA,
    Region,
    categories,
    category,
    national_agencies,
    offices_for,
    region,
    regions,
    sectors,
)
from chalicelib.directory.seed import directory, government_id, unit_id
from chalicelib.routing.levels import routed_nationally
from chalicelib.routing.router import candidate_routes

LAW_23_2014_AFFAIRS = {
    # art. 12(1): mandatory, basic services
    "education", "health", "public_works", "housing", "public_order", "social",
    # art. 12(2): mandatory, not basic services
    "manpower", "women_children", "food", "land", "environment", "population", "village",
    "family_planning", "transport", "communication", "cooperatives", "investment", "youth_sports",
    "statistics", "cryptography", "culture", "libraries", "archives",
    # art. 12(3): optional
    "marine_fisheries", "tourism", "agriculture", "forestry", "energy", "trade", "industry", "transmigration",
}


@pytest.fixture(scope="module")
def table() -> tuple[dict[str, str], dict[str, object]]:
    entries = list(directory())
    agencies = {entry.id: entry for entry, _ in entries}
    routes: dict[str, str] = {}
    for entry, keys in entries:
        for key in keys:
            assert key not in routes, f"{key} routed to both {routes[key]} and {entry.id}"
            routes[key] = entry.id
    return routes, agencies


def _route(routes: dict[str, str], code: str, where: Region) -> str:
    for key in candidate_routes(category(code), where):
        if key in routes:
            return routes[key]
    raise AssertionError(f"{code} has no route in {where.code}")


def test_every_category_routes_to_an_existing_agency_in_every_region(table):
    routes, agencies = table
    owners = {code: item["id"] for item in national_agencies() for code in item["programmes"]}
    checked = 0
    for cat in categories().values():
        for where in regions().values():
            agency = _route(routes, cat.code, where)
            assert agency in agencies
            if routed_nationally(cat):
                assert agency == owners[cat.code], (cat.code, where.code)
            else:
                # the region's own office for the affair, else the region's own government
                assert agencies[agency].region_code == where.code, (cat.code, where.code, agency)
            checked += 1
    assert checked == len(categories()) * 552


def test_the_catalogue_is_broad_and_well_formed():
    cats = categories()
    assert 80 <= len(cats) <= 120
    assert "lainnya" in cats and not cats["lainnya"].national
    for cat in cats.values():
        assert cat.sector in sectors(), cat.code
        assert cat.name_id and cat.name_en and cat.description_id and cat.description_en, cat.code
        assert len(cat.keywords) >= 4, cat.code
    # categories the existing tests and stored reports rely on keep their codes
    for code in ("jalan_rusak", "layanan_kesehatan", "sampah", "tunjangan_profesi_guru", "jkn_kis"):
        assert code in cats


def test_sectors_follow_law_23_2014():
    groups = {code: meta["group"] for code, meta in sectors().items()}
    assert set(groups) >= LAW_23_2014_AFFAIRS
    assert Counter(groups[a] for a in LAW_23_2014_AFFAIRS) == Counter(
        {"wajib_pelayanan_dasar": 6, "wajib_non_pelayanan_dasar": 18, "pilihan": 8})


def test_national_bodies_cover_the_cabinet_and_the_bodies_citizens_meet():
    items = {item["id"]: item for item in national_agencies()}
    ministries = [i for i in items.values() if i["kind"] == "KEMENTERIAN" and not i["id"].startswith("ditjen-")]
    # Kabinet Merah Putih: 7 coordinating + 41 ministries (Perpres 139/2024), + Kemenhaj (2025)
    assert len(ministries) == 49
    for required in ("bpjs-kesehatan", "bpjs-ketenagakerjaan", "taspen", "asabri", "polri", "pln", "pertamina",
                     "pos-indonesia", "kai", "telkom", "bpom", "bkn", "bps", "bmkg", "bnpb", "bnn",
                     "kementerian-atr-bpn", "pupuk-indonesia", "kemendes", "kemensos", "kemendikdasmen"):
        assert required in items, required
        assert items[required]["name"] and items[required]["name_en"]
    owners = {code: item["id"] for item in items.values() for code in item["programmes"]}
    assert owners["pkh_bpnt"] == "kemensos"
    assert owners["kip_pip"] == "kemendikdasmen"
    assert owners["jkn_kis"] == "bpjs-kesehatan"
    assert owners["pupuk_subsidi"] == "kementan"
    assert owners["dana_desa"] == "kemendes"
    assert owners["sim_stnk"] == "polri" and owners["pelayanan_kepolisian"] == "polri"
    assert owners["pensiun_taspen"] == "taspen"


def test_one_office_may_hold_several_affairs_and_regions_override_it_as_data(table):
    routes, agencies = table
    palangka_raya = region("62.71")
    # default: land is held by the housing office, statistics by communication
    assert routes["62.71#land"] == unit_id("62.71", "housing")
    assert routes["62.71#statistics"] == unit_id("62.71", "communication")
    # a kecamatan/kelurahan matter has no office: the city government takes it
    assert _route(routes, "layanan_kelurahan", palangka_raya) == government_id("62.71")
    # Jakarta's markets and water are run by its own regional companies (region_offices.json)
    assert routes["31#markets"] == "dinas-31-markets"
    assert agencies["dinas-31-markets"].name == "Perumda Pasar Jaya"
    assert routes["35.78#drinking_water"] == "dinas-35.78-drinking_water"
    assert routes["35.78#trade"] == unit_id("35.78", "trade")
    # existing agency ids keep working
    assert routes["62.01#public_works"] == "dinas-62.01-public_works"
    assert routes["31#health"] == "dinas-31-health"


def test_an_override_moves_affairs_between_offices_without_code():
    where = region("62.01")
    changes = {"62.01": {"offices": {
        "education": {"name_id": "Dinas Pendidikan, Pemuda dan Olahraga", "name_en": "Education, Youth and Sports Office",
                      "kind": "DINAS", "affairs": ["education", "youth_sports"]},
        "youth_sports": None}}}
    offices = {o.key: o for o in offices_for(where, changes=changes)}
    assert offices["education"].affairs == ("education", "youth_sports")
    assert "youth_sports" not in offices
    held = Counter(a for o in offices.values() for a in o.affairs)
    assert all(n == 1 for n in held.values())


def test_data_files_name_their_sources():
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for name in ("categories.json", "sectors.json", "national_agencies.json", "offices.json", "region_offices.json",
                 "districts.csv", "villages.csv.gz", "abbreviations.json", "categories.ftz"):
        assert name in sources, name
    assert json.loads((DATA / "directory" / "offices.json").read_text())["_comment"]
