"""Catalogue keywords as evidence: acronyms count only as written, and acronyms that are also SMS
shorthand for a common word count not at all (they made every "sekolah", "tapi" or "dapat" in a
text evidence for the withheld-diploma, fish-auction or election topics)."""
from __future__ import annotations

from chalicelib.classify import keywords
from chalicelib.classify.keywords import (
    is_acronym,
    is_shorthand,
    literal_words,
    matched_keywords,
)
from chalicelib.classify.normalise import tokens


def found(text: str) -> dict[str, list[str]]:
    return matched_keywords(tokens(text), literal_words(text))


def test_common_words_are_no_evidence_for_an_acronyms_topic() -> None:
    hits = found("Anak saya sekolah di SD, tapi seperti biasa belum dapat informasi")
    assert "ijazah_ditahan" not in hits  # skl
    assert "nelayan_perikanan" not in hits  # tpi
    assert "pemilu" not in hits  # dpt
    assert "perpajakan" not in hits  # spt


def test_shorthand_spellings_of_an_acronym_are_no_evidence_either() -> None:
    hits = found("sy blm dpt skl tp udh lulus")
    assert "ijazah_ditahan" not in hits and "pemilu" not in hits and "nelayan_perikanan" not in hits
    assert is_shorthand("skl") and is_shorthand("dpt") and not is_shorthand("pppk")


def test_acronyms_written_as_such_are_evidence() -> None:
    assert "sinyal_internet" in found("Tidak ada sinyal 4G di desa kami")
    assert "asn_pppk_cpns" in found("SK PPPK saya belum terbit")
    assert "adminduk" in found("KK saya salah nama")
    assert "pekerja_migran" in found("Agensi P3MI menahan paspor saya")
    # the acronym's letters inside other words are not the acronym
    assert "asn_pppk_cpns" not in found("pppkantor")


def test_ordinary_keywords_still_match_after_normalisation() -> None:
    assert "jalan_rusak" in found("jln rusak parah")  # "jln rusak" -> "jalan rusak"
    assert not is_acronym("jalan rusak") and not is_acronym("pdam")


def test_the_committed_keyword_index_is_the_one_the_catalogue_and_lexicon_build() -> None:
    """Rewrite it with `python -m laportools.keyword_index` after changing either."""
    assert keywords.INDEX_FILE.read_text(encoding="utf-8") == keywords.indexes_json()


def test_the_index_read_from_file_matches_and_a_changed_source_is_built_again(monkeypatch) -> None:
    keywords.keyword_indexes.cache_clear()
    try:
        assert keywords.keyword_indexes() == keywords.build_indexes()
        keywords.keyword_indexes.cache_clear()
        monkeypatch.setattr(keywords, "sources_digest", lambda: "an operator edited categories.json")
        monkeypatch.setattr(keywords, "build_indexes", lambda: ({("edited",): (("jalan_rusak", "edited"),)}, {}))
        assert keywords.keyword_indexes()[0] == {("edited",): (("jalan_rusak", "edited"),)}
    finally:
        keywords.keyword_indexes.cache_clear()
