"""Duplicate reports score high, different problems low."""
import csv

from chalicelib.classify import DUPLICATE_THRESHOLD, similarity
from laportools.corpus import ROOT


def test_same_problem_in_other_words_is_a_duplicate():
    result = similarity("Jalan Tjilik Riwut km 5 berlubang besar", "jln tjilik riwut km 5 byk lbg besar",
                        region_a="62.71", region_b="62.71", category_a="jalan_rusak", category_b="jalan_rusak")
    assert result.duplicate and result.same_region and result.same_category


def test_same_words_elsewhere_or_on_another_topic_is_not():
    args = ("Lampu jalan mati di Jalan Tjilik Riwut", "Lampu jalan mati di Jalan Tjilik Riwut")
    assert not similarity(*args, region_a="62.71", region_b="62.01").duplicate
    assert not similarity("Listrik padam di perumahan Antang", "Lampu jalan mati di perumahan Antang",
                          category_a="listrik_pln", category_b="penerangan_jalan").duplicate
    assert similarity("", "jalan rusak").score == 0.0


def test_labelled_pairs_precision_and_recall():
    with (ROOT / "corpus" / "duplicates.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    outcomes = [(row["duplicate"] == "1", similarity(row["text_a"], row["text_b"], region_a=row["region_a"],
                 region_b=row["region_b"], category_a=row["category_a"], category_b=row["category_b"]).duplicate)
                for row in rows]
    tp = sum(t and p for t, p in outcomes)
    assert tp / sum(p for _, p in outcomes) >= 0.85  # precision
    assert tp / sum(t for t, _ in outcomes) >= 0.9  # recall
    assert 0 < DUPLICATE_THRESHOLD < 1
