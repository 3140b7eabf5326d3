"""classify(): what the router, the classify API, SMS intake and the web form rely on."""
from __future__ import annotations

import pytest

from chalicelib.classify import (
    CONFIDENCE_THRESHOLD,
    Classification,
    EmptyReportText,
    ReportTextError,
    ReportTextTooLong,
    classify,
)
from chalicelib.classify import model as model_module
from chalicelib.directory.catalogue import categories
from laportools import corpus


def test_answer_has_the_documented_shape():
    result = classify("Air PDAM di rumah saya mati sudah tiga hari dan tagihan tetap datang")
    assert isinstance(result, Classification)
    assert result.category == "pdam" and result.confident
    assert 0.0 <= result.confidence <= 1.0 and result.threshold == CONFIDENCE_THRESHOLD
    assert len(result.alternatives) <= 3
    assert all(code in categories() and 0.0 <= p <= result.confidence for code, p in result.alternatives)
    assert "pdam" in result.keywords and "pdam" in result.reason


@pytest.mark.parametrize("text, expected", [
    # written for this test, not taken from the corpus
    ("Sekolah anak saya minta uang komite dan uang seragam tiap semester", "pungutan_sekolah"),
    ("Tunjangan profesi guru saya belum cair, SKTP tidak terbit", "tunjangan_profesi_guru"),
    ("Kartu BPJS Kesehatan ibu saya nonaktif padahal iuran dibayar", "jkn_kis"),
    ("Dokter di IGD rumah sakit daerah lama sekali menangani pasien", "layanan_kesehatan"),
    ("Listrik PLN padam tiap malam dan token tidak masuk", "listrik_pln"),
    ("Lampu PJU di jalan kampung mati, jalanan gelap", "penerangan_jalan"),
    ("Kepala desa minta uang untuk tanda tangan surat pengantar", "pemerintahan_desa"),
    ("Staf kelurahan minta uang buat surat keterangan domisili", "layanan_kelurahan"),
    ("jln ke pasar rusak parah byk lbg sdh 2 thn gk diperbaiki", "jalan_rusak"),
    ("pupuk subsidi lngka di kios, petani gk bs nebus", "pupuk_subsidi"),
])
def test_confusable_topics_and_sms_style_go_to_the_right_category(text, expected):
    assert classify(text).category == expected


def test_bad_input_is_a_typed_error_or_a_low_answer_never_a_confident_route():
    with pytest.raises(EmptyReportText):
        classify("   \n\t")
    with pytest.raises(ReportTextTooLong):
        classify("jalan rusak " * 400)
    assert issubclass(EmptyReportText, ReportTextError) and issubclass(ReportTextError, ValueError)
    for text in ("🙏🙏😡😡", "\x00\x01\x02\x03\x04\x05binary\x06\x07", "\ufffd" * 30,
                 "Lorem ipsum dolor sit amet, consectetur adipiscing elit", "asdfgh qwerty zxcvb",
                 "这条路坏了很久了", "???!!!...", "a"):
        result = classify(text)
        assert not result.confident, text
        assert 0.0 <= result.confidence <= 1.0


def test_a_region_named_in_the_text_fills_a_missing_one_but_never_overrides_the_choice():
    filled = classify("lampu jalan mati di kec. Pahandut, Kota Palangka Raya")
    assert (filled.region_code, filled.region_source) == ("62.71", "text")
    assert [m.kind for m in filled.regions] == ["KOTA", "KECAMATAN"]
    kept = classify("lampu jalan mati di kec. Pahandut, Kota Palangka Raya", region_code="62.01")
    assert (kept.region_code, kept.region_source) == ("62.01", "chosen")
    ambiguous = classify("jalan di desa Sukamaju rusak", region_code="32.01")
    assert ambiguous.region_code == "32.01"
    village = ambiguous.regions[0]
    assert village.ambiguous and all(code.startswith("32.01") for code in village.candidates)


def test_the_model_is_loaded_once_and_answers_deterministically(monkeypatch):
    """Deterministic means a model read afresh from the shipped files answers exactly as the one
    this process loaded first (comparing one cached model with itself could not fail)."""
    first = model_module.model()
    text = "sampah numpuk di tps tidak diangkut seminggu"
    answer = classify(text)
    assert model_module.model() is first
    assert answer.category == "sampah"
    monkeypatch.setattr(model_module, "_loaded", model_module.load())
    assert model_module.model() is not first
    assert classify(text) == answer


def test_held_out_accuracy_floor():
    """Deterministic model: this is a regression floor, the measured figure is in bench/classifier.py."""
    rows = corpus.read(corpus.HELDOUT)
    hits = sum(classify(text).category == code for code, text in rows)
    # issue 11's target was 0.90 (measured 0.906 with the corpus alone); issue 22 trains on real complaints
    # too, which costs this written-here split: measured 0.865 (550/636, both held-out sets)
    assert hits / len(rows) >= 0.86


def test_confident_answers_are_mostly_right_on_held_out():
    rows = corpus.read(corpus.HELDOUT)
    confident = [(code, classify(text)) for code, text in rows]
    confident = [(code, r) for code, r in confident if r.confident]
    assert sum(r.category == code for code, r in confident) / len(confident) >= 0.93  # measured: 0.960 (485/505)
