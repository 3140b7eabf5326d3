"""How alike two reports are, to flag a new report as a likely duplicate of an open one.

Text similarity is rapidfuzz's token-set and token-sort ratios over the normalised words (so "jln
rusak dpn sdn 2" and "jalan rusak di depan SDN 2" agree) without filler words; a shared place and
topic raise it, a different place or topic lowers it. DUPLICATE_THRESHOLD was chosen on the
labelled pairs in corpus/duplicates.tsv (bench/classifier.py prints precision and recall at it).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from chalicelib.classify.normalise import tokens

DUPLICATE_THRESHOLD = 0.7
CONTEXT_BONUS = 0.1  # same place and same topic
CONTEXT_PENALTY = 0.6  # multiplier for a different place, and again for a different topic
FILLER = frozenset([
    "yang", "di", "ke", "dari", "dan", "atau", "ini", "itu", "saya", "kami", "kita", "ada", "sudah", "belum",
    "tidak", "juga", "sangat", "sekali", "mohon", "tolong", "bapak", "ibu", "pak", "bu", "untuk", "dengan", "karena",
    "tapi", "pada", "dalam", "oleh", "akan", "bisa", "lagi", "masih", "terima", "kasih", "yth", "min", "admin",
])


@dataclass(frozen=True)
class Similarity:
    score: float  # 0..1, the duplicate score
    text: float  # 0..1, text alone
    same_region: bool | None  # None when a region is unknown
    same_category: bool | None
    duplicate: bool  # score >= DUPLICATE_THRESHOLD


@lru_cache(maxsize=64)  # a new report is compared with up to 50 open ones: its words are read once
def _content(text: str) -> str:
    return " ".join(w for w in tokens(text) if w not in FILLER)


def similarity(text_a: str, text_b: str, *, region_a: str | None = None, region_b: str | None = None,
               category_a: str | None = None, category_b: str | None = None) -> Similarity:
    # Deferred: rapidfuzz's import (~30 ms) belongs to the first duplicate check, not to every cold
    # start of a function that only classifies.
    from rapidfuzz import fuzz

    a, b = _content(text_a), _content(text_b)
    text = (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 200 if a and b else 0.0
    same_region = None if not (region_a and region_b) else region_a == region_b
    same_category = None if not (category_a and category_b) else category_a == category_b
    score = text
    for same in (same_region, same_category):
        if same is False:
            score *= CONTEXT_PENALTY
    if same_region and same_category:
        score = min(1.0, score + CONTEXT_BONUS)
    return Similarity(round(score, 4), round(text, 4), same_region, same_category, score >= DUPLICATE_THRESHOLD)
