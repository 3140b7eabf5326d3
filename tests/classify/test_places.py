"""Place names in report texts, with the official codes."""
from chalicelib.classify import places
from chalicelib.classify.places import detect, region_from_places


def test_district_city_and_regency_names_are_found_with_their_codes():
    found = detect("PJU mati di kec. Pahandut, kota Palangka Raya")
    assert [(m.kind, m.candidates, m.ambiguous, m.region_code) for m in found] == [
        ("KOTA", ("62.71",), False, "62.71"), ("KECAMATAN", ("62.71.01",), False, "62.71")]
    assert detect("banjir di kab. Kapuas")[0].candidates == ("62.03",)
    assert detect("air mati di palangkaraya")[0].region_code == "62.71"  # written as one word


def test_a_name_many_villages_share_is_ambiguous_and_narrowed_by_context():
    alone = detect("jalan rusak di desa Sukamaju")[0]
    assert alone.kind == "DESA" and alone.ambiguous and alone.code is None and len(alone.candidates) > 1
    assert region_from_places([alone]) == (None, False)  # nothing in common: no region guessed
    with_regency = detect("jalan rusak di desa Sukamaju, kab. Bogor")
    village = [m for m in with_regency if m.kind == "DESA"][0]
    assert all(code.startswith("32.01.") for code in village.candidates)
    assert region_from_places(with_regency) == ("32.01", False)


def test_bare_city_names_are_found_but_everyday_words_are_not():
    assert detect("sampah di Bandung")[0].ambiguous  # Kota and Kabupaten Bandung
    assert detect("jalan rusak di depan sekolah, batang pohon tumbang") == []


def test_villages_are_read_only_when_a_village_is_announced():
    places._villages_index.cache_clear()
    detect("lampu jalan mati di kec. Pahandut")
    assert places._villages_index.cache_info().currsize == 0
    detect("kel. Langkai")
    assert places._villages_index.cache_info().currsize == 1
