from chalicelib.directory.catalogue import (
    categories,
    category,
    provinces,
    region,
    regions,
)
from chalicelib.directory.seed import directory
from chalicelib.routing.router import candidate_routes


def test_directory_covers_every_province_and_regency_with_official_codes():
    assert len(provinces()) == 38
    assert len(regions()) - 38 == 514
    assert region("62.01").name == "Kabupaten Kotawaringin Barat"
    assert region("31.71").kind == "KOTA"


def test_every_route_points_to_an_agency_and_every_category_can_route_everywhere():
    entries = list(directory())
    ids = {entry.id for entry, _ in entries}
    routes = {key: entry.id for entry, keys in entries for key in keys}
    assert all(agency in ids for agency in routes.values())
    for cat in categories().values():
        for code in ("11", "11.01", "96.71"):
            assert any(key in routes for key in candidate_routes(cat, region(code))), (cat.code, code)


def test_national_programmes_go_to_their_owner():
    routes = {key: entry.id for entry, keys in directory() for key in keys}
    assert routes[candidate_routes(category("kip_kuliah"), region("62.01"))[0]] == "kemdiktisaintek"
    # routing/levels.json sends the teachers' allowance to the teacher's regional education office
    assert candidate_routes(category("tunjangan_profesi_guru"), region("62.01"))[0] == "62.01#education"
    assert routes[candidate_routes(category("jkn_kis"), region("31.71"))[0]] == "bpjs-kesehatan"


def test_regional_topics_go_to_the_sector_unit_then_government_then_province():
    keys = candidate_routes(category("layanan_kesehatan"), region("62.01"))
    assert keys == ["62.01#health", "62.01#government", "62#health", "62#government"]
    assert candidate_routes(category("jalan_rusak"), region("62")) == ["62#public_works", "62#government"]
