"""The labelled corpus: big enough, covering every category, and a held-out split kept apart."""
from collections import Counter

from chalicelib.directory.catalogue import categories
from laportools import corpus
from laportools.model import build_vocabulary


def test_every_category_has_enough_examples_and_the_held_out_split_is_separate():
    train, held = corpus.read(corpus.TRAIN), corpus.read(corpus.HELDOUT)
    # the share is of hand-written texts: each training phrase becomes several generated rows of train.tsv
    phrases = sum(len(v) for v in corpus.read_sections("train_*.txt").values())
    assert len(train) >= 800 and 0.10 <= len(held) / (phrases + len(held)) <= 0.25
    per = Counter(code for code, _ in train)
    assert set(per) == set(categories()) and min(per.values()) >= 30
    assert set(code for code, _ in held) == set(categories())
    assert not {t for _, t in train} & {t for _, t in held}
    # the files on disk are exactly what the generator makes (no hand edits drift from the seeds)
    assert [tuple(r) for r in corpus.read(corpus.TRAIN)] == list(corpus.training_examples())


def test_the_english_held_out_set_covers_every_category_and_is_never_trained_on():
    english = corpus.read(corpus.HELDOUT_EN)
    assert {code for code, _ in english} == set(categories()) and len(english) >= len(categories())
    texts = {t for _, t in english}
    assert not texts & {t for _, t in corpus.read(corpus.TRAIN)}
    assert not texts & {t for _, t in corpus.read(corpus.HELDOUT)}
    # and not the catalogue's own words either (the builder teaches those)
    assert not texts & {c.description_en for c in categories().values()}


def test_vocabulary_maps_consonant_skeletons_to_the_most_frequent_word():
    vocab = build_vocabulary([["sekolah", "sekolah", "jembatan"], ["sekali"]])
    assert vocab.by_skeleton["sklh"] == "sekolah" and vocab.by_skeleton["jmbtn"] == "jembatan"
    assert "sekali" in vocab.known
